import { isIsoDay } from '../common/dates';

/**
 * The accounts list of the console and the selection of the API (SPEC §4, §10): filter names are
 * the query parameters themselves; sorting by a column maps to one of the API's three orders.
 */
export type UserSort = 'name' | 'profile' | 'class';

/** Columns a user can sort by, and the order of the API each one stands for. */
export const COLUMN_SORTS: Readonly<Record<string, UserSort>> = {
  lastName: 'name',
  firstName: 'name',
  username: 'name',
  profile: 'profile',
  classes: 'class',
};

/** Filters the API understands, with how each is written in the query string. */
const FILTERS = {
  /** Chosen accounts (GET /users?id=…): the ticked rows, or one account's page. */
  id: 'list',
  schoolId: 'text',
  profile: 'list',
  role: 'list',
  classId: 'list',
  activation: 'text',
  email: 'text',
  adminsOnly: 'flag',
  createdFrom: 'day',
  createdTo: 'day',
  preDeleted: 'text',
  deactivated: 'text',
  neverDistributed: 'flag',
  arrivedSinceRentree: 'flag',
  q: 'text',
  importId: 'text',
} as const;

/** The API takes at most this many chosen accounts in one selection (`filter.ids`, `?id=`). */
export const MAX_CHOSEN = 500;

/**
 * The list's filters narrowed to the rows the person ticked: GET /users?id=… counts them (and those
 * with an email) within the same filters, as a campaign of `filter.ids` will select them.
 */
export function chosenFilter(filterValues: Record<string, unknown>, ids: readonly unknown[]): Record<string, unknown> {
  return { ...filterValues, id: ids.map(String) };
}

export type QueryValue = string | number;

/** The query parameters of GET /users for a page of the list. Unknown filters are left out. */
export function userQuery(
  filter: Record<string, unknown>,
  sortField: string | undefined,
  page: number,
  perPage: number,
): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {};
  for (const [name, kind] of Object.entries(FILTERS)) {
    const value = filter[name];
    if (value === undefined || value === null || value === '') continue;
    if (kind === 'flag') {
      if (value === true || value === 'true') query[name] = 'true';
    } else if (kind === 'day') {
      // A day still being typed (dd/mm/…) is not sent: the API takes complete yyyy-mm-dd days.
      if (isIsoDay(value)) query[name] = value;
    } else if (kind === 'list') {
      const items = (Array.isArray(value) ? value : [value]).map(String).filter(Boolean);
      if (items.length) query[name] = items.join(',');
    } else {
      const text = String(value).trim();
      if (text && text !== 'all') query[name] = text;
    }
  }
  query.sort = COLUMN_SORTS[sortField ?? ''] ?? 'name';
  query.page = Math.max(1, Math.floor(page));
  query.pageSize = Math.min(500, Math.max(1, Math.floor(perPage)));
  return query;
}

/** Fields of an account the edit form may change, and those that are emptied with null. */
const EDITABLE = ['username', 'firstName', 'lastName', 'displayName', 'email', 'profile', 'schoolIds', 'classIds', 'childIds', 'managedBy', 'externalId'] as const;
const NULLABLE = new Set(['firstName', 'lastName', 'displayName', 'email', 'externalId']);

/** The PATCH body: only what changed, empty texts as null where the API allows it. */
export function accountPatch(data: Record<string, unknown>, previous: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const field of EDITABLE) {
    if (!(field in data)) continue;
    const next = normalize(data[field]);
    if (JSON.stringify(next) === JSON.stringify(normalize(previous[field]))) continue;
    if (next === null && !NULLABLE.has(field)) continue;
    patch[field] = next;
  }
  return patch;
}

/** The POST body of a new account: empty fields are left out (the API then applies its defaults). */
export function accountCreation(data: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(data)) {
    const next = normalize(value);
    if (next === null || (Array.isArray(next) && next.length === 0)) continue;
    body[field] = next;
  }
  return body;
}

function normalize(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (Array.isArray(value)) return [...value].map(String).sort();
  return value;
}

/** The filters actually narrowing the list (a cleared field leaves an empty value behind). */
export function activeFilters(filterValues: Record<string, unknown>): string[] {
  return Object.entries(filterValues)
    .filter(([, value]) => value !== undefined && value !== null && value !== '' && value !== false && !(Array.isArray(value) && value.length === 0))
    .map(([name]) => name);
}
