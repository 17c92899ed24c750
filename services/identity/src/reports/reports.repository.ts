import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { DB, Db } from '../database/database.module';

export interface SchoolRef {
  id: string;
  uai: string;
  name: string;
}

/** Counts of members activated or not, of one school, under one key (a profile, or a class id and its name). */
export interface CountRow {
  school_id: string;
  key: string;
  name: string | null;
  activated: number;
  not_activated: number;
}

/**
 * The queries of the activation report. Counts the members who can be reached: deactivated and
 * pre-deleted accounts are left out. A class counts its students, their relatives and its teachers.
 * The counts are read from the ledgers the triggers of migration 0022 keep (exact at the read's
 * snapshot), so the whole académie costs one row per school and profile and one per class.
 */
@Injectable()
export class ReportsRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  /** The schools of a scope, by name (`null`: every school). */
  async schools(scope: readonly string[] | null): Promise<SchoolRef[]> {
    let query = this.db.selectFrom('schools').select(['id', 'uai', 'name']).orderBy('name');
    if (scope) query = scope.length ? query.where('id', 'in', [...scope]) : query.where(sql<boolean>`false`);
    return query.execute();
  }

  async countsByProfile(schoolIds: readonly string[]): Promise<CountRow[]> {
    const { rows } = await sql<CountRow>`
      SELECT n.school_id, n.profile AS key, NULL AS name, sum(n.activated)::int AS activated, sum(n.not_activated)::int AS not_activated
      FROM activation_counts_by_profile n JOIN ${schools(schoolIds)} ON s.id = n.school_id
      GROUP BY n.school_id, n.profile ${NOT_EMPTY}`.execute(this.db);
    return rows;
  }

  /**
   * By class, in French alphabetical order. The académie has a hundred class names over tens of
   * thousands of classes: each name is ranked once by the ICU collation, and the rows are put in
   * the order of their ranks here, which spares PostgreSQL a sort of every row by the collation.
   */
  async countsByClass(schoolIds: readonly string[]): Promise<CountRow[]> {
    const { rows } = await sql<CountRow & { rank: number }>`
      SELECT c.school_id, c.id::text AS key, c.name, n.activated, n.not_activated, r.rank
      FROM (SELECT n.class_id, sum(n.activated)::int AS activated, sum(n.not_activated)::int AS not_activated
            FROM activation_counts_by_class n GROUP BY n.class_id ${NOT_EMPTY}) n
      JOIN classes c ON c.id = n.class_id
      JOIN ${schools(schoolIds)} ON s.id = c.school_id
      JOIN (SELECT name, row_number() OVER (ORDER BY name COLLATE "fr-x-icu")::int AS rank FROM (SELECT DISTINCT name FROM classes) names) r
        ON r.name = c.name`.execute(this.db);
    return rows.sort((a, b) => a.rank - b.rank).map(({ rank: _rank, ...row }) => row);
  }
}

/** Ledger rows that cancel out (an account added then removed) leave no group behind, as a count would. */
const NOT_EMPTY = sql`HAVING sum(n.activated) <> 0 OR sum(n.not_activated) <> 0`;
/** The schools as a relation `s(id)`: joined by hash, where `= ANY` of thousands of ids compares each row with each id. */
const schools = (schoolIds: readonly string[]) => sql`unnest(${sql.val([...schoolIds])}::uuid[]) AS s(id)`;
