import { IdentityEvents, ServiceFailure } from '@sesame/contracts';
import { eventually } from '@sesame/testing';
import { sql } from 'kysely';
import { DistributionService } from '../src/distribution/distribution.service';
import { LifecycleService } from '../src/lifecycle/lifecycle.service';
import { PurgeService } from '../src/maintenance/purge.service';
import { A, B } from './support/feed-fixtures';
import { FeedsHarness } from './support/feeds-harness';

const DAY = 86_400_000;

/**
 * The leavers' calendar on a fake clock (issue 16): the legal limit, each step on its day, audited
 * and published once even with two runs at the same time, the simulator, and a returner restored
 * with the same login and password.
 */
describe('lifecycle: the leavers’ calendar (identity)', () => {
  const h = new FeedsHarness();
  let lifecycle: LifecycleService;
  let purge: PurgeService;
  // The departure: an hour ago, so that the "days later" below are the calendar's days.
  const t0 = new Date(Date.now() - 3_600_000);
  const at = (days: number, minutes = 1) => new Date(t0.getTime() + days * DAY + minutes * 60_000);

  beforeAll(async () => {
    await h.start();
    lifecycle = h.identity.get(LifecycleService);
    purge = h.identity.get(PurgeService);
  });
  afterAll(() => h.close());

  async function student(username: string): Promise<string> {
    const { rows } = await sql<{ id: string }>`
      INSERT INTO accounts (username, username_skeleton, role, profile, first_name, last_name, password_hash, activated_at)
      VALUES (${username}, ${username}, 'member', 'student', 'Prénom', ${username}, 'argon2-hash-of-' || ${username}, now()) RETURNING id`.execute(h.db);
    await sql`INSERT INTO account_schools (account_id, school_id) SELECT ${rows[0].id}::uuid, id FROM schools WHERE uai = ${A}`.execute(h.db);
    return rows[0].id;
  }
  const row = async (id: string) => (await sql<any>`SELECT * FROM accounts WHERE id = ${id}`.execute(h.db)).rows[0];
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (e: ServiceFailure) => `${e.code}${e.details?.issues ? `:${e.details.issues.map((i) => i.code).join(',')}` : ''}`,
    );
  const eventsOf = (type: string, userId: string) => h.events.filter((e) => e.type === type && (e.data as any).userId === userId);

  it('refuses a policy past three months with the legal reason, lets only the manager set it, and audits it', async () => {
    const policy = await lifecycle.policy(h.adminA);
    expect(policy.legalMaximumDays).toBe(89);
    // The defaults lie inside the limit.
    for (const p of policy.profiles) expect(p.tolerationDays + p.deactivationDays + p.preDeletionDays).toBeLessThanOrEqual(89);

    const fourMonths = { profiles: [{ profile: 'student' as const, tolerationDays: 40, deactivationDays: 40, preDeletionDays: 40 }] };
    expect(await refusal(lifecycle.setPolicy(h.manager, fourMonths))).toBe('validation_failed:lifecycle.exceeds_legal_limit');
    expect(await refusal(lifecycle.setPolicy(h.adminA, fourMonths))).toBe('forbidden');

    const set = await lifecycle.setPolicy(h.manager, { profiles: [{ profile: 'student', tolerationDays: 10, deactivationDays: 20, preDeletionDays: 30 }] });
    expect(set.profiles.find((p) => p.profile === 'student')).toEqual({ profile: 'student', tolerationDays: 10, deactivationDays: 20, preDeletionDays: 30, noticeDays: 7 });
    expect(set.profiles.find((p) => p.profile === 'relative')).toEqual({ profile: 'relative', tolerationDays: 15, deactivationDays: 30, preDeletionDays: 30, noticeDays: 7 });
    const { rows } = await sql<any>`SELECT actor_id, after FROM audit_log WHERE action = 'lifecycle.policy'`.execute(h.db);
    expect(rows).toHaveLength(1);
    expect(rows[0].actor_id).toBe(h.manager.id);
    // PostgreSQL refuses it too, should anything write around the service.
    await expect(sql`UPDATE lifecycle_policies SET pre_deletion_days = 80 WHERE profile = 'student'`.execute(h.db)).rejects.toThrow(/lifecycle_policies_legal_limit/);
  });

  it('moves a leaver through each step on its day, audited and published, and answers the simulator', async () => {
    const id = await student('lea.depart');
    const before = await lifecycle.ofUser(h.adminA, id);
    expect(before).toMatchObject({ step: 'active', hypothetical: true, leftAt: null });
    expect(new Date(before.dates!.deleteOn).getTime() - Date.now()).toBeGreaterThan(59 * DAY);

    const leaving = await lifecycle.depart(h.adminA, id, t0);
    expect(leaving).toMatchObject({
      step: 'leaving',
      hypothetical: false,
      leftAt: t0.toISOString(),
      dates: { deactivateOn: new Date(t0.getTime() + 10 * DAY).toISOString(), preDeleteOn: new Date(t0.getTime() + 30 * DAY).toISOString(), deleteOn: new Date(t0.getTime() + 60 * DAY).toISOString() },
    });
    await eventually(async () => (eventsOf(IdentityEvents.userLeaving.type, id).length ? true : undefined), 10_000, 'the leaving event');
    expect(eventsOf(IdentityEvents.userLeaving.type, id)).toMatchObject([{ data: { leftAt: t0.toISOString(), deleteOn: new Date(t0.getTime() + 60 * DAY).toISOString() } }]);

    expect(await lifecycle.run(at(9))).toEqual({ noticed: 0, deactivated: 0, preDeleted: 0 });
    expect((await row(id)).deactivated_at).toBeNull();
    expect(await lifecycle.run(at(10))).toEqual({ noticed: 0, deactivated: 1, preDeleted: 0 });
    const deactivated = await row(id);
    expect(deactivated.deactivated_at).toEqual(at(10));
    expect(deactivated.session_version).toBe(1);
    expect(await lifecycle.run(at(29))).toEqual({ noticed: 0, deactivated: 0, preDeleted: 0 });
    expect(await lifecycle.run(at(30))).toEqual({ noticed: 0, deactivated: 0, preDeleted: 1 });
    expect((await row(id)).delete_after).toEqual(new Date(t0.getTime() + 60 * DAY));
    expect(await lifecycle.ofUser(h.adminA, id)).toMatchObject({ step: 'pre_deleted' });

    expect(await purge.purgeExpired(at(59, 59))).toBe(0);
    expect(await purge.purgeExpired(at(60))).toBe(1);
    expect(await row(id)).toBeUndefined();

    const { rows: audit } = await sql<{ action: string }>`SELECT action FROM audit_log WHERE target_id = ${id} ORDER BY at, id`.execute(h.db);
    expect(audit.map((a) => a.action)).toEqual(['user.depart', 'user.lifecycle-deactivate', 'user.lifecycle-pre-delete', 'user.delete']);
    await eventually(async () => (eventsOf(IdentityEvents.userDeleted.type, id).length ? true : undefined), 10_000, 'the deleted event');
    expect(eventsOf(IdentityEvents.userDeactivated.type, id)).toHaveLength(1);
    expect(eventsOf(IdentityEvents.userPreDeleted.type, id)).toMatchObject([{ data: { deleteAfter: new Date(t0.getTime() + 60 * DAY).toISOString(), actorId: null } }]);
  });

  it('takes each leaver once when two runs go at the same time', async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => student(`eleve.${i}`)));
    await sql`UPDATE accounts SET left_at = ${t0} WHERE id = ANY(${ids}::uuid[])`.execute(h.db);
    const [one, two] = await Promise.all([lifecycle.run(at(10)), lifecycle.run(at(10))]);
    expect(one.deactivated + two.deactivated).toBe(40);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'user.lifecycle-deactivate' AND target_id = ANY(${ids}::uuid[])`.execute(h.db);
    expect(rows[0].n).toBe(40);
    const deactivatedEvents = () => h.events.filter((e) => e.type === IdentityEvents.userDeactivated.type && ids.includes((e.data as any).userId));
    await eventually(async () => (deactivatedEvents().length >= 40 ? true : undefined), 10_000, 'the deactivated events');
    expect(deactivatedEvents()).toHaveLength(40);
  });

  it('restores a returner before deletion with the same login and password, and the calendar leaves them be', async () => {
    const id = await student('tom.revient');
    await lifecycle.depart(h.adminA, id, t0);
    await lifecycle.run(at(30));
    const away = await row(id);
    expect(away.pre_deleted_at).not.toBeNull();
    // Undoing a deactivation is the manager's, as a reactivation is.
    expect(await refusal(lifecycle.comeBack(h.adminA, id))).toBe('forbidden');
    expect(await lifecycle.comeBack(h.manager, id)).toMatchObject({ step: 'active', leftAt: null, hypothetical: true });
    const back = await row(id);
    expect(back).toMatchObject({ username: 'tom.revient', password_hash: away.password_hash, deactivated_at: null, pre_deleted_at: null, delete_after: null, left_at: null });
    // The calendar and the purge pass its old dates by (they take the previous test's leavers, not them).
    await lifecycle.run(at(80));
    await purge.purgeExpired(at(80));
    expect(await row(id)).toMatchObject({ deactivated_at: null, pre_deleted_at: null, left_at: null });
    const { rows } = await sql<{ action: string }>`SELECT action FROM audit_log WHERE target_id = ${id} ORDER BY at, id`.execute(h.db);
    // A run late past both dates takes both steps, in order.
    expect(rows.map((r) => r.action)).toEqual(['user.depart', 'user.lifecycle-deactivate', 'user.lifecycle-pre-delete', 'user.return']);
  });

  it('refuses a departure in the future, of a non-member, and out of the administrator’s schools', async () => {
    const id = await student('zoe.futur');
    expect(await refusal(lifecycle.depart(h.adminA, id, new Date(Date.now() + DAY)))).toBe('validation_failed:lifecycle.departure_in_future');
    expect(await refusal(lifecycle.depart(h.adminA, h.supervisor.id, undefined))).toBe('conflict');
    const { rows } = await sql<{ id: string }>`INSERT INTO accounts (username, role, profile) VALUES ('ailleurs', 'member', 'student') RETURNING id`.execute(h.db);
    expect(await refusal(lifecycle.depart(h.adminA, rows[0].id, undefined))).toBe('forbidden');
    expect(await refusal(lifecycle.comeBack(h.adminA, id))).toBe('conflict');
  });

  it('queues each notice once, N days before deactivation and before deletion, where there is an address, in the account’s language', async () => {
    const id = await student('ines.avis');
    const silent = await student('sans.adresse');
    await sql`UPDATE accounts SET email = 'ines@example.org', locale = 'en' WHERE id = ${id}`.execute(h.db);
    await lifecycle.setPolicy(h.manager, { profiles: [{ profile: 'student', tolerationDays: 10, deactivationDays: 20, preDeletionDays: 30, noticeDays: 3 }] });
    await lifecycle.depart(h.adminA, id, t0);
    await lifecycle.depart(h.adminA, silent, t0);
    const notices = () => h.events.filter((e) => e.type === IdentityEvents.lifecycleNoticeDue.type && [id, silent].includes((e.data as any).userId));

    expect((await lifecycle.run(at(6, 59))).noticed).toBe(0);
    expect((await lifecycle.run(at(7))).noticed).toBe(1);
    // The next runs (another replica's, the next hour's) do not send it again.
    expect((await lifecycle.run(at(8))).noticed).toBe(0);
    await eventually(async () => (notices().length ? true : undefined), 10_000, 'the deactivation notice');
    expect(notices()).toMatchObject([
      { data: { userId: id, kind: 'deactivation', on: new Date(t0.getTime() + 10 * DAY).toISOString(), email: 'ines@example.org', locale: 'en', username: 'ines.avis' } },
    ]);
    expect((await lifecycle.ofUser(h.adminA, id)).notices).toEqual([
      { kind: 'deactivation', on: new Date(t0.getTime() + 10 * DAY).toISOString(), queuedAt: at(7).toISOString(), sentAt: null, outcome: null },
    ]);

    expect(await lifecycle.run(at(56, 59))).toMatchObject({ noticed: 0, deactivated: 2, preDeleted: 2 });
    expect((await lifecycle.run(at(57))).noticed).toBe(1);
    await eventually(async () => (notices().length === 2 ? true : undefined), 10_000, 'the deletion notice');
    expect(notices()[1]).toMatchObject({ data: { userId: id, kind: 'deletion', on: new Date(t0.getTime() + 60 * DAY).toISOString() } });

    // Mailmerge's report completes the log.
    const sentAt = at(57, 5);
    expect(await h.identity.get(DistributionService).recordNotice({ userId: id, kind: 'deletion', on: new Date(t0.getTime() + 60 * DAY), outcome: 'sent', at: sentAt })).toBe(true);
    expect((await lifecycle.ofUser(h.adminA, id)).notices[0]).toMatchObject({ kind: 'deletion', sentAt: sentAt.toISOString(), outcome: 'sent' });
    await lifecycle.setPolicy(h.manager, { profiles: [{ profile: 'student', tolerationDays: 10, deactivationDays: 20, preDeletionDays: 30, noticeDays: 7 }] });
  });

  it('simulates a selection: who would be deactivated and deleted on which day, leavers by their own calendar', async () => {
    const stays = await student('reste.ici');
    const gone = await student('deja.parti');
    await lifecycle.depart(h.adminA, gone, t0);
    const leftAt = new Date('2027-07-04T10:00:00Z');
    const simulation = await lifecycle.simulate(h.adminA, { filter: { ids: [stays, gone], preDeleted: 'include', deactivated: 'include' }, leftAt: leftAt.toISOString() });
    expect(simulation.total).toBe(2);
    expect(simulation.outside).toBe(0);
    const day = (d: Date) => `${d.toISOString().slice(0, 10)}T00:00:00.000Z`;
    expect(simulation.groups).toEqual(
      expect.arrayContaining([
        { profile: 'student', step: 'active', hypothetical: true, deactivateOn: day(new Date(leftAt.getTime() + 10 * DAY)), deleteOn: day(new Date(leftAt.getTime() + 60 * DAY)), count: 1 },
        { profile: 'student', step: 'leaving', hypothetical: false, deactivateOn: day(new Date(t0.getTime() + 10 * DAY)), deleteOn: day(new Date(t0.getTime() + 60 * DAY)), count: 1 },
      ]),
    );
    // Another administrator's scope does not reach these accounts.
    const schoolB = (await sql<{ id: string }>`SELECT id FROM schools WHERE uai = ${B}`.execute(h.db)).rows[0].id;
    const adminB = { ...h.adminA, schoolIds: [schoolB] };
    expect((await lifecycle.simulate(adminB, { filter: { ids: [stays, gone], preDeleted: 'exclude', deactivated: 'exclude' } })).total).toBe(0);
  });
});
