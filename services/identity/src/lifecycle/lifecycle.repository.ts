import { Inject, Injectable } from '@nestjs/common';
import type { LifecycleDelays } from '@sesame/account-rules';
import { IdentityEvents, Profile } from '@sesame/contracts';
import { recordEventsFrom } from '@sesame/outbox';
import { RawBuilder, sql } from 'kysely';
import { isoInstant, userRefsOf } from '../accounts/account-events';
import { DB, Db } from '../database/database.module';

export interface PolicyRow extends LifecycleDelays {
  profile: Profile;
  updatedAt: Date | null;
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
      updatedAt: r.updated_at,
    }));
  }

  async setPolicy(trx: Db, entries: ReadonlyArray<LifecycleDelays & { profile: Profile }>, actorId: string): Promise<void> {
    for (const e of entries) {
      await trx
        .updateTable('lifecycle_policies')
        .set({ toleration_days: e.tolerationDays, deactivation_days: e.deactivationDays, pre_deletion_days: e.preDeletionDays, updated_at: new Date(), updated_by: actorId })
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
}
