import { createServer, request as httpRequest, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ServiceFailure } from '@sesame/contracts';
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

  beforeAll(async () => {
    importer = createServer((req, res) => {
      req.on('data', (chunk: Buffer) => (received += chunk.length));
      req.on('end', () => res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, data: { id: 'x' } })));
      req.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => importer.listen(0, '127.0.0.1', resolve));
    importerUrl = `http://127.0.0.1:${(importer.address() as AddressInfo).port}`;
    const app = express();
    app.post('/upload', (req, res) => {
      forwardUpload(req, res, LIMIT, { importerUrl, token: 't' }).then(
        (data) => res.status(202).json(data),
        (error: unknown) => res.status(error instanceof ServiceFailure && error.code === 'payload_too_large' ? 413 : 500).end(),
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
  beforeEach(() => (received = 0));

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
});
