import { EXCHANGES, EventEnvelope, IdentityEvents, ServiceFailure, UserFilter, namespaced } from '@sesame/contracts';
import { eventually } from '@sesame/testing';
import { ChannelModel, connect } from 'amqplib';
import { sql } from 'kysely';
import { MembershipsRepository } from '../src/accounts/memberships.repository';
import { RentreeService } from '../src/rentree/rentree.service';
import { SelectionRepository } from '../src/users/selection.repository';
import { A, B, C, year1 } from './support/feed-fixtures';
import { FeedsHarness } from './support/feeds-harness';

const DAY = 86_400_000;

/**
 * The rentrée (issue 16) against PostgreSQL: the preview's counts, an opening that keeps every
 * credential and archives year N, the class list (refused whole with its line numbers), newcomers for
 * the letters, the restore all or nothing (same class ids) within 30 days, and the scope.
 */
describe('rentrée: open year N+1, letters to newcomers, restore (identity)', () => {
  const h = new FeedsHarness();
  let rentree: RentreeService;
  let selection: SelectionRepository;
  let schoolA: string;
  let schoolB: string;
  let schoolC: string;
  let broker: ChannelModel;
  const events: EventEnvelope[] = [];

  beforeAll(async () => {
    await h.start();
    // The rentrée's events as another system receives them.
    broker = await connect(h.isolation.serviceEnv.AMQP_URL!);
    const channel = await broker.createChannel();
    const exchange = namespaced(h.isolation.serviceEnv.AMQP_NAMESPACE!, EXCHANGES.events);
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, exchange, 'identity.rentree.#');
    await channel.consume(queue, (message) => message && events.push(JSON.parse(message.content.toString())), { noAck: true });
    rentree = h.identity.get(RentreeService);
    selection = h.identity.get(SelectionRepository);
    const ids = (await sql<{ id: string; uai: string }>`SELECT id, uai FROM schools`.execute(h.db)).rows;
    [schoolA, schoolB, schoolC] = [A, B, C].map((uai) => ids.find((s) => s.uai === uai)!.id);
  });
  afterAll(async () => {
    await broker?.close();
    await h.close();
  });

  /** `count` students `prefix1…` in the school, spread over its classes (created), every other one activated with a password. */
  async function students(school: string, prefix: string, count: number, classes: string[]): Promise<void> {
    await sql`INSERT INTO classes (school_id, name) SELECT ${school}::uuid, unnest(${sql.val(classes)}::text[]) ON CONFLICT DO NOTHING`.execute(h.db);
    await sql`
      INSERT INTO accounts (username, username_skeleton, role, profile, first_name, last_name, password_hash, activated_at, activation_code, ine)
      SELECT ${prefix} || i, ${prefix} || i, 'member', 'student', 'Élève', ${prefix} || i,
             CASE WHEN i % 2 = 0 THEN 'argon2-hash-' || i END, CASE WHEN i % 2 = 0 THEN now() - interval '100 days' END,
             CASE WHEN i % 2 = 1 THEN 'sealed-code-' || i END, upper(${prefix}) || lpad(i::text, 6, '0')
      FROM generate_series(1, ${count}) AS i`.execute(h.db);
    await sql`INSERT INTO account_schools (account_id, school_id) SELECT id, ${school}::uuid FROM accounts WHERE username LIKE ${`${prefix}%`}`.execute(h.db);
    await sql`
      INSERT INTO account_classes (account_id, class_id)
      SELECT a.id, c.id FROM accounts a JOIN classes c ON c.school_id = ${school}::uuid
        AND c.name = (${sql.val(classes)}::text[])[1 + (substr(a.username, ${prefix.length + 1})::int % ${classes.length})]
      WHERE a.username LIKE ${`${prefix}%`}`.execute(h.db);
  }
  const idOf = async (username: string) => (await sql<{ id: string }>`SELECT id FROM accounts WHERE username = ${username}`.execute(h.db)).rows[0].id;
  const credentials = async (school: string) =>
    (await sql<any>`SELECT a.id, a.username, a.password_hash, a.activated_at, a.activation_code, a.session_version FROM accounts a
                    JOIN account_schools m ON m.account_id = a.id AND m.school_id = ${school} ORDER BY a.username`.execute(h.db)).rows;
  const classesOf = async (school: string) => (await sql<any>`SELECT id, name FROM classes WHERE school_id = ${school} ORDER BY name`.execute(h.db)).rows;
  const classMemberships = async (school: string) =>
    (await sql<any>`SELECT ac.account_id, ac.class_id, ac.inherited FROM account_classes ac JOIN classes c ON c.id = ac.class_id
                    WHERE c.school_id = ${school} ORDER BY 1, 2`.execute(h.db)).rows;
  /** The logins the distribution would select with « arrived since the rentrée » (the campaign's path). */
  const arrived = async (filter: Partial<UserFilter> = {}) => {
    const candidates = selection.candidates(h.manager, { preDeleted: 'exclude', deactivated: 'exclude', arrivedSinceRentree: true, ...filter });
    return (await sql<{ username: string }>`SELECT username FROM accounts WHERE id IN (SELECT id FROM (${candidates}) x) ORDER BY 1`.execute(h.db)).rows.map((r) => r.username);
  };
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (e: ServiceFailure) => [e.code, e.details.params?.reason, ...(e.details.issues ?? []).map((i) => `${i.code}@${i.params?.line}`)].filter(Boolean).join(':'),
    );

  it('previews, opens keeping every credential, refuses a class list with unknown pupils, and lets only the right people in', async () => {
    await students(schoolA, 'ea', 40, ['6A', '6B']);
    await students(schoolB, 'eb', 5, ['5A']);
    // A relative inherits a child's school and class; a leaver and a deactivated pupil are not kept.
    const relative = (await sql<{ id: string }>`INSERT INTO accounts (username, username_skeleton, role, profile) VALUES ('parent1', 'parent1', 'member', 'relative') RETURNING id`.execute(h.db)).rows[0].id;
    await sql`INSERT INTO relative_links (relative_id, student_id) VALUES (${relative}, ${await idOf('ea1')})`.execute(h.db);
    await h.identity.get(MembershipsRepository).refreshRelatives([relative]);
    await sql`UPDATE accounts SET left_at = now() WHERE username = 'ea39'`.execute(h.db);
    await sql`UPDATE accounts SET deactivated_at = now() WHERE username = 'ea40'`.execute(h.db);

    const input = { schoolIds: [schoolA], schoolYear: 2027 };
    expect((await rentree.preview(h.manager, input)).total).toEqual({ classesArchived: 2, pupilsKept: 38, pupilsWithoutClass: 38, newcomers: 0, classesCreated: 0 });
    // The administrator of A previews A; B is outside their scope, supervisors and members do nothing.
    expect((await rentree.preview(h.adminA, { schoolYear: 2027 })).schools.map((s) => s.uai)).toEqual([A]);
    expect(await refusal(rentree.preview(h.adminA, { schoolIds: [schoolB], schoolYear: 2027 }))).toBe('forbidden');
    expect(await refusal(rentree.open(h.adminA, { schoolIds: [schoolA, schoolB], schoolYear: 2027 }))).toBe('forbidden');
    expect(await refusal(rentree.preview(h.supervisor, input))).toBe('forbidden');

    // Unknown pupils: refused whole, naming the lines (eb1 is B's: unknown to A's administrator), nothing written.
    const badList = [
      { line: 2, login: 'ea1', className: '5A' },
      { line: 3, login: 'nobody', className: '5A' },
      { line: 4, ine: 'ZZ999999', className: '5B' },
      { line: 5, login: 'eb1', className: '5B' },
    ];
    expect(await refusal(rentree.open(h.adminA, { schoolYear: 2027, classList: badList }))).toBe(
      'validation_failed:rentree.unknown_pupil@3:rentree.unknown_pupil@4:rentree.unknown_pupil@5',
    );
    expect((await classesOf(schoolA)).map((c) => c.name)).toEqual(['6A', '6B']);
    expect((await sql<any>`SELECT count(*)::int AS n FROM rentrees`.execute(h.db)).rows[0].n).toBe(0);

    // The manager's class list: ea1…ea10 in 5A/5B (by login and by INE), eb1 (of school B) joins A.
    const classList = [
      ...Array.from({ length: 9 }, (_, i) => ({ login: `ea${i + 1}`, className: i % 2 ? '5B' : '5A' })),
      { ine: 'EA000010', className: '5B' },
      { login: 'eb1', className: '5A' },
    ];
    const withList = { ...input, classList };
    expect((await rentree.preview(h.manager, withList)).total).toEqual({ classesArchived: 2, pupilsKept: 38, pupilsWithoutClass: 28, newcomers: 1, classesCreated: 2 });

    const before = await credentials(schoolA);
    const yearN = { classes: await classesOf(schoolA), memberships: await classMemberships(schoolA), b: await classMemberships(schoolB) };
    expect(yearN.memberships.filter((m: any) => m.inherited)).toHaveLength(1);
    const opened = await rentree.open(h.manager, withList, 'req-rentree');
    expect(opened).toMatchObject({ schoolYear: 2027, schoolIds: [schoolA], restorable: true, restoredAt: null, counts: { classesArchived: 2, pupilsKept: 38, newcomers: 1 } });
    expect(new Date(opened.restorableUntil).getTime() - new Date(opened.openedAt).getTime()).toBeCloseTo(30 * DAY, -5);

    // Same login, password, activation and sessions for everyone who stays; eb1 is now in A too.
    const after = await credentials(schoolA);
    expect(after.filter((r: any) => r.username !== 'eb1')).toEqual(before);
    // Year N archived exactly, then removed; the class list's classes and pupils in place, the relative inheriting.
    const archived = (await sql<any>`SELECT class_id AS id, name FROM rentree_classes WHERE rentree_id = ${opened.id} ORDER BY name`.execute(h.db)).rows;
    expect(archived).toEqual(yearN.classes);
    const archivedMemberships = (await sql<any>`SELECT account_id, class_id, inherited FROM rentree_memberships WHERE rentree_id = ${opened.id} ORDER BY 1, 2`.execute(h.db)).rows;
    expect(archivedMemberships).toEqual(yearN.memberships);
    expect((await classesOf(schoolA)).map((c) => c.name)).toEqual(['5A', '5B']);
    const placed = (await sql<any>`SELECT a.username, c.name, ac.inherited FROM account_classes ac JOIN classes c ON c.id = ac.class_id JOIN accounts a ON a.id = ac.account_id
                                   WHERE c.school_id = ${schoolA} ORDER BY 1`.execute(h.db)).rows;
    expect(placed).toHaveLength(12);
    expect(placed).toContainEqual({ username: 'parent1', name: '5A', inherited: true });
    expect(placed).toContainEqual({ username: 'ea10', name: '5B', inherited: false });
    expect(placed).toContainEqual({ username: 'eb1', name: '5A', inherited: false });
    // School B keeps its year: its classes were not opened.
    expect(await classMemberships(schoolB)).toEqual(yearN.b);

    const audit = (await sql<any>`SELECT actor_id, after, request_id FROM audit_log WHERE action = 'rentree.open'`.execute(h.db)).rows;
    expect(audit).toEqual([{ actor_id: h.manager.id, request_id: 'req-rentree', after: expect.objectContaining({ rentreeId: opened.id, schoolYear: 2027 }) }]);
    const published = await eventually(async () => events.find((e) => e.type === IdentityEvents.rentreeOpened.type), 10_000, 'rentree opened');
    expect(IdentityEvents.rentreeOpened.data.parse(published.data)).toEqual({
      rentreeId: opened.id, schoolYear: 2027, schoolIds: [schoolA], classesArchived: 2, pupilsKept: 38, actorId: h.manager.id,
    });

    // Once a year: the same year again, or an earlier one, is refused.
    expect(await refusal(rentree.open(h.manager, input))).toBe('conflict:rentree_already_opened');
    expect(await refusal(rentree.open(h.adminA, { schoolYear: 2026 }))).toBe('conflict:rentree_already_opened');

    // Letters: newcomers (eb1, pupils arriving now) without a letter since the rentrée, and those never distributed; nobody else.
    await sql`UPDATE accounts SET last_distributed_at = now() - interval '100 days'`.execute(h.db);
    await students(schoolA, 'nouveau', 4, ['5A']);
    await sql`UPDATE accounts SET last_distributed_at = now() - interval '100 days' WHERE username = 'nouveau3'`.execute(h.db);
    // nouveau4 arrived and got its letter since the rentrée: a second distribution leaves it out.
    await sql`UPDATE accounts SET last_distributed_at = now() WHERE username = 'nouveau4'`.execute(h.db);
    // A staying pupil whose membership is written again (an edit, a feed) is not new.
    await sql`DELETE FROM account_schools WHERE account_id = ${await idOf('ea2')}`.execute(h.db);
    await sql`INSERT INTO account_schools (account_id, school_id) VALUES (${await idOf('ea2')}, ${schoolA})`.execute(h.db);
    await sql`UPDATE accounts SET last_distributed_at = NULL WHERE username = 'eb5'`.execute(h.db);
    expect(await arrived({ schoolId: schoolA })).toEqual(['eb1', 'nouveau1', 'nouveau2', 'nouveau3']);
    expect(await arrived()).toEqual(['eb1', 'eb5', 'nouveau1', 'nouveau2', 'nouveau3']);
    expect(await selection.count(h.manager, { preDeleted: 'exclude', deactivated: 'exclude', arrivedSinceRentree: true })).toBe(5);
    // School B had no rentrée: only its never-distributed pupil (eb1 is new to A, not to B).
    expect(await arrived({ schoolId: schoolB })).toEqual(['eb5']);

    // Restore: refused after 30 days, outside the scope, then done by A's administrator, exactly.
    expect(await refusal(rentree.restore(h.adminA, opened.id, undefined, new Date(Date.now() + 31 * DAY)))).toBe('conflict:restore_expired');
    expect(await refusal(rentree.restore(h.supervisor, opened.id))).toBe('forbidden');
    const restored = await rentree.restore(h.adminA, opened.id, 'req-restore');
    expect(restored).toMatchObject({ restorable: false, restoredAt: expect.any(String) });
    expect(await classesOf(schoolA)).toEqual(yearN.classes);
    expect(await classMemberships(schoolA)).toEqual(yearN.memberships);
    expect(await classMemberships(schoolB)).toEqual(yearN.b);
    expect(await credentials(schoolA)).toEqual(expect.arrayContaining(before));
    expect(await refusal(rentree.restore(h.manager, opened.id))).toBe('conflict:rentree_restored');
    // Newcomers stay in the school; with the rentrée restored, only those never distributed remain.
    expect((await credentials(schoolA)).map((r: any) => r.username)).toContain('eb1');
    expect(await arrived({ schoolId: schoolA })).toEqual(['nouveau1', 'nouveau2']);
    await eventually(async () => events.find((e) => e.type === IdentityEvents.rentreeRestored.type && (e.data as any).rentreeId === opened.id), 10_000, 'rentree restored');
    expect((await sql<any>`SELECT actor_id FROM audit_log WHERE action = 'rentree.restore'`.execute(h.db)).rows).toEqual([{ actor_id: h.adminA.id }]);
    expect((await rentree.list(h.adminA)).items.map((r) => r.id)).toEqual([opened.id]);
  });

  it('lets a feed applied after the rentrée create the new classes and place the pupils, who are not newcomers', async () => {
    const first = await h.diffed(year1());
    await h.feeds.confirm(h.manager, { id: first.id, held: [] });
    await h.status(first.id, 'applied');
    await sql`UPDATE accounts SET last_distributed_at = now() WHERE role = 'member'`.execute(h.db);
    const opened = await rentree.open(h.manager, { schoolIds: [schoolC, schoolB], schoolYear: 2027 });
    expect(opened.counts).toMatchObject({ classesArchived: 1, pupilsKept: 6 });
    expect((await classesOf(schoolB)).map((c) => c.name)).toEqual([]);

    // The next snapshot names the classes of the new year: the feed creates them and places the pupils again.
    const second = await h.diffed(year1());
    await h.feeds.confirm(h.manager, { id: second.id, held: [] });
    await h.status(second.id, 'applied');
    expect((await classesOf(schoolB)).map((c) => c.name)).toEqual(['5A']);
    const s4 = await h.account('S4');
    expect((await classMemberships(schoolB)).map((m: any) => m.account_id)).toContain(s4.id);
    expect(await arrived({ schoolId: schoolB })).toEqual([]);

    // A later rentrée of one of its schools: the earlier one can no longer be restored.
    await rentree.open(h.manager, { schoolIds: [schoolB], schoolYear: 2028 });
    expect((await rentree.list(h.manager)).items.map((r) => [r.schoolYear, r.restorable])).toEqual([[2028, true], [2027, false], [2027, false]]);
    expect(await refusal(rentree.restore(h.manager, opened.id))).toBe('conflict:rentree_superseded');
    // Another school's rentrée is not said to exist to A's administrator.
    expect((await rentree.list(h.adminA)).items.map((r) => r.schoolIds)).toEqual([[schoolA]]);
    expect(await refusal(rentree.restore(h.adminA, opened.id))).toBe('not_found');
  });
});
