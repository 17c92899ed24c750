import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { generateSigningKeys } from '@sesame/auth';
import { EXCHANGES, EventEnvelope, FeedPerson, FeedRecord, FeedView, IdentityEvents, ServiceFailure, StagedAccount, namespaced } from '@sesame/contracts';
import { createDatabase } from '@sesame/database';
import { TestIsolation, eventually } from '@sesame/testing';
import { ChannelModel, connect } from 'amqplib';
import { Kysely, sql } from 'kysely';
import { startIdentity } from '../src/app';
import type { Actor } from '../src/auth/actor';
import { loadIdentityConfig } from '../src/config/identity.config';
import { FeedDiffRepository } from '../src/feeds/feed-diff.repository';
import { FeedJobsService } from '../src/feeds/feed-jobs.service';
import { FeedsService } from '../src/feeds/feeds.service';
import { ImportsService } from '../src/imports/imports.service';
import { UsersService } from '../src/users/users.service';

const A = '0750001U';
const B = '0750002V';
const C = '0750003W';

const person = (joinKey: string, over: Partial<FeedPerson> = {}): FeedPerson => ({
  kind: 'person', source: 'aaf', joinKey, ine: null, lastName: `Nom ${joinKey}`, firstName: `Prénom ${joinKey}`, birthDate: null,
  profile: 'student', schools: [], classes: [], email: null, mobile: null, functions: [], relatives: [], exitDate: null, ...over,
});
const student = (key: string, uai: string, klass: string, over: Partial<FeedPerson> = {}) => person(key, { schools: [uai], classes: [{ uai, name: klass }], ...over });
const link = (childKey: string, relativeKey: string, legal: 0 | 1 | 2 | null = 1) => ({ childKey, relativeKey, legal, kinship: null, financial: null, contact: null });
const school = (uai: string): FeedRecord => ({ kind: 'school', source: 'aaf', uai, name: `Collège ${uai}` });

/** Year 1 of a small académie: two schools, four students, three relatives (R2 linked with légal = 2), a teacher. */
const year1 = (): FeedRecord[] => [
  school(A), school(B),
  student('S1', A, '6A', { relatives: [link('S1', 'R1')] }),
  student('S2', A, '6A', { relatives: [link('S2', 'R2', 2)] }),
  student('S3', A, '6B', { relatives: [link('S3', 'R3')] }),
  student('S4', B, '5A'),
  person('R1', { profile: 'relative' }), person('R2', { profile: 'relative' }), person('R3', { profile: 'relative' }),
  person('T1', { profile: 'teacher', schools: [A], classes: [{ uai: A, name: '6A' }] }),
];

/** Year 2: one change of each category (S4 absent, S3 with an exit date, R2 deactivated meanwhile). */
const year2 = (): FeedRecord[] => [
  school(A), school(B),
  student('S1', A, '6B'),
  student('S2', A, '6A', { lastName: 'Nouveau-Nom', relatives: [link('S2', 'R2', 2)] }),
  student('S3', A, '6B', { relatives: [link('S3', 'R3')], exitDate: '2020-07-04' }),
  student('S5', A, '6A', { relatives: [link('S5', 'R3')] }),
  person('R1', { profile: 'relative' }), person('R2', { profile: 'relative' }), person('R3', { profile: 'relative' }),
  person('T1', { profile: 'personnel', schools: [A], classes: [{ uai: A, name: '6A' }], email: 't1@ac-test.fr' }),
];

