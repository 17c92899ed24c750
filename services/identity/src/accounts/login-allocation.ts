import { loginBase, loginCandidate, loginSkeleton } from '@sesame/account-rules';
import { sql } from 'kysely';
import type { Db } from '../database/database.module';

const arr = (values: readonly string[]) => sql`${sql.val([...values])}::text[]`;

/** Someone who needs a generated login: their names, and the key a login is made of when the names give none. */
export interface LoginOwner {
  firstName: string | null;
  lastName: string | null;
  externalId: string;
}

/**
 * Generated logins for accounts about to be created in `trx` (enrolment events, feeds):
 * `firstname.lastname`, with the first free numeric suffix across the whole directory, neither in
 * use nor looking like a login in use (issue 12), nor given to an earlier owner of the same call.
 * Accounts inserted earlier in the same transaction count as in use. Returns one login per owner, in order.
 */
export async function allocateLogins(trx: Db, owners: readonly LoginOwner[]): Promise<string[]> {
  if (owners.length === 0) return [];
  const bases = owners.map((a) => loginBase(a.firstName ?? '', a.lastName ?? '') ?? `compte.${a.externalId.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.slice(0, 56));
  // Usernames starting with each base: a range of the username index per base.
  const { rows } = await sql<{ username: string }>`
    SELECT a.username FROM unnest(${arr([...new Set(bases)])}) AS b(base)
    CROSS JOIN LATERAL (SELECT username FROM accounts WHERE username >= b.base AND username < b.base || chr(1114111)) a`.execute(trx);
  const taken = new Set(rows.map((r) => r.username));
  // Generated logins are ASCII, so the skeleton of base + suffix starts with the skeleton of base:
  // a range of the skeleton index.
  const skeletonBases = [...new Set(bases.map(loginSkeleton))];
  const { rows: lookalikes } = await sql<{ username_skeleton: string }>`
    SELECT a.username_skeleton FROM unnest(${arr(skeletonBases)}) AS b(base)
    CROSS JOIN LATERAL (SELECT username_skeleton FROM accounts
                        WHERE username_skeleton >= b.base COLLATE "C" AND username_skeleton < b.base || chr(1114111) COLLATE "C") a`.execute(trx);
  const skeletons = new Set(lookalikes.map((r) => r.username_skeleton));
  const free = (candidate: string) => !taken.has(candidate) && !skeletons.has(loginSkeleton(candidate));
  return bases.map((base) => {
    let n = 1;
    while (!free(loginCandidate(base, n))) n++;
    const username = loginCandidate(base, n);
    taken.add(username);
    skeletons.add(loginSkeleton(username));
    return username;
  });
}
