import type { UserFilter } from '@sesame/contracts';
import { RawBuilder, sql } from 'kysely';

type Fragment = RawBuilder<unknown>;

export const and = (parts: Fragment[]): Fragment => (parts.length ? sql`(${sql.join(parts, sql` AND `)})` : sql`true`);

/**
 * A newcomer still waiting for a letter: the membership began after its school's last rentrée (not
 * restored), as the account was not on the list of the school's members the rentrée kept
 * (rentree_members, migration 0015), and the account had no letter or email since that rentrée (so a
 * second distribution reaches only those who arrived since the first). A school that never had a
 * rentrée has no newcomers.
 */
function newcomerWithoutLetter(school: Fragment, account: Fragment): Fragment {
  return sql`EXISTS (
    SELECT 1 FROM (SELECT r.id, r.opened_at FROM rentrees r WHERE r.restored_at IS NULL AND r.school_ids @> ARRAY[${school}] ORDER BY r.opened_at DESC LIMIT 1) last
    WHERE NOT EXISTS (SELECT 1 FROM rentree_members x WHERE x.rentree_id = last.id AND x.school_id = ${school} AND x.account_id = ${account})
      AND NOT EXISTS (SELECT 1 FROM accounts d WHERE d.id = ${account} AND d.last_distributed_at >= last.opened_at))`;
}

/**
 * The same newcomers as one set, for account rows (the whole académie): each school's last rentrée
 * found once, its members anti-joined with the list it kept, instead of a lookup per account.
 */
const NEWCOMERS_WITHOUT_LETTER = sql`
  SELECT m.account_id FROM (
    SELECT DISTINCT ON (s.school_id) s.school_id, r.id, r.opened_at
    FROM rentrees r CROSS JOIN unnest(r.school_ids) AS s(school_id) WHERE r.restored_at IS NULL ORDER BY s.school_id, r.opened_at DESC) last
  JOIN account_schools m ON m.school_id = last.school_id
  WHERE NOT EXISTS (SELECT 1 FROM rentree_members x WHERE x.rentree_id = last.id AND x.school_id = m.school_id AND x.account_id = m.account_id)
    AND NOT EXISTS (SELECT 1 FROM accounts d WHERE d.id = m.account_id AND d.last_distributed_at >= last.opened_at)`;

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
  if (filter.arrivedSinceRentree) {
    // Tallies do not know when an account joined (TalliesRepository.canCount sends this filter elsewhere).
    if (alias === 't') parts.push(sql`false`);
    else if (alias === 'm') parts.push(sql`(m.never_distributed OR ${newcomerWithoutLetter(sql`m.school_id`, sql`m.account_id`)})`);
    else parts.push(sql`(a.last_distributed_at IS NULL OR a.id IN (${NEWCOMERS_WITHOUT_LETTER}))`);
  }
  if (filter.q) {
    // Every word, in any order ("Anne Abadie" finds Abadie Anne), accent- and case-insensitive, on
    // the folded names and login (trigram indexes).
    for (const word of filter.q.split(/\s+/).filter(Boolean).slice(0, 5)) {
      parts.push(sql`${t}.search LIKE sesame_fold(${`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`})`);
    }
  }
  return parts;
}

