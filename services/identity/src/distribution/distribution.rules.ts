import { canDistribute, inScope } from '@sesame/account-rules';
import type { UserFilter } from '@sesame/contracts';
import type { Actor } from '../auth/actor';

/**
 * Why a distribution is refused before anything is read, or null when it may go ahead (SPEC §2:
 * manager everywhere, administrators and supervisors in their own schools, members never).
 * `classSchools`: the school of each class the filter names. Where the listing of GET /users
 * quietly shows nothing for a school outside the caller's scope, a campaign says no: launching
 * one that way is a mistake the caller must hear about.
 */
export function distributionRefusal(actor: Actor, filter: UserFilter, classSchools: readonly string[]): 'forbidden' | null {
  if (!canDistribute(actor)) return 'forbidden';
  if (filter.schoolId && !inScope(actor, filter.schoolId)) return 'forbidden';
  if (classSchools.some((schoolId) => !inScope(actor, schoolId))) return 'forbidden';
  return null;
}
