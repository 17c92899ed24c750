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
      SELECT x.school_id, a.profile AS key, NULL AS name,
             count(*) FILTER (WHERE a.activated_at IS NOT NULL)::int AS activated,
             count(*) FILTER (WHERE a.activated_at IS NULL)::int AS not_activated
      FROM account_schools x JOIN accounts a ON a.id = x.account_id
      WHERE x.school_id = ANY(${ids(schoolIds)}) AND ${REACHABLE}
      GROUP BY x.school_id, a.profile`.execute(this.db);
    return rows;
  }

  /** By class, in French alphabetical order. */
  async countsByClass(schoolIds: readonly string[]): Promise<CountRow[]> {
    const { rows } = await sql<CountRow>`
      SELECT c.school_id, c.id::text AS key, c.name,
             count(*) FILTER (WHERE a.activated_at IS NOT NULL)::int AS activated,
             count(*) FILTER (WHERE a.activated_at IS NULL)::int AS not_activated
      FROM classes c JOIN account_classes x ON x.class_id = c.id JOIN accounts a ON a.id = x.account_id
      WHERE c.school_id = ANY(${ids(schoolIds)}) AND ${REACHABLE}
      GROUP BY c.school_id, c.id, c.name
      ORDER BY c.name COLLATE "fr-x-icu"`.execute(this.db);
    return rows;
  }
}

const REACHABLE = sql`a.role = 'member' AND a.deactivated_at IS NULL AND a.pre_deleted_at IS NULL`;
const ids = (schoolIds: readonly string[]) => sql`${sql.val([...schoolIds])}::uuid[]`;
