import { request as httpRequest, IncomingMessage } from 'node:http';
import { Transform, TransformCallback, pipeline } from 'node:stream';
import { IMPORTER_HTTP, RpcResultSchema, ServiceFailure, invalidField } from '@sesame/contracts';
import type { Request, Response } from 'express';

/** Room for the multipart envelope around the file (boundaries, part headers, the form's fields). */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export interface ForwardOptions {
  importerUrl: string;
  token: string;
  requestId?: string;
}

/** Counts what passes and stops the stream past `limit` bytes. */
class ByteLimit extends Transform {
  private seen = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) return done(new ServiceFailure('payload_too_large'));
    done(null, chunk);
  }
}

function unavailable(): ServiceFailure {
  return new ServiceFailure('service_unavailable');
}

/** An answer of the importer's internal routes: `{ok, data}` or the refusal it carries. */
async function resultOf(upstream: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of upstream) text += chunk;
  let parsed;
  try {
    parsed = RpcResultSchema.safeParse(JSON.parse(text));
  } catch {
    throw unavailable();
  }
  if (!parsed.success) throw unavailable();
  if (!parsed.data.ok) {
    const { code, ...details } = parsed.data.error;
    throw new ServiceFailure(code, details);
  }
  return parsed.data.data;
}

/**
 * Streams a multipart upload to the importer as it arrives, never holding it: refused at once when
 * its announced size is over the limit, cut off when more bytes than that arrive.
 */
export function forwardUpload(request: Request, response: Response, maxBytes: number, options: ForwardOptions): Promise<unknown> {
  const type = request.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\b/i.test(type)) return Promise.reject(invalidField('file', 'file.required'));
  const limit = maxBytes + MULTIPART_OVERHEAD_BYTES;
  if (Number(request.headers['content-length'] ?? 0) > limit) {
    // The body is not read: close the connection after answering rather than swallow it.
    response.setHeader('connection', 'close');
    return Promise.reject(new ServiceFailure('payload_too_large'));
  }
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      'content-type': type,
      authorization: `Bearer ${options.token}`,
      ...(options.requestId ? { 'x-request-id': options.requestId } : {}),
    };
    if (request.headers['content-length']) headers['content-length'] = request.headers['content-length'];
    else headers['transfer-encoding'] = 'chunked';
    const upstream = httpRequest(new URL(IMPORTER_HTTP.upload, options.importerUrl), { method: 'POST', headers });
    let settled = false;
    const settle = (error: unknown, value?: unknown) => {
      if (settled) return;
      settled = true;
      if (error) {
        if (error instanceof ServiceFailure && error.code === 'payload_too_large') response.setHeader('connection', 'close');
        reject(error);
      } else resolve(value);
    };
    const limiter = new ByteLimit(limit);
    // Not stream.pipeline: it would destroy the client's request, and with it the socket the
    // refusal must be written to. The rest of a refused body is read and dropped instead.
    const stop = () => {
      request.unpipe(limiter);
      limiter.unpipe(upstream);
      request.resume();
    };
    upstream.on('response', (answer) =>
      resultOf(answer).then(
        (value) => settle(null, value),
        (error) => {
          stop();
          settle(error);
        },
      ),
    );
    limiter.on('error', (error) => {
      stop();
      upstream.destroy();
      settle(error);
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      stop();
      settle(error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET' ? unavailable() : error);
    });
    request.on('aborted', () => upstream.destroy());
    request.pipe(limiter).pipe(upstream);
  });
}

/** Streams report.csv from the importer to the client, headers included; a refusal becomes a problem. */
export function forwardReport(id: string, locale: string, response: Response, options: ForwardOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${IMPORTER_HTTP.reportCsv(id)}?locale=${locale}`, options.importerUrl);
    const upstream = httpRequest(url, {
      method: 'GET',
      headers: { authorization: `Bearer ${options.token}`, ...(options.requestId ? { 'x-request-id': options.requestId } : {}) },
    });
    upstream.on('error', () => reject(unavailable()));
    upstream.on('response', (answer) => {
      if (answer.statusCode !== 200) {
        resultOf(answer).then(() => reject(unavailable()), reject);
        return;
      }
      response.status(200);
      for (const name of ['content-type', 'content-disposition']) {
        const value = answer.headers[name];
        if (value) response.setHeader(name, value);
      }
      pipeline(answer, response, (error) => (error ? response.destroy() : undefined));
      response.on('close', resolve);
    });
    upstream.end();
  });
}
