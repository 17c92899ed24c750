import type { MachineOperation, Profile } from '@sesame/contracts';
import type { Actor } from '../auth/actor';

/**
 * A system calling SCIM or OneRoster on its own behalf (issue 18): a machine client the manager
 * registered (client credentials), with what its registration grants. Its writes are checked by the
 * rulebook as an administrator of its schools (`actor`), and audited under its client id.
 */
export interface MachineCaller {
  clientId: string;
  name: string;
  /** The scopes of its access token (`scim`, `oneroster`). */
  scopes: ReadonlySet<string>;
  operations: ReadonlySet<MachineOperation>;
  /** The profiles whose accounts it sees; empty: every profile. */
  profiles: readonly Profile[];
  /** The schools whose accounts it sees; null: the whole académie. */
  schoolIds: readonly string[] | null;
  actor: Actor;
}

/** Why a call is refused before anything is read: RFC 6750 §3.1's errors. */
export class MachineAuthFailure extends Error {
  constructor(
    readonly status: 401 | 403,
    readonly error: 'invalid_token' | 'insufficient_scope',
    readonly description: string,
  ) {
    super(description);
  }

  /** The `WWW-Authenticate` challenge of the answer (RFC 6750 §3). */
  challenge(realm: string): string {
    return `Bearer realm="${realm}", error="${this.error}", error_description="${this.description}"`;
  }
}

/** Whether the caller was granted an operation. */
export function may(caller: MachineCaller, operation: MachineOperation): boolean {
  return caller.operations.has(operation);
}

/** Whether an account of these schools and profile is within the caller's reach. */
export function reaches(caller: MachineCaller, account: { schoolIds: readonly string[]; profile: Profile | null }): boolean {
  if (caller.profiles.length && (!account.profile || !caller.profiles.includes(account.profile))) return false;
  return caller.schoolIds === null || account.schoolIds.some((id) => caller.schoolIds!.includes(id));
}
