import { Inject, Injectable } from '@nestjs/common';
import { RawBuilder, sql } from 'kysely';
import { DB, Db } from '../database/database.module';
import type { MachineCaller } from '../machine/machine-caller';
import { DISTRICT_ID, ENROLLMENT_ROLE_OF, ROLE_OF, schoolYearOf, schoolYearSession } from './oneroster.rules';
import { FilterExpression, OneRosterError, Predicate, Query } from './oneroster-query';

/** The collections of the binding Sesame serves, each a relation `r` of the records a caller reaches. */
export type CollectionName = 'orgs' | 'academicSessions' | 'courses' | 'classes' | 'users' | 'enrollments';

/** Narrows a collection: a school's, a class's, a user's, one role's, one record. */
export interface Scope {
  schoolId?: string;
  classId?: string;
  userId?: string;
  role?: 'student' | 'teacher';
  orgType?: 'school';
  /** Sessions of a type (Sesame's are all school years: terms and grading periods are none). */
  sessionType?: 'term' | 'gradingPeriod';
  sourcedId?: string;
}

/** The fields each collection can be filtered and sorted on (columns of `r`), and those that are dates. */
export const FILTERABLE: Record<CollectionName, readonly string[]> = {
  orgs: ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier'],
  academicSessions: ['sourcedId', 'status', 'dateLastModified', 'title', 'type', 'startDate', 'endDate', 'schoolYear'],
  courses: ['sourcedId', 'status', 'dateLastModified', 'title', 'courseCode'],
  classes: ['sourcedId', 'status', 'dateLastModified', 'title', 'classCode', 'classType'],
  users: ['sourcedId', 'status', 'dateLastModified', 'username', 'givenName', 'familyName', 'email', 'enabledUser', 'identifier', 'role'],
  enrollments: ['sourcedId', 'status', 'dateLastModified', 'role'],
};
const DATES = new Set(['dateLastModified']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A uuid parameter: an id that is not one matches nothing (never a SQL error). */
const uuidOrNull = (value: string | undefined) => (value && UUID.test(value) ? value : '00000000-0000-0000-0000-000000000000');

/** A mapping of profiles (oneroster.rules.ts) as a SQL CASE on `a.profile`. */
const byProfile = (mapping: Record<string, string>) => sql`CASE a.profile ${sql.join(Object.entries(mapping).map(([profile, role]) => sql`WHEN ${profile} THEN ${role}`), sql` `)} END`;
const PROFILE_ROLE = byProfile(ROLE_OF);
const STATUS = sql`CASE WHEN a.pre_deleted_at IS NULL THEN 'active' ELSE 'tobedeleted' END`;

/** A record's columns as the source gives them (timestamps come as Date objects, read as `new Date(value)`). */
export type RosterRow = Record<string, string>;

export interface UserLinks {
  schools: Map<string, string[]>;
  agents: Map<string, Array<{ id: string; profile: string }>>;
}

/** Every read of OneRoster on identity's tables: filtered, sorted and paged by PostgreSQL. */
@Injectable()
export class OneRosterRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  private schoolsReached(caller: MachineCaller, column: RawBuilder<unknown>): RawBuilder<unknown> {
    return caller.schoolIds ? sql`${column} = ANY(${[...caller.schoolIds]}::uuid[])` : sql`true`;
  }

  /** The accounts a caller reaches (members of its schools and profiles; pre-deleted ones are `tobedeleted`). */
  private accountsReached(caller: MachineCaller): RawBuilder<unknown> {
    const profiles = caller.profiles.length ? sql`AND a.profile = ANY(${[...caller.profiles]}::text[])` : sql``;
    const schools = caller.schoolIds ? sql`AND a.id IN (SELECT s.account_id FROM account_schools s WHERE s.school_id = ANY(${[...caller.schoolIds]}::uuid[]))` : sql``;
    return sql`a.role = 'member' ${profiles} ${schools}`;
  }

  private async source(caller: MachineCaller, name: CollectionName, scope: Scope): Promise<RawBuilder<unknown>> {
    switch (name) {
      case 'orgs': {
        const district = scope.orgType ? sql`` : sql`SELECT NULL::uuid AS id, ${DISTRICT_ID}::text AS "sourcedId", 'active' AS status, coalesce((SELECT min(created_at) FROM schools), now()) AS "dateLastModified",
            NULL::text AS name, 'district' AS type, NULL::text AS identifier UNION ALL`;
        return sql`${district} SELECT s.id, s.id::text AS "sourcedId", 'active' AS status, s.created_at AS "dateLastModified", s.name, 'school' AS type, s.uai AS identifier FROM schools s WHERE ${this.schoolsReached(caller, sql`s.id`)}`;
      }
      case 'academicSessions': {
        const years = await this.schoolYears();
        const rows = years.map(schoolYearSession).map((s) => sql`(${s.sourcedId}, ${s.title}, ${s.startDate}, ${s.endDate}, ${s.schoolYear})`);
        return sql`SELECT NULL::uuid AS id, v.sid AS "sourcedId", 'active' AS status, (v.start::date - 120)::timestamptz AS "dateLastModified", v.title, 'schoolYear' AS type,
            v.start AS "startDate", v.finish AS "endDate", v.year AS "schoolYear"
          FROM (VALUES ${sql.join(rows)}) v (sid, title, start, finish, year) WHERE ${scope.sessionType ? sql`false` : sql`true`}`;
      }
      case 'courses':
      case 'classes': {
        const narrowed = [
          scope.schoolId ? sql`AND c.school_id = ${uuidOrNull(scope.schoolId)}::uuid` : sql``,
          scope.userId ? sql`AND c.id IN (SELECT l.class_id FROM account_classes l WHERE l.account_id = ${uuidOrNull(scope.userId)}::uuid AND NOT l.inherited)` : sql``,
          scope.sourcedId !== undefined ? sql`AND c.id = ${uuidOrNull(scope.sourcedId)}::uuid` : sql``,
        ];
        return sql`SELECT c.id, c.id::text AS "sourcedId", 'active' AS status, c.created_at AS "dateLastModified", c.name AS title, c.name AS "classCode", c.name AS "courseCode",
            'homeroom' AS "classType", c.school_id AS school_id, c.created_at
          FROM classes c WHERE ${this.schoolsReached(caller, sql`c.school_id`)} ${sql.join(narrowed, sql` `)}`;
      }
      case 'users': {
        const narrowed = [
          scope.role ? sql`AND a.profile = ${scope.role}` : sql``,
          scope.schoolId ? sql`AND a.id IN (SELECT s.account_id FROM account_schools s WHERE s.school_id = ${uuidOrNull(scope.schoolId)}::uuid)` : sql``,
          scope.classId ? sql`AND a.id IN (SELECT l.account_id FROM account_classes l WHERE l.class_id = ${uuidOrNull(scope.classId)}::uuid AND NOT l.inherited)` : sql``,
          scope.sourcedId !== undefined ? sql`AND a.id = ${uuidOrNull(scope.sourcedId)}::uuid` : sql``,
        ];
        return sql`SELECT a.id, a.id::text AS "sourcedId", ${STATUS} AS status, a.updated_at AS "dateLastModified", a.username, coalesce(a.first_name, '') AS "givenName",
            coalesce(a.last_name, '') AS "familyName", a.email, CASE WHEN a.deactivated_at IS NULL THEN 'true' ELSE 'false' END AS "enabledUser", a.external_id AS identifier,
            ${PROFILE_ROLE} AS role, a.profile, a.source
          FROM accounts a WHERE ${this.accountsReached(caller)} ${sql.join(narrowed, sql` `)}`;
      }
      case 'enrollments': {
        const narrowed = [
          scope.schoolId ? sql`AND c.school_id = ${uuidOrNull(scope.schoolId)}::uuid` : sql``,
          scope.classId ? sql`AND c.id = ${uuidOrNull(scope.classId)}::uuid` : sql``,
          scope.userId ? sql`AND a.id = ${uuidOrNull(scope.userId)}::uuid` : sql``,
        ];
        return sql`SELECT a.id AS account_id, c.id AS class_id, c.school_id, a.profile, a.id::text || '_' || c.id::text AS "sourcedId", ${STATUS} AS status,
            greatest(a.updated_at, c.created_at) AS "dateLastModified",
            ${byProfile(ENROLLMENT_ROLE_OF)} AS role
          FROM account_classes l JOIN accounts a ON a.id = l.account_id JOIN classes c ON c.id = l.class_id
          WHERE NOT l.inherited AND ${this.accountsReached(caller)} AND ${this.schoolsReached(caller, sql`c.school_id`)} ${sql.join(narrowed, sql` `)}`;
      }
    }
  }

  /** The school years Sesame knows: the current one and those a rentrée opened. */
  async schoolYears(): Promise<number[]> {
    const opened = await sql<{ year: number }>`SELECT DISTINCT school_year AS year FROM rentrees WHERE restored_at IS NULL`.execute(this.db);
    return [...new Set([schoolYearOf(new Date()), ...opened.rows.map((row) => row.year)])].sort();
  }

  /** A page of records and the number there are; `after` continues a read page by page without an offset. */
  async page(caller: MachineCaller, name: CollectionName, scope: Scope, query: Query, after?: string): Promise<{ rows: Array<RosterRow>; total: number | undefined }> {
    const source = await this.source(caller, name, scope);
    const where = query.filter ? filterSql(query.filter) : sql`true`;
    const order = query.sort ? sql`r.${sql.ref(query.sort)} ${sql.raw(query.descending ? 'DESC' : 'ASC')}, r."sourcedId"` : name === 'users' ? sql`r.id` : sql`r."sourcedId"`;
    const continued = after ? sql`AND r.id > ${after}::uuid` : sql``;
    const rows = await sql<RosterRow>`SELECT r.* FROM (${source}) r WHERE ${where} ${continued} ORDER BY ${order} LIMIT ${query.limit} OFFSET ${after ? 0 : query.offset}`.execute(this.db);
    return { rows: rows.rows, total: undefined };
  }

  async count(caller: MachineCaller, name: CollectionName, scope: Scope, filter: FilterExpression | undefined): Promise<number> {
    const source = await this.source(caller, name, scope);
    const where = filter ? filterSql(filter) : sql`true`;
    const counted = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${source}) r WHERE ${where}`.execute(this.db);
    return counted.rows[0].n;
  }

  /** The schools (own and through a child) and the agents (relatives ↔ pupils) of a page of users. */
  async userLinks(ids: readonly string[]): Promise<UserLinks> {
    if (ids.length === 0) return { schools: new Map(), agents: new Map() };
    const [schools, agents] = await Promise.all([
      sql<{ id: string; schools: string[] }>`SELECT account_id AS id, array_agg(school_id ORDER BY inherited, school_id) AS schools FROM account_schools WHERE account_id = ANY(${[...ids]}::uuid[]) GROUP BY account_id`.execute(this.db),
      sql<{ id: string; agent: string; profile: string }>`
        SELECT r.relative_id AS id, r.student_id AS agent, 'student' AS profile FROM relative_links r WHERE r.relative_id = ANY(${[...ids]}::uuid[])
        UNION ALL SELECT r.student_id, r.relative_id, 'relative' FROM relative_links r WHERE r.student_id = ANY(${[...ids]}::uuid[])
        ORDER BY 1, 2`.execute(this.db),
    ]);
    const agentMap = new Map<string, Array<{ id: string; profile: string }>>();
    for (const row of agents.rows) agentMap.set(row.id, [...(agentMap.get(row.id) ?? []), { id: row.agent, profile: row.profile }]);
    return { schools: new Map(schools.rows.map((row) => [row.id, row.schools])), agents: agentMap };
  }
}

function predicateSql({ field, op, value }: Predicate): RawBuilder<unknown> {
  const column = sql`r.${sql.ref(field)}`;
  if (DATES.has(field)) {
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) throw new OneRosterError(400, 'invalid_filter_field', `"${value}" is not a date and time (ISO 8601, e.g. 2026-09-01T00:00:00Z).`);
    if (op === '~') throw new OneRosterError(400, 'invalid_filter_field', `"${field}" is a date: ~ does not apply to it.`);
    return sql`${column} ${sql.raw(op === '!=' ? '<>' : op)} ${at}`;
  }
  if (op === '~') return sql`${column}::text ILIKE ${`%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`;
  if (op === '!=') return sql`${column}::text IS DISTINCT FROM ${value}`;
  return sql`${column}::text ${sql.raw(op)} ${value}`;
}

function filterSql(filter: FilterExpression): RawBuilder<unknown> {
  return sql`(${sql.join(
    filter.map((group) => sql`(${sql.join(group.map(predicateSql), sql` AND `)})`),
    sql` OR `,
  )})`;
}
