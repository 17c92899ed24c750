import type { Profile } from './accounts.schema';

/**
 * The order of profiles wherever Sesame sorts "by profile" (the accounts list, the letters, the
 * activation report): the alphabetical order of their French labels — Élève, Enseignant, Invité,
 * Parent, Personnel — not of their English codes. Identity's SQL and mailmerge's read it from here
 * (`array_position` over this list); accounts without a profile (staff) come after.
 * Identity's index `accounts_by_profile_rank` (migration 0011) is built on this very list: change
 * it only with a migration that rebuilds that index.
 */
export const PROFILE_ORDER: readonly Profile[] = ['student', 'teacher', 'guest', 'relative', 'personnel'];

/** 1 for the first profile of PROFILE_ORDER…; accounts without a profile after every profile. */
export function profileRank(profile: Profile | null | undefined): number {
  const index = profile ? PROFILE_ORDER.indexOf(profile) : -1;
  return index < 0 ? PROFILE_ORDER.length + 1 : index + 1;
}

/** Compares two profiles in PROFILE_ORDER (for Array.prototype.sort). */
export function byProfileOrder(a: Profile | null | undefined, b: Profile | null | undefined): number {
  return profileRank(a) - profileRank(b);
}

/** PROFILE_ORDER as a PostgreSQL array literal, inlined in SQL so that an index on it can be used. */
export const PROFILE_ORDER_SQL = `'{${PROFILE_ORDER.join(',')}}'::text[]`;
