import { isDeepStrictEqual } from 'node:util';
import { canDistribute, canImport } from '@sesame/account-rules';
import type { DelegationClaims } from '@sesame/auth';
import { DELEGATED_OPERATIONS, DelegatedOperation, UserFilter, UserFilterSchema } from '@sesame/contracts';
import type { Actor } from './actor';

/** A call made with a delegation: the operation its handler serves, and what the call names. */
export interface DelegatedCall {
  op: DelegatedOperation;
  /** The import or campaign the input names; a delegated call that names none is refused. */
  ref: string | undefined;
  /** For a campaign's selection: the filter asked. */
  filter?: UserFilter;
}

/**
 * Whether a delegation covers a call: the same operation, on the same import or campaign, and for a
 * campaign the very filter it was launched with (both parsed with the same schema, so that defaults
 * and key order do not matter).
 */
export function delegationCovers(claims: Pick<DelegationClaims, 'op' | 'ref' | 'filter'>, call: DelegatedCall): boolean {
  if (claims.op !== call.op || call.ref === undefined || claims.ref !== call.ref) return false;
  if (claims.op !== DELEGATED_OPERATIONS.freezeCampaign) return true;
  if (!claims.filter || !call.filter) return false;
  return isDeepStrictEqual(UserFilterSchema.parse(claims.filter), UserFilterSchema.parse(call.filter));
}

/** A job may do only what the person who starts it may do themselves (SPEC §2). */
export function mayDelegate(actor: Actor, op: DelegatedOperation): boolean {
  return op === DELEGATED_OPERATIONS.freezeCampaign ? canDistribute(actor) : canImport(actor);
}
