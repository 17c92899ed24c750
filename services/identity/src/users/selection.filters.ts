import type { UserFilter } from '@sesame/contracts';
import { RawBuilder, sql } from 'kysely';

type Fragment = RawBuilder<unknown>;

export const and = (parts: Fragment[]): Fragment => (parts.length ? sql`(${sql.join(parts, sql` AND `)})` : sql`true`);

/**
 * The filters of SPEC §4 on an account row (`a`), a membership row (`m`, which copies what they
 * read, migration 0004) or a tally (`t`, the yes/no columns only, migration 0007). Each filter
 * absent means "everybody".
 * `walk`: for the académie-wide page, yes/no filters are written `IS TRUE`/`IS NOT TRUE`, which no
 * index serves, so the planner walks the sort index (50 rows in a millisecond) instead of
 * collecting and sorting every match from the counting index.
 */
export function filters(alias: 'a' | 'm' | 't', filter: UserFilter, walk = false): Fragment[] {
  const t = sql.raw(alias);
  const is = (column: string, value: boolean) =>
    walk ? sql`${t}.${sql.raw(column)} ${sql.raw(value ? 'IS TRUE' : 'IS NOT TRUE')}` : sql`${t}.${sql.raw(column)} = ${value}`;
  const parts: Fragment[] = [];
  if (filter.profiles?.length) parts.push(sql`${t}.profile = ANY(${sql.val(filter.profiles)}::text[])`);
  if (filter.roles?.length) parts.push(sql`${t}.role = ANY(${sql.val(filter.roles)}::text[])`);
  if (filter.adminsOnly) parts.push(sql`${t}.role IN ('administrator', 'supervisor')`);
  if (filter.activation) parts.push(is('is_activated', filter.activation === 'activated'));
  if (filter.email) parts.push(is('has_email', filter.email === 'with'));
  // Dates are the académie's calendar days.
  if (filter.createdFrom) parts.push(sql`${t}.created_at >= (${filter.createdFrom}::date)::timestamp AT TIME ZONE 'Europe/Paris'`);
  if (filter.createdTo) parts.push(sql`${t}.created_at < (${filter.createdTo}::date + 1)::timestamp AT TIME ZONE 'Europe/Paris'`);
  if (filter.preDeleted !== 'include') parts.push(is('is_pre_deleted', filter.preDeleted === 'only'));
  if (filter.deactivated !== 'include') parts.push(is('is_deactivated', filter.deactivated === 'only'));
  // Tallies count by kind, not by account: a choice of accounts is never counted from them.
  if (filter.ids?.length) parts.push(alias === 't' ? sql`false` : sql`${t}.${sql.raw(alias === 'm' ? 'account_id' : 'id')} = ANY(${sql.val(filter.ids)}::uuid[])`);
  if (filter.importId) {
    // Memberships do not copy the import (few accounts share one): its accounts are read by index.
    const byImport = sql`SELECT id FROM accounts WHERE import_id = ${filter.importId}::uuid`;
    parts.push(alias === 't' ? sql`false` : alias === 'm' ? sql`m.account_id IN (${byImport})` : sql`a.import_id = ${filter.importId}::uuid`);
  }
  if (filter.neverDistributed) parts.push(alias === 'a' ? sql`a.last_distributed_at IS NULL` : sql`${t}.never_distributed`);
  if (filter.q) {
    // Every word, in any order ("Anne Abadie" finds Abadie Anne), accent- and case-insensitive, on
    // the folded names and login (trigram indexes).
    for (const word of filter.q.split(/\s+/).filter(Boolean).slice(0, 5)) {
      parts.push(sql`${t}.search LIKE sesame_fold(${`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`})`);
    }
  }
  return parts;
}

