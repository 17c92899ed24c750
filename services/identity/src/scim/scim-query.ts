import { RawBuilder, sql } from 'kysely';
import { invalidFilter, invalidValue } from './scim-error';
import type { Filter, FilterValue } from './scim-filter';
import { attributeKey } from './scim-paths';

/*
 * SCIM filters and sorting compiled to SQL on identity's tables, so that PostgreSQL filters, counts
 * and pages with its indexes (RFC 7644 §3.4.2): Users on `accounts a`, Groups on the schools and
 * classes `g` (scim.repository.ts). The attributes that can be filtered are those of the
 * representations Sesame stores; the others (enterprise `organization`) are an `invalidFilter` naming them.
 */

type Type = 'string' | 'boolean' | 'dateTime';
interface Column {
  type: Type;
  /** Compared as written (RFC 7643 §2.2 caseExact); otherwise case-insensitively. */
  caseExact: boolean;
  sql: RawBuilder<unknown>;
}
/** A multi-valued attribute kept in a table beside accounts: tested with EXISTS on one row of it. */
interface Table {
  from: RawBuilder<unknown>;
  subAttributes: Record<string, Column>;
  /** The sub-attribute `schools eq "…"` compares (RFC 7644 §3.4.2.2: the value of a multi-valued attribute). */
  primary: string;
}

const column = (type: Type, caseExact: boolean, fragment: RawBuilder<unknown>): Column => ({ type, caseExact, sql: fragment });
const text = (fragment: RawBuilder<unknown>, caseExact = false) => column('string', caseExact, fragment);

const FORMATTED = sql`nullif(concat_ws(' ', nullif(btrim(a.first_name), ''), nullif(btrim(a.last_name), '')), '')`;

/** What can be filtered on a resource: its single-valued attributes, and its multi-valued ones in tables. */
interface Catalogue {
  resource: 'User' | 'Group';
  columns: Record<string, Column>;
  tables: Record<string, Table>;
}

/** The single-valued attributes of a User (and `emails`, single here: the account's one address). */
const COLUMNS: Record<string, Column> = {
  id: text(sql`a.id::text`, true),
  externalid: text(sql`a.external_id`, true),
  // Sesame's logins are case-sensitive: so is userName here (its /Schemas says caseExact: true).
  username: text(sql`a.username`, true),
  'name.givenname': text(sql`a.first_name`),
  'name.familyname': text(sql`a.last_name`),
  'name.formatted': text(FORMATTED),
  displayname: text(sql`coalesce(nullif(a.display_name, ''), ${FORMATTED}, a.username)`),
  emails: text(sql`a.email`),
  'emails.value': text(sql`a.email`),
  'emails.type': text(sql`CASE WHEN a.email IS NOT NULL THEN 'work' END`),
  'emails.primary': column('boolean', true, sql`CASE WHEN a.email IS NOT NULL THEN true END`),
  active: column('boolean', true, sql`(a.deactivated_at IS NULL)`),
  preferredlanguage: text(sql`a.locale::text`),
  'meta.created': column('dateTime', true, sql`a.created_at`),
  'meta.lastmodified': column('dateTime', true, sql`a.updated_at`),
  'meta.resourcetype': text(sql`'User'::text`, true),
  'sesame:profile': text(sql`a.profile::text`, true),
  'sesame:activated': column('boolean', true, sql`(a.activated_at IS NOT NULL)`),
  'enterprise:department': text(sql`(SELECT min(es.uai) FROM account_schools el JOIN schools es ON es.id = el.school_id WHERE el.account_id = a.id)`),
};

const TABLES: Record<string, Table> = {
  'sesame:schools': {
    from: sql`account_schools l JOIN schools t ON t.id = l.school_id WHERE l.account_id = a.id`,
    subAttributes: { value: text(sql`t.id::text`, true), uai: text(sql`t.uai`), display: text(sql`t.name`) },
    primary: 'value',
  },
  'sesame:classes': {
    from: sql`account_classes l JOIN classes t ON t.id = l.class_id WHERE l.account_id = a.id`,
    subAttributes: { value: text(sql`t.id::text`, true), schoolid: text(sql`t.school_id::text`, true), display: text(sql`t.name`) },
    primary: 'value',
  },
  // RFC 7643 §4.1.2 groups: the schools and the classes, both Groups here.
  groups: {
    from: sql`(SELECT l.school_id AS id, s.name AS display, 'direct' AS type FROM account_schools l JOIN schools s ON s.id = l.school_id WHERE l.account_id = a.id
      UNION ALL SELECT l.class_id, c.name, 'direct' FROM account_classes l JOIN classes c ON c.id = l.class_id WHERE l.account_id = a.id) t WHERE true`,
    subAttributes: { value: text(sql`t.id::text`, true), display: text(sql`t.display`), type: text(sql`t.type`, true) },
    primary: 'value',
  },
};

