import { randomUUID } from 'node:crypto';
import { DELEGATED_OPERATIONS, IdentityDelegationRpc, IdentityFeedRpc, IdentityRpc, QUEUES } from '@sesame/contracts';
import { RpcClient } from '@sesame/messaging';
import { sql } from 'kysely';
import type { Actor } from '../src/auth/actor';
import { FeedsProcessor } from '../src/feeds/feeds.processor';
import { A, B, C, school, student } from './support/feed-fixtures';
import { FeedsHarness, MANAGER_PASSWORD, some } from './support/feeds-harness';

/** Feeds at identity's door: who may open one, the importer's staging and close, the RPC wiring, the purge. */
describe('académie feeds: opening, staging, closing (identity)', () => {
  const h = new FeedsHarness();
  beforeAll(() => h.start());
  afterAll(() => h.close());

  it('lets the h.manager open AAF, a school’s administrators only their school’s export, and nobody else', async () => {
    const open = (actor: Actor, kind: 'aaf' | 'school', uai: string | null) => h.refusal(h.feeds.open(actor, { feedId: randomUUID(), kind, uai, files: ['f.xml'] }));
    expect(await open(h.manager, 'aaf', null)).toBe('accepted');
    expect(await open(h.manager, 'school', B)).toBe('accepted');
    expect(await open(h.adminA, 'school', A)).toBe('accepted');
    expect(await open(h.adminA, 'school', B)).toBe('forbidden');
    expect(await open(h.adminA, 'aaf', null)).toBe('forbidden');
    expect(await open(h.supervisor, 'school', A)).toBe('forbidden');
    expect(await open(h.adminA, 'school', null)).toBe('validation_failed');
  });

  it('answers the RPC patterns: opened with the uploader’s token, staged and closed with the feed’s delegation only', async () => {
    const client = new RpcClient({ url: h.isolation.serviceEnv.AMQP_URL!, namespace: h.isolation.serviceEnv.AMQP_NAMESPACE!, queue: QUEUES.identityRpc, timeout: 10_000 });
    try {
      const { accessToken: token } = await client.call(IdentityRpc.login, { username: 'manager', password: MANAGER_PASSWORD, clientAddress: '127.0.0.1' });
      const feedId = randomUUID();
      const opened = await client.call(IdentityFeedRpc.open, { feedId, kind: 'aaf', uai: null, files: ['aaf.zip'] }, { token });
      expect(opened).toMatchObject({ id: feedId, status: 'reading', createdBy: { username: 'manager' }, maxLeaversPercent: 20 });
      const { delegation } = await client.call(IdentityDelegationRpc.issue, { op: DELEGATED_OPERATIONS.readFeed, ref: feedId }, { token });
      const { delegation: other } = await client.call(IdentityDelegationRpc.issue, { op: DELEGATED_OPERATIONS.readFeed, ref: randomUUID() }, { token });
      const records = [school(C), { ...student('W1', C, '2A'), source: 'sts' as const }];
      expect(await h.refusal(client.call(IdentityFeedRpc.stage, { feedId, chunk: 0, records }, { delegation: other }))).toBe('forbidden');
      expect(await client.call(IdentityFeedRpc.stage, { feedId, chunk: 0, records }, { delegation })).toEqual({ staged: 1 });
      expect(await client.call(IdentityFeedRpc.close, { feedId, chunks: 1, persons: 1 }, { delegation })).toMatchObject({ status: 'diffing', records: 1 });
      await h.status(feedId, 'ready');
      const page = await client.call(IdentityFeedRpc.changes, { id: feedId }, { token });
      expect(page).toMatchObject({ items: [{ category: 'new', joinKey: 'W1', uai: C, username: null }], next: null });
      expect((await client.call(IdentityFeedRpc.list, {}, { token })).items.map((f) => f.id)).toContain(feedId);
      expect(await h.refusal(client.call(IdentityFeedRpc.get, { id: feedId }, { delegation }))).toBe('unauthenticated');
    } finally {
      await client.close();
    }
  });

  it('refuses a close whose counts do not match what was staged, and a chunk sent again replaces itself', async () => {
    const feedId = randomUUID();
    await h.feeds.open(h.adminA, { feedId, kind: 'school', uai: A, files: ['siecle.xml'] });
    expect(await h.refusal(h.feeds.stage(h.adminA, { feedId, chunk: 0, records: [student('X1', B, '6A')] }))).toBe('validation_failed');
    expect(await h.refusal(h.feeds.stage(h.manager, { feedId, chunk: 0, records: [student('X1', A, '6A')] }))).toBe('forbidden');
    await h.feeds.stage(h.adminA, { feedId, chunk: 0, records: [student('X1', A, '6A'), student('X2', A, '6A')] });
    await h.feeds.stage(h.adminA, { feedId, chunk: 0, records: [student('X1', A, '6A'), student('X2', A, '6A')] });
    expect(await h.refusal(h.feeds.close(h.adminA, { feedId, chunks: 2, persons: 2 }))).toBe('conflict:feed_incomplete');
    expect(await h.refusal(h.feeds.close(h.adminA, { feedId, chunks: 1, persons: 3 }))).toBe('conflict:feed_incomplete');
    expect(await h.refusal(h.feeds.stage(h.adminA, { feedId, chunk: 1, records: [student('X1', A, '6A')] }))).toBe('conflict:feed_duplicate_key');
    const closed = await h.feeds.close(h.adminA, { feedId, chunks: 1, persons: 2, files: ['siecle.zip', 'ElevesSansAdresses.xml'] });
    expect(closed).toMatchObject({ status: 'diffing', records: 2, files: ['siecle.zip', 'ElevesSansAdresses.xml'], createdBy: { username: 'anne.admin' } });
    expect(await h.refusal(h.feeds.stage(h.adminA, { feedId, chunk: 1, records: [student('X3', A, '6A')] }))).toBe('conflict:feed_not_reading');
    const ready = await h.status(feedId, 'ready');
    expect(some(ready.totals)).toEqual({ new: 2 });
    expect((await h.feeds.list(h.adminA, 1, 50)).items.map((f) => f.id)).toContain(feedId);
  });

  it('fails feeds left reading for a day, and purges the staged rows of feeds settled long ago', async () => {
    const stale = randomUUID();
    await h.feeds.open(h.manager, { feedId: stale, kind: 'aaf', uai: null, files: ['f.xml'] });
    await h.feeds.stage(h.manager, { feedId: stale, chunk: 0, records: [student('Z1', A, '6A')] });
    await sql`UPDATE feeds SET updated_at = now() - interval '2 days' WHERE id = ${stale}`.execute(h.db);
    expect(await h.identity.get(FeedsProcessor).purge()).toMatchObject({ abandoned: 1 });
    expect((await h.feeds.get(h.manager, stale)).status).toBe('failed');
    await sql`UPDATE feeds SET updated_at = now() - interval '40 days' WHERE id = ${stale}`.execute(h.db);
    expect(await h.identity.get(FeedsProcessor).purge()).toMatchObject({ purged: 1 });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM feed_persons WHERE feed_id = ${stale}`.execute(h.db);
    expect(rows[0].n).toBe(0);
  });
});
