import { createServer, request as httpRequest, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { IMPORTER_HTTP, ServiceFailure } from '@sesame/contracts';
import { forwardUpload, MULTIPART_OVERHEAD_BYTES } from './importer-http';

/**
 * The gateway's half of the upload limit, against a stand-in importer that reads everything it is
 * sent: announced sizes are refused before reading, streamed ones cut off once over the limit.
 */
describe('forwardUpload', () => {
  const LIMIT = 10_000;
  let importer: Server;
  let gateway: Server;
  let received = 0;
  let importerUrl = '';
  let gatewayPort = 0;
  /** How the stand-in importer treats the next upload. */
  let behaviour: 'reads-all' | 'refuses-early' | 'stalls' = 'reads-all';
  let upstreamClosed: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    importer = createServer((req, res) => {
      req.on('error', () => undefined);
      upstreamClosed = new Promise((resolve) => req.socket.once('close', () => resolve()));
      if (behaviour === 'refuses-early') {
        // As the importer does with a file it cannot read: answers at the first bytes, then drops what still comes.
        req.once('data', (chunk: Buffer) => {
          received += chunk.length;
          req.on('data', () => undefined);
          const refusal = { ok: false, error: { code: 'validation_failed', issues: [{ field: 'file', code: 'file.binary', params: { line: 1 } }] } };
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(refusal));
        });
        return;
      }
      if (behaviour === 'stalls') {
        // Busy with the first bytes (hashing passwords, say): reads nothing more for now, answers nothing.
        req.once('data', (chunk: Buffer) => {
          received += chunk.length;
          req.pause();
        });
        return;
      }
      req.on('data', (chunk: Buffer) => (received += chunk.length));
      req.on('end', () => res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, data: { id: 'x' } })));
    });
    await new Promise<void>((resolve) => importer.listen(0, '127.0.0.1', resolve));
    importerUrl = `http://127.0.0.1:${(importer.address() as AddressInfo).port}`;
    const app = express();
    app.post('/upload', (req, res) => {
      forwardUpload(req, res, { path: IMPORTER_HTTP.upload, maxBytes: LIMIT }, { importerUrl, token: 't' }).then(
        (data) => res.status(202).json(data),
        (error: unknown) => {
          const code = error instanceof ServiceFailure ? error.code : 'internal';
          res.status(code === 'payload_too_large' ? 413 : code === 'validation_failed' ? 400 : 500).end(code);
        },
      );
    });
    gateway = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => gateway.once('listening', resolve));
    gatewayPort = (gateway.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => gateway.close(resolve));
    await new Promise((resolve) => importer.close(resolve));
  });
  beforeEach(() => {
    received = 0;
    behaviour = 'reads-all';
  });

  /** Sends `size` bytes, announced or chunked, and returns the status. */
  function send(size: number, announced: boolean): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port: gatewayPort,
        path: '/upload',
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x', ...(announced ? { 'content-length': String(size) } : {}) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(1_000, 'a');
      let sent = 0;
      const write = () => {
        while (sent < size) {
          sent += chunk.length;
          if (!req.write(chunk)) return req.once('drain', write);
        }
        req.end();
      };
      write();
    });
  }

  it('passes a body within the limit through, as it comes', async () => {
    expect(await send(5_000, true)).toBe(202);
    expect(received).toBe(5_000);
    expect(await send(5_000, false)).toBe(202);
  });

  it('refuses an announced size over the limit without forwarding a byte', async () => {
    expect(await send(LIMIT + MULTIPART_OVERHEAD_BYTES + 1_000, true)).toBe(413);
    expect(received).toBe(0);
  });

  it('cuts off a streamed body once more than the limit has come', async () => {
    expect(await send(LIMIT + MULTIPART_OVERHEAD_BYTES + 200_000, false)).toBe(413);
    expect(received).toBeLessThanOrEqual(LIMIT + MULTIPART_OVERHEAD_BYTES);
  });

  it('passes on at once an answer the importer gives before the end of the body, and sends no more of it', async () => {
    behaviour = 'refuses-early';
    const size = LIMIT + MULTIPART_OVERHEAD_BYTES;
    // Only a part is sent: an answer that waited for the rest would never come.
    const answer = await sendPart(size, 20_000);
    expect(answer).toEqual({ status: 400, text: 'validation_failed', connection: 'close' });
    await upstreamClosed;
    expect(received).toBeLessThan(size);
  });

  it('hangs up on the importer when the client leaves, even once its whole body was read', async () => {
    behaviour = 'stalls';
    // A body the buffers between client, gateway and importer hold whole: the gateway reads it all.
    await sendPart(LIMIT + MULTIPART_OVERHEAD_BYTES, LIMIT + MULTIPART_OVERHEAD_BYTES, { leaveAfterMs: 300 });
    await upstreamClosed;
  });

  /** Announces `size` bytes, sends `upTo` of them; resolves with the answer, or when it leaves after `leaveAfterMs`. */
  function sendPart(size: number, upTo: number, leave?: { leaveAfterMs: number }): Promise<{ status: number; text: string; connection?: string } | undefined> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port: gatewayPort,
        path: '/upload',
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(size) },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, text, connection: res.headers.connection });
        });
      });
      req.on('error', (error) => (leave ? undefined : reject(error)));
      req.write(Buffer.alloc(upTo, 'a'), () => {
        if (leave) {
          setTimeout(() => {
            req.destroy();
            resolve(undefined);
          }, leave.leaveAfterMs);
        }
      });
    });
  }
});
