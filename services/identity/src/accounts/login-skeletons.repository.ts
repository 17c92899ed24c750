import { Inject, Injectable } from '@nestjs/common';
import { loginSkeleton } from '@sesame/account-rules';
import { Kysely, sql } from 'kysely';
import { DB, Db } from '../database/database.module';
import type { Database } from '../database/schema';

/** Accounts filled per transaction: a few hundred milliseconds of row locks each. */
const BATCH = 2_000;

/**
 * Fills the login skeleton (migration 0009) of accounts that have none: every account once after the
 * upgrade, then those the previous version created during the rollout or SQL wrote outside Sesame.
 * An account that looks like one already filled gets the next rank: it keeps working, and new
 * look-alikes of either are refused.
 */
@Injectable()
export class LoginSkeletonsRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  /** Returns how many accounts were filled. */
  async fillMissing(): Promise<number> {
    return fillMissingSkeletons(this.db);
  }
}

/** The same, on any database handle (the seed tool has no Nest). */
export async function fillMissingSkeletons(db: Kysely<Database>): Promise<number> {
  let total = 0;
  for (;;) {
    const filled = await db.transaction().execute(async (trx) => {
      // Replicas running the job at once take different rows.
      const { rows } = await sql<{ id: string; username: string }>`
        SELECT id, username FROM accounts WHERE username_skeleton IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`.execute(trx);
      if (rows.length === 0) return 0;
      // Serialised with identity's own writes of the same skeletons by the unique index; the rank is
      // what comes after those already filled, then the order within the batch.
      await sql`
        UPDATE accounts a SET username_skeleton = s.skeleton,
               username_skeleton_rank = s.n - 1 + coalesce((SELECT max(b.username_skeleton_rank) + 1 FROM accounts b WHERE b.username_skeleton = s.skeleton), 0)
        FROM (SELECT id, skeleton, row_number() OVER (PARTITION BY skeleton ORDER BY id) AS n
              FROM unnest(${sql.val(rows.map((r) => r.id))}::uuid[], ${sql.val(rows.map((r) => loginSkeleton(r.username)))}::text[]) AS u(id, skeleton)) s
        WHERE a.id = s.id`.execute(trx);
      return rows.length;
    });
    if (filled === 0) return total;
    total += filled;
  }
}
