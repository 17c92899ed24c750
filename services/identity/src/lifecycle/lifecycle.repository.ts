import { Inject, Injectable } from '@nestjs/common';
import type { LifecycleDelays } from '@sesame/account-rules';
import { IdentityEvents, Profile } from '@sesame/contracts';
import { recordEventsFrom } from '@sesame/outbox';
import { RawBuilder, sql } from 'kysely';
import { isoInstant, userRefsOf } from '../accounts/account-events';
import { DB, Db } from '../database/database.module';
import type { LifecycleNoticesTable } from '../database/schema';

export interface PolicyRow extends LifecycleDelays {
  profile: Profile;
  noticeDays: number;
  updatedAt: Date | null;
}

export type NoticeKind = LifecycleNoticesTable['kind'];

export interface NoticeRow {
  kind: NoticeKind;
  dueOn: Date;
  queuedAt: Date;
  sentAt: Date | null;
  outcome: 'sent' | 'refused' | null;
}

/** The steps the scheduled run takes, in order; deletion is the purge's (maintenance/purge.service). */
export type DueStep = 'deactivate' | 'pre-delete';

const ids = (values: readonly string[]): RawBuilder<unknown> => sql`SELECT unnest(${sql.val([...values])}::uuid[])`;

/** The calendar's data: the policy per profile, departures, and the leavers due for their next step. */
@Injectable()
export class LifecycleRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  async policy(trx: Db = this.db): Promise<PolicyRow[]> {
    const rows = await trx.selectFrom('lifecycle_policies').selectAll().orderBy('profile').execute();
    return rows.map((r) => ({
      profile: r.profile,
      tolerationDays: r.toleration_days,
      deactivationDays: r.deactivation_days,
      preDeletionDays: r.pre_deletion_days,
      noticeDays: r.notice_days,
      updatedAt: r.updated_at,
    }));
  }

  async setPolicy(trx: Db, entries: ReadonlyArray<LifecycleDelays & { profile: Profile; noticeDays?: number }>, actorId: string): Promise<void> {
    for (const e of entries) {
      await trx
        .updateTable('lifecycle_policies')
        .set({
          toleration_days: e.tolerationDays,
          deactivation_days: e.deactivationDays,
          pre_deletion_days: e.preDeletionDays,
          ...(e.noticeDays === undefined ? {} : { notice_days: e.noticeDays }),
          updated_at: new Date(),
          updated_by: actorId,
        })
        .where('profile', '=', e.profile)
        .execute();
    }
  }

  /** Records a departure; false when the account had left already (its first departure counts). */
  async depart(trx: Db, id: string, leftAt: Date): Promise<boolean> {
    const result = await trx.updateTable('accounts').set({ left_at: leftAt, updated_at: new Date() }).where('id', '=', id).where('left_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * The next `limit` leavers due for `step` at `now`, locked (rows another replica's run holds are
   * skipped), moved to the step in one statement; their audit rows and events beside them. Returns
   * the ids moved.
   */
  async advance(trx: Db, step: DueStep, now: Date, limit: number): Promise<string[]> {
    const due =
      step === 'deactivate'
        ? sql`a.deactivated_at IS NULL AND a.pre_deleted_at IS NULL AND a.left_at + make_interval(days => p.toleration_days) <= ${now}`
        : sql`a.pre_deleted_at IS NULL AND a.left_at + make_interval(days => p.toleration_days + p.deactivation_days) <= ${now}`;
    const set =
      step === 'deactivate'
        ? sql`deactivated_at = ${now}, session_version = a.session_version + 1`
        : sql`pre_deleted_at = ${now}, deactivated_at = coalesce(a.deactivated_at, ${now}),
              session_version = a.session_version + CASE WHEN a.deactivated_at IS NULL THEN 1 ELSE 0 END,
              delete_after = a.left_at + make_interval(days => d.total)`;
    const { rows } = await sql<{ id: string }>`
      WITH d AS (
        SELECT a.id, p.toleration_days + p.deactivation_days + p.pre_deletion_days AS total
        FROM accounts a JOIN lifecycle_policies p ON p.profile = a.profile
        WHERE a.left_at IS NOT NULL AND ${due}
        ORDER BY a.left_at LIMIT ${limit}
        FOR UPDATE OF a SKIP LOCKED)
      UPDATE accounts a SET ${set}, updated_at = now() FROM d WHERE a.id = d.id RETURNING a.id`.execute(trx);
    if (rows.length === 0) return [];
    const moved = rows.map((r) => r.id);
    await sql`UPDATE password_reset_tokens SET used_at = now() WHERE account_id IN (${ids(moved)}) AND used_at IS NULL`.execute(trx);
    const action = step === 'deactivate' ? 'user.lifecycle-deactivate' : 'user.lifecycle-pre-delete';
    await sql`
      INSERT INTO audit_log (actor_id, action, target_id, before, after)
      SELECT NULL, ${action}, a.id, NULL,
             jsonb_build_object('leftAt', ${isoInstant(sql`a.left_at`)}, 'deactivatedAt', ${isoInstant(sql`a.deactivated_at`)},
                                'preDeletedAt', ${isoInstant(sql`a.pre_deleted_at`)}, 'deleteAfter', ${isoInstant(sql`a.delete_after`)})
      FROM accounts a WHERE a.id IN (${ids(moved)})`.execute(trx);
    if (step === 'deactivate') {
      await recordEventsFrom(trx, IdentityEvents.userDeactivated, userRefsOf(null, ids(moved)));
    } else {
      await recordEventsFrom(trx, IdentityEvents.userPreDeleted, userRefsOf(null, ids(moved), sql`jsonb_build_object('deleteAfter', ${isoInstant(sql`a.delete_after`)})`));
    }
    return moved;
  }

  /** The notices of an account's departures, newest announced step first. */
  async noticesOf(accountId: string, trx: Db = this.db): Promise<NoticeRow[]> {
    const rows = await trx.selectFrom('lifecycle_notices').selectAll().where('account_id', '=', accountId).orderBy('due_on', 'desc').orderBy('kind').execute();
    return rows.map((r) => ({ kind: r.kind, dueOn: r.due_on, queuedAt: r.queued_at, sentAt: r.sent_at, outcome: r.outcome }));
  }

  /**
   * Queues the next `limit` notices of `kind` due at `now`: leavers with an address whose step falls
   * within their profile's notice days and is not due yet (a step already due is taken instead), and
   * who were not given this notice for this date. The log's rows (the primary key makes each notice
   * once across replicas and runs) and the events mailmerge sends are written beside them.
   */
  async queueNotices(trx: Db, kind: NoticeKind, now: Date, limit: number): Promise<number> {
    const announced =
      kind === 'deactivation'
        ? sql`a.left_at + make_interval(days => p.toleration_days)`
        : sql`coalesce(a.delete_after, a.left_at + make_interval(days => p.toleration_days + p.deactivation_days + p.pre_deletion_days))`;
    const pending = kind === 'deactivation' ? sql`a.deactivated_at IS NULL AND a.pre_deleted_at IS NULL` : sql`true`;
    const { rows } = await sql<{ account_id: string }>`
      INSERT INTO lifecycle_notices (account_id, kind, due_on, queued_at)
      SELECT d.id, ${kind}, d.on, ${now} FROM (
        SELECT a.id, ${announced} AS on, p.notice_days
        FROM accounts a JOIN lifecycle_policies p ON p.profile = a.profile
        WHERE a.left_at IS NOT NULL AND a.email IS NOT NULL AND ${pending}) d
      WHERE d.on > ${now} AND d.on - make_interval(days => d.notice_days) <= ${now}
        AND NOT EXISTS (SELECT 1 FROM lifecycle_notices n WHERE n.account_id = d.id AND n.kind = ${kind} AND n.due_on = d.on)
      ORDER BY d.on LIMIT ${limit}
      ON CONFLICT DO NOTHING
      RETURNING account_id`.execute(trx);
    if (rows.length === 0) return 0;
    const queued = rows.map((r) => r.account_id);
    await recordEventsFrom(
      trx,
      IdentityEvents.lifecycleNoticeDue,
      userRefsOf(
        null,
        ids(queued),
        sql`jsonb_build_object('email', a.email, 'displayName', coalesce(nullif(a.display_name, ''), nullif(concat_ws(' ', trim(a.first_name), trim(a.last_name)), ''), a.username), 'locale', a.locale,
                               'kind', ${kind}::text,
                               'on', (SELECT ${isoInstant(sql`max(n.due_on)`)} FROM lifecycle_notices n WHERE n.account_id = a.id AND n.kind = ${kind} AND n.queued_at = ${now}))`,
      ),
    );
    return queued.length;
  }

  /** Mailmerge's report of a notice; false when the log has no such notice (the account was deleted since). */
  async noticeDelivered(accountId: string, kind: NoticeKind, on: Date, outcome: 'sent' | 'refused', at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('lifecycle_notices')
      .set({ sent_at: at, outcome })
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .where('due_on', '=', on)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * The simulator for a selection (`candidates`, a subquery of account ids): the accounts grouped by
   * profile, step and the days they would be deactivated and deleted — a departure at `leftAt` for
   * those who have not left, their own calendar for leavers. Accounts without a policy (staff roles)
   * are counted apart.
   */
  async simulate(candidates: RawBuilder<unknown>, leftAt: Date): Promise<{ outside: number; groups: SimulationGroup[] }> {
    const { rows } = await sql<SimulationGroup & { planned: boolean }>`
      WITH s AS (
        SELECT a.profile, p.profile IS NOT NULL AS planned, a.left_at IS NULL AS hypothetical,
               CASE WHEN a.pre_deleted_at IS NOT NULL THEN 'pre_deleted' WHEN a.deactivated_at IS NOT NULL THEN 'deactivated'
                    WHEN a.left_at IS NOT NULL THEN 'leaving' ELSE 'active' END AS step,
               coalesce(a.left_at, ${leftAt}) + make_interval(days => p.toleration_days) AS deactivate_on,
               coalesce(a.delete_after, coalesce(a.left_at, ${leftAt}) + make_interval(days => p.toleration_days + p.deactivation_days + p.pre_deletion_days)) AS delete_on
        FROM accounts a LEFT JOIN lifecycle_policies p ON p.profile = a.profile
        WHERE a.id IN (SELECT c.id FROM (${candidates}) c))
      SELECT profile, planned, hypothetical, step, date_trunc('day', deactivate_on) AS "deactivateOn", date_trunc('day', delete_on) AS "deleteOn", count(*)::int AS count
      FROM s GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 5 NULLS FIRST, 1, 4`.execute(this.db);
    const outside = rows.filter((r) => !r.planned).reduce((n, r) => n + r.count, 0);
    return { outside, groups: rows.filter((r) => r.planned).map(({ profile, step, hypothetical, deactivateOn, deleteOn, count }) => ({ profile, step, hypothetical, deactivateOn, deleteOn, count })) };
  }
}

export interface SimulationGroup {
  profile: Profile;
  step: 'active' | 'leaving' | 'deactivated' | 'pre_deleted';
  hypothetical: boolean;
  deactivateOn: Date;
  deleteOn: Date;
  count: number;
}
