import type { FeedKind, FeedPerson, FeedRecord, FeedSchoolSummary } from '@sesame/contracts';
import type { Actor } from '../auth/actor';

/*
 * Who may do what with a feed (issue 15, "who may do it"), and the shapes staged rows take. Pure:
 * the service checks with these against identity's own data.
 */

/** The school a feed is about, as identity knows it (null for AAF, or a school export whose UAI no school has). */
export interface FeedScope {
  kind: FeedKind;
  schoolId: string | null;
}

/** AAF is the manager's; a school export is the manager's or that school's administrators'. */
export function mayHandleFeed(actor: Pick<Actor, 'role' | 'schoolIds'>, feed: FeedScope): boolean {
  if (actor.role === 'manager') return true;
  if (feed.kind === 'aaf' || actor.role !== 'administrator') return false;
  return feed.schoolId !== null && actor.schoolIds.includes(feed.schoolId);
}

/** The held schools the confirmation gives no reason for (a reason is 10 characters at least, checked by the schema). */
export function heldWithoutReason(schools: readonly Pick<FeedSchoolSummary, 'uai' | 'held'>[], held: ReadonlyArray<{ uai: string }>): string[] {
  const given = new Set(held.map((h) => h.uai));
  return schools.filter((s) => s.held && !given.has(s.uai)).map((s) => s.uai);
}

/** Leavers as a share of a school's accounts, in percent with one decimal (0 for a school without accounts). */
export function leaversPercent(leavers: number, accounts: number): number {
  return accounts === 0 ? 0 : Math.round((leavers * 1000) / accounts) / 10;
}

export interface StagedPerson {
  source: string;
  join_key: string;
  ine: string | null;
  last_name: string;
  first_name: string;
  birth_date: string | null;
  profile: string;
  schools: string[];
  classes: string[];
  email: string | null;
  mobile: string | null;
  functions: string[];
  exit_date: string | null;
}

export interface StagedLink {
  source: string;
  child_key: string;
  relative_key: string;
  legal: number | null;
}

const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort();

/** A class as the diff compares it: `UAI|name` (a UAI is always 8 characters). */
export const classKey = (c: { uai: string; name: string }) => `${c.uai}|${c.name}`;

/** A person's row: sets sorted and without duplicates, so the diff compares arrays as they are. */
export function stagedPerson(p: FeedPerson): StagedPerson {
  return {
    source: p.source,
    join_key: p.joinKey,
    ine: p.ine,
    last_name: p.lastName,
    first_name: p.firstName,
    birth_date: p.birthDate,
    profile: p.profile,
    // A student's class school is among its schools.
    schools: sortedUnique([...p.schools, ...p.classes.map((c) => c.uai)]),
    classes: sortedUnique(p.classes.map(classKey)),
    email: p.email?.trim() || null,
    mobile: p.mobile?.trim() || null,
    functions: p.functions,
    exit_date: p.exitDate,
  };
}

/** The relative links a chunk states, each side as it says it. */
export function stagedLinks(records: readonly FeedRecord[]): StagedLink[] {
  return records.flatMap((r) =>
    r.kind === 'person' ? r.relatives.map((l) => ({ source: r.source, child_key: l.childKey, relative_key: l.relativeKey, legal: l.legal })) : [],
  );
}
