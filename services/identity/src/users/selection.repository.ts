import { Inject, Injectable } from '@nestjs/common';
import { canReadActivationCodes, defaultDisplayName, inScope } from '@sesame/account-rules';
import { type ListUsers, PROFILE_ORDER_SQL, type Role, type UserFilter, type UserRow } from '@sesame/contracts';
import { RawBuilder, sql } from 'kysely';
import type { Actor } from '../auth/actor';
import { ActivationCodeVault } from '../accounts/activation-code-vault';
import { DB, Db } from '../database/database.module';
import { and, filters } from './selection.filters';
import { TalliesRepository } from './tallies.repository';

type Fragment = RawBuilder<unknown>;

const uuids = (ids: readonly string[]) => sql`${sql.val([...ids])}::uuid[]`;

/**
 * Where a selection starts (SPEC §2 scope). `schools`: memberships of these schools with these
 * roles; `supervisorsOf`: supervisors managed by these administrators; `self`: the caller. The
 * manager looking at the whole académie has none of them: `everything`.
 */
interface Scope {
  everything: boolean;
  schools: string[];
  roles: Role[];
  supervisorsOf: Fragment | null;
  self: string | null;
}

const NOTHING: Scope = { everything: false, schools: [], roles: [], supervisorsOf: null, self: null };

function scopeOf(actor: Actor, filter: UserFilter): Scope {
  const wanted = (mine: readonly string[]) => (filter.schoolId ? mine.filter((id) => id === filter.schoolId) : [...mine]);
  // A school outside the caller's own gives nothing at all, not even the caller.
  if (filter.schoolId && !inScope(actor, filter.schoolId)) return NOTHING;
  switch (actor.role) {
    case 'manager':
      if (!filter.schoolId) return { everything: true, schools: [], roles: [], supervisorsOf: null, self: null };
      return {
        everything: false,
        schools: [filter.schoolId],
        roles: ['member', 'administrator'],
        supervisorsOf: sql`SELECT account_id FROM account_schools WHERE school_id = ${filter.schoolId} AND role = 'administrator'`,
        self: null,
      };
    case 'administrator':
      // Its own membership rows list it already; it is added alone only when it has no school.
      return {
        everything: false,
        schools: wanted(actor.schoolIds),
        roles: ['member', 'administrator'],
        supervisorsOf: sql`SELECT ${actor.id}::uuid`,
        self: actor.schoolIds.length ? null : actor.id,
      };
    case 'supervisor':
      return { everything: false, schools: wanted(actor.schoolIds), roles: ['member'], supervisorsOf: null, self: actor.id };
    default:
      return { ...NOTHING, self: actor.id };
  }
}

/** Conditions that keep an account row inside the scope (for selections driven by classes). */
function scopeCondition(scope: Scope): Fragment {
  if (scope.everything) return sql`true`;
  const parts: Fragment[] = [];
  if (scope.schools.length) {
    parts.push(
      sql`(a.role = ANY(${sql.val(scope.roles)}::text[]) AND EXISTS (SELECT 1 FROM account_schools s WHERE s.account_id = a.id AND s.school_id = ANY(${uuids(scope.schools)})))`,
    );
  }
  if (scope.supervisorsOf) parts.push(sql`(a.role = 'supervisor' AND a.managed_by IN (${scope.supervisorsOf}))`);
  if (scope.self) parts.push(sql`a.id = ${scope.self}`);
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`false`;
}

interface Row {
  id: string;
  last_name: string | null;
  first_name: string | null;
  display_name: string | null;
  role: Role;
  profile: UserRow['profile'];
  username: string;
  activated_at: Date | null;
  activation_code: string | null;
  email: string | null;
  created_at: Date;
  deactivated_at: Date | null;
  pre_deleted_at: Date | null;
  last_distributed_at: Date | null;
  classes: string[];
  school_ids: string[];
  managed_by: string | null;
  total: number;
}

const firstClass = (id: Fragment) => sql`(
  SELECT min(c.name) FROM account_classes ac JOIN classes c ON c.id = ac.class_id WHERE ac.account_id = ${id})`;

/**
 * The selection (SPEC §4): the exact count and one page, always inside the caller's scope.
 * - In a school (an administrator, a supervisor, the manager choosing a school): the membership
 *   rows of the school carry what the selection needs, so one index answers count and order; only
 *   the page's accounts are read.
 * - In classes: the few accounts of the classes are read directly.
 * - The whole académie (the manager): counted from the tallies (or, with text or dates, a narrow
 *   index), paged by walking the sort index.
 */
