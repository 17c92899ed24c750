import type { FieldIssue, Profile } from '@sesame/contracts';

/*
 * What Sesame does to a downstream SCIM target, as plain rules: which accounts a target holds, what a
 * target's answer means (give up, or try again later), and how long to wait before the next try.
 */

/** What a target holds of an account: its current state, the account deactivated there, or nothing. */
export type Wanted = 'present' | 'inactive' | 'absent';

export interface PushedAccount {
  role: string;
  profile: Profile | null;
  schoolIds: readonly string[];
  deactivated: boolean;
  preDeleted: boolean;
}

/**
 * A target holds the member accounts of its schools and profiles: as they are while they are active,
 * deactivated when Sesame deactivates them or they leave its reach (so the tool keeps their data and
 * history, as Sesame keeps the account), and they are deleted there when Sesame pre-deletes or
 * deletes them.
 */
export function wantedAt(target: { schoolIds: readonly string[]; profiles: readonly string[] }, account: PushedAccount | undefined): Wanted {
  if (!account || account.preDeleted || account.role !== 'member') return 'absent';
  const inProfiles = target.profiles.length === 0 || (account.profile !== null && target.profiles.includes(account.profile));
  const inSchools = target.schoolIds.length === 0 || account.schoolIds.some((id) => target.schoolIds.includes(id));
  if (!inProfiles || !inSchools) return 'inactive';
  return account.deactivated ? 'inactive' : 'present';
}

/**
 * Whether a failed call may succeed later: the target could not be reached, was busy or failing
 * (5xx), asked to slow down (429) or timed out (408). Any other answer (400, 401, 403, 409…) is the
 * target refusing this change: trying again would be refused again, so it is dead-lettered with the answer.
 */
export function retryable(status: number | null): boolean {
  return status === null || status === 408 || status === 429 || status >= 500;
}

/**
 * The wait before the next try: doubling from a second up to `maxMs`, or what the target asked
 * (Retry-After, in seconds or as a date), within the same bound.
 */
export function backoffMs(attempt: number, maxMs: number, retryAfter?: string | null, now = Date.now()): number {
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const asked = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - now;
    if (Number.isFinite(asked) && asked >= 0) return Math.min(asked, maxMs);
  }
  return Math.min(1000 * 2 ** Math.max(0, attempt - 1), maxMs);
}

/** RFC 7644 speaks https; http only on the loopback (a tool beside Sesame, a test). */
export function targetIssues(url: string): FieldIssue[] {
  const address = new URL(url);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(address.hostname);
  if (address.protocol === 'https:' || (address.protocol === 'http:' && loopback)) return [];
  return [{ field: 'url', code: 'scim_target.https_required', params: { uri: url } }];
}
