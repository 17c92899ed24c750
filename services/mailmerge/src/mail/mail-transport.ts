import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer, { SendMailOptions, Transporter } from 'nodemailer';

/** Where composed messages go: an SMTP server, or a folder of .eml files when there is none. */
export interface MailTransport {
  /** For the start-up log line; never carries a password. */
  readonly description: string;
  prepare(): Promise<void>;
  /** Resolves with the Message-ID once the message is accepted (or written). */
  send(mail: SendMailOptions): Promise<string>;
  close(): void;
}

/** Message content comes partly from users (names): it may never make nodemailer read a file or a URL. */
const CONTENT_ACCESS = { disableFileAccess: true, disableUrlAccess: true } as const;

export function createMailTransport(options: { smtpUrl?: string; timeoutMs: number; outboxDir: string; connections?: number }): MailTransport {
  return options.smtpUrl
    ? new SmtpTransport(options.smtpUrl, options.timeoutMs, options.connections ?? 5)
    : new OutboxFolderTransport(resolve(process.cwd(), options.outboxDir));
}

class SmtpTransport implements MailTransport {
  readonly description: string;
  private readonly transporter: Transporter;

  constructor(url: string, timeoutMs: number, connections: number) {
    const { protocol, hostname, port } = new URL(url);
    this.description = `${protocol}//${hostname}${port ? `:${port}` : ''}`;
    this.transporter = nodemailer.createTransport({
      url,
      // A pool reuses connections: campaigns send thousands of messages through the same server,
      // as many at once as the campaign worker has emails in hand.
      pool: true,
      maxConnections: connections,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      ...CONTENT_ACCESS,
    });
  }

  async prepare(): Promise<void> {
    // Nothing to check here: a server that is down at start is a transient failure of each send.
  }

  async send(mail: SendMailOptions): Promise<string> {
    const info = await this.transporter.sendMail(mail);
    return info.messageId;
  }

  close(): void {
    this.transporter.close();
  }
}

/** Writes each message, as nodemailer would have sent it, to `<dir>/<time>-<uuid>.eml`. */
class OutboxFolderTransport implements MailTransport {
  readonly description: string;
  // RFC 5322 messages end their lines with CRLF; mail clients open such .eml files as they are.
  private readonly composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows', ...CONTENT_ACCESS });

  constructor(private readonly dir: string) {
    this.description = `folder ${dir}`;
  }

  async prepare(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  async send(mail: SendMailOptions): Promise<string> {
    const info = await this.composer.sendMail(mail);
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`;
    await mkdir(this.dir, { recursive: true });
    // Written aside then renamed, so whoever watches the folder never opens half a message.
    const partial = join(this.dir, `.${name}.partial`);
    // Readable by the service alone: messages carry single-use links.
    await writeFile(partial, info.message as Buffer, { mode: 0o600 });
    await rename(partial, join(this.dir, name));
    return info.messageId;
  }

  close(): void {
    this.composer.close();
  }
}
