import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { ParsedMail, parseMail } from './mime';

export interface ReceivedMail extends ParsedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A refusal the server gives to one RCPT TO: `{ code: 451, message: 'try later' }`. */
export type Refusal = { code: number; message: string } | null;

const USER = 'mailmerge';
const PASSWORD = 'smtp test password';

/**
 * A real SMTP server for the tests (smtp-server), requiring authentication, recording each RCPT
 * attempt and each accepted message. `refuse` decides, per recipient and attempt, what to answer.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  /** Every RCPT TO address, refused or not, in order. */
  readonly attempts: string[] = [];
  /** Errors of the server other than clients that vanished mid-session (none expected). */
  readonly errors: Error[] = [];
  refuse: (address: string, attempt: number) => Refusal = () => null;
  /** Milliseconds the server takes before accepting a message (a slow server). */
  acceptDelayMs = 0;
  private server?: SMTPServer;
  private listeningPort = 0;

  get port(): number {
    return this.listeningPort;
  }

  /** Starts on `port` (default: a free one); resolves with the SMTP_URL that reaches it. */
  async start(port = 0): Promise<string> {
    this.server = new SMTPServer({
      secure: false,
      // Plain text on loopback: STARTTLS would need a certificate the client trusts.
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      closeTimeout: 1_000,
      onAuth: (auth, _session, callback) =>
        auth.username === USER && auth.password === PASSWORD ? callback(null, { user: USER }) : callback(new Error('Invalid credentials')),
      onRcptTo: (address, _session, callback) => {
        this.attempts.push(address.address);
        const attempt = this.attempts.filter((a) => a === address.address).length;
        const refusal = this.refuse(address.address, attempt);
        if (!refusal) return callback();
        callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', async () => {
          await new Promise((resolve) => setTimeout(resolve, this.acceptDelayMs));
          const raw = Buffer.concat(chunks).toString('utf8');
          this.received.push({
            ...parseMail(raw),
            raw,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          });
          callback();
        });
      },
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    // A client killed in the middle of a session (the crash tests SIGKILL mailmerge) resets its
    // connection: a real server notes it and serves the others; unheard, it would crash the test.
    server.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') this.errors.push(error);
    });
    this.listeningPort = (server.server.address() as AddressInfo).port;
    return `smtp://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${this.listeningPort}`;
  }

  clear(): void {
    this.received.length = 0;
    this.attempts.length = 0;
    this.refuse = () => null;
    this.acceptDelayMs = 0;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
