import { byProfileOrder } from '@sesame/contracts/src/identity/profile-order';
import type { PolicyEntry } from './lifecycle-api';

/** The three delays of a profile, in the order an account goes through them. */
export const DELAYS = ['tolerationDays', 'deactivationDays', 'preDeletionDays'] as const;
export type Delay = (typeof DELAYS)[number];

/** A profile's row of the form: the delays as typed. */
export type PolicyRow = { profile: PolicyEntry['profile'] } & Record<Delay, string>;

/** The policy as rows of the form, in the console's order of profiles. */
export function rowsOf(entries: readonly PolicyEntry[]): PolicyRow[] {
  return [...entries]
    .sort((a, b) => byProfileOrder(a.profile, b.profile))
    .map((entry) => ({
      profile: entry.profile,
      tolerationDays: String(entry.tolerationDays),
      deactivationDays: String(entry.deactivationDays),
      preDeletionDays: String(entry.preDeletionDays),
    }));
}

/** A delay as typed: a whole number of days, zero or more; undefined otherwise. */
export function delayOf(text: string): number | undefined {
  return /^\s*\d{1,6}\s*$/.test(text) ? Number(text) : undefined;
}

/** The days from departure to deletion, once the three delays are numbers. */
export function rowTotal(row: PolicyRow): number | undefined {
  const days = DELAYS.map((delay) => delayOf(row[delay]));
  return days.every((day) => day !== undefined) ? days.reduce<number>((sum, day) => sum + day!, 0) : undefined;
}

/** The rows as the API takes them, or null while one of their delays is not a number. */
export function entriesOf(rows: readonly PolicyRow[]): PolicyEntry[] | null {
  const entries = rows.map((row) => {
    const [tolerationDays, deactivationDays, preDeletionDays] = DELAYS.map((delay) => delayOf(row[delay]));
    return tolerationDays === undefined || deactivationDays === undefined || preDeletionDays === undefined ? null : { profile: row.profile, tolerationDays, deactivationDays, preDeletionDays };
  });
  return entries.every((entry) => entry !== null) ? (entries as PolicyEntry[]) : null;
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
