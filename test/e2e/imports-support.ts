import { readFileSync } from 'node:fs';
import { IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { eventually } from '@sesame/testing';
import type { Api, ApiAnswer } from '../support/api';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'imports');

export function fixture(path: string): Buffer {
  return readFileSync(join(FIXTURES, path));
}

/** POST /imports as a browser form would: the file, then the optional fields. */
export async function upload(
  api: Api,
  token: string,
  file: Buffer,
  options: { fileName?: string; fields?: Record<string, string>; language?: string; fieldsAfterFile?: boolean } = {},
): Promise<ApiAnswer> {
  const form = new FormData();
  const addFields = () => Object.entries(options.fields ?? {}).forEach(([name, value]) => form.append(name, value));
  if (!options.fieldsAfterFile) addFields();
  form.append('file', new Blob([file], { type: 'text/csv' }), options.fileName ?? 'comptes.csv');
  if (options.fieldsAfterFile) addFields();
  return api.as(token).inLanguage(options.language ?? 'fr').request('POST', '/api/v1/imports', form);
}

/** The report once the import has left the given transient status (validating, importing). */
export async function settled(api: Api, id: string, timeoutMs = 30_000): Promise<any> {
  return eventually(
    async () => {
      const answer = await api.get(`/api/v1/imports/${id}`);
      if (answer.status !== 200) throw new Error(`GET /imports/${id} → ${answer.status} ${JSON.stringify(answer.body)}`);
      return ['validating', 'importing'].includes(answer.body.status) ? undefined : answer.body;
    },
    timeoutMs,
    `import ${id} to settle`,
  );
}

/** Uploads and waits for the validation report. */
export async function validated(api: Api, token: string, file: Buffer, options: Parameters<typeof upload>[3] = {}): Promise<any> {
  const answer = await upload(api, token, file, options);
  if (answer.status !== 202) throw new Error(`upload → ${answer.status} ${JSON.stringify(answer.body)}`);
  return settled(api.as(token), answer.body.id);
}

/** `line column code` of each error, for compact expectations. */
export function errorCodes(report: { errors: Array<{ line: number; column: string; code: string }> }): string[] {
  return report.errors.map((e) => `${e.line} ${e.column} ${e.code}`.replace(/ {2}/g, ' '));
}

/** report.csv as bytes, with its headers. */
export async function reportCsv(api: Api, token: string, id: string, language = 'fr') {
  const response = await fetch(`${api.baseUrl}/api/v1/imports/${id}/report.csv`, {
    headers: { authorization: `Bearer ${token}`, 'accept-language': language },
  });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** A multipart/form-data body holding `file` in the field `file`, as browsers send it. */
export function multipartBody(file: Buffer, fileName: string): { body: Buffer; contentType: string } {
  const boundary = `----sesame-${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${fileName}"\r\ncontent-type: text/csv\r\n\r\n`;
  return { body: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface PartialUpload {
  /** The answer, once read whole; undefined when the client left first. */
  answer?: { status: number; headers: IncomingHttpHeaders; body: any };
  /** Bytes of the body written when the answer came (or when the client left). */
  sent: number;
}

/**
 * POST /imports with a Node client that writes only the first `sendBytes` of the multipart body, then
 * either waits for the answer while holding the rest back (`leave: false`: a server that needed the
 * whole file would never answer) or leaves (`leave: true`: destroys its connection after `leaveAfterMs`).
 * With `expectContinue`, the body waits for the server's `100 Continue`, as curl does for large files.
 */
export function postPartly(
  baseUrl: string,
  token: string,
  file: Buffer,
  options: { fileName: string; sendBytes: number; expectContinue?: boolean; leave?: boolean; leaveAfterMs?: number },
): Promise<PartialUpload> {
  const { body, contentType } = multipartBody(file, options.fileName);
  const upTo = Math.min(options.sendBytes, body.length);
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${baseUrl}/api/v1/imports`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'accept-language': 'fr',
        'content-type': contentType,
        'content-length': String(body.length),
        ...(options.expectContinue ? { expect: '100-continue' } : {}),
      },
    });
    let sent = 0;
    let done = false;
    const write = () => {
      while (!done && sent < upTo) {
        const chunk = body.subarray(sent, Math.min(upTo, sent + 64 * 1024));
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once('drain', write);
      }
      if (!done && options.leave && sent >= upTo) {
        setTimeout(() => {
          done = true;
          request.destroy();
          resolve({ sent });
        }, options.leaveAfterMs ?? 200);
      }
    };
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        if (done) return;
        done = true;
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON
        }
        // As curl does on an early answer: stop sending and hang up.
        request.destroy();
        resolve({ sent, answer: { status: response.statusCode ?? 0, headers: response.headers, body: parsed } });
      });
    });
    request.on('error', (error) => (done ? undefined : reject(error)));
    if (options.expectContinue) {
      request.flushHeaders();
      request.once('continue', write);
    } else write();
  });
}

/** The report of the most recent import of `fileName` in the history (file names are unique per test). */
export async function latestImport(api: Api, fileName: string): Promise<any> {
  const page = await api.get('/api/v1/imports?pageSize=200');
  const item = page.body.items.find((i: { fileName: string }) => i.fileName === fileName);
  if (!item) throw new Error(`no import of ${fileName} in the history`);
  return (await api.get(`/api/v1/imports/${item.id}`)).body;
}
