import type { AccountRow, AccountUpdate } from '../database/schema';

/**
 * Whether an edit changes the account's role in the académie: its profile (a student made a
 * teacher), or for a supervisor the administrator it answers to (the previous one saw its code).
 * Such a change voids the account's sessions, reset links and activation code, as a password change
 * or a deactivation does (the role itself is fixed at creation: no API changes it).
 */
export function roleChanged(before: Pick<AccountRow, 'role' | 'profile' | 'managed_by'>, changes: AccountUpdate): boolean {
  const differs = <K extends 'role' | 'profile' | 'managed_by'>(key: K) => changes[key] !== undefined && changes[key] !== before[key];
  return differs('role') || differs('profile') || differs('managed_by');
}
