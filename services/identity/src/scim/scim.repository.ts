import { Inject, Injectable } from '@nestjs/common';
import { RawBuilder, sql } from 'kysely';
import { DB, Db } from '../database/database.module';
import type { MachineCaller } from '../machine/machine-caller';

/** A page of a list: the exact number of resources the query selects, and the ids of the page. */
export interface Page {
  total: number;
  ids: string[];
}

/** What a group is: a school, or a class of a school. */
export interface GroupRow {
  id: string;
  kind: 'school' | 'class';
  display_name: string;
  uai: string;
  school_id: string | null;
  created_at: Date;
  members: Array<{ id: string; username: string; display: string }>;
}

/**
 * The SCIM service provider's reads on identity's tables: the Users (member accounts, not pre-deleted)
 * and the Groups (schools and classes) a machine client reaches, filtered, sorted and paged by
 * PostgreSQL.
 */
@Injectable()
export class ScimRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  /** The condition on `accounts a` of the accounts a caller reaches (its schools and profiles). */
  private reach(caller: MachineCaller): RawBuilder<boolean> {
    const profiles = caller.profiles.length ? sql`AND a.profile = ANY(${[...caller.profiles]}::text[])` : sql``;
    const schools = caller.schoolIds
      ? sql`AND a.id IN (SELECT s.account_id FROM account_schools s WHERE s.school_id = ANY(${[...caller.schoolIds]}::uuid[]))`
      : sql``;
    return sql<boolean>`(a.role = 'member' AND a.pre_deleted_at IS NULL ${profiles} ${schools})`;
  }

  /** Users matching `where` within the caller's reach, sorted (then by id) and paged (offset 0-based). */
  async users(caller: MachineCaller, where: RawBuilder<boolean> | null, sort: { by: RawBuilder<unknown>; descending: boolean } | null, offset: number, count: number): Promise<Page> {
    const condition = where ? sql<boolean>`(${this.reach(caller)} AND ${where})` : this.reach(caller);
    const order = sort ? sql`${sort.by} ${sql.raw(sort.descending ? 'DESC' : 'ASC')}, a.id` : sql`a.id`;
    const [counted, page] = await Promise.all([
      sql<{ n: number }>`SELECT count(*)::int AS n FROM accounts a WHERE ${condition}`.execute(this.db),
      count > 0
        ? sql<{ id: string }>`SELECT a.id FROM accounts a WHERE ${condition} ORDER BY ${order} LIMIT ${count} OFFSET ${offset}`.execute(this.db)
        : Promise.resolve({ rows: [] as Array<{ id: string }> }),
    ]);
    return { total: counted.rows[0].n, ids: page.rows.map((row) => row.id) };
  }

  /** Whether an account is a User of the caller's (else it is no resource of its: 404). */
  async reaches(caller: MachineCaller, id: string): Promise<boolean> {
    const found = await sql`SELECT 1 FROM accounts a WHERE a.id = ${id} AND ${this.reach(caller)}`.execute(this.db);
    return found.rows.length > 0;
  }

  /** The schools and classes the caller reaches, with the members it reaches, by `where` on `g`. */
  async groups(caller: MachineCaller, where: RawBuilder<boolean> | null, offset: number, count: number, withMembers: boolean): Promise<{ total: number; rows: GroupRow[] }> {
    const schools = caller.schoolIds ? sql`WHERE s.id = ANY(${[...caller.schoolIds]}::uuid[])` : sql``;
    const classes = caller.schoolIds ? sql`WHERE c.school_id = ANY(${[...caller.schoolIds]}::uuid[])` : sql``;
    const groups = sql`(
      SELECT s.id, 'school' AS kind, s.name AS display_name, s.uai, NULL::uuid AS school_id, s.created_at FROM schools s ${schools}
      UNION ALL
      SELECT c.id, 'class', c.name, s.uai, c.school_id, c.created_at FROM classes c JOIN schools s ON s.id = c.school_id ${classes}
    ) g`;
    const condition = where ?? sql<boolean>`true`;
    const members = withMembers
      ? sql`coalesce((SELECT json_agg(json_build_object('id', a.id, 'username', a.username,
          'display', coalesce(nullif(a.display_name, ''), nullif(concat_ws(' ', nullif(btrim(a.first_name), ''), nullif(btrim(a.last_name), '')), ''), a.username)) ORDER BY a.id)
          FROM accounts a WHERE ${this.reach(caller)} AND a.id IN (
            SELECT l.account_id FROM account_schools l WHERE g.kind = 'school' AND l.school_id = g.id
            UNION SELECT l.account_id FROM account_classes l WHERE g.kind = 'class' AND l.class_id = g.id)), '[]'::json)`
      : sql`'[]'::json`;
    const [counted, page] = await Promise.all([
      sql<{ n: number }>`SELECT count(*)::int AS n FROM ${groups} WHERE ${condition}`.execute(this.db),
      count > 0
        ? sql<GroupRow>`SELECT g.*, ${members} AS members FROM ${groups} WHERE ${condition} ORDER BY g.kind DESC, g.display_name, g.id LIMIT ${count} OFFSET ${offset}`.execute(this.db)
        : Promise.resolve({ rows: [] as GroupRow[] }),
    ]);
    return { total: counted.rows[0].n, rows: page.rows };
  }
}
