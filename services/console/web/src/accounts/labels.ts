import { PROFILE_ORDER } from '@sesame/contracts/src/identity/profile-order';
import type { Role } from '../common/roles';

/** Profiles as the console offers them: in the order of their French labels, as the API sorts them. */
export const PROFILES = PROFILE_ORDER;

/** A row's "profile" column: the member's profile, or the staff role (administrator…). */
export function profileKey(account: { role: Role; profile: string | null }): string {
  return account.role === 'member' && account.profile ? `sesame.profiles.${account.profile}` : `sesame.roles.${account.role}`;
}

/** How an account is named in sentences and menus: display name and login. */
export function accountName(account: { displayName?: string | null; username: string }): string {
  return account.displayName && account.displayName !== account.username ? `${account.displayName} (${account.username})` : account.username;
}
