import { Inject, Injectable } from '@nestjs/common';
import type { UserFilter } from '@sesame/contracts';
import { sql } from 'kysely';
import { DB, Db } from '../database/database.module';
import { and, filters } from './selection.filters';

/**
 * Counts of the whole académie by the selection's yes/no columns, from the ledger that triggers
 * keep (migration 0007): exact, whatever the number of accounts.
 */
@Injectable()
export class TalliesRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  /** Whether the filter uses only columns the tallies have (no text, dates, school or classes). */
  canCount(filter: UserFilter): boolean {
    return !filter.ids?.length && !filter.importId && !filter.arrivedSinceRentree && !filter.q && !filter.createdFrom && !filter.createdTo && !filter.schoolId && !filter.classIds?.length;
  }

  async count(filter: UserFilter): Promise<number> {
    const { rows } = await sql<{ n: string | null }>`
      SELECT sum(n) AS n FROM account_tallies t WHERE ${and(filters('t', filter))}`.execute(this.db);
    return Number(rows[0].n ?? 0);
  }

  /**
   * Folds the ledger into one row per combination, and the activation report's ledgers (migration
   * 0022) into one row per school and profile and per class. Safe beside writers and another fold:
   * rows appended meanwhile are not seen and stay; rows another fold already took are skipped.
   */
  async fold(): Promise<void> {
    await sql`
      WITH taken AS (DELETE FROM account_tallies RETURNING *)
      INSERT INTO account_tallies
      SELECT role, profile, is_activated, has_email, is_deactivated, is_pre_deleted, never_distributed, sum(n)
        FROM taken GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0`.execute(this.db);
    // The report's ledgers hold a row per school and profile and per class already: only groups
    // with several rows (or none left to count) are rewritten.
    await sql`
      WITH taken AS (
        DELETE FROM activation_counts_by_profile WHERE (school_id, profile) IN (
          SELECT school_id, profile FROM activation_counts_by_profile GROUP BY 1, 2
          HAVING count(*) > 1 OR (sum(activated) = 0 AND sum(not_activated) = 0))
        RETURNING *)
      INSERT INTO activation_counts_by_profile
      SELECT school_id, profile, sum(activated), sum(not_activated)
        FROM taken GROUP BY 1, 2 HAVING sum(activated) <> 0 OR sum(not_activated) <> 0`.execute(this.db);
    await sql`
      WITH taken AS (
        DELETE FROM activation_counts_by_class WHERE class_id IN (
          SELECT class_id FROM activation_counts_by_class GROUP BY 1
          HAVING count(*) > 1 OR (sum(activated) = 0 AND sum(not_activated) = 0))
        RETURNING *)
      INSERT INTO activation_counts_by_class
      SELECT class_id, sum(activated), sum(not_activated)
        FROM taken GROUP BY 1 HAVING sum(activated) <> 0 OR sum(not_activated) <> 0`.execute(this.db);
  }
}
