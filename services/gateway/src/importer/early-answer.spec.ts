import { createServer, Server } from 'node:http';
import { connect, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { eventually } from '@sesame/testing';
import { answerBeforeTheBody } from './early-answer';

/**
 * A refusal answered before the body has arrived, against a client that keeps sending: with Node's
 * own close the client's next writes meet a reset; with the lingering close it finishes sending,
 * reads the answer, and the server closes once the client hangs up, or after the linger time.
 */
describe('answerBeforeTheBody', () => {
  let server: Server;
  let port = 0;
  let linger = true;

  beforeAll(async () => {
    server = createServer((request, response) => {
      // Refuses at the first bytes of the body, the rest unread.
      request.once('data', () => {
        request.pause();
        if (linger) answerBeforeTheBody(request, response, 1_000);
        else response.setHeader('connection', 'close');
        response.writeHead(400, { 'content-type': 'application/json' }).end('{"refused":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  /**
   * Announces 4 MB, sends 256 KB, waits for the answer, then sends `after` bytes more in pieces
   * (as a browser that reads the answer only once its upload is over); `end`: hangs up after.
   */
  function keepSending(after: number, end: boolean): Promise<{ received: string; error?: string }> {
    return new Promise((resolve) => {
      // Half-open allowed: the client decides when it hangs up, not the server's FIN.
      const socket: Socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
      let received = '';
      let error: string | undefined;
      let sending = false;
      const piece = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const write = (): void => {
        if (sent >= after || socket.destroyed) {
          if (end && !socket.destroyed) socket.end();
          else if (!end) resolve({ received, error });
          return;
        }
        sent += piece.length;
        // One piece at a time, with a pause: a reset, if any, arrives meanwhile.
        socket.write(piece, () => setTimeout(write, 5));
      };
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        received += chunk;
        if (!sending && received.includes('{"refused":true}')) {
          sending = true;
          write();
        }
      });
      socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code));
      socket.on('close', () => resolve({ received, error }));
      socket.write(`POST /upload HTTP/1.1\r\nhost: x\r\ncontent-type: text/csv\r\ncontent-length: ${4 * 1024 * 1024}\r\n\r\n`);
      socket.write(Buffer.alloc(256 * 1024, 'a'));
    });
  }
  const connections = () => new Promise<number>((resolve, reject) => server.getConnections((e, n) => (e ? reject(e) : resolve(n))));

  it('lets a client that keeps sending finish, read the answer, and hang up', async () => {
    linger = true;
    const outcome = await keepSending(2 * 1024 * 1024, true);
    expect(outcome.error).toBeUndefined();
    expect(outcome.received).toMatch(/^HTTP\/1\.1 400 .*\r\nconnection: close\r\n/is);
    expect(outcome.received).toContain('{"refused":true}');
    await eventually(async () => ((await connections()) === 0 ? true : undefined), 5_000, 'the server to close');
  });

  it('closes, after the linger time, the connection of a client that stops sending without hanging up', async () => {
    linger = true;
    const outcome = await keepSending(0, false);
    expect(outcome.received).toContain('{"refused":true}');
    // 1 s of linger here; the bound only leaves room for a loaded machine.
    await eventually(async () => ((await connections()) === 0 ? true : undefined), 15_000, 'the server to close after lingering');
  });

  it('(what it prevents) Node’s own close resets a client that keeps sending', async () => {
    linger = false;
    const outcome = await keepSending(2 * 1024 * 1024, true);
    expect(['ECONNRESET', 'EPIPE']).toContain(outcome.error);
  });
});
