import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdentityDelegationRpc, IdentityDistributionRpc, IdentityImportRpc, IdentityRpc, IssueDelegation, StagedAccount } from '@sesame/contracts';
import { createDatabase } from '@sesame/database';
import type { Kysely } from 'kysely';
import { startIdentity, loadIdentityConfig } from '@sesame/identity/testing';
import type { MailmergeDatabase } from '@sesame/mailmerge/testing';
import { Directory, PASSWORD, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { campaignWhen, launch } from './campaigns.support';
import { JobsProbe, jwtAudiences, sleep } from './delegations.support';
import { settled, upload } from './imports-support';

const HEADER = 'userName;firstName;lastName;displayName;password;email;role;profile;school;classes;externalId';
const csv = (...usernames: string[]) => Buffer.from([HEADER, ...usernames.map((u) => `${u};Léa;Martin;;;;;student;0750001U;3A;`)].join('\n') + '\n');
const staged = (line: number): StagedAccount => ({
  line,
  username: `vole.${line}`,
  firstName: 'Léa',
  lastName: 'Martin',
  displayName: null,
  email: null,
  role: 'member',
  profile: 'student',
  passwordHash: null,
  school: '0750001U',
  classes: [],
  externalId: null,
});

/**
 * Issue 12 §1: the importer's and mailmerge's jobs keep no access token, in Redis or in a database.
 * They carry a delegation identity signed for one operation on one import or campaign, which does
 * nothing else: lifted from where it is kept, it is refused everywhere but there.
 */
describe('background jobs act through delegations, never through the person’s token', () => {
  let stack: Stack;
  let d: Directory;
  let probe: JobsProbe;
  let mailmergeDb: Kysely<MailmergeDatabase>;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sesame-delegations-'));
    stack = await startStack({ importer: { RPC_TIMEOUT_MS: '5000' }, mailmerge: { DOCUMENTS_DIR: dir, PUBLIC_URL: 'https://sesame.ac-test.fr' } });
    d = await seedDirectory(stack.api);
    probe = new JobsProbe(stack);
    mailmergeDb = createDatabase<MailmergeDatabase>({ url: stack.env.mailmerge!.DATABASE_URL, max: 2 });
  });
  afterAll(async () => {
    await probe?.close();
    await mailmergeDb?.destroy();
    await stack?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** What a lifted delegation gets from identity's other calls, and from the gateway as a bearer token. */
  const elsewhere = async (delegation: string) => {
    const { answer, identity } = probe;
    const asDelegation = { delegation };
    const asToken = { token: delegation };
    return {
      getMe: [await answer(identity.call(IdentityRpc.getMe, {}, asDelegation)), await answer(identity.call(IdentityRpc.getMe, {}, asToken))],
      createAdministrator: await answer(
        identity.call(IdentityRpc.createUser, { role: 'administrator', username: `pirate.${randomUUID().slice(0, 8)}`, email: 'pirate@ac-test.fr', password: PASSWORD, schoolIds: [d.schoolA.id] }, asDelegation),
      ),
      setPassword: [
        await answer(identity.call(IdentityRpc.setPassword, { id: d.memberA.id, password: 'un mot de passe choisi' }, asDelegation)),
        await answer(identity.call(IdentityRpc.setPassword, { id: d.memberA.id, password: 'un mot de passe choisi' }, asToken)),
      ],
      listUsers: await answer(identity.call(IdentityRpc.listUsers, {}, asDelegation)),
      anotherDelegation: await answer(identity.call(IdentityDelegationRpc.issue, { op: 'import.commit', ref: randomUUID() }, asDelegation)),
      gateway: (await stack.api.as(delegation).get('/api/v1/me')).status,
    };
  };
  const refusedElsewhere = {
    getMe: ['unauthenticated', 'unauthenticated'],
    createAdministrator: 'unauthenticated',
    setPassword: ['unauthenticated', 'unauthenticated'],
    listUsers: 'unauthenticated',
    anotherDelegation: 'unauthenticated',
    gateway: 401,
  };

  it('an import’s jobs hold the person’s id, role and a delegation for that import only, never their token', async () => {
    const token = d.tokens.administrator;
    const asAdmin = stack.api.as(token);
    const { answer, identity } = probe;
    await probe.imports.pause();
    const uploaded = await upload(stack.api, token, csv('deleg.un', 'deleg.deux'));
    expect(uploaded.status).toBe(202);
    const importId: string = uploaded.body.id;

    const validate = await probe.importJob(`validate-${importId}`);
    expect(validate.data).toEqual({ importId, actor: { id: d.adminA.id, role: 'administrator' }, delegation: expect.any(String) });
    const redis = await probe.redisText();
    expect(redis).toContain(validate.data.delegation);
    expect(redis).not.toContain(token);
    expect(jwtAudiences(redis)).not.toContain('sesame-api');

    const checking = validate.data.delegation as string;
    expect(await answer(identity.call(IdentityImportRpc.check, { importId, usernames: ['deleg.un'] }, { delegation: checking }))).toBe('accepted');
    expect(await answer(identity.call(IdentityImportRpc.check, { importId: randomUUID(), usernames: ['x'] }, { delegation: checking }))).toBe('forbidden');
    expect(await answer(identity.call(IdentityImportRpc.check, { usernames: ['x'] }, { delegation: checking }))).toBe('forbidden');
    expect(await answer(identity.call(IdentityImportRpc.stage, { importId, administratorId: null, rows: [staged(2)] }, { delegation: checking }))).toBe('forbidden');
    expect(await elsewhere(checking)).toEqual(refusedElsewhere);

    await probe.imports.resume();
    expect(await settled(asAdmin, importId)).toMatchObject({ status: 'ready', validRows: 2 });

    await probe.imports.pause();
    expect((await asAdmin.post(`/api/v1/imports/${importId}/confirm`)).status).toBe(202);
    const run = await probe.importJob(`import-${importId}-`);
    expect(run.data).toEqual({ importId, actor: { id: d.adminA.id, role: 'administrator' }, delegation: expect.any(String) });
    const redisThen = await probe.redisText();
    expect(redisThen).not.toContain(token);
    expect(jwtAudiences(redisThen)).not.toContain('sesame-api');

    const committing = run.data.delegation as string;
    const another = randomUUID();
    expect(await answer(identity.call(IdentityImportRpc.stage, { importId: another, administratorId: null, rows: [staged(2)] }, { delegation: committing }))).toBe('forbidden');
    expect(await answer(identity.call(IdentityImportRpc.commit, { importId: another, rows: 1 }, { delegation: committing }))).toBe('forbidden');
    expect(await answer(identity.call(IdentityImportRpc.check, { importId, usernames: ['x'] }, { delegation: committing }))).toBe('forbidden');
    expect(await elsewhere(committing)).toEqual(refusedElsewhere);

    await probe.imports.resume();
    expect(await settled(asAdmin, importId)).toMatchObject({ status: 'done' });
    const created = await stack.identityDb.selectFrom('accounts').select('username').where('username', 'in', ['deleg.un', 'deleg.deux', 'vole.2']).execute();
    expect(created.map((a) => a.username).sort()).toEqual(['deleg.deux', 'deleg.un']);
    expect(await probe.redisText()).not.toContain(committing);
  });

  it('a campaign keeps a delegation for its selection and filter until frozen, never the launcher’s token', async () => {
    const token = d.tokens.administrator;
    const { answer, identity } = probe;
    const filter = { schoolId: d.schoolA.id, profiles: ['student'] };
    await probe.campaigns.pause();
    const launched = await launch(stack.api.as(token), { filter, sort: 'name', channel: 'pdf', layout: 1, locale: 'fr' });

    const row = await mailmergeDb.selectFrom('campaigns').selectAll().where('id', '=', launched.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.launch_token).toBeNull();
    expect(jwtAudiences(row.launch_delegation!)).toEqual(['sesame-delegation']);
    expect(await probe.redisText()).not.toContain(token);

    const freezing = { delegation: row.launch_delegation! };
    const select = (input: object) => answer(identity.call(IdentityDistributionRpc.select, { limit: 10, ...input }, freezing));
    expect(await select({ campaignId: launched.id, filter })).toBe('accepted');
    expect(await select({ campaignId: launched.id, filter: { ...filter, profiles: ['student', 'teacher'] } })).toBe('forbidden');
    expect(await select({ campaignId: launched.id, filter: { schoolId: d.schoolA.id } })).toBe('forbidden');
    expect(await select({ campaignId: randomUUID(), filter })).toBe('forbidden');
    expect(await select({ filter })).toBe('forbidden');
    expect(await answer(identity.call(IdentityDistributionRpc.caller, {}, freezing))).toBe('unauthenticated');
    expect(await elsewhere(row.launch_delegation!)).toEqual(refusedElsewhere);

    await probe.campaigns.resume();
    expect(await campaignWhen(stack.api.as(token), launched.id)).toMatchObject({ status: 'completed' });
    const after = await mailmergeDb.selectFrom('campaigns').select(['launch_delegation', 'launch_token']).where('id', '=', launched.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ launch_delegation: null, launch_token: null });
  });

  it('a job queued by an older version, with the person’s token, ends with its reason and leaves no token behind', async () => {
    const token = d.tokens.manager;
    const asManager = stack.api.as(token);
    await probe.imports.pause();
    const uploaded = await upload(stack.api, token, csv('ancien.un'));
    const importId: string = uploaded.body.id;
    const checking = await probe.importJob(`validate-${importId}`);
    await (await probe.imports.getJob(checking.jobId))!.updateData({ importId, token });
    await probe.imports.resume();
    const refused = await settled(asManager, importId);
    expect(refused).toMatchObject({ status: 'invalid', errors: [{ code: 'check.outdated_job', message: expect.stringMatching(/mis à jour.*chargez-le à nouveau/) }] });

    const ready = (await upload(stack.api, token, csv('ancien.deux'))).body.id as string;
    expect(await settled(asManager, ready)).toMatchObject({ status: 'ready' });
    await probe.imports.pause();
    expect((await asManager.post(`/api/v1/imports/${ready}/confirm`)).status).toBe(202);
    const running = await probe.importJob(`import-${ready}-`);
    await (await probe.imports.getJob(running.jobId))!.updateData({ importId: ready, token });
    await probe.imports.resume();
    expect(await settled(asManager, ready)).toMatchObject({ status: 'failed', failure: { code: 'failure.outdated_job', message: expect.stringMatching(/Confirmez à nouveau/) } });
    expect(await probe.redisText()).not.toContain(token);
    // As the message says: confirmed again, it is imported.
    expect((await asManager.post(`/api/v1/imports/${ready}/confirm`)).status).toBe(202);
    expect(await settled(asManager, ready)).toMatchObject({ status: 'done' });
  });

  it('identity signs a delegation only for what the person may do, and it ends with their sessions', async () => {
    const { answer, identity } = probe;
    const issue = (token: string, input: IssueDelegation) => identity.call(IdentityDelegationRpc.issue, input, { token });
    expect(await answer(issue(d.tokens.supervisor, { op: 'import.commit', ref: randomUUID() }))).toBe('forbidden');
    expect(await answer(issue(d.tokens.member, { op: 'campaign.freeze', ref: randomUUID(), filter: {} }))).toBe('forbidden');

    const admin = await d.staff('administrator', { schoolIds: [d.schoolA.id] });
    const session = await stack.api.login(admin.username, PASSWORD);
    const importId = randomUUID();
    const { delegation } = await issue(session, { op: 'import.validate', ref: importId });
    const check = () => answer(identity.call(IdentityImportRpc.check, { importId, usernames: ['x'] }, { delegation }));
    expect(await check()).toBe('accepted');
    expect((await d.asManager.put(`/api/v1/users/${admin.id}/password`, { password: 'un autre mot de passe' })).status).toBe(204);
    // Sessions end within seconds on every replica (the resolved caller is reused 2 s at most).
    await sleep(2_500);
    expect(await check()).toBe('unauthenticated');
  });

  // Last: identity is restarted with a lifetime of 3 seconds for the rest of the file.
  it('an expired delegation ends the job as a session that ended', async () => {
    const token = d.tokens.manager;
    const asManager = stack.api.as(token);
    const ready = (await upload(stack.api, token, csv('expire.un'))).body.id as string;
    expect(await settled(asManager, ready)).toMatchObject({ status: 'ready' });
    await stack.identity.close();
    stack.identity = await startIdentity(loadIdentityConfig({ ...stack.env.identity, DELEGATION_TTL: '3' }));

    await probe.imports.pause();
    await probe.campaigns.pause();
    const checking = (await upload(stack.api, token, csv('expire.deux'))).body.id as string;
    expect((await asManager.post(`/api/v1/imports/${ready}/confirm`)).status).toBe(202);
    const campaign = await launch(asManager, { filter: { schoolId: d.schoolA.id }, sort: 'name', channel: 'pdf', layout: 1, locale: 'fr' });
    await sleep(4_500);
    await probe.imports.resume();
    await probe.campaigns.resume();

    expect(await settled(asManager, checking)).toMatchObject({ status: 'invalid', errors: [{ code: 'check.session_expired' }] });
    expect(await settled(asManager, ready)).toMatchObject({ status: 'failed', failure: { code: 'failure.session_expired', message: expect.stringMatching(/session a pris fin/) } });
    expect(await campaignWhen(asManager, campaign.id)).toMatchObject({ status: 'failed', error: 'unauthenticated' });
    expect(await stack.identityDb.selectFrom('accounts').select('id').where('username', 'in', ['expire.un', 'expire.deux']).execute()).toEqual([]);
  });
});
