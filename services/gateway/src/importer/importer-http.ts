import { request as httpRequest, IncomingMessage } from 'node:http';
import { Transform, TransformCallback, pipeline } from 'node:stream';
import { IMPORTER_HTTP, RpcResultSchema, ServiceFailure, invalidField } from '@sesame/contracts';
import type { Request, Response } from 'express';
import { answerBeforeTheBody } from './early-answer';

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

/** Where an upload goes at the importer (IMPORTER_HTTP.upload, .feedUpload) and its largest file or files. */
export interface UploadTarget {
  path: string;
  maxBytes: number;
}

/**
 * Streams a multipart upload (a CSV import, a feed's files) to the importer as it arrives, never holding it: refused at once when
 * its announced size is over the limit, cut off when more bytes than that arrive. The importer may
 * answer before the end of the body (a file it cannot read): that answer is passed on at once, and
 * the rest of the body goes nowhere. A client that leaves ends the upload at the importer too.
 */
export function forwardUpload(request: Request, response: Response, target: UploadTarget, options: ForwardOptions): Promise<unknown> {
  const type = request.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\b/i.test(type)) return Promise.reject(invalidField('file', 'file.required'));
  const limit = target.maxBytes + MULTIPART_OVERHEAD_BYTES;
  if (Number(request.headers['content-length'] ?? 0) > limit) {
    answerBeforeTheBody(request, response);
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
    const upstream = httpRequest(new URL(target.path, options.importerUrl), { method: 'POST', headers });
    const limiter = new ByteLimit(limit);
    let answered = false;
    let settled = false;
    // Not stream.pipeline: it would destroy the client's request, and with it the socket the
    // refusal must be written to. The rest of a refused body is read and dropped instead.
    const stopForwarding = () => {
      request.unpipe(limiter);
      limiter.unpipe(upstream);
    };
    // Unless the importer has answered a body sent whole (the connection then serves again), the
    // exchange cannot end well: the connection goes, with what it still holds (a reset, not a
    // close, which would still deliver the megabytes queued for the importer).
    const dropUpstream = () => {
      if (answered && upstream.writableFinished) return;
      if (upstream.socket && !upstream.socket.destroyed) upstream.socket.resetAndDestroy();
      upstream.destroy();
    };
    const settle = (error: unknown, value?: unknown) => {
      if (settled) return;
      settled = true;
      if (!error) return resolve(value);
      stopForwarding();
      dropUpstream();
      answerBeforeTheBody(request, response);
      reject(error);
    };
    upstream.on('response', (answer) => {
      answered = true;
      // An answer before the end of the body is a refusal: nothing more is sent.
      stopForwarding();
      resultOf(answer).then(
        (value) => settle(null, value),
        (error: unknown) => settle(error),
      );
    });
    limiter.on('error', (error) => settle(error));
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      // Once the importer has answered, its answer decides (the connection fails as it is dropped).
      if (answered) return;
      // An importer gone mid-upload (stopped, restarted) is unavailable, whatever the write met.
      settle(['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(error.code ?? '') ? unavailable() : error);
    });
    // The client left (its connection closed before the answer): nothing waits for the upload any more.
    response.on('close', () => {
      if (response.writableFinished) return;
      settle(invalidField('file', 'file.incomplete'));
    });
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
