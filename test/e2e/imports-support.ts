import { readFileSync } from 'node:fs';
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
  const response = await fetch(`${api.baseUrl}/api/v1/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'accept-language': options.language ?? 'fr' },
    body: form,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body, headers: response.headers };
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
