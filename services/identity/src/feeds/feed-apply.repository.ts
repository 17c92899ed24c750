import { Injectable } from '@nestjs/common';
import { loginSkeleton } from '@sesame/account-rules';
import { IdentityEvents } from '@sesame/contracts';
import { recordEventsFrom } from '@sesame/outbox';
import { RawBuilder, sql } from 'kysely';
import { ActivationCodeVault } from '../accounts/activation-code-vault';
import { generateActivationCode } from '../accounts/activation-codes';
import { isoInstant, userRefsOf } from '../accounts/account-events';
import { LoginAllocator } from '../accounts/login-allocation';
import { insertMemberships } from '../accounts/memberships.repository';
import type { Db } from '../database/database.module';
import { recordFeedAfter, recordFeedBefore } from '../undo/undo-records';

/** New accounts get their logins and codes this many at a time (the only part Node computes). */
const NEW_ACCOUNTS_BATCH = 5_000;

export interface ApplyContext {
  feedId: string;
  kind: 'aaf' | 'school';
  uai: string | null;
  actorId: string;
  requestId: string;
}

/**
 * A set of accounts as a query of their ids, used as `IN (…)`: a semi-join PostgreSQL hashes
 * (`= ANY(ARRAY(…))` of an unknown size may end in a sequential scan comparing each row with the whole array).
 */
type AccountSet = RawBuilder<unknown>;

/** identity.user.leaving's dates, from the account's departure and its profile's delays (lifecycle_policies). */
const leavingDates = sql`(SELECT jsonb_build_object(
    'leftAt', ${isoInstant(sql`a.left_at`)},
    'deactivateOn', ${isoInstant(sql`a.left_at + make_interval(days => p.toleration_days)`)},
    'deleteOn', ${isoInstant(sql`a.left_at + make_interval(days => p.toleration_days + p.deactivation_days + p.pre_deletion_days)`)})
  FROM lifecycle_policies p WHERE p.profile = a.profile)`;

const changed = (feedId: string, ...categories: string[]): AccountSet =>
  sql`SELECT account_id FROM feed_changes WHERE feed_id = ${feedId} AND category = ANY(${sql.val(categories)}::text[])`;

/**
 * The writes of a confirmed feed, all in the caller's transaction: each category is applied by
 * INSERT … SELECT or UPDATE … FROM the diff (`feed_changes`) and the staged persons, with the audit
 * rows and the domain events built by PostgreSQL beside them. Returns how many events were written.
 */
@Injectable()
export class FeedApplyRepository {
  constructor(private readonly codes: ActivationCodeVault) {}

