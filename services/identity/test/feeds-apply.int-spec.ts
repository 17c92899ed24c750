import { randomUUID } from 'node:crypto';
import { FeedChangesPageSchema, FeedPerson, FeedViewSchema, IdentityEvents, ServiceFailure, StagedAccount } from '@sesame/contracts';
import { eventually } from '@sesame/testing';
import { sql } from 'kysely';
import { FeedDiffRepository } from '../src/feeds/feed-diff.repository';
import { ImportsService } from '../src/imports/imports.service';
import { UsersService } from '../src/users/users.service';
import { A, B, C, student, year1, year2 } from './support/feed-fixtures';
import { FeedsHarness, byCategory, some } from './support/feeds-harness';

/**
 * A small académie, year 1 then year 2: the diff's categories exactly, the held school and its second
 * confirmation, the idempotent re-run, légal = 2, the stale diff, the lanes, the all-or-nothing apply.
 * The tests run in order: each starts from the directory the previous ones left.
 */
describe('académie feeds: diff, confirmation and apply (identity)', () => {
  const h = new FeedsHarness();
  beforeAll(() => h.start());
  afterAll(() => h.close());

  it('diffs year 2 against year 1 by key, exactly, holds the school that loses too many, and applies once confirmed with the reason', async () => {
    const first = await h.diffed(year1());
    expect(some(first.totals)).toEqual({ new: 8, links_added: 2 });
    await h.feeds.confirm(h.manager, { id: first.id, held: [] });
    await h.status(first.id, 'applied');
    const s1 = await h.account('S1');
    expect(s1).toMatchObject({ role: 'member', profile: 'student', last_distributed_at: null, username: 'prenom-s1.nom-s1' });
    expect(s1.activation_code).toBeTruthy();
    expect((await h.directory()).find((r: any) => r.external_id === 'R2').children).toBeNull();

    // Meanwhile R2 left and was deactivated: the next snapshot names them again.
    await sql`UPDATE accounts SET deactivated_at = now() WHERE source = 'aaf' AND external_id = 'R2'`.execute(h.db);
    const r2CodeBefore = (await h.account('R2')).activation_code;
    const second = await h.diffed(year2());
    expect(byCategory(await h.changes(second.id))).toEqual({
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
    // As the RPC answers it (its schema checks every category's count, the held school's share).
    expect(FeedViewSchema.parse(second)).toEqual(second);
    FeedChangesPageSchema.parse(await h.feeds.changesOf(h.manager, { id: second.id, after: 0, limit: 5000 }));
    expect(second.schools.find((s) => s.uai === B)).toMatchObject({ accounts: 1, counts: { leaver: 1 }, leaversPercent: 100, held: true });
    expect(second.schools.find((s) => s.uai === A)).toMatchObject({ held: false });
    const page = await h.feeds.changesOf(h.manager, { id: second.id, category: 'leaver', uai: B, after: 0, limit: 1 });
    expect(page.items).toMatchObject([{ joinKey: 'S4', username: 'prenom-s4.nom-s4', lastName: 'Nom S4' }]);

    expect(await h.refusal(h.feeds.confirm(h.adminA, { id: second.id, held: [] }))).toBe('not_found');
    expect(await h.refusal(h.feeds.confirm(h.manager, { id: second.id, held: [] }))).toBe('conflict:feed_held');
    await h.feeds.confirm(h.manager, { id: second.id, held: [{ uai: B, reason: 'Le collège B ferme en juin.' }] });
    const applied = await h.status(second.id, 'applied');
    expect(applied).toMatchObject({ confirmedBy: { username: 'manager' }, heldConfirmations: [{ uai: B, reason: 'Le collège B ferme en juin.' }] });
    const { rows: audit } = await sql<any>`SELECT after FROM audit_log WHERE action = 'feed.confirm' AND target_id = ${second.id}`.execute(h.db);
    expect(audit[0].after.heldConfirmations).toEqual([{ uai: B, reason: 'Le collège B ferme en juin.' }]);

    const rows = await h.directory();
    const of = (key: string) => rows.find((r: any) => r.external_id === key);
    // Leavers enter the calendar: flagged as leaving, still active until their toleration ends.
    expect(of('S4')).toMatchObject({ leaving: true, deactivated: false });
    expect(of('S3')).toMatchObject({ leaving: true, deactivated: false });
    expect(of('R2')).toMatchObject({ leaving: false, deactivated: false });
    expect((await h.account('R2')).activation_code).not.toBe(r2CodeBefore);
    expect(of('S2')).toMatchObject({ last_name: 'Nouveau-Nom' });
    expect(of('S1')).toMatchObject({ classes: [`${A}/6B`] });
    expect(of('T1')).toMatchObject({ profile: 'personnel', email: 't1@ac-test.fr' });
    expect(of('R1')).toMatchObject({ children: null });
    expect(of('R3')).toMatchObject({ children: ['S3', 'S5'] });
    expect(of('S5')).toMatchObject({ deactivated: false, classes: [`${A}/6A`] });
    const { rows: trail } = await sql<{ action: string; n: number }>`
      SELECT action, count(*)::int AS n FROM audit_log WHERE after->>'feedId' = ${second.id} GROUP BY action ORDER BY action`.execute(h.db);
    expect(trail).toEqual([
      { action: 'user.depart', n: 2 },
      { action: 'user.feed-create', n: 1 },
      { action: 'user.feed-reactivate', n: 1 },
      { action: 'user.feed-update', n: 3 },
    ]);

    // The same events as the other paths, each payload as its contract says.
    const ids = Object.fromEntries((await Promise.all(['S2', 'S4', 'S5', 'R2', 'T1'].map(async (k) => [k, (await h.account(k)).id]))) as Array<[string, string]>);
    const event = (definition: { type: string; data: { parse: (d: unknown) => any } }, userId: string) =>
      eventually(async () => {
        const found = h.events.find((e) => e.type === definition.type && (e.data as any).userId === userId);
        return found ? definition.data.parse(found.data) : undefined;
      }, 10_000, `${definition.type} of ${userId}`);
    expect(await event(IdentityEvents.userCreated, ids.S5)).toMatchObject({ username: 'prenom-s5.nom-s5', role: 'member', profile: 'student', actorId: h.manager.id });
    // A leaver's dates, from today and the students' delays (docs/lifecycle.md: 15 + 30 + 30 days by default).
    const leaving = await event(IdentityEvents.userLeaving, ids.S4);
    expect(leaving).toMatchObject({ profile: 'student', actorId: h.manager.id });
    expect(Date.parse(leaving.deleteOn) - Date.parse(leaving.leftAt)).toBe(75 * 86_400_000);
    expect(await event(IdentityEvents.userReactivated, ids.R2)).toMatchObject({ profile: 'relative' });
    expect(await event(IdentityEvents.userUpdated, ids.S2)).toMatchObject({ fields: ['firstName', 'lastName'] });
    expect(await event(IdentityEvents.userUpdated, ids.T1)).toMatchObject({ fields: ['email', 'mobile', 'profile'] });

    // The same snapshot again: nothing to change.
    const again = await h.diffed(year2());
    expect(some(again.totals)).toEqual({});
    expect(await h.changes(again.id)).toEqual([]);

    // légal = 2 links only where FEED_LINK_LEGAL_2 says so (here off; the diff with it on).
    const withLegal2 = await h.identity.get(FeedDiffRepository).diff({ feedId: again.id, kind: 'aaf', schoolId: null, linkLegal2: true });
    expect(some(withLegal2.totals)).toEqual({ links_added: 1 });
    expect(byCategory(await h.changes(again.id))).toEqual({ links_added: ['S2<R2'] });
  });

  it('diffs a school export within its school: its own leavers only, a second school kept', async () => {
    const siecle = (key: string, klass: string): FeedPerson => ({ ...student(key, C, klass), source: 'siecle' });
    const first = await h.diffed([siecle('E1', '4A'), siecle('E2', '4A'), siecle('E3', '4A')], h.manager, 'school', C);
    await h.feeds.confirm(h.manager, { id: first.id, held: [] });
    await h.status(first.id, 'applied');
    // E3 also belongs to school A (by hand): leaving C's export, it only leaves C.
    await sql`INSERT INTO account_schools (account_id, school_id) SELECT a.id, s.id FROM accounts a, schools s WHERE a.external_id = 'E3' AND a.source = 'siecle' AND s.uai = ${A}`.execute(h.db);
    const second = await h.diffed([siecle('E1', '4B')], h.manager, 'school', C);
    expect(byCategory(await h.changes(second.id))).toEqual({ moved: ['E1'], leaver: ['E2', 'E3'] });
    expect(second.schools).toMatchObject([{ uai: C, accounts: 3, leaversPercent: 66.7, held: true }]);
    await h.feeds.confirm(h.manager, { id: second.id, held: [{ uai: C, reason: 'Deux élèves partis au lycée.' }] });
    await h.status(second.id, 'applied');
    const { rows } = await sql<any>`
      SELECT a.external_id, a.left_at IS NOT NULL AS leaving, array(SELECT s.uai FROM account_schools m JOIN schools s ON s.id = m.school_id WHERE m.account_id = a.id ORDER BY 1) AS schools
      FROM accounts a WHERE a.source = 'siecle' ORDER BY 1`.execute(h.db);
    const e3 = (await sql<{ id: string }>`SELECT id FROM accounts WHERE source = 'siecle' AND external_id = 'E3'`.execute(h.db)).rows[0].id;
    const left = await eventually(async () => h.events.find((e) => e.type === IdentityEvents.userUpdated.type && (e.data as any).userId === e3), 10_000, 'E3 updated');
    expect(IdentityEvents.userUpdated.data.parse(left.data)).toMatchObject({ fields: ['schools', 'classes'] });
    expect(rows).toEqual([
      { external_id: 'E1', leaving: false, schools: [C] },
      { external_id: 'E2', leaving: true, schools: [C] },
      { external_id: 'E3', leaving: false, schools: [A] },
    ]);
  });

  it('gives homonyms the first free logins, as enrolment does, never by name matching an account', async () => {
    await sql`INSERT INTO accounts (username, role, profile) VALUES ('lea.martin2', 'member', 'guest')`.execute(h.db);
    const lea = (key: string): FeedPerson => ({ ...student(key, C, '3A'), source: 'onde', firstName: 'Léa', lastName: 'Martin' });
    const feed = await h.diffed([lea('H1'), lea('H2'), lea('H3')], h.manager, 'school', C);
    expect(some(feed.totals)).toEqual({ new: 3 });
    await h.feeds.confirm(h.manager, { id: feed.id, held: [] });
    await h.status(feed.id, 'applied');
    const { rows } = await sql<{ external_id: string; username: string }>`SELECT external_id, username FROM accounts WHERE source = 'onde' ORDER BY external_id`.execute(h.db);
    expect(rows).toEqual([
      { external_id: 'H1', username: 'lea.martin' },
      { external_id: 'H2', username: 'lea.martin3' },
      { external_id: 'H3', username: 'lea.martin4' },
    ]);
  });

  it('refuses to confirm a diff the directory has outdated, or finds it at the apply, and computes it again', async () => {
    const feed = await h.diffed([...year2().filter((r) => !(r.kind === 'person' && r.joinKey === 'S2')), student('S2', A, '6A', { lastName: 'Encore-Autre' })]);
    expect(byCategory(await h.changes(feed.id))).toEqual({ names: ['S2'] });
    await sql`UPDATE accounts SET last_name = 'Changé-Entre-Temps' WHERE source = 'aaf' AND external_id = 'S2'`.execute(h.db);
    expect(await h.refusal(h.feeds.confirm(h.manager, { id: feed.id, held: [] }))).toBe('conflict:feed_stale');
    await h.status(feed.id, 'ready');
    expect(byCategory(await h.changes(feed.id))).toEqual({ names: ['S2'] });
    expect((await h.changes(feed.id))[0].before).toEqual({ lastName: 'Changé-Entre-Temps', firstName: 'Prénom S2' });
    await sql`UPDATE accounts SET last_name = 'Nouveau-Nom' WHERE source = 'aaf' AND external_id = 'S2'`.execute(h.db);

    // A key the diff saw as new, taken since: found by the apply, which changes nothing and diffs again.
    const late = await h.diffed([...year2(), student('S7', A, '6A')]);
    expect(some(late.totals)).toEqual({ new: 1 });
    await sql`INSERT INTO accounts (username, role, profile, source, external_id) VALUES ('s7.ailleurs', 'member', 'student', 'aaf', 'S7')`.execute(h.db);
    await h.feeds.confirm(h.manager, { id: late.id, held: [] });
    const again = await eventually(async () => {
      const view = await h.feeds.get(h.manager, late.id);
      return view.status === 'ready' && view.error ? view : undefined;
    }, 30_000, 'the stale feed back to ready');
    expect(again.error).toMatchObject({ code: 'feed.stale' });
    expect(byCategory(await h.changes(late.id))).toEqual({ names: ['S7'], moved: ['S7'] });
    expect((await h.account('S7')).username).toBe('s7.ailleurs');
    await sql`DELETE FROM accounts WHERE username = 's7.ailleurs'`.execute(h.db);
  });

  it('refuses an edit or a CSV import that would overwrite what the feed owns', async () => {
    const users = h.identity.get(UsersService);
    const s2 = await h.account('S2');
    expect(await h.refusal(users.update(h.manager, { id: s2.id, patch: { lastName: 'Autre' } }))).toBe('validation_failed');
    await users.update(h.manager, { id: s2.id, patch: { lastName: 'Nouveau-Nom', displayName: 'S. Deux' } });
    expect((await h.account('S2')).display_name).toBe('S. Deux');
    const refused = await users.update(h.manager, { id: s2.id, patch: { schoolIds: [] } }).catch((e: ServiceFailure) => e.details.issues);
    expect(refused).toEqual([{ field: 'patch.schoolIds', code: 'field.feed_owned', params: { source: 'aaf' } }]);

    const row: StagedAccount = {
      line: 2, username: 'copie.s1', firstName: 'Prénom', lastName: 'S1', displayName: null, email: null, role: 'member', profile: 'student',
      passwordHash: null, school: A, classes: [], externalId: 'S1',
    };
    const imported = await h.identity.get(ImportsService).stage(h.manager, { importId: randomUUID(), administratorId: null, rows: [row] }).catch((e: ServiceFailure) => e.details.issues);
    expect(imported).toEqual([{ field: 'rows.2.externalId', code: 'externalId.feed_owned', params: { source: 'aaf' } }]);
  });

  it('applies all or nothing: a failure mid-apply leaves the directory as it was, and the retry applies it once', async () => {
    const year3 = [...year2().filter((r) => !(r.kind === 'person' && r.joinKey === 'S5')), student('S6', A, '6C')];
    const feed = await h.diffed(year3);
    expect(byCategory(await h.changes(feed.id))).toEqual({ new: ['S6'], leaver: ['S5'] });
    const before = await h.directory();
    // The leavers are written last: a refusal there comes after every other write of the apply.
    await sql`
      CREATE FUNCTION refuse_departure() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
      CREATE TRIGGER refuse_departure BEFORE UPDATE ON accounts FOR EACH ROW WHEN (OLD.left_at IS NULL AND NEW.left_at IS NOT NULL)
        EXECUTE FUNCTION refuse_departure();`.execute(h.db);
    try {
      await sql`UPDATE feeds SET status = 'applying', confirmed_by = ${h.manager.id}, confirmed_at = now() WHERE id = ${feed.id}`.execute(h.db);
      await expect(h.jobs.apply(feed.id)).rejects.toThrow('disk full');
      expect(await h.directory()).toEqual(before);
      expect((await h.feeds.get(h.manager, feed.id)).status).toBe('applying');
    } finally {
      await sql`DROP TRIGGER refuse_departure ON accounts; DROP FUNCTION refuse_departure();`.execute(h.db);
    }
    expect(await h.jobs.apply(feed.id)).toBe('applied');
    expect((await sql<{ attempts: number }>`SELECT attempts FROM feeds WHERE id = ${feed.id}`.execute(h.db)).rows[0].attempts).toBe(2);
    expect(await h.jobs.apply(feed.id)).toBe('skipped');
    const after = await h.directory();
    expect(after.filter((r: any) => r.external_id === 'S6')).toHaveLength(1);
    expect(after.find((r: any) => r.external_id === 'S5')).toMatchObject({ leaving: true });

    // The tallies' ledger (migration 0013's set-based trigger) still adds up to the accounts, after every feed's updates.
    const combos = 'role, profile, is_activated, has_email, is_deactivated, is_pre_deleted';
    const { rows: ledger } = await sql.raw(`SELECT ${combos}, sum(n)::int AS n FROM account_tallies GROUP BY ${combos} HAVING sum(n) <> 0 ORDER BY ${combos}`).execute(h.db);
    const { rows: actual } = await sql.raw(`SELECT ${combos}, count(*)::int AS n FROM accounts GROUP BY ${combos} ORDER BY ${combos}`).execute(h.db);
    expect(ledger).toEqual(actual);
  });
});
