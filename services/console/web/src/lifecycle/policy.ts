import { MAX_NOTICE_DAYS } from '@sesame/contracts/src/identity/lifecycle.schema';
import { byProfileOrder } from '@sesame/contracts/src/identity/profile-order';
import type { PolicyEntry } from './lifecycle-api';

export { MAX_NOTICE_DAYS };

/** The three delays of a profile, in the order an account goes through them. */
export const DELAYS = ['tolerationDays', 'deactivationDays', 'preDeletionDays'] as const;
export type Delay = (typeof DELAYS)[number];

/** The fields of a row: the delays, then the notice (which is not one of them: it does not add up). */
export const FIELDS = [...DELAYS, 'noticeDays'] as const;
export type PolicyField = (typeof FIELDS)[number];

/** A profile's row of the form: the delays and the notice as typed. */
export type PolicyRow = { profile: PolicyEntry['profile'] } & Record<PolicyField, string>;

/** What is wrong with a row as typed, named by its message in `sesame.lifecycle.policy`. */
export type RowProblem = 'notANumber' | 'noticeOutOfRange';

/** The policy as rows of the form, in the console's order of profiles. */
export function rowsOf(entries: readonly PolicyEntry[]): PolicyRow[] {
  return [...entries]
    .sort((a, b) => byProfileOrder(a.profile, b.profile))
    .map((entry) => ({
      profile: entry.profile,
      tolerationDays: String(entry.tolerationDays),
      deactivationDays: String(entry.deactivationDays),
      preDeletionDays: String(entry.preDeletionDays),
      noticeDays: String(entry.noticeDays),
    }));
}

/** A delay as typed: a whole number of days, zero or more; undefined otherwise. */
export function delayOf(text: string): number | undefined {
  return /^\s*\d{1,6}\s*$/.test(text) ? Number(text) : undefined;
}

/** A notice as typed: a whole number of days from 0 to 30; undefined otherwise. */
export function noticeOf(text: string): number | undefined {
  const days = delayOf(text);
  return days !== undefined && days <= MAX_NOTICE_DAYS ? days : undefined;
}

/** The days from departure to deletion, once the three delays are numbers (the notice is not one of them). */
export function rowTotal(row: PolicyRow): number | undefined {
  const days = DELAYS.map((delay) => delayOf(row[delay]));
  return days.every((day) => day !== undefined) ? days.reduce<number>((sum, day) => sum + day!, 0) : undefined;
}

/** Why a row cannot be sent as typed: a delay that is not a number, a notice outside 0–30 days. */
export function rowProblems(row: PolicyRow): RowProblem[] {
  const problems: RowProblem[] = [];
  if (rowTotal(row) === undefined) problems.push('notANumber');
  if (noticeOf(row.noticeDays) === undefined) problems.push('noticeOutOfRange');
  return problems;
}

/** The rows as the API takes them, or null while one of them has a problem (rowProblems). */
export function entriesOf(rows: readonly PolicyRow[]): PolicyEntry[] | null {
  if (rows.some((row) => rowProblems(row).length > 0)) return null;
  return rows.map((row) => ({
    profile: row.profile,
    tolerationDays: delayOf(row.tolerationDays)!,
    deactivationDays: delayOf(row.deactivationDays)!,
    preDeletionDays: delayOf(row.preDeletionDays)!,
    noticeDays: noticeOf(row.noticeDays)!,
  }));
}

/**
 * A refusal's field errors (`profiles.<i>.<delay>`), by the profile of the row sent at that index;
 * whatever names no row is left for the form as a whole.
 */
export function errorsByProfile(
  errors: ReadonlyArray<{ field: string; message: string }>,
  sent: readonly PolicyEntry[],
): { rows: Partial<Record<PolicyEntry['profile'], string[]>>; other: string[] } {
  const rows: Partial<Record<PolicyEntry['profile'], string[]>> = {};
  const other: string[] = [];
  for (const error of errors) {
    const index = /^profiles\.(\d+)(\.|$)/.exec(error.field)?.[1];
    const profile = index === undefined ? undefined : sent[Number(index)]?.profile;
    if (profile) (rows[profile] ??= []).push(error.message);
    else other.push(error.message);
  }
  return { rows, other };
}