  /** Serialises applies of one scope (the académie for AAF, one school), across replicas, until the end of the transaction. */
  async lockScope(trx: Db, kind: 'aaf' | 'school', uai: string | null): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`feed-scope:${kind === 'aaf' ? 'aaf' : uai}`}, 0))`.execute(trx);
  }

  /** The feed's status, its row locked until the end of the transaction. */
  async lockFeed(trx: Db, feedId: string): Promise<string | undefined> {
    const { rows } = await sql<{ status: string }>`SELECT status FROM feeds WHERE id = ${feedId} FOR UPDATE`.execute(trx);
    return rows[0]?.status;
  }

  /**
   * Changes whose account no longer is what the diff saw (edited, created or deactivated since).
   * Without `includeNew`, the new accounts are not looked up (a year's first snapshot holds a million:
   * the apply checks them, under its lock).
   */
  async staleChanges(trx: Db, feedId: string, { includeNew = true } = {}): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM feed_changes ch LEFT JOIN accounts a ON a.id = ch.account_id
      WHERE ch.feed_id = ${feedId} ${includeNew ? sql`` : sql`AND ch.category <> 'new'`} AND CASE ch.category
        WHEN 'new' THEN a.id IS NOT NULL OR EXISTS (SELECT 1 FROM accounts x WHERE x.source = ch.source AND x.external_id = ch.join_key)
        WHEN 'names' THEN a.id IS NULL OR (a.last_name, a.first_name) IS DISTINCT FROM (ch.before->>'lastName', ch.before->>'firstName')
        WHEN 'contacts' THEN a.id IS NULL OR (a.email, a.mobile) IS DISTINCT FROM (ch.before->>'email', ch.before->>'mobile')
        WHEN 'profile' THEN a.id IS NULL OR a.profile IS DISTINCT FROM ch.before->>'profile'
        WHEN 'leaver' THEN a.id IS NULL OR a.deactivated_at IS NOT NULL OR a.left_at IS NOT NULL
        WHEN 'returner' THEN a.id IS NULL OR (a.deactivated_at IS NULL AND a.pre_deleted_at IS NULL AND a.left_at IS NULL)
        ELSE false END`.execute(trx);
    return rows[0].n;
  }

  async apply(trx: Db, ctx: ApplyContext, activationExpiresAt: Date): Promise<number> {
    // What the feed is about to change, as it is, so that it can be undone (issue 16).
    await recordFeedBefore(trx, ctx.feedId, ctx.actorId);
    await this.createSchoolsAndClasses(trx, ctx.feedId);
    let events = await this.createAccounts(trx, ctx, activationExpiresAt);
    events += await this.returners(trx, ctx, activationExpiresAt);
    events += await this.updates(trx, ctx);
    events += await this.leavers(trx, ctx);
    // Once, after every change to students' schools, classes and links.
    await this.refreshRelatives(trx, ctx.feedId);
    await recordFeedAfter(trx, ctx.feedId);
    await sql`UPDATE feeds SET status = 'applied', applied_at = now(), updated_at = now(), error = NULL WHERE id = ${ctx.feedId}`.execute(trx);
    return events;
  }

  /** Schools and classes the new and moved persons belong to that the directory does not have yet. */
  private async createSchoolsAndClasses(trx: Db, feedId: string): Promise<void> {
    const persons = sql`
      SELECT p.schools, p.classes FROM feed_changes ch JOIN feed_persons p ON p.feed_id = ch.feed_id AND p.source = ch.source AND p.join_key = ch.join_key
      WHERE ch.feed_id = ${feedId} AND ch.category IN ('new', 'moved')`;
    await sql`
      INSERT INTO schools (uai, name)
      SELECT u.uai, coalesce((SELECT min(f.name) FROM feed_schools f WHERE f.feed_id = ${feedId} AND f.uai = u.uai), u.uai)
      FROM (SELECT DISTINCT unnest(x.schools) AS uai FROM (${persons}) x) u
      ON CONFLICT (uai) DO NOTHING`.execute(trx);
    await sql`
      INSERT INTO classes (school_id, name)
      SELECT DISTINCT s.id, substr(c.key, 10) FROM (SELECT DISTINCT unnest(x.classes) AS key FROM (${persons}) x) c JOIN schools s ON s.uai = left(c.key, 8)
      ON CONFLICT ON CONSTRAINT classes_school_name_key DO NOTHING`.execute(trx);
  }

  /**
   * New accounts: logins and sealed codes are drawn by Node a batch at a time (the only per-person
   * work), each batch inserted from the staged rows; their memberships, audit rows and events then
   * in one statement each for all of them.
   */
  private async createAccounts(trx: Db, ctx: ApplyContext, expires: Date): Promise<number> {
    // One allocator for every batch: each base's logins in use are read once.
    const allocator = new LoginAllocator(trx);
    for (let after = 0; ; ) {
      const { rows } = await sql<{ seq: number; account_id: string; first_name: string | null; last_name: string | null; join_key: string }>`
        SELECT seq, account_id, first_name, last_name, join_key FROM feed_changes
        WHERE feed_id = ${ctx.feedId} AND category = 'new' AND seq > ${after} ORDER BY seq LIMIT ${NEW_ACCOUNTS_BATCH}`.execute(trx);
      if (rows.length === 0) break;
      after = rows.at(-1)!.seq;
      const logins = await allocator.allocate(rows.map((r) => ({ firstName: r.first_name, lastName: r.last_name, externalId: r.join_key })));
      const text = (values: string[]) => sql`${sql.val(values)}::text[]`;
      const codes = rows.map((r) => this.codes.seal(generateActivationCode(), r.account_id));
      await sql`
        INSERT INTO accounts (id, username, username_skeleton, first_name, last_name, email, mobile, ine, feed_fields, role, profile,
                              activation_code, activation_code_expires_at, external_id, source, created_by)
        SELECT n.id, n.username, n.skeleton, p.first_name, p.last_name, p.email, p.mobile, p.ine, p.feed_fields, 'member', p.profile,
               n.code, ${expires}, p.join_key, p.source, ${ctx.actorId}::uuid
        FROM unnest(${sql.val(rows.map((r) => r.account_id))}::uuid[], ${text(logins)}, ${text(logins.map(loginSkeleton))}, ${text(codes)}) AS n(id, username, skeleton, code)
        JOIN feed_changes ch ON ch.feed_id = ${ctx.feedId} AND ch.account_id = n.id AND ch.category = 'new'
        JOIN LATERAL (SELECT fp.first_name, fp.last_name, fp.email, fp.mobile, fp.ine, fp.profile, fp.join_key, fp.source,
                             nullif(array_remove(ARRAY[CASE WHEN fp.email IS NOT NULL THEN 'email' END, CASE WHEN fp.mobile IS NOT NULL THEN 'mobile' END], NULL), '{}') AS feed_fields
                      FROM feed_persons fp WHERE fp.feed_id = ch.feed_id AND fp.source = ch.source AND fp.join_key = ch.join_key) p ON true`.execute(trx);
    }
    const created = sql`
      SELECT ch.account_id, fp.schools, fp.classes FROM feed_changes ch
      JOIN feed_persons fp ON fp.feed_id = ch.feed_id AND fp.source = ch.source AND fp.join_key = ch.join_key
      WHERE ch.feed_id = ${ctx.feedId} AND ch.category = 'new'`;
    await insertMemberships(
      sql`SELECT b.account_id, s.id, false FROM (${created}) b CROSS JOIN unnest(b.schools) AS u(uai) JOIN schools s ON s.uai = u.uai`,
      { fresh: true },
    ).execute(trx);
    await sql`
      INSERT INTO account_classes (account_id, class_id)
      SELECT b.account_id, c.id FROM (${created}) b CROSS JOIN unnest(b.classes) AS k(key)
      JOIN schools s ON s.uai = left(k.key, 8) JOIN classes c ON c.school_id = s.id AND c.name = substr(k.key, 10)`.execute(trx);
    const ids = changed(ctx.feedId, 'new');
    await this.audit(trx, ctx, 'user.feed-create', ids);
    return recordEventsFrom(trx, IdentityEvents.userCreated, this.eventData(ctx, ids));
  }

  /** Known keys whose account was deactivated or marked for deletion: active again. */
  private async returners(trx: Db, ctx: ApplyContext, expires: Date): Promise<number> {
    const ids = changed(ctx.feedId, 'returner');
    const { rows } = await sql<{ id: string; was_deactivated: boolean }>`
      UPDATE accounts a SET deactivated_at = NULL, pre_deleted_at = NULL, delete_after = NULL, left_at = NULL, session_version = a.session_version + 1, updated_at = now()
      FROM accounts old WHERE old.id = a.id AND a.id IN (${ids}) AND (a.deactivated_at IS NOT NULL OR a.pre_deleted_at IS NOT NULL OR a.left_at IS NOT NULL)
      RETURNING a.id, old.deactivated_at IS NOT NULL AS was_deactivated`.execute(trx);
    if (rows.length === 0) return 0;
    // As a reactivation does: an account still to activate gets a fresh code (its letter's one died with the deactivation).
    const { rows: pending } = await sql<{ id: string }>`SELECT id FROM accounts WHERE id IN (${ids}) AND activated_at IS NULL`.execute(trx);
    if (pending.length) {
      const codes = pending.map((r) => this.codes.seal(generateActivationCode(), r.id));
      await sql`
        UPDATE accounts a SET activation_code = v.code, activation_code_expires_at = ${expires}
        FROM unnest(${sql.val(pending.map((r) => r.id))}::uuid[], ${sql.val(codes)}::text[]) AS v(id, code) WHERE a.id = v.id`.execute(trx);
    }
    await this.audit(trx, ctx, 'user.feed-reactivate', ids);
    const reactivated = sql`SELECT unnest(${sql.val(rows.filter((r) => r.was_deactivated).map((r) => r.id))}::uuid[])`;
    const restored = sql`SELECT unnest(${sql.val(rows.filter((r) => !r.was_deactivated).map((r) => r.id))}::uuid[])`;
    return (
      (await recordEventsFrom(trx, IdentityEvents.userReactivated, this.eventData(ctx, reactivated))) +
      (await recordEventsFrom(trx, IdentityEvents.userRestored, this.eventData(ctx, restored)))
    );
  }

  /** names, contacts, profile, moved, links: the accounts' fields, memberships and links, then one event per account. */
  private async updates(trx: Db, ctx: ApplyContext): Promise<number> {
    const { feedId } = ctx;
    const person = sql`JOIN feed_persons p ON p.feed_id = ch.feed_id AND p.source = ch.source AND p.join_key = ch.join_key`;
    await sql`
      UPDATE accounts a SET first_name = p.first_name, last_name = p.last_name, updated_at = now()
      FROM feed_changes ch ${person} WHERE ch.feed_id = ${feedId} AND ch.category = 'names' AND a.id = ch.account_id`.execute(trx);
    await sql`
      UPDATE accounts a SET email = coalesce(p.email, a.email), mobile = coalesce(p.mobile, a.mobile), updated_at = now(),
        feed_fields = nullif(array_remove(ARRAY[CASE WHEN p.email IS NOT NULL THEN 'email' END, CASE WHEN p.mobile IS NOT NULL THEN 'mobile' END], NULL), '{}')
      FROM feed_changes ch ${person} WHERE ch.feed_id = ${feedId} AND ch.category = 'contacts' AND a.id = ch.account_id`.execute(trx);
    await sql`
      UPDATE accounts a SET profile = p.profile, updated_at = now()
      FROM feed_changes ch ${person} WHERE ch.feed_id = ${feedId} AND ch.category = 'profile' AND a.id = ch.account_id`.execute(trx);

    // Moved: the own schools and classes the feed states replace those it is about (all for AAF, its school for a school export).
    const moved = changed(feedId, 'moved');
    const school = ctx.kind === 'school' ? sql`AND school_id = (SELECT id FROM schools WHERE uai = ${ctx.uai})` : sql``;
    const classSchool = ctx.kind === 'school' ? sql`AND class_id IN (SELECT c.id FROM classes c JOIN schools s ON s.id = c.school_id WHERE s.uai = ${ctx.uai})` : sql``;
    const within = ctx.kind === 'school' ? sql`AND u.uai = ${ctx.uai}` : sql``;
    await sql`DELETE FROM account_schools WHERE account_id IN (${moved}) AND NOT inherited ${school}`.execute(trx);
    await sql`DELETE FROM account_classes WHERE account_id IN (${moved}) AND NOT inherited ${classSchool}`.execute(trx);
    await insertMemberships(sql`
      SELECT ch.account_id, s.id, false FROM feed_changes ch ${person} CROSS JOIN unnest(p.schools) AS u(uai) JOIN schools s ON s.uai = u.uai
      WHERE ch.feed_id = ${feedId} AND ch.category = 'moved' ${within}`).execute(trx);
    await sql`
      INSERT INTO account_classes (account_id, class_id)
      SELECT ch.account_id, c.id FROM feed_changes ch ${person} CROSS JOIN unnest(p.classes) AS k(key)
      JOIN schools s ON s.uai = left(k.key, 8) JOIN classes c ON c.school_id = s.id AND c.name = substr(k.key, 10)
      WHERE ch.feed_id = ${feedId} AND ch.category = 'moved' ${ctx.kind === 'school' ? sql`AND left(k.key, 8) = ${ctx.uai}` : sql``}
      ON CONFLICT (account_id, class_id) DO UPDATE SET inherited = false`.execute(trx);

    await sql`
      INSERT INTO relative_links (relative_id, student_id)
      SELECT r.id, ch.account_id FROM feed_changes ch JOIN accounts r ON r.source = ch.source AND r.external_id = ch.after->>'relativeKey'
      WHERE ch.feed_id = ${feedId} AND ch.category = 'links_added'
      ON CONFLICT DO NOTHING`.execute(trx);
    await sql`
      DELETE FROM relative_links l USING feed_changes ch
      WHERE ch.feed_id = ${feedId} AND ch.category = 'links_removed' AND l.student_id = ch.account_id AND l.relative_id = (ch.before->>'relativeId')::uuid`.execute(trx);

    // Accounts that existed before this feed and changed: one audit row and one event each, naming the fields.
    // NOT EXISTS, not NOT IN: an anti-join whatever the number of new accounts.
    const updated: AccountSet = sql`SELECT ch.account_id FROM feed_changes ch WHERE ch.feed_id = ${feedId}
                              AND ch.category IN ('names', 'contacts', 'profile', 'moved', 'links_added', 'links_removed')
                              AND NOT EXISTS (SELECT 1 FROM feed_changes n WHERE n.feed_id = ch.feed_id AND n.account_id = ch.account_id AND n.category = 'new')`;
    await this.audit(trx, ctx, 'user.feed-update', updated);
    return recordEventsFrom(
      trx,
      IdentityEvents.userUpdated,
      sql`
        SELECT d.data || jsonb_build_object('fields', f.fields) FROM (${this.eventData(ctx, updated)}) d
        JOIN LATERAL (SELECT jsonb_agg(DISTINCT field ORDER BY field) AS fields FROM feed_changes ch
                      CROSS JOIN LATERAL unnest(CASE ch.category WHEN 'names' THEN ARRAY['firstName', 'lastName'] WHEN 'contacts' THEN ARRAY['email', 'mobile']
                                                    WHEN 'profile' THEN ARRAY['profile'] WHEN 'moved' THEN ARRAY['schools', 'classes'] ELSE ARRAY['childIds'] END) AS field
                      WHERE ch.feed_id = ${feedId} AND ch.account_id = (d.data->>'userId')::uuid
                        AND ch.category IN ('names', 'contacts', 'profile', 'moved', 'links_added', 'links_removed')) f ON true`,
    );
  }

  /** Relatives of the students whose schools, classes or links the feed changed inherit again. */
  private async refreshRelatives(trx: Db, feedId: string): Promise<void> {
    const relatives = sql`
      SELECT DISTINCT l.relative_id FROM relative_links l
      WHERE l.student_id IN (SELECT account_id FROM feed_changes WHERE feed_id = ${feedId} AND category IN ('new', 'moved', 'links_added', 'leaver'))
      UNION SELECT (before->>'relativeId')::uuid FROM feed_changes WHERE feed_id = ${feedId} AND category = 'links_removed'`;
    await sql`DELETE FROM account_classes WHERE inherited AND account_id IN (${relatives})`.execute(trx);
    await sql`
      INSERT INTO account_classes (account_id, class_id, inherited)
      SELECT DISTINCT r.relative_id, c.class_id, true FROM relative_links r JOIN account_classes c ON c.account_id = r.student_id AND NOT c.inherited
      WHERE r.relative_id IN (${relatives}) ON CONFLICT DO NOTHING`.execute(trx);
    await sql`DELETE FROM account_schools WHERE inherited AND account_id IN (${relatives})`.execute(trx);
    await insertMemberships(sql`
      SELECT DISTINCT r.relative_id, s.school_id, true FROM relative_links r JOIN account_schools s ON s.account_id = r.student_id AND NOT s.inherited
      WHERE r.relative_id IN (${relatives})`).execute(trx);
  }

  /**
   * Leavers are not deleted: they enter the leavers' calendar (docs/lifecycle.md) from their exit
   * date, or today when the snapshot no longer names them. They stay active while tolerated; the
   * scheduled lifecycle run then deactivates and pre-deletes them on their dates. One who still
   * belongs to another school only leaves the exported one.
   */
  private async leavers(trx: Db, ctx: ApplyContext): Promise<number> {
    const { feedId } = ctx;
    let events = 0;
    if (ctx.kind === 'school') {
      await sql`
        DELETE FROM account_schools m USING feed_changes ch
        WHERE ch.feed_id = ${feedId} AND ch.category = 'leaver' AND (ch.after->>'deactivate')::boolean = false
          AND m.account_id = ch.account_id AND NOT m.inherited AND m.school_id = (SELECT id FROM schools WHERE uai = ${ctx.uai})`.execute(trx);
      await sql`
        DELETE FROM account_classes m USING feed_changes ch, classes c, schools s
        WHERE ch.feed_id = ${feedId} AND ch.category = 'leaver' AND (ch.after->>'deactivate')::boolean = false
          AND m.account_id = ch.account_id AND NOT m.inherited AND c.id = m.class_id AND s.id = c.school_id AND s.uai = ${ctx.uai}`.execute(trx);
      const partial: AccountSet = sql`SELECT account_id FROM feed_changes WHERE feed_id = ${feedId} AND category = 'leaver' AND NOT (after->>'deactivate')::boolean`;
      await this.audit(trx, ctx, 'user.feed-update', partial);
      events += await recordEventsFrom(
        trx,
        IdentityEvents.userUpdated,
        sql`SELECT d.data || jsonb_build_object('fields', jsonb_build_array('schools', 'classes')) FROM (${this.eventData(ctx, partial)}) d`,
      );
    }
    const ids: AccountSet = sql`SELECT account_id FROM feed_changes WHERE feed_id = ${feedId} AND category = 'leaver' AND (after->>'deactivate')::boolean`;
    const { numAffectedRows } = await sql`
      UPDATE accounts a SET left_at = least(coalesce((ch.after->>'exitDate')::date::timestamptz, now()), now()), updated_at = now()
      FROM feed_changes ch
      WHERE ch.feed_id = ${feedId} AND ch.category = 'leaver' AND (ch.after->>'deactivate')::boolean AND a.id = ch.account_id
        AND a.left_at IS NULL AND a.deactivated_at IS NULL`.execute(trx);
    if (!numAffectedRows) return events;
    await this.audit(trx, ctx, 'user.depart', ids);
    return events + (await recordEventsFrom(trx, IdentityEvents.userLeaving, this.eventData(ctx, ids, leavingDates)));
  }

  /** One audit row per account: its changes of this feed (before, after), the feed and the confirmer. */
  private async audit(trx: Db, ctx: ApplyContext, action: string, ids: AccountSet): Promise<void> {
    await sql`
      INSERT INTO audit_log (actor_id, action, target_id, before, after, request_id)
      SELECT ${ctx.actorId}::uuid, ${action}, ch.account_id,
             jsonb_object_agg(ch.category, ch.before) FILTER (WHERE ch.before IS NOT NULL),
             jsonb_build_object('feedId', ${ctx.feedId}::text, 'source', min(ch.source), 'joinKey', min(ch.join_key), 'changes', jsonb_agg(jsonb_build_object('category', ch.category, 'after', ch.after) ORDER BY ch.seq)),
             ${ctx.requestId}
      FROM feed_changes ch WHERE ch.feed_id = ${ctx.feedId} AND ch.account_id IN (${ids})
      GROUP BY ch.account_id`.execute(trx);
  }

  private eventData(ctx: ApplyContext, ids: AccountSet, extra?: RawBuilder<unknown>): RawBuilder<unknown> {
    return userRefsOf(ctx.actorId, ids, extra);
  }
}
