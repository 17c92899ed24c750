import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the generator is a tool of libs/feeds, not part of its API.
import { writeSyntheticDelivery } from '../../libs/feeds/src/tools/synthetic-delivery';
import { TestIsolation, eventually } from '@sesame/testing';
import { sql } from 'kysely';
import { feedIn, uploadFeed } from './feeds-support';
import { ProcessStack, startProcessStack } from './process-stack';

const PEOPLE = 10_000;

/**
 * Issue 15: "the apply is all or nothing per feed, safe to retry and idempotent". Identity runs as a
 * real process and is killed with SIGKILL while it applies a 10,000-person feed: at that moment the
 * directory holds none of the feed's accounts or all of them; once identity is back, the apply
 * resumes by itself and every account exists exactly once.
 */
describe('a feed’s apply killed mid-way', () => {
  const isolation = new TestIsolation();
  let stack: ProcessStack;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'feeds-crash-'));
    stack = await startProcessStack(isolation, { importer: { FEED_DIR: join(work, 'feed-dir'), RPC_TIMEOUT_MS: '20000' }, rpcTimeoutMs: 10_000 });
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
    await isolation.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  const fedAccounts = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM accounts WHERE source = 'aaf'`.execute(stack.identityDb)).rows[0].n;
  const statusOf = async (id: string) => (await sql<{ status: string }>`SELECT status FROM feeds WHERE id = ${id}`.execute(stack.identityDb)).rows[0]?.status;

  it('identity killed while it applies: none of the accounts or all of them, then all of them exactly once', async () => {
    const delivery = await writeSyntheticDelivery({ people: PEOPLE, out: join(work, 'delivery'), schools: 10, seed: 15, chunk: 2_500 });
    const persons = delivery.students + delivery.relatives + delivery.staff;
    const upload = await uploadFeed(stack.api, stack.token, delivery.files, { kind: 'aaf' });
    expect(upload.status).toBe(202);
    const ready = await feedIn(stack.api.as(stack.token), upload.body.id, ['ready'], 180_000);
    expect(ready).toMatchObject({ status: 'ready', records: persons, totals: expect.objectContaining({ new: persons }) });

    expect((await stack.api.as(stack.token).post(`/api/v1/feeds/${ready.id}/confirm`, { held: [] })).status).toBe(202);
    await eventually(async () => ((await statusOf(ready.id)) === 'applying' ? true : undefined), 60_000, 'the apply to start');
    await stack.identity.stop('SIGKILL');
    // The apply is one transaction: killed, it left nothing (or, had it just ended, everything).
    const atKill = await fedAccounts();
    expect([0, persons]).toContain(atKill);

    await stack.identity.start().ready();
    // The job whose worker died is taken over once its lock expires; the apply runs again from the start.
    const applied = await feedIn(stack.api.as(stack.token), ready.id, ['applied'], 480_000);
    expect(applied.status).toBe('applied');
    expect(await fedAccounts()).toBe(persons);
    const { rows } = await sql<{ accounts: number; created: number }>`
      SELECT (SELECT count(DISTINCT external_id)::int FROM accounts WHERE source = 'aaf') AS accounts,
             (SELECT count(*)::int FROM audit_log WHERE action = 'user.feed-create') AS created`.execute(stack.identityDb);
    expect(rows[0]).toEqual({ accounts: persons, created: persons });
    // Confirmed again: nothing more.
    expect((await stack.api.as(stack.token).post(`/api/v1/feeds/${ready.id}/confirm`, { held: [] })).body.status).toBe('applied');
    expect(await fedAccounts()).toBe(persons);
  }, 900_000);
});
