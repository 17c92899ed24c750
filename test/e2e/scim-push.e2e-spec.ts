import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { SCIM_SCHEMAS, scimPushQueue } from '@sesame/contracts';
import { eventually } from '@sesame/testing';
import { Directory, seedDirectory } from '../support/directory';
import { ScimTarget } from '../support/scim-target';
import { Stack, startStack } from '../support/stack';

// eslint-disable-next-line @nx/enforce-module-boundaries -- scripts/ is not a package: the test runs the operators' script as shipped.
const { replayDeadLetters } = require('../../scripts/dlq-replay.cjs');

/** `npm run scim:reconcile` without its build step (the tests run on the built services). */
const TOOL = join(__dirname, '..', '..', 'services', 'identity', 'dist', 'tools', 'scim-reconcile.js');

/*
 * Sesame pushing its accounts to downstream SCIM targets (issue 18), judged by a real SCIM service
 * provider (SCIMMY behind scimmy-routers) started by the test: in order, within the target's scope,
 * through an outage of a minute with nothing lost and nothing doubled, refusals dead-lettered with
 * the target's answer and replayed, drift repaired by a reconciliation.
 */
describe('SCIM push to downstream targets', () => {
  let stack: Stack;
  let d: Directory;
  let first: ScimTarget;
  let firstId: string;
  const SESAME = SCIM_SCHEMAS.sesameUser;

  const register = async (target: ScimTarget, fields: Record<string, unknown> = {}) => {
    const answer = await d.asManager.post('/api/v1/scim-targets', { name: `Outil ${target.url}`, url: target.url, token: target.token, ...fields });
    if (answer.status !== 201) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as { id: string };
  };
  const held = (target: ScimTarget, accountId: string) => target.store.byExternalId(accountId);
  const until = <T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, ms = 20_000) => eventually(async () => (await probe()) || undefined, ms, what);

  beforeAll(async () => {
    stack = await startStack({ identity: { SCIM_PUSH_MAX_BACKOFF_MS: '4000', SCIM_PUSH_MAX_ATTEMPTS: '40', SCIM_PUSH_SYNC_INTERVAL_MS: '500' } });
    d = await seedDirectory(stack.api);
    first = await new ScimTarget().start();
    firstId = (await register(first, { schoolIds: [d.schoolA.id] })).id;
  });
  afterAll(async () => {
    await first.stop();
    await stack.close();
  });

  it('registers a target without ever showing or logging its token, and only for the manager', async () => {
    const view = (await d.asManager.get(`/api/v1/scim-targets/${firstId}`)).body;
    expect(view).toMatchObject({ id: firstId, url: first.url, schoolIds: [d.schoolA.id], enabled: true });
    expect(JSON.stringify(view)).not.toContain(first.token);
    const audit = await stack.identityDb.selectFrom('audit_log').selectAll().where('target_id', '=', firstId).execute();
    expect(audit.map((row) => row.action)).toEqual(['scim-target.register']);
    expect(JSON.stringify(audit)).not.toContain(first.token);
    const sealed = await stack.identityDb.selectFrom('scim_targets').select('token_sealed').where('id', '=', firstId).executeTakeFirstOrThrow();
    expect(sealed.token_sealed).not.toContain(first.token);
    expect((await stack.api.as(d.tokens.administrator).get('/api/v1/scim-targets')).status).toBe(403);
    const http = await d.asManager.post('/api/v1/scim-targets', { name: 'x', url: 'http://tool.example.fr/scim', token: 'a-long-token' });
    expect(http.status).toBe(400);
  });

  it('pushes creations, changes, deactivations and pre-deletions in order, each account once', async () => {
    const pupil = await d.student(d.schoolA, { classIds: [d.classA.id] });
    const created = await until(() => held(first, pupil.id), 'the pupil at the target');
    expect(created).toMatchObject({ userName: pupil.username, active: true, externalId: pupil.id, [SESAME]: { profile: 'student' } });

    expect((await d.asManager.patch(`/api/v1/users/${pupil.id}`, { firstName: 'Yasmine' })).status).toBe(200);
    await until(() => held(first, pupil.id)?.name?.givenName === 'Yasmine', 'the new first name at the target');
    expect((await d.asManager.post(`/api/v1/users/${pupil.id}/deactivate`, {})).status).toBe(200);
    await until(() => held(first, pupil.id)?.active === false, 'the deactivation at the target');
    expect((await d.asManager.post(`/api/v1/users/${pupil.id}/pre-delete`, {})).status).toBe(200);
    await until(() => !held(first, pupil.id), 'the pre-deleted pupil gone from the target');
    expect(first.store.posts.get(pupil.id)).toBe(1);
  });

  it('pushes only the accounts of the target’s schools', async () => {
    const elsewhere = await d.student(d.schoolB);
    const here = await d.student(d.schoolA);
    // The queue keeps Sesame's order: once the later one is there, the earlier one was handled.
    await until(() => held(first, here.id), 'the pupil of school A');
    expect(held(first, elsewhere.id)).toBeUndefined();
  });

  it('catches up after a minute down, nothing lost, nothing doubled, while another target is not delayed', async () => {
    const second = await new ScimTarget().start();
    const secondId = (await register(second)).id;
    const before = await d.student(d.schoolA);
    await until(() => held(second, before.id), 'the second target in service');
    await second.stop();
    const started = Date.now();
    const pupils = [await d.student(d.schoolA), await d.student(d.schoolB), await d.student(d.schoolA)];
    expect((await d.asManager.patch(`/api/v1/users/${before.id}`, { lastName: 'Pendant-la-panne' })).status).toBe(200);
    expect((await d.asManager.post(`/api/v1/users/${pupils[2].id}/deactivate`, {})).status).toBe(200);
    // The first target goes on receiving while the second is down.
    await until(() => held(first, pupils[0].id) && held(first, pupils[2].id)?.active === false, 'the first target not delayed', 15_000);
    const down = await d.asManager.get(`/api/v1/scim-targets/${secondId}`);
    expect(down.body.delivery.lastError.message).toMatch(/not reached/);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 60_000 - (Date.now() - started))));
    await second.start();
    await until(() => held(second, pupils[1].id) && held(second, before.id)?.name?.familyName === 'Pendant-la-panne', 'the second target caught up', 30_000);
    await until(async () => (await d.asManager.get(`/api/v1/scim-targets/${secondId}`)).body.delivery.waiting === 0, 'the second queue empty');
    // Exactly Sesame's state: the accounts made meanwhile once each; the one deactivated before the
    // target could have it is not created there (a target gets no account it would only hold closed).
    expect([...second.store.users.values()].map((user) => user.externalId).sort()).toEqual([before.id, pupils[0].id, pupils[1].id].sort());
    for (const pupil of [before, pupils[0], pupils[1]]) expect([pupil.username, second.store.posts.get(pupil.id)]).toEqual([pupil.username, 1]);
    expect(second.store.posts.get(pupils[2].id)).toBeUndefined();
    await d.asManager.request('DELETE', `/api/v1/scim-targets/${secondId}`);
    await second.stop();
  }, 150_000);

  it('dead-letters a change the target refuses, with its answer, and replays it once fixed', async () => {
    first.store.refuse = { status: 400, detail: 'Le champ department est obligatoire ici.' };
    const refused = await d.student(d.schoolA);
    const view = await eventually(async () => {
      const answer = (await d.asManager.get(`/api/v1/scim-targets/${firstId}`)).body;
      // The row and the queue are read one after the other: both say it once both are read after it.
      return answer.delivery.deadLetters === 1 && answer.delivery.lastError ? answer : undefined;
    }, 20_000, 'the dead letter');
    const listed = await replayDeadLetters({ url: stack.isolation.services.amqpUrl, namespace: stack.isolation.namespace, queue: scimPushQueue(firstId), dryRun: true });
    expect(listed.listed).toEqual([expect.objectContaining({ type: 'identity.user.created', reason: expect.stringContaining('department est obligatoire') })]);
    expect(view.delivery.lastError.message).toContain('department est obligatoire');
    first.store.refuse = undefined;
    const replayed = await replayDeadLetters({ url: stack.isolation.services.amqpUrl, namespace: stack.isolation.namespace, queue: scimPushQueue(firstId) });
    expect(replayed.moved).toBe(1);
    await until(() => held(first, refused.id), 'the replayed pupil at the target');
    expect(first.store.posts.get(refused.id)).toBe(1);
  });

  it('reconciles: recreates what the target lost, repairs what it changed, deactivates what it should not hold', async () => {
    const lost = await d.student(d.schoolA);
    const changed = await d.student(d.schoolA);
    await until(() => held(first, lost.id) && held(first, changed.id), 'both pupils at the target');
    first.store.users.delete(held(first, lost.id)!.id);
    held(first, changed.id)!.name.givenName = 'Changé-à-la-main';
    // A user of another school with Sesame's id, and one the tool made itself (left alone).
    const intruder = { id: 'intruder', userName: d.memberB.username, externalId: d.memberB.id, active: true, schemas: [SCIM_SCHEMAS.user] };
    const own = { id: 'own', userName: 'outil.local', active: true, schemas: [SCIM_SCHEMAS.user] };
    first.store.users.set(intruder.id, intruder);
    first.store.users.set(own.id, own);

    expect((await d.asManager.post(`/api/v1/scim-targets/${firstId}/reconcile`, {})).status).toBe(202);
    const done = await eventually(async () => {
      const answer = (await d.asManager.get(`/api/v1/scim-targets/${firstId}`)).body;
      return answer.reconcile?.finishedAt ? answer.reconcile : undefined;
    }, 20_000, 'the reconciliation');
    expect(done.error).toBeNull();
    // Created: the lost one, and the pupil of the seed, in school A since before the target was registered.
    expect(done.result).toMatchObject({ created: 2, updated: 1, deactivated: 1, deleted: 0, failed: 0 });
    expect(held(first, d.memberA.id)).toBeDefined();
    expect(held(first, lost.id)).toBeDefined();
    expect(held(first, changed.id)!.name.givenName).toBe('Léa');
    expect(first.store.users.get('intruder')!.active).toBe(false);
    expect(first.store.users.get('own')!.active).toBe(true);

    // The same from the command line, as an operator runs it in identity's pod.
    first.store.users.delete(held(first, lost.id)!.id);
    const printed = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [TOOL, '--target', firstId], { env: { PATH: process.env.PATH, ...stack.env.identity } }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    expect(printed).toMatch(/: 1 created, 0 updated, 0 deactivated, 0 deleted, \d+ unchanged, 0 failed/);
    expect(held(first, lost.id)).toBeDefined();
  }, 60_000);
});
