import type { OneRosterCodeMinor } from '@sesame/contracts';

/*
 * The query parameters of the OneRoster 1.2 REST binding: paging (`limit`, `offset`),
 * sorting (`sort`, `orderBy`), filtering (`filter`: `field op 'value'` joined by AND / OR) and field
 * selection (`fields`). Parsed here into plain values; oneroster.repository.ts turns them into SQL.
 */

/** A refusal of the binding: the HTTP status, the minor code, a sentence. */
export class OneRosterError extends Error {
  constructor(
    readonly status: number,
    readonly codeMinor: OneRosterCodeMinor,
    readonly description: string,
  ) {
    super(description);
  }

  get body() {
    return {
      imsx_codeMajor: 'failure' as const,
      imsx_severity: 'error' as const,
      imsx_description: this.description,
      imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: this.codeMinor }] },
    };
  }
}

export const FILTER_OPERATORS = ['=', '!=', '>', '>=', '<', '<=', '~'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];
export interface Predicate {
  field: string;
  op: FilterOperator;
  value: string;
}
/** OR of ANDs: `a='1' AND b='2' OR c='3'` is [[a, b], [c]] (AND binds tighter). */
export type FilterExpression = Predicate[][];

export interface Query {
  limit: number;
  offset: number;
  sort?: string;
  descending: boolean;
  filter?: FilterExpression;
  fields?: string[];
}

const PREDICATE = /^\s*([A-Za-z][A-Za-z0-9.]*)\s*(!=|>=|<=|=|>|<|~)\s*'((?:[^']|'')*)'\s*/;

/** `field op 'value'` joined by AND / OR (a quote inside a value is doubled). */
export function parseFilter(text: string): FilterExpression {
  const groups: Predicate[][] = [[]];
  let rest = text;
  for (;;) {
    const match = PREDICATE.exec(rest);
    if (!match) throw new OneRosterError(400, 'invalid_filter_field', `The filter "${text}" is not made of field op 'value' joined by AND or OR (op: = != > >= < <= ~).`);
    groups.at(-1)!.push({ field: match[1], op: match[2] as FilterOperator, value: match[3].replace(/''/g, "'") });
    rest = rest.slice(match[0].length);
    if (rest.trim() === '') return groups;
    const joiner = /^(AND|OR)\s+/i.exec(rest);
    if (!joiner) throw new OneRosterError(400, 'invalid_filter_field', `The filter "${text}" goes on with "${rest.trim()}": join predicates with AND or OR.`);
    if (joiner[1].toUpperCase() === 'OR') groups.push([]);
    rest = rest.slice(joiner[0].length);
  }
}

function whole(value: unknown, name: 'limit' | 'offset', minimum: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < minimum) {
    throw new OneRosterError(400, name === 'limit' ? 'invalid_limit_field' : 'invalid_offset_field', `"${name}" is a whole number of at least ${minimum}.`);
  }
  return number;
}

/** The parameters of a collection's request, checked against what the collection has. */
export function parseQuery(params: Record<string, unknown>, fields: readonly string[], maxLimit: number): Query {
  const text = (name: string) => (typeof params[name] === 'string' && params[name] !== '' ? (params[name] as string) : undefined);
  const limit = Math.min(whole(params.limit, 'limit', 1) ?? 100, maxLimit);
  const offset = whole(params.offset, 'offset', 0) ?? 0;
  const sort = text('sort');
  if (sort && !fields.includes(sort)) throw new OneRosterError(400, 'invalid_sort_field', `"${sort}" cannot be sorted on; fields: ${fields.join(', ')}.`);
  const orderBy = (text('orderBy') ?? 'asc').toLowerCase();
  if (orderBy !== 'asc' && orderBy !== 'desc') throw new OneRosterError(400, 'invalid_sort_field', '"orderBy" is asc or desc.');
  const filterText = text('filter');
  const filter = filterText ? parseFilter(filterText) : undefined;
  for (const predicate of filter?.flat() ?? []) {
    if (!fields.includes(predicate.field)) throw new OneRosterError(400, 'invalid_filter_field', `"${predicate.field}" cannot be filtered on; fields: ${fields.join(', ')}.`);
  }
  const selected = text('fields')
    ?.split(',')
    .map((field) => field.trim())
    .filter(Boolean);
  return { limit, offset, sort, descending: orderBy === 'desc', filter, ...(selected ? { fields: selected } : {}) };
}

/** A record with only the fields asked for; a field the record type does not have is refused. */
export function selectFields<T extends Record<string, unknown>>(record: T, fields: string[] | undefined, known: readonly string[]): Partial<T> {
  if (!fields) return record;
  const unknown = fields.filter((field) => !known.includes(field));
  if (unknown.length) throw new OneRosterError(400, 'invalid_selection_field', `${unknown.map((f) => `"${f}"`).join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not a field of these records.`);
  return Object.fromEntries(Object.entries(record).filter(([key]) => fields.includes(key))) as Partial<T>;
}
