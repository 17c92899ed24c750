import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, TLSSocket, createServer } from 'node:tls';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** PEM files of a throwaway PKI: a CA, a server certificate for 127.0.0.1, a client certificate, and an unrelated CA. */
export interface TestPki {
  dir: string;
  caFile: string;
  /** A CA that signed nothing here: trusting it alone must fail. */
  otherCaFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  /** Client certificate and its key in one file, as AMQP_TLS_CLIENT_CERT_FILE takes it. */
  clientFile: string;
  remove(): Promise<void>;
}

/**
 * Makes a throwaway PKI with the openssl command line (node:crypto cannot issue certificates).
 * Every certificate lives a day; nothing leaves the temporary folder.
 */
export async function makeTestPki(): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-pki-'));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  const ca = async (name: string) =>
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.crt`);
  const issue = async (name: string, extensions: string) => {
    await openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.csr`);
    await writeFile(path(`${name}.ext`), extensions);
    await openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-extfile', `${name}.ext`, '-out', `${name}.crt`);
  };
  await ca('ca');
  await ca('other-ca');
  await issue('server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  await issue('client', 'extendedKeyUsage=clientAuth\n');
  await writeFile(path('client.pem'), Buffer.concat([await readFile(path('client.crt')), await readFile(path('client.key'))]));
  return {
    dir,
    caFile: path('ca.crt'),
    otherCaFile: path('other-ca.crt'),
    serverCertFile: path('server.crt'),
    serverKeyFile: path('server.key'),
    clientFile: path('client.pem'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * Terminates TLS on 127.0.0.1 and pipes each connection to a plain server (the shared RabbitMQ or
 * Redis), so a test can speak amqps:// or rediss:// without reconfiguring them. Asks for a client
 * certificate signed by the PKI's CA when `requireClientCertificate` is set.
 */
export class TlsProxy {
  /** Client certificates' subjects of the sessions that went through (one per connection). */
  readonly sessions: string[] = [];
  private server?: Server;
  private readonly sockets = new Set<TLSSocket>();

  constructor(
    private readonly pki: TestPki,
    private readonly target: { host: string; port: number },
    private readonly requireClientCertificate = false,
  ) {}

  async start(): Promise<number> {
    const [cert, key, ca] = await Promise.all([readFile(this.pki.serverCertFile), readFile(this.pki.serverKeyFile), readFile(this.pki.caFile)]);
    this.server = createServer({ cert, key, ca, requestCert: this.requireClientCertificate, rejectUnauthorized: this.requireClientCertificate }, (socket) => {
      this.sockets.add(socket);
      this.sessions.push(String(socket.getPeerCertificate()?.subject?.CN ?? '(no client certificate)'));
      const upstream = netConnect(this.target.port, this.target.host);
      socket.pipe(upstream).pipe(socket);
      const end = () => {
        socket.destroy();
        upstream.destroy();
      };
      socket.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
      socket.on('close', () => this.sockets.delete(socket));
    });
    // Handshakes that fail (a client that does not trust us, or has no certificate) are the point of some tests.
    this.server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
