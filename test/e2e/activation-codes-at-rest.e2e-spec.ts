import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateFieldKey } from '@sesame/auth';
import { enrolmentRoutingKey } from '@sesame/contracts';
import { createDatabase } from '@sesame/database';
import { eventually } from '@sesame/testing';
import type { Kysely } from 'kysely';
import { startIdentity, loadIdentityConfig, CodeSealingService } from '@sesame/identity/testing';
import { startMailmerge, RecipientCodeSealing, loadMailmergeConfig, type MailmergeDatabase, flatTextIn, readPdfText } from '@sesame/mailmerge/testing';
import { publishEnrolment } from '../support/events';
import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { campaignWhen, download, launch } from './campaigns.support';
import { fixture, settled, validated } from './imports-support';

const CODE = /^[abcdefghjkmnpqrtuvwxy346789]{8}$/;

/**
 * Issue 12: a dump of identity's (or mailmerge's) database alone gives no activation code. Codes
 * are sealed with the service's key (AES-256-GCM, the account's id bound to each), and still show
 * to administrators, print on letters and activate accounts, during a key rotation too.
 */
describe('activation codes at rest', () => {
  let stack: Stack;
  let d: Directory;
  let dir: string;
  let mailmergeDb: Kysely<MailmergeDatabase>;
  /** Every code an administrator sees, by account id. */
  const shown = new Map<string, string>();

  const admin = () => stack.api.as(d.tokens.administrator);
  const dump = async (url: string, tables: string[]) =>
    (await promisify(execFile)('pg_dump', ['--data-only', ...tables.flatMap((t) => ['-t', t]), url], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  const rawCodes = async () =>
    (await stack.identityDb.selectFrom('accounts').select(['id', 'activation_code']).where('activation_code', 'is not', null).execute()) as Array<{ id: string; activation_code: string }>;
  const collectShown = async () => {
    const page = await admin().get(`/api/v1/users?schoolId=${d.schoolA.id}&activation=not_activated&pageSize=500`);
    for (const row of page.body.items as Array<{ id: string; activationCode: string }>) shown.set(row.id, row.activationCode);
  };
  const activate = (username: string, activationCode: string) =>
    stack.api.post('/api/v1/auth/activate', { username, activationCode, password: 'ma phrase de passe à moi' });
  const restartIdentity = async (env: Record<string, string>) => {
    await stack.identity.close();
    stack.env.identity = { ...stack.env.identity, ...env };
    stack.identity = await startIdentity(loadIdentityConfig(stack.env.identity));
    await stack.identity.get(CodeSealingService).done();
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sesame-codes-'));
    stack = await startStack({ importer: {}, mailmerge: { DOCUMENTS_DIR: dir } });
    d = await seedDirectory(stack.api);
    mailmergeDb = createDatabase<MailmergeDatabase>({ url: stack.env.mailmerge!.DATABASE_URL, max: 1 });

    // Accounts made by every path that writes a code: the API, an import, an enrolment event.
    await d.student(d.schoolA);
    await d.student(d.schoolA);
    const report = await validated(stack.api, d.tokens.administrator, fixture('ok/utf8-comma.csv'));
    expect(report.status).toBe('ready');
    expect((await admin().post(`/api/v1/imports/${report.id}/confirm`)).status).toBe(202);
    expect((await settled(admin(), report.id)).status).toBe('done');
    const enrolled = {
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      source: 'siecle',
      version: 1,
      type: 'student.enrolled',
      student: { externalId: 'E-at-rest', firstName: 'Lucas', lastName: 'Bernard' },
      school: { uai: d.schoolA.uai },
      className: '6A',
      relatives: [],
    };
    await publishEnrolment(stack.isolation.services.amqpUrl, stack.isolation.namespace, [{ routingKey: enrolmentRoutingKey(enrolled as never), body: enrolled }]);
    await eventually(async () => ((await stack.identityDb.selectFrom('accounts').select('id').where('external_id', '=', 'E-at-rest').executeTakeFirst()) ? true : undefined), 15_000);
    await collectShown();
  });
  afterAll(async () => {
    await mailmergeDb?.destroy();
    await stack?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows administrators a readable code for each account still to activate', async () => {
    // Two created, the import's members, the enrolled student, the directory's student.
    expect(shown.size).toBeGreaterThanOrEqual(6);
    for (const code of shown.values()) expect(code).toMatch(CODE);
  });

  it('stores none of them in clear: the raw column, and a dump of identity’s tables', async () => {
    const rows = await rawCodes();
    expect(rows.length).toBeGreaterThanOrEqual(shown.size);
    for (const row of rows) {
      expect(row.activation_code).toMatch(/^v1\.[\w-]{8}\.[\w-]{40,}$/);
      if (shown.has(row.id)) expect(row.activation_code).not.toContain(shown.get(row.id));
    }
    const identityDump = await dump(stack.env.identity.DATABASE_URL, ['accounts', 'import_staging', 'audit_log', 'outbox']);
    expect(identityDump).toContain('COPY public.accounts');
    for (const code of shown.values()) expect(identityDump).not.toContain(code);
  });

  it('prints the codes on letters, and mailmerge keeps them sealed too', async () => {
    const launched = await launch(admin(), { filter: { schoolId: d.schoolA.id, activation: 'not_activated' }, sort: 'name', channel: 'pdf', layout: 1, locale: 'fr' });
    const done = await campaignWhen(admin(), launched.id);
    expect(done.status).toBe('completed');
    await download(admin(), launched.id, join(dir, 'letters.pdf'));
    const text = (await readPdfText(join(dir, 'letters.pdf'))).map((page) => flatTextIn(page, { x: 0, y: 0, width: page.width, height: page.height })).join('\n');
    for (const code of shown.values()) expect(text).toContain(`Code d’activation : ${code}`);

    const kept = await mailmergeDb.selectFrom('campaign_recipients').select(['account_id', 'activation_code']).where('campaign_id', '=', launched.id).execute();
    expect(kept.length).toBe(shown.size);
    for (const row of kept) expect(row.activation_code).toMatch(/^v1\./);
    const mailmergeDump = await dump(stack.env.mailmerge!.DATABASE_URL, ['campaign_recipients']);
    for (const code of shown.values()) expect(mailmergeDump).not.toContain(code);
  });

  it('a code sealed for one account does not open for another (copied from row to row)', async () => {
    const [a, b] = [...shown.keys()];
    const sealedA = (await rawCodes()).find((r) => r.id === a)!.activation_code;
    await stack.identityDb.updateTable('accounts').set({ activation_code: sealedA }).where('id', '=', b).execute();
    expect((await admin().get(`/api/v1/users/${b}`)).body.activationCode).toBeNull();
    // Regenerated, it works again.
    const renewed = await admin().post(`/api/v1/users/${b}/activation-code`);
    expect(renewed.body.activationCode).toMatch(CODE);
    shown.set(b, renewed.body.activationCode);
  });

  it('during a key rotation, a code sealed under the previous key still shows and activates; the start seals every code again', async () => {
    const previous = stack.env.identity.ACTIVATION_CODE_KEY;
    const before = new Map((await rawCodes()).map((r) => [r.id, r.activation_code]));
    const [[first, firstCode], [second, secondCode]] = [...shown.entries()];
    const usernameOf = async (id: string) => (await stack.identityDb.selectFrom('accounts').select('username').where('id', '=', id).executeTakeFirstOrThrow()).username;
    await restartIdentity({ ACTIVATION_CODE_KEY: generateFieldKey(), ACTIVATION_CODE_PREVIOUS_KEYS: previous });

    const after = await rawCodes();
    expect(new Set(after.map((r) => r.activation_code.split('.')[1])).size).toBe(1);
    expect(after.every((r) => r.activation_code !== before.get(r.id))).toBe(true);
    // A value still sealed under the previous key (written by a pod not yet restarted) reads and activates.
    await stack.identityDb.updateTable('accounts').set({ activation_code: before.get(first)! }).where('id', '=', first).execute();
    expect((await admin().get(`/api/v1/users/${first}`)).body.activationCode).toBe(firstCode);
    expect((await activate(await usernameOf(first), firstCode)).status).toBe(200);
    shown.delete(first);

    // The previous key forgotten: every code was sealed again, so the others still work.
    await restartIdentity({ ACTIVATION_CODE_PREVIOUS_KEYS: '' });
    expect((await admin().get(`/api/v1/users/${second}`)).body.activationCode).toBe(secondCode);
    expect((await activate(await usernameOf(second), secondCode)).status).toBe(200);
    shown.delete(second);
  });

  it('seals at the first start the codes an older version wrote in clear (identity and mailmerge)', async () => {
    const [id] = [...shown.keys()];
    await stack.identityDb.updateTable('accounts').set({ activation_code: 'pt6cpj7c' }).where('id', '=', id).execute();
    // Read in clear meanwhile: it still works for the administrator.
    expect((await admin().get(`/api/v1/users/${id}`)).body.activationCode).toBe('pt6cpj7c');
    await restartIdentity({});
    const stored = (await rawCodes()).find((r) => r.id === id)!.activation_code;
    expect(stored).toMatch(/^v1\./);
    expect((await admin().get(`/api/v1/users/${id}`)).body.activationCode).toBe('pt6cpj7c');

    const [recipient] = await mailmergeDb.selectFrom('campaign_recipients').select(['campaign_id', 'account_id']).limit(1).execute();
    await mailmergeDb.updateTable('campaign_recipients').set({ activation_code: 'pt6cpj7c' }).where('campaign_id', '=', recipient.campaign_id).where('account_id', '=', recipient.account_id).execute();
    await stack.mailmerge!.close();
    stack.mailmerge = await startMailmerge(loadMailmergeConfig(stack.env.mailmerge!));
    await stack.mailmerge.get(RecipientCodeSealing).done();
    const resealed = await mailmergeDb.selectFrom('campaign_recipients').select('activation_code').where('campaign_id', '=', recipient.campaign_id).where('account_id', '=', recipient.account_id).executeTakeFirstOrThrow();
    expect(resealed.activation_code).toMatch(/^v1\./);
  });
});
