import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { campaignWhen, launch } from './campaigns.support';
import { fixture, reportCsv, validated } from './imports-support';
import { Directory, PASSWORD, seedDirectory, uniqueName } from '../support/directory';
import { Stack, startStack } from '../support/stack';

/**
 * Issue 12: answers that carry activation codes, tokens or lists of pupils must not be kept by a
 * browser or a proxy (a school's shared computer): `Cache-Control: no-store` on every answer of the
 * API, errors and streamed files included.
 */
describe('Cache-Control: no-store on the API', () => {
  let stack: Stack;
  let d: Directory;
  let dir: string;
  let campaignId: string;
  let importId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sesame-no-store-'));
    stack = await startStack({ importer: {}, mailmerge: { DOCUMENTS_DIR: dir } });
    d = await seedDirectory(stack.api);
    await d.student(d.schoolA, { username: uniqueName('pending') });
    const admin = stack.api.as(d.tokens.administrator);
    campaignId = (await launch(admin, { filter: { schoolId: d.schoolA.id }, sort: 'name', channel: 'pdf', layout: 1, locale: 'fr' })).id;
    await campaignWhen(admin, campaignId);
    importId = (await validated(stack.api, d.tokens.administrator, fixture('ok/utf8-comma.csv'))).id;
  });
  afterAll(async () => {
    await stack?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const routes: Array<[string, () => Promise<{ status: number; headers: Headers }>, number?]> = [
    ['GET /users', () => stack.api.as(d.tokens.administrator).get(`/api/v1/users?schoolId=${d.schoolA.id}`)],
    ['GET /users/:id', () => stack.api.as(d.tokens.administrator).get(`/api/v1/users/${d.memberA.id}`)],
    ['GET /me', () => stack.api.as(d.tokens.member).get('/api/v1/me')],
    ['GET /schools', () => stack.api.as(d.tokens.manager).get('/api/v1/schools')],
    ['GET /reports/activation', () => stack.api.as(d.tokens.administrator).get(`/api/v1/reports/activation?schoolId=${d.schoolA.id}`)],
    ['GET /campaigns/:id', () => stack.api.as(d.tokens.administrator).get(`/api/v1/campaigns/${campaignId}`)],
    ['GET /campaigns/:id/recipients', () => stack.api.as(d.tokens.administrator).get(`/api/v1/campaigns/${campaignId}/recipients`)],
    ['GET /campaigns/:id/document', () => fetch(`${stack.api.baseUrl}/api/v1/campaigns/${campaignId}/document`, { headers: { authorization: `Bearer ${d.tokens.administrator}` } })],
    ['GET /imports/:id', () => stack.api.as(d.tokens.administrator).get(`/api/v1/imports/${importId}`)],
    ['GET /imports/:id/report.csv', () => reportCsv(stack.api, d.tokens.administrator, importId)],
    ['POST /users/:id/activation-code', async () => stack.api.as(d.tokens.administrator).post(`/api/v1/users/${(await d.student(d.schoolA)).id}/activation-code`)],
    ['POST /auth/login', () => stack.api.post('/api/v1/auth/login', { username: d.memberA.username, password: PASSWORD })],
    [
      'POST /auth/activate',
      async () => {
        const pending = await d.student(d.schoolA);
        return stack.api.post('/api/v1/auth/activate', { username: pending.username, activationCode: pending.activationCode, password: 'ma phrase de passe à moi' });
      },
    ],
    ['a refusal (401)', () => stack.api.get('/api/v1/users'), 401],
    ['an error (404)', () => stack.api.as(d.tokens.administrator).get('/api/v1/users/00000000-0000-4000-8000-000000000000'), 404],
  ];

  it.each(routes)('%s', async (_, call, status = 200) => {
    const answer = await call();
    expect(answer.status).toBe(status);
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('leaves what is not the API alone (the documentation page)', async () => {
    const docs = await fetch(`${stack.api.baseUrl}/api/docs/openapi.json`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('cache-control')).not.toBe('no-store');
  });
});