describe('académie feeds (identity)', () => {
  const isolation = new TestIsolation();
  let identity: INestApplication;
  let db: Kysely<any>;
  let feeds: FeedsService;
  let jobs: FeedJobsService;
  let manager: Actor;
  let adminA: Actor;
  let supervisor: Actor;
  let broker: ChannelModel;
  const events: EventEnvelope[] = [];

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) => (error instanceof ServiceFailure ? `${error.code}${error.details.params?.reason ? `:${error.details.params.reason}` : ''}` : `${String(error)}`),
    );
  const status = (id: string, wanted: FeedView['status']) =>
    eventually(async () => {
      const view = await feeds.get(manager, id);
      return view.status === wanted ? view : undefined;
    }, 30_000, `feed ${id} ${wanted}`);

  /** Opens, stages (two chunks) and closes a feed, then waits for its diff. */
  async function diffed(records: FeedRecord[], actor = manager, kind: 'aaf' | 'school' = 'aaf', uai: string | null = null): Promise<FeedView> {
    const feedId = randomUUID();
    await feeds.open(actor, { feedId, kind, uai, files: ['snapshot.xml'] });
    const half = Math.ceil(records.length / 2);
    const chunks = [records.slice(0, half), records.slice(half)].filter((chunk) => chunk.length > 0);
    for (const [chunk, part] of chunks.entries()) await feeds.stage(actor, { feedId, chunk, records: part });
    const persons = records.filter((r) => r.kind === 'person').length;
    await feeds.close(actor, { feedId, chunks: chunks.length, persons });
    return status(feedId, 'ready');
  }
  const changes = async (id: string) => (await feeds.changesOf(manager, { id, after: 0, limit: 1000 })).items;
  const byCategory = (items: Awaited<ReturnType<typeof changes>>) => {
    const result: Record<string, string[]> = {};
    for (const c of items) (result[c.category] ??= []).push(c.joinKey + (c.after?.relativeKey ? `<${String(c.after.relativeKey)}` : c.before?.relativeKey ? `<${String(c.before.relativeKey)}` : ''));
    for (const list of Object.values(result)) list.sort();
    return result;
  };
  const account = async (key: string) =>
    (await sql<any>`SELECT * FROM accounts WHERE source = 'aaf' AND external_id = ${key}`.execute(db)).rows[0];
  const directory = async () =>
    (await sql<any>`
      SELECT a.external_id, a.last_name, a.profile, a.email, a.deactivated_at IS NOT NULL AS deactivated,
             (SELECT array_agg(s.uai || '/' || c.name ORDER BY s.uai, c.name) FROM account_classes ac JOIN classes c ON c.id = ac.class_id JOIN schools s ON s.id = c.school_id WHERE ac.account_id = a.id AND NOT ac.inherited) AS classes,
             (SELECT array_agg(ch.external_id ORDER BY ch.external_id) FROM relative_links l JOIN accounts ch ON ch.id = l.student_id WHERE l.relative_id = a.id) AS children
      FROM accounts a WHERE a.source = 'aaf' ORDER BY a.external_id`.execute(db)).rows;

  beforeAll(async () => {
    const url = await isolation.database('identity');
    identity = await startIdentity(
      loadIdentityConfig({
        PORT: '0',
        ...isolation.serviceEnv,
        LOG_LEVEL: process.env.SESAME_TEST_LOG_LEVEL ?? 'error',
        DATABASE_URL: url,
        JWT_PRIVATE_KEY: generateSigningKeys().privateKey,
        SESAME_MANAGER_USERNAME: 'manager',
        SESAME_MANAGER_PASSWORD: 'the académie keeps its keys',
        ARGON2_MEMORY_KIB: '1024',
        ARGON2_ITERATIONS: '1',
        FEED_MAX_LEAVERS_PERCENT: '20',
      }),
    );
    db = createDatabase({ url, max: 2 });
    // Identity's events as another system receives them.
    broker = await connect(isolation.serviceEnv.AMQP_URL!);
    const channel = await broker.createChannel();
    const exchange = namespaced(isolation.serviceEnv.AMQP_NAMESPACE!, EXCHANGES.events);
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, exchange, 'identity.user.#');
    await channel.consume(queue, (message) => message && events.push(JSON.parse(message.content.toString())), { noAck: true });
    feeds = identity.get(FeedsService);
    jobs = identity.get(FeedJobsService);
    await sql`INSERT INTO schools (uai, name) VALUES (${A}, 'Collège A'), (${B}, 'Collège B'), (${C}, 'Collège C')`.execute(db);
    const ids = async (uai: string) => (await sql<{ id: string }>`SELECT id FROM schools WHERE uai = ${uai}`.execute(db)).rows[0].id;
    const schoolA = await ids(A);
    const { rows: m } = await sql<{ id: string }>`SELECT id FROM accounts WHERE role = 'manager'`.execute(db);
    manager = { id: m[0].id, username: 'manager', role: 'manager', schoolIds: [] };
    const { rows: a } = await sql<{ id: string }>`INSERT INTO accounts (username, role, email) VALUES ('anne.admin', 'administrator', 'anne@ac-test.fr') RETURNING id`.execute(db);
    await sql`INSERT INTO account_schools (account_id, school_id) VALUES (${a[0].id}, ${schoolA})`.execute(db);
    adminA = { id: a[0].id, username: 'anne.admin', role: 'administrator', schoolIds: [schoolA] };
    const { rows: s } = await sql<{ id: string }>`INSERT INTO accounts (username, role, email, managed_by) VALUES ('sam.sup', 'supervisor', 'sam@ac-test.fr', ${a[0].id}) RETURNING id`.execute(db);
    supervisor = { id: s[0].id, username: 'sam.sup', role: 'supervisor', schoolIds: [schoolA] };
  });
  afterAll(async () => {
    await broker?.close();
    await identity?.close();
    await db?.destroy();
    await isolation.cleanup();
  });

  it('lets the manager open AAF, a school’s administrators only their school’s export, and nobody else', async () => {
    const open = (actor: Actor, kind: 'aaf' | 'school', uai: string | null) => refusal(feeds.open(actor, { feedId: randomUUID(), kind, uai, files: ['f.xml'] }));
    expect(await open(manager, 'aaf', null)).toBe('accepted');
    expect(await open(manager, 'school', B)).toBe('accepted');
    expect(await open(adminA, 'school', A)).toBe('accepted');
    expect(await open(adminA, 'school', B)).toBe('forbidden');
    expect(await open(adminA, 'aaf', null)).toBe('forbidden');
    expect(await open(supervisor, 'school', A)).toBe('forbidden');
    expect(await open(adminA, 'school', null)).toBe('validation_failed');
  });

  it('refuses a close whose counts do not match what was staged, and a chunk sent again replaces itself', async () => {
    const feedId = randomUUID();
    await feeds.open(adminA, { feedId, kind: 'school', uai: A, files: ['siecle.xml'] });
    expect(await refusal(feeds.stage(adminA, { feedId, chunk: 0, records: [student('X1', B, '6A')] }))).toBe('validation_failed');
    expect(await refusal(feeds.stage(manager, { feedId, chunk: 0, records: [student('X1', A, '6A')] }))).toBe('forbidden');
    await feeds.stage(adminA, { feedId, chunk: 0, records: [student('X1', A, '6A'), student('X2', A, '6A')] });
    await feeds.stage(adminA, { feedId, chunk: 0, records: [student('X1', A, '6A'), student('X2', A, '6A')] });
    expect(await refusal(feeds.close(adminA, { feedId, chunks: 2, persons: 2 }))).toBe('conflict:feed_incomplete');
    expect(await refusal(feeds.close(adminA, { feedId, chunks: 1, persons: 3 }))).toBe('conflict:feed_incomplete');
    expect(await refusal(feeds.stage(adminA, { feedId, chunk: 1, records: [student('X1', A, '6A')] }))).toBe('conflict:feed_duplicate_key');
    const closed = await feeds.close(adminA, { feedId, chunks: 1, persons: 2, files: ['siecle.zip', 'ElevesSansAdresses.xml'] });
    expect(closed).toMatchObject({ status: 'diffing', records: 2, files: ['siecle.zip', 'ElevesSansAdresses.xml'], createdBy: { username: 'anne.admin' } });
    expect(await refusal(feeds.stage(adminA, { feedId, chunk: 1, records: [student('X3', A, '6A')] }))).toBe('conflict:feed_not_reading');
    const ready = await status(feedId, 'ready');
    expect(ready.totals).toEqual({ new: 2 });
    expect((await feeds.list(adminA, 1, 50)).items.map((f) => f.id)).toContain(feedId);
  });

  it('diffs year 2 against year 1 by key, exactly, holds the school that loses too many, and applies once confirmed with the reason', async () => {
    const first = await diffed(year1());
    expect(first.totals).toEqual({ new: 8, links_added: 2 });
    await feeds.confirm(manager, { id: first.id, held: [] });
    await status(first.id, 'applied');
    const s1 = await account('S1');
    expect(s1).toMatchObject({ role: 'member', profile: 'student', last_distributed_at: null, username: 'prenom-s1.nom-s1' });
    expect(s1.activation_code).toBeTruthy();
    expect((await directory()).find((r: any) => r.external_id === 'R2').children).toBeNull();

    // Meanwhile R2 left and was deactivated: the next snapshot names them again.
    await sql`UPDATE accounts SET deactivated_at = now() WHERE source = 'aaf' AND external_id = 'R2'`.execute(db);
    const second = await diffed(year2());
    expect(byCategory(await changes(second.id))).toEqual({
      new: ['S5'],
      names: ['S2'],
      contacts: ['T1'],
      moved: ['S1'],
      profile: ['T1'],
      links_added: ['S5<R3'],
      links_removed: ['S1<R1'],
      leaver: ['S3', 'S4'],
      returner: ['R2'],
    });
    expect(second.schools.find((s) => s.uai === B)).toMatchObject({ accounts: 1, counts: { leaver: 1 }, leaversPercent: 100, held: true });
    expect(second.schools.find((s) => s.uai === A)).toMatchObject({ held: false });
    const page = await feeds.changesOf(manager, { id: second.id, category: 'leaver', uai: B, after: 0, limit: 1 });
    expect(page.items).toMatchObject([{ joinKey: 'S4', username: 'prenom-s4.nom-s4', lastName: 'Nom S4' }]);

    expect(await refusal(feeds.confirm(adminA, { id: second.id, held: [] }))).toBe('not_found');
    expect(await refusal(feeds.confirm(manager, { id: second.id, held: [] }))).toBe('conflict:feed_held');
    await feeds.confirm(manager, { id: second.id, held: [{ uai: B, reason: 'Le collège B ferme en juin.' }] });
    const applied = await status(second.id, 'applied');
    expect(applied).toMatchObject({ confirmedBy: { username: 'manager' }, heldConfirmations: [{ uai: B, reason: 'Le collège B ferme en juin.' }] });
    const { rows: audit } = await sql<any>`SELECT after FROM audit_log WHERE action = 'feed.confirm' AND target_id = ${second.id}`.execute(db);
    expect(audit[0].after.heldConfirmations).toEqual([{ uai: B, reason: 'Le collège B ferme en juin.' }]);

    const rows = await directory();
    const of = (key: string) => rows.find((r: any) => r.external_id === key);
    expect(of('S4')).toMatchObject({ deactivated: true });
    expect(of('S3')).toMatchObject({ deactivated: true });
    expect(of('R2')).toMatchObject({ deactivated: false });
    expect(of('S2')).toMatchObject({ last_name: 'Nouveau-Nom' });
    expect(of('S1')).toMatchObject({ classes: [`${A}/6B`] });
    expect(of('T1')).toMatchObject({ profile: 'personnel', email: 't1@ac-test.fr' });
    expect(of('R1')).toMatchObject({ children: null });
    expect(of('R3')).toMatchObject({ children: ['S3', 'S5'] });
    expect(of('S5')).toMatchObject({ deactivated: false, classes: [`${A}/6A`] });
    const { rows: trail } = await sql<{ action: string; n: number }>`
      SELECT action, count(*)::int AS n FROM audit_log WHERE after->>'feedId' = ${second.id} GROUP BY action ORDER BY action`.execute(db);
    expect(trail).toEqual([
      { action: 'user.deactivate', n: 2 },
      { action: 'user.feed-create', n: 1 },
      { action: 'user.feed-reactivate', n: 1 },
      { action: 'user.feed-update', n: 3 },
    ]);

    // The same events as the other paths, each payload as its contract says.
    const ids = Object.fromEntries((await Promise.all(['S2', 'S4', 'S5', 'R2', 'T1'].map(async (k) => [k, (await account(k)).id]))) as Array<[string, string]>);
    const event = (definition: { type: string; data: { parse: (d: unknown) => any } }, userId: string) =>
      eventually(async () => {
        const found = events.find((e) => e.type === definition.type && (e.data as any).userId === userId);
        return found ? definition.data.parse(found.data) : undefined;
      }, 10_000, `${definition.type} of ${userId}`);
    expect(await event(IdentityEvents.userCreated, ids.S5)).toMatchObject({ username: 'prenom-s5.nom-s5', role: 'member', profile: 'student', actorId: manager.id });
    expect(await event(IdentityEvents.userDeactivated, ids.S4)).toMatchObject({ profile: 'student' });
    expect(await event(IdentityEvents.userReactivated, ids.R2)).toMatchObject({ profile: 'relative' });
    expect(await event(IdentityEvents.userUpdated, ids.S2)).toMatchObject({ fields: ['firstName', 'lastName'] });
    expect(await event(IdentityEvents.userUpdated, ids.T1)).toMatchObject({ fields: ['email', 'mobile', 'profile'] });

    // The same snapshot again: nothing to change.
    const again = await diffed(year2());
    expect(again.totals).toEqual({});
    expect(await changes(again.id)).toEqual([]);

    // légal = 2 links only where FEED_LINK_LEGAL_2 says so (here off; the diff with it on).
    const withLegal2 = await identity.get(FeedDiffRepository).diff({ feedId: again.id, kind: 'aaf', schoolId: null, linkLegal2: true });
    expect(withLegal2.totals).toEqual({ links_added: 1 });
    expect(byCategory(await changes(again.id))).toEqual({ links_added: ['S2<R2'] });
  });

  it('diffs a school export within its school: its own leavers only, a second school kept', async () => {
    const siecle = (key: string, klass: string): FeedPerson => ({ ...student(key, C, klass), source: 'siecle' });
    const first = await diffed([siecle('E1', '4A'), siecle('E2', '4A'), siecle('E3', '4A')], manager, 'school', C);
    await feeds.confirm(manager, { id: first.id, held: [] });
    await status(first.id, 'applied');
    // E3 also belongs to school A (by hand): leaving C's export, it only leaves C.
    await sql`INSERT INTO account_schools (account_id, school_id) SELECT a.id, s.id FROM accounts a, schools s WHERE a.external_id = 'E3' AND a.source = 'siecle' AND s.uai = ${A}`.execute(db);
    const second = await diffed([siecle('E1', '4B')], manager, 'school', C);
    expect(byCategory(await changes(second.id))).toEqual({ moved: ['E1'], leaver: ['E2', 'E3'] });
    expect(second.schools).toMatchObject([{ uai: C, accounts: 3, leaversPercent: 66.7, held: true }]);
    await feeds.confirm(manager, { id: second.id, held: [{ uai: C, reason: 'Deux élèves partis au lycée.' }] });
    await status(second.id, 'applied');
    const { rows } = await sql<any>`
      SELECT a.external_id, a.deactivated_at IS NOT NULL AS deactivated, array(SELECT s.uai FROM account_schools m JOIN schools s ON s.id = m.school_id WHERE m.account_id = a.id ORDER BY 1) AS schools
      FROM accounts a WHERE a.source = 'siecle' ORDER BY 1`.execute(db);
    expect(rows).toEqual([
      { external_id: 'E1', deactivated: false, schools: [C] },
      { external_id: 'E2', deactivated: true, schools: [C] },
      { external_id: 'E3', deactivated: false, schools: [A] },
    ]);
  });

  it('fails feeds left reading for a day, and purges the staged rows of feeds settled long ago', async () => {
    const stale = randomUUID();
    await feeds.open(manager, { feedId: stale, kind: 'aaf', uai: null, files: ['f.xml'] });
    await feeds.stage(manager, { feedId: stale, chunk: 0, records: [student('Z1', A, '6A')] });
    await sql`UPDATE feeds SET updated_at = now() - interval '2 days' WHERE id = ${stale}`.execute(db);
    const { FeedsProcessor } = await import('../src/feeds/feeds.processor');
    expect(await identity.get(FeedsProcessor).purge()).toMatchObject({ abandoned: 1 });
    expect((await feeds.get(manager, stale)).status).toBe('failed');
    await sql`UPDATE feeds SET updated_at = now() - interval '40 days' WHERE id = ${stale}`.execute(db);
    expect(await identity.get(FeedsProcessor).purge()).toMatchObject({ purged: 1 });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM feed_persons WHERE feed_id = ${stale}`.execute(db);
    expect(rows[0].n).toBe(0);
  });

  it('refuses to confirm a diff the directory has outdated, and computes it again', async () => {
    const feed = await diffed([...year2(), student('S7', A, '6A')]);
    expect(feed.totals).toEqual({ new: 1 });
    await sql`INSERT INTO accounts (username, role, profile, source, external_id) VALUES ('s7.ailleurs', 'member', 'student', 'aaf', 'S7')`.execute(db);
    expect(await refusal(feeds.confirm(manager, { id: feed.id, held: [] }))).toBe('conflict:feed_stale');
    const again = await status(feed.id, 'ready');
    expect(byCategory(await changes(again.id))).toEqual({ names: ['S7'], moved: ['S7'] });
    await sql`DELETE FROM accounts WHERE username = 's7.ailleurs'`.execute(db);
  });

  it('refuses an edit or a CSV import that would overwrite what the feed owns', async () => {
    const users = identity.get(UsersService);
    const s2 = await account('S2');
    expect(await refusal(users.update(manager, { id: s2.id, patch: { lastName: 'Autre' } }))).toBe('validation_failed');
    await users.update(manager, { id: s2.id, patch: { lastName: 'Nouveau-Nom', displayName: 'S. Deux' } });
    expect((await account('S2')).display_name).toBe('S. Deux');
    const refused = await users.update(manager, { id: s2.id, patch: { schoolIds: [] } }).catch((e: ServiceFailure) => e.details.issues);
    expect(refused).toEqual([{ field: 'patch.schoolIds', code: 'field.feed_owned', params: { source: 'aaf' } }]);

    const row: StagedAccount = {
      line: 2, username: 'copie.s1', firstName: 'Prénom', lastName: 'S1', displayName: null, email: null, role: 'member', profile: 'student',
      passwordHash: null, school: A, classes: [], externalId: 'S1',
    };
    const imported = await identity.get(ImportsService).stage(manager, { importId: randomUUID(), administratorId: null, rows: [row] }).catch((e: ServiceFailure) => e.details.issues);
    expect(imported).toEqual([{ field: 'rows.2.externalId', code: 'externalId.feed_owned', params: { source: 'aaf' } }]);
  });

  it('applies all or nothing: a failure mid-apply leaves the directory as it was, and the retry applies it once', async () => {
    const year3 = [...year2().filter((r) => !(r.kind === 'person' && r.joinKey === 'S5')), student('S6', A, '6C')];
    const feed = await diffed(year3);
    expect(byCategory(await changes(feed.id))).toEqual({ new: ['S6'], leaver: ['S5'] });
    const before = await directory();
    // The leavers are written last: a refusal there comes after every other write of the apply.
    await sql`
      CREATE FUNCTION refuse_deactivation() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
      CREATE TRIGGER refuse_deactivation BEFORE UPDATE ON accounts FOR EACH ROW WHEN (OLD.deactivated_at IS NULL AND NEW.deactivated_at IS NOT NULL)
        EXECUTE FUNCTION refuse_deactivation();`.execute(db);
    try {
      await sql`UPDATE feeds SET status = 'applying', confirmed_by = ${manager.id}, confirmed_at = now() WHERE id = ${feed.id}`.execute(db);
      await expect(jobs.apply(feed.id)).rejects.toThrow('disk full');
      expect(await directory()).toEqual(before);
      expect((await feeds.get(manager, feed.id)).status).toBe('applying');
    } finally {
      await sql`DROP TRIGGER refuse_deactivation ON accounts; DROP FUNCTION refuse_deactivation();`.execute(db);
    }
    expect(await jobs.apply(feed.id)).toBe('applied');
    expect(await jobs.apply(feed.id)).toBe('skipped');
    const after = await directory();
    expect(after.filter((r: any) => r.external_id === 'S6')).toHaveLength(1);
    expect(after.find((r: any) => r.external_id === 'S5')).toMatchObject({ deactivated: true });
  });
});