const USER: Catalogue = { resource: 'User', columns: COLUMNS, tables: TABLES };

/** A Group: a school (`kind` school, its UAI) or a class (`kind` class, its school's UAI and id). */
const GROUP: Catalogue = {
  resource: 'Group',
  columns: {
    id: text(sql`g.id::text`, true),
    displayname: text(sql`g.display_name`),
    'meta.created': column('dateTime', true, sql`g.created_at`),
    'meta.resourcetype': text(sql`'Group'::text`, true),
    'sesame:kind': text(sql`g.kind`, true),
    'sesame:uai': text(sql`g.uai`),
    'sesame:schoolid': text(sql`g.school_id::text`, true),
  },
  tables: {
    members: {
      from: sql`(SELECT l.account_id AS id FROM account_schools l WHERE g.kind = 'school' AND l.school_id = g.id
        UNION ALL SELECT l.account_id FROM account_classes l WHERE g.kind = 'class' AND l.class_id = g.id) t WHERE true`,
      subAttributes: { value: text(sql`t.id::text`, true), type: text(sql`'User'::text`, true) },
      primary: 'value',
    },
  },
};

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
const likeEscaped = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

function comparison(target: Column, op: string, value: FilterValue, path: string): RawBuilder<unknown> {
  if (value === null) {
    if (op === 'eq') return sql`(${target.sql} IS NULL)`;
    if (op === 'ne') return sql`(${target.sql} IS NOT NULL)`;
    throw invalidFilter(`"${path} ${op} null" compares with nothing: only eq and ne take null.`);
  }
  if (target.type === 'boolean') {
    if (typeof value !== 'boolean') throw invalidFilter(`"${path}" is a boolean: compare it with true or false.`);
    if (op === 'eq') return sql`(${target.sql} IS NOT DISTINCT FROM ${value})`;
    if (op === 'ne') return sql`(${target.sql} IS DISTINCT FROM ${value})`;
    throw invalidFilter(`"${path}" is a boolean: only eq and ne apply to it.`);
  }
  if (typeof value !== 'string') throw invalidFilter(`"${path}" is a ${target.type === 'dateTime' ? 'date and time' : 'string'}: give its value in double quotes.`);
  if (target.type === 'dateTime') {
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) throw invalidFilter(`"${value}" is not a date and time (xsd:dateTime, e.g. "2026-09-01T08:00:00Z").`);
    const operator = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' }[op];
    if (!operator) throw invalidFilter(`"${path}" is a date and time: co, sw and ew do not apply to it.`);
    return sql`(${target.sql} ${sql.raw(operator)} ${at})`;
  }
  const left = target.caseExact ? target.sql : sql`lower(${target.sql})`;
  const given = target.caseExact ? value : value.toLowerCase();
  switch (op) {
    case 'eq':
      return sql`(${left} = ${given})`;
    case 'ne':
      return sql`(${left} IS DISTINCT FROM ${given})`;
    case 'co':
      return sql`(${left} LIKE ${`%${likeEscaped(given)}%`})`;
    case 'sw':
      return sql`(${left} LIKE ${`${likeEscaped(given)}%`})`;
    case 'ew':
      return sql`(${left} LIKE ${`%${likeEscaped(given)}`})`;
    default: {
      const operator = { gt: '>', ge: '>=', lt: '<', le: '<=' }[op]!;
      return sql`(${left} ${sql.raw(operator)} ${given} COLLATE "C")`;
    }
  }
}

/** The table a multi-valued path is in, and the sub-attribute it names (`sesame:schools.uai` → schools, uai). */
function tableOf(catalogue: Catalogue, key: string): { table: Table; name: string; sub?: string } | undefined {
  for (const [name, table] of Object.entries(catalogue.tables)) {
    if (key === name) return { table, name };
    if (key.startsWith(`${name}.`)) return { table, name, sub: key.slice(name.length + 1) };
  }
  return undefined;
}

function subColumn(table: Table, name: string, sub: string | undefined, path: string): Column {
  const found = table.subAttributes[sub ?? table.primary];
  if (!found) throw invalidFilter(`"${path}" names no sub-attribute of ${name} (${Object.keys(table.subAttributes).join(', ')}).`);
  return found;
}