@Injectable()
export class SelectionRepository {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly tallies: TalliesRepository,
    private readonly codes: ActivationCodeVault,
  ) {}

  async select(actor: Actor, query: ListUsers): Promise<{ total: number; items: UserRow[] }> {
    const scope = scopeOf(actor, query.filter);
    const ordering = this.ordering(query, sql`x`);
    const matches = this.matches(scope, query.filter, query.sort === 'class');
    const limit = sql`LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`;

    if (matches) {
      // Count and page in one pass over the (few thousand) candidates, then read only the page.
      const { rows } = await sql<Row>`
        WITH matches AS MATERIALIZED (${matches}),
        page AS (SELECT x.*, count(*) OVER () AS total FROM matches x ORDER BY ${ordering} ${limit})
        SELECT ${this.columns()}, page.total FROM page JOIN accounts a ON a.id = page.id
        ORDER BY ${this.ordering(query, sql`page`)}`.execute(this.db);
      const total = rows.length ? Number(rows[0].total) : query.page > 1 ? await this.count(actor, query.filter) : 0;
      return { total, items: rows.map((r) => this.toRow(actor, r)) };
    }

    const where = and(filters('a', query.filter, true));
    const order = query.sort === 'class' ? sql`${firstClass(sql`a.id`)} NULLS LAST, ${this.byName(sql`a`)}` : this.ordering(query, sql`a`);
    const [total, { rows }] = await Promise.all([
      this.count(actor, query.filter),
      sql<Row>`SELECT ${this.columns()}, 0 AS total FROM accounts a WHERE ${where} ORDER BY ${order} ${limit}`.execute(this.db),
    ]);
    return { total, items: rows.map((r) => this.toRow(actor, r)) };
  }

  /** The exact count alone (also used by campaigns to show what a selection holds). */
  async count(actor: Actor, filter: UserFilter): Promise<number> {
    const matches = this.matches(scopeOf(actor, filter), filter, false);
    if (matches) return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${matches}) x`.execute(this.db)).rows[0].n;
    if (this.tallies.canCount(filter)) return this.tallies.count(filter);
    return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM accounts a WHERE ${and(filters('a', filter))}`.execute(this.db)).rows[0].n;
  }

  /**
   * Every account a selection holds, as a subquery with an `id` column, whatever the scope (the
   * whole académie included): distributions page through it by id.
   */
  candidates(actor: Actor, filter: UserFilter): Fragment {
    return this.matches(scopeOf(actor, filter), filter, false) ?? sql`SELECT a.id FROM accounts a WHERE ${and(filters('a', filter))}`;
  }

  /** The ids and sort keys of the accounts selected; null for the whole académie. */
  private matches(scope: Scope, filter: UserFilter, byClass: boolean): Fragment | null {
    const keys = (alias: string) => sql.raw(`${alias}.sort_name, ${alias}.role, ${alias}.profile`);
    // The first class is worth reading (one lookup per candidate) only when the order needs it.
    const FIRST_CLASS = (id: Fragment) => (byClass ? firstClass(id) : sql`NULL::text`);
    if (filter.classIds?.length) {
      // Relatives are in their children's classes through inherited rows.
      const inSchool = filter.schoolId ? [sql`EXISTS (SELECT 1 FROM account_schools s WHERE s.account_id = a.id AND s.school_id = ${filter.schoolId})`] : [];
      return sql`
        SELECT a.id, ${keys('a')}, ${FIRST_CLASS(sql`a.id`)} AS first_class FROM accounts a
        WHERE a.id IN (SELECT account_id FROM account_classes WHERE class_id = ANY(${uuids(filter.classIds)}))
          AND ${scopeCondition(scope)} AND ${and([...inSchool, ...filters('a', filter)])}`;
    }
    if (filter.ids?.length || filter.importId) {
      // A few chosen accounts, or those of one import: read them (by id, by import_id), then keep those of the scope.
      const inSchool = filter.schoolId ? [sql`EXISTS (SELECT 1 FROM account_schools s WHERE s.account_id = a.id AND s.school_id = ${filter.schoolId})`] : [];
      return sql`
        SELECT a.id, ${keys('a')}, ${FIRST_CLASS(sql`a.id`)} AS first_class FROM accounts a
        WHERE ${scopeCondition(scope)} AND ${and([...inSchool, ...filters('a', filter)])}`;
    }
    if (scope.everything) return null;
    const parts: Fragment[] = [];
    if (scope.schools.length) {
      parts.push(sql`
        SELECT m.account_id AS id, ${keys('m')}, ${FIRST_CLASS(sql`m.account_id`)} AS first_class FROM account_schools m
        WHERE m.school_id = ANY(${uuids(scope.schools)}) AND m.role = ANY(${sql.val(scope.roles)}::text[]) AND ${and(filters('m', filter))}`);
    }
    if (scope.supervisorsOf) {
      parts.push(sql`
        SELECT a.id, ${keys('a')}, NULL AS first_class FROM accounts a
        WHERE a.role = 'supervisor' AND a.managed_by IN (${scope.supervisorsOf}) AND ${and(filters('a', filter))}`);
    }
    if (scope.self) {
      parts.push(sql`SELECT a.id, ${keys('a')}, ${FIRST_CLASS(sql`a.id`)} AS first_class FROM accounts a WHERE a.id = ${scope.self} AND ${and(filters('a', filter))}`);
    }
    if (parts.length === 0) {
      return sql`SELECT NULL::uuid AS id, NULL::text AS sort_name, NULL::text AS role, NULL::text AS profile,
        NULL::text AS first_class WHERE false`;
    }
    // The parts never share an account (memberships hold members and administrators, the others
    // supervisors or the caller alone), but an account in two of the caller's schools is listed
    // once: only then is the duplicate removal worth its cost.
    return sql.join(parts, scope.schools.length > 1 ? sql` UNION ` : sql` UNION ALL `);
  }

  /** Alphabetical: last name, first name, login, accents and case set aside (sort_name, migration 0003). */
  private byName(t: Fragment): Fragment {
    return sql`${t}.sort_name, ${t}.id`;
  }

  /**
   * Order of SPEC §4 on rows that carry the sort keys (and `first_class` when sorting by class). By
   * profile: PROFILE_ORDER (the French labels), staff after, by role; the expression is the one of
   * the index accounts_by_profile_rank (migration 0011), inlined so that the index serves it.
   */
  private ordering(query: Pick<ListUsers, 'sort'>, t: Fragment): Fragment {
    if (query.sort === 'profile') return sql`array_position(${sql.raw(PROFILE_ORDER_SQL)}, ${t}.profile), ${t}.role, ${this.byName(t)}`;
    if (query.sort === 'class') return sql`${t}.first_class NULLS LAST, ${this.byName(t)}`;
    return this.byName(t);
  }

  private columns(): Fragment {
    return sql`a.id, a.sort_name, a.last_name, a.first_name, a.display_name, a.role, a.profile, a.username, a.activated_at, a.activation_code,
      a.email, a.created_at, a.deactivated_at, a.pre_deleted_at, a.last_distributed_at, a.managed_by,
      coalesce((SELECT array_agg(c.name ORDER BY c.name) FROM account_classes ac JOIN classes c ON c.id = ac.class_id
                WHERE ac.account_id = a.id), '{}') AS classes,
      coalesce((SELECT array_agg(s.school_id) FROM account_schools s WHERE s.account_id = a.id), '{}') AS school_ids`;
  }

  private toRow(actor: Actor, r: Row): UserRow {
    return {
      id: r.id,
      lastName: r.last_name,
      firstName: r.first_name,
      displayName: r.display_name || defaultDisplayName(r.first_name, r.last_name, r.username),
      role: r.role,
      profile: r.profile,
      username: r.username,
      activated: r.activated_at !== null,
      // A deactivated account's code cannot activate it (accounts.repository.ts): not shown.
      activationCode: r.activated_at === null && r.deactivated_at === null && canReadActivationCodes(actor) ? this.codes.open(r.activation_code, r.id) : null,
      email: r.email,
      classes: r.classes,
      schoolIds: r.school_ids,
      managedBy: r.managed_by,
      createdAt: r.created_at.toISOString(),
      deactivatedAt: r.deactivated_at?.toISOString() ?? null,
      preDeletedAt: r.pre_deleted_at?.toISOString() ?? null,
      lastDistributedAt: r.last_distributed_at?.toISOString() ?? null,
    };
  }
}
