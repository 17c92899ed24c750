import { randomUUID } from 'node:crypto';
import { EXCHANGES, EventEnvelope, IdentityEvents, ServiceFailure, StagedAccount, UndoPreviewSchema, UndoResultSchema, namespaced } from '@sesame/contracts';
import { eventually } from '@sesame/testing';
import { ChannelModel, connect } from 'amqplib';
import { sql } from 'kysely';
import type { Actor } from '../src/auth/actor';
import { AccountsRepository } from '../src/accounts/accounts.repository';
import { ImportsService } from '../src/imports/imports.service';
import { UndoRepository } from '../src/undo/undo.repository';
import { UndoService } from '../src/undo/undo.service';
import { UsersService } from '../src/users/users.service';
import { A, B, student, year1, year2 } from './support/feed-fixtures';
import { FeedsHarness } from './support/feeds-harness';

/**
 * Undo of a CSV import and of a feed (issue 16): accounts created are removed, those changed restored
 * exactly (every row of accounts, memberships, classes and links as before the apply), blockers
 * refuse it or are skipped, only the confirmer or the manager may, and only once.
 */
describe('undo of an import or a feed (identity)', () => {
  const h = new FeedsHarness();
  let undo: UndoService;
  let otherAdmin: Actor;
  let broker: ChannelModel;
  const operations: EventEnvelope[] = [];

  beforeAll(async () => {
    await h.start();
    undo = h.identity.get(UndoService);
    const { rows } = await sql<{ id: string }>`INSERT INTO accounts (username, role, email) VALUES ('bob.admin', 'administrator', 'bob@ac-test.fr') RETURNING id`.execute(h.db);
    otherAdmin = { id: rows[0].id, username: 'bob.admin', role: 'administrator', schoolIds: h.adminA.schoolIds };
    await sql`INSERT INTO account_schools (account_id, school_id) VALUES (${rows[0].id}, ${h.adminA.schoolIds[0]})`.execute(h.db);
    // identity.import.undone, as another system receives it (the harness listens to identity.user.# only).
    broker = await connect(h.isolation.serviceEnv.AMQP_URL!);
    const channel = await broker.createChannel();
    const exchange = namespaced(h.isolation.serviceEnv.AMQP_NAMESPACE!, EXCHANGES.events);
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, exchange, 'identity.import.#');
    await channel.consume(queue, (message) => message && operations.push(JSON.parse(message.content.toString())), { noAck: true });
  });
  afterAll(async () => {
    await broker?.close();
    await h.close();
  });

  /**
   * Every row the undo must put back, in a stable order. `updated_at` is left out: an undo is a change the
   * académie's tools must see in their deltas (OneRoster's dateLastModified), so it moves forward.
   */
  async function dump() {
    const all = async (query: ReturnType<typeof sql>) => (await query.execute(h.db)).rows;
    const accounts = (await all(sql`SELECT * FROM accounts ORDER BY id`)).map(({ updated_at, ...row }: any) => row);
    return {
      accounts,
      schools: await all(sql`SELECT * FROM account_schools ORDER BY account_id, school_id`),
      classes: await all(sql`SELECT * FROM account_classes ORDER BY account_id, class_id`),
      links: await all(sql`SELECT * FROM relative_links ORDER BY relative_id, student_id`),
      classList: await all(sql`SELECT id, school_id, name FROM classes ORDER BY id`),
      schoolList: await all(sql`SELECT id, uai FROM schools ORDER BY id`),
    };
  }
  const eventsFor = (type: string, ids: string[]) => h.events.filter((e) => e.type === type && ids.includes((e.data as any).userId));
  const applyFeed = async (records: Parameters<FeedsHarness['diffed']>[0], held: Array<{ uai: string; reason: string }> = []) => {
    const feed = await h.diffed(records);
    await h.feeds.confirm(h.manager, { id: feed.id, held });
    await h.status(feed.id, 'applied');
    return feed.id;
  };

  it('undoes a CSV import: its accounts and the class it created are gone, audited and published; the wrong person is refused, a second undo too', async () => {
    const imports = h.identity.get(ImportsService);
    const importId = randomUUID();
    const row = (line: number, username: string, classes: string[]): StagedAccount => ({
      line, username, firstName: 'Prénom', lastName: username, displayName: null, email: null, role: 'member', profile: 'student',
      passwordHash: null, school: A, classes, externalId: null,
    });
    await imports.stage(h.adminA, { importId, administratorId: null, rows: [row(2, 'csv.un', ['6Z']), row(3, 'csv.deux', ['6Z']), row(4, 'csv.trois', [])] });
    const committed = await imports.commit(h.adminA, importId, 3);
    expect(committed).toMatchObject({ committed: true, created: 3, newClasses: [{ school: A, name: '6Z' }] });
    const { rows: created } = await sql<{ id: string }>`SELECT id FROM accounts WHERE import_id = ${importId}`.execute(h.db);
    const ids = created.map((r) => r.id);

    const preview = UndoPreviewSchema.parse(await undo.preview(h.manager, 'import', importId));
    expect(preview).toMatchObject({ kind: 'import', confirmedBy: h.adminA.id, toRemove: 3, toRestore: 0, classes: 1, blocked: 0, blockers: [], undoneAt: null });
    // Another administrator of the same school, a supervisor: not theirs to undo. Nor a feed of that id.
    expect(await h.refusal(undo.preview(otherAdmin, 'import', importId))).toBe('forbidden');
    expect(await h.refusal(undo.undo(otherAdmin, 'import', importId, false))).toBe('forbidden');
    expect(await h.refusal(undo.undo(h.supervisor, 'import', importId, false))).toBe('forbidden');
    expect(await h.refusal(undo.undo(h.adminA, 'feed', importId, false))).toBe('not_found');

    const result = UndoResultSchema.parse(await undo.undo(h.adminA, 'import', importId, false));
    expect(result).toMatchObject({ removed: 3, restored: 0, classesRemoved: 1, blocked: 0, partial: false });
    expect((await sql`SELECT id FROM accounts WHERE id = ANY(${ids}::uuid[])`.execute(h.db)).rows).toEqual([]);
    expect((await sql`SELECT id FROM classes WHERE name = '6Z'`.execute(h.db)).rows).toEqual([]);
    const { rows: audit } = await sql<{ action: string; n: number }>`
      SELECT action, count(*)::int AS n FROM audit_log WHERE action IN ('user.undo', 'import.undo') AND (target_id = ANY(${ids}::uuid[]) OR target_id = ${importId}) GROUP BY action ORDER BY action`.execute(h.db);
    expect(audit).toEqual([{ action: 'import.undo', n: 1 }, { action: 'user.undo', n: 3 }]);
    await eventually(async () => (eventsFor(IdentityEvents.userDeleted.type, ids).length === 3 ? true : undefined), 10_000, 'the deleted events');
    await eventually(async () => operations.find((e) => (e.data as any).operationId === importId), 10_000, 'identity.import.undone');
    expect(operations.find((e) => (e.data as any).operationId === importId)).toMatchObject({
      type: 'identity.import.undone', data: { kind: 'import', removed: 3, restored: 0, blocked: 0, actorId: h.adminA.id },
    });

    expect(await h.refusal(undo.undo(h.manager, 'import', importId, false))).toBe('conflict:already_undone');
    expect(await undo.preview(h.manager, 'import', importId)).toMatchObject({ undoneAt: result.undoneAt, partial: false });
  });

  it('counts an imported administrator who now manages a supervisor as edited: it blocks', async () => {
    const imports = h.identity.get(ImportsService);
    const importId = randomUUID();
    const admin: StagedAccount = {
      line: 2, username: 'admin.importe', firstName: 'Ada', lastName: 'Importée', displayName: null, email: 'ada@ac-test.fr', role: 'administrator', profile: null,
      passwordHash: '$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA', school: A, classes: [], externalId: null,
    };
    await imports.stage(h.manager, { importId, administratorId: null, rows: [admin] });
    await imports.commit(h.manager, importId, 1);
    const { rows } = await sql<{ id: string }>`SELECT id FROM accounts WHERE import_id = ${importId}`.execute(h.db);
    await h.identity.get(UsersService).create(h.manager, { role: 'supervisor', username: 'sup.de.ada', email: 'sup@ac-test.fr', managedBy: rows[0].id } as any);
    const preview = await undo.preview(h.manager, 'import', importId);
    expect(preview).toMatchObject({ toRemove: 0, blocked: 1, blockers: [{ id: rows[0].id, reasons: ['edited'] }] });
    expect(await undo.undo(h.manager, 'import', importId, true)).toMatchObject({ removed: 0, blocked: 1, partial: true });
  });

  it('undoes a feed to the exact prior state: new accounts, a new class, names, contacts, moves, profiles, links, leavers and a returner', async () => {
    await applyFeed(year1());
    // R2 left meanwhile: year 2 brings them back (a returner, with a fresh code).
    await sql`UPDATE accounts SET deactivated_at = now() - interval '1 day' WHERE source = 'aaf' AND external_id = 'R2'`.execute(h.db);
    const before = await dump();

    // S5 in a class of its own, that the feed creates.
    const records = year2().map((r) => (r.kind === 'person' && r.joinKey === 'S5' ? student('S5', A, '6Z', { relatives: r.relatives }) : r));
    const feedId = await applyFeed(records, [{ uai: B, reason: 'Le collège B ferme en juin.' }]);
    const after = await dump();
    expect(after).not.toEqual(before);

    const preview = await undo.preview(h.manager, 'feed', feedId);
    expect(preview).toMatchObject({ kind: 'feed', confirmedBy: h.manager.id, toRemove: 1, blocked: 0, classes: 1 });
    // S1 S2 S3 S4 T1 R2 changed; R1 (link removed) and R3 (a child's link added) inherit again.
    expect(preview.toRestore).toBe(8);
    expect(await h.refusal(undo.preview(h.adminA, 'feed', feedId))).toBe('forbidden');

    const s5 = (await h.account('S5')).id;
    const { rows: [{ undoneFrom }] } = await sql<{ undoneFrom: Date }>`SELECT now() AS "undoneFrom"`.execute(h.db);
    const result = await undo.undo(h.manager, 'feed', feedId, false);
    expect(result).toMatchObject({ removed: 1, restored: 8, classesRemoved: 1, blocked: 0, partial: false });
    expect(await dump()).toEqual(before);

    const restoredIds = (await sql<{ account_id: string }>`SELECT account_id FROM undo_records WHERE operation_id = ${feedId} AND change = 'changed'`.execute(h.db)).rows.map((r) => r.account_id);
    // The reversal is itself a change the tools read in their deltas: every restored account moved forward.
    const { rows: stale } = await sql`SELECT id FROM accounts WHERE id = ANY(${restoredIds}::uuid[]) AND updated_at < ${undoneFrom}`.execute(h.db);
    expect(stale).toEqual([]);
    await eventually(async () => (eventsFor(IdentityEvents.userUpdated.type, restoredIds).filter((e) => (e.data as any).fields).length >= 8 ? true : undefined), 10_000, 'the updated events');
    await eventually(async () => (eventsFor(IdentityEvents.userDeleted.type, [s5]).length === 1 ? true : undefined), 10_000, 'S5 deleted');
    const { rows: trail } = await sql<{ before: any; after: any }>`
      SELECT before, after FROM audit_log WHERE action = 'user.undo' AND target_id = (SELECT id FROM accounts WHERE source = 'aaf' AND external_id = 'S2')`.execute(h.db);
    expect(trail).toMatchObject([{ before: { lastName: 'Nouveau-Nom' }, after: { lastName: 'Nom S2' } }]);
  });

  it('is blocked by an account activated, distributed or edited since, lists them, and undoes the rest when asked', async () => {
    const before = await dump();
    const records = [...year1(), student('S7', A, '6A'), student('S8', A, '6A'), student('S9', A, '6A')].map((r) =>
      r.kind === 'person' && r.joinKey === 'S2' ? { ...r, lastName: 'Encore' } : r.kind === 'person' && r.joinKey === 'S3' ? { ...r, lastName: 'Autre' } : r,
    );
    const feedId = await applyFeed(records);
    const [s7, s8, s2, s3, r2] = await Promise.all(['S7', 'S8', 'S2', 'S3', 'R2'].map(async (k) => (await h.account(k)).id));
    await sql`UPDATE accounts SET activated_at = now(), password_hash = 'argon2-hash' WHERE id = ${s7}`.execute(h.db);
    await sql`UPDATE accounts SET last_distributed_at = now(), last_distribution_channel = 'pdf' WHERE id = ${s8}`.execute(h.db);
    await h.identity.get(UsersService).update(h.manager, { id: s2, patch: { displayName: 'S. Deux' } });
    // The enrolment stream edits without an audit row; a sign-in (as the login records it) is no edit.
    await sql`UPDATE accounts SET mobile = '0600000000', updated_at = now() WHERE id = ${r2}`.execute(h.db);
    await h.identity.get(AccountsRepository).recordSignIn(s3, new Date());
    const s3SignedIn = (await h.account('S3')).last_login_at;

    const preview = await undo.preview(h.manager, 'feed', feedId);
    expect(preview).toMatchObject({ toRemove: 1, blocked: 4 });
    expect(Object.fromEntries(preview.blockers.map((b) => [b.id, b.reasons]))).toEqual({ [s7]: ['activated'], [s8]: ['distributed'], [s2]: ['edited'], [r2]: ['edited'] });
    expect(preview.blockers.find((b) => b.id === s2)).toMatchObject({ lastName: 'Encore' });

    const refused = await undo.undo(h.manager, 'feed', feedId, false).catch((e: ServiceFailure) => e);
    expect(refused).toBeInstanceOf(ServiceFailure);
    expect((refused as ServiceFailure).details.params).toMatchObject({ reason: 'undo_blocked', blocked: 4 });
    expect(String((refused as ServiceFailure).details.params?.blockers)).toContain((await h.account('S7')).username);

    const result = await undo.undo(h.manager, 'feed', feedId, true);
    expect(result).toMatchObject({ removed: 1, blocked: 4, partial: true });
    expect(result.blockers.map((b) => b.id).sort()).toEqual([s2, s7, s8, r2].sort());
    // The blocked ones are as the feed and their edits left them; S9 is gone, S3 named as before.
    expect(await h.account('S7')).toMatchObject({ id: s7 });
    expect(await h.account('S8')).toMatchObject({ id: s8 });
    expect(await h.account('S2')).toMatchObject({ last_name: 'Encore', display_name: 'S. Deux' });
    expect(await h.account('S9')).toBeUndefined();
    // S3 restored, its sign-in kept (the account's use, not the feed's doing).
    expect(await h.account('S3')).toMatchObject({ id: s3, last_name: (before.accounts as any[]).find((a) => a.id === s3).last_name, last_login_at: s3SignedIn });
    expect(await undo.preview(h.manager, 'feed', feedId)).toMatchObject({ partial: true });
    expect(await h.refusal(undo.undo(h.manager, 'feed', feedId, true))).toBe('conflict:already_undone');
  });

  it('forgets the records past their days: no undo then; a deleted account’s record goes with it', async () => {
    const imports = h.identity.get(ImportsService);
    const staged = (line: number, username: string): StagedAccount => ({
      line, username, firstName: 'Prénom', lastName: username, displayName: null, email: null, role: 'member', profile: 'student',
      passwordHash: null, school: A, classes: [], externalId: null,
    });
    const importId = randomUUID();
    await imports.stage(h.adminA, { importId, administratorId: null, rows: [staged(2, 'vieux.un'), staged(3, 'vieux.deux')] });
    await imports.commit(h.adminA, importId, 2);
    const records = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM undo_records WHERE operation_id = ${importId}`.execute(h.db)).rows[0].n;
    expect(await records()).toBe(2);

    // The legal calendar deletes an account: its record goes with it.
    const { rows } = await sql<{ id: string }>`SELECT id FROM accounts WHERE import_id = ${importId} ORDER BY username LIMIT 1`.execute(h.db);
    await sql`DELETE FROM accounts WHERE id = ${rows[0].id}`.execute(h.db);
    expect(await records()).toBe(1);

    // Past the retention (the maintenance job's cut-off), the operation expires: records deleted, undo refused.
    const repository = h.identity.get(UndoRepository);
    expect(await repository.expire(new Date(Date.now() - 86_400_000))).toBe(0);
    expect(await repository.expire(new Date(Date.now() + 1_000))).toBeGreaterThanOrEqual(1);
    expect(await records()).toBe(0);
    expect(await h.refusal(undo.preview(h.adminA, 'import', importId))).toBe('conflict:undo_expired');
    expect(await h.refusal(undo.undo(h.adminA, 'import', importId, false))).toBe('conflict:undo_expired');
    // An operation undone earlier keeps telling so.
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM undo_records r JOIN undo_operations o USING (operation_id) WHERE o.undone_at IS NOT NULL`.execute(h.db)).rows[0].n).toBe(0);
  });
});