function singleColumn(catalogue: Catalogue, key: string, path: string): Column {
  const found = catalogue.columns[key];
  if (!found) {
    if (key === 'enterprise:organization') throw invalidFilter(`"${path}" is the same for every account (the académie): it cannot be filtered on.`);
    throw invalidFilter(`"${path}" is not an attribute a ${catalogue.resource} can be filtered on.`);
  }
  return found;
}

/** A filter as a SQL condition on `accounts a`. */
export function userFilterSql(filter: Filter): RawBuilder<boolean> {
  return compile(USER, filter) as RawBuilder<boolean>;
}

/** A filter as a SQL condition on the groups `g` (scim.repository.ts). */
export function groupFilterSql(filter: Filter): RawBuilder<boolean> {
  return compile(GROUP, filter) as RawBuilder<boolean>;
}

function compile(catalogue: Catalogue, filter: Filter): RawBuilder<unknown> {
  switch (filter.kind) {
    case 'and':
      return sql`(${compile(catalogue, filter.left)} AND ${compile(catalogue, filter.right)})`;
    case 'or':
      return sql`(${compile(catalogue, filter.left)} OR ${compile(catalogue, filter.right)})`;
    case 'not':
      // RFC 7644 §3.4.2.2: not(…) is true where the filter is not; an unknown (NULL) result counts as false inside.
      return sql`(NOT coalesce(${compile(catalogue, filter.filter)}, false))`;
    case 'present':
    case 'compare': {
      const key = attributeKey(filter.path, catalogue.resource);
      const multi = tableOf(catalogue, key);
      if (multi) {
        const target = subColumn(multi.table, multi.name, multi.sub, filter.path);
        const condition = filter.kind === 'present' ? sql`(${target.sql} IS NOT NULL)` : comparison(target, filter.op, filter.value, filter.path);
        return sql`EXISTS (SELECT 1 FROM ${multi.table.from} AND ${condition})`;
      }
      const target = singleColumn(catalogue, key, filter.path);
      if (filter.kind === 'present') return target.type === 'string' ? sql`(coalesce(${target.sql}, '') <> '')` : sql`(${target.sql} IS NOT NULL)`;
      return comparison(target, filter.op, filter.value, filter.path);
    }
    case 'valuePath': {
      const key = attributeKey(filter.path, catalogue.resource);
      const multi = tableOf(catalogue, key);
      if (multi && !multi.sub) return sql`EXISTS (SELECT 1 FROM ${multi.table.from} AND ${compileWithin(filter.filter, (sub, path) => subColumn(multi.table, multi.name, sub, path))})`;
      // The account's one email address is the only value of `emails`: its sub-attributes are columns.
      if (catalogue === USER && key === 'emails') return compileWithin(filter.filter, (sub, path) => singleColumn(USER, `emails.${sub}`, path));
      throw invalidFilter(`"${filter.path}[…]" filters the values of an attribute that has several: ${filter.path} is not one.`);
    }
  }
}

/** The filter inside brackets, its paths being sub-attributes of the one before the bracket. */
function compileWithin(filter: Filter, columnOf: (sub: string, path: string) => Column): RawBuilder<unknown> {
  switch (filter.kind) {
    case 'and':
      return sql`(${compileWithin(filter.left, columnOf)} AND ${compileWithin(filter.right, columnOf)})`;
    case 'or':
      return sql`(${compileWithin(filter.left, columnOf)} OR ${compileWithin(filter.right, columnOf)})`;
    case 'not':
      return sql`(NOT coalesce(${compileWithin(filter.filter, columnOf)}, false))`;
    case 'present':
      return sql`(${columnOf(filter.path, filter.path).sql} IS NOT NULL)`;
    case 'compare':
      return comparison(columnOf(filter.path, filter.path), filter.op, filter.value, filter.path);
    case 'valuePath':
      throw invalidFilter(`"${filter.path}[…]" cannot be nested inside another attribute's brackets.`);
  }
}

/** The attributes a list can be sorted by (RFC 7644 §3.4.2.3), as SQL. */
export function userSortSql(sortBy: string): RawBuilder<unknown> {
  const key = attributeKey(sortBy, 'User');
  const sortable = COLUMNS[key === 'emails' ? 'emails.value' : key];
  if (!sortable || key.startsWith('enterprise:') || key === 'emails.type' || key === 'emails.primary') {
    throw invalidValue(`"${sortBy}" cannot be sorted on: sort by userName, name.givenName, name.familyName, displayName, emails, externalId, id, active, meta.created or meta.lastModified.`);
  }
  return sortable.caseExact ? sortable.sql : sql`lower(${sortable.sql})`;
}
