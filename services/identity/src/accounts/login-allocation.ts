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
 * use nor looking like a login in use (issue 12), nor given to an earlier owner.
 *
 * One allocator serves one transaction and remembers what it read and gave: a feed that creates a
 * million accounts in batches reads each base's existing logins once, not once per batch (with a
 * few thousand homonyms per base, rereading them made the apply quadratic and its memory grow with
 * every batch). What it holds is one skeleton per login of the bases it met: a login in use has its
 * skeleton stored, so one set answers both "in use" and "looks like one in use"; only logins whose
 * skeleton is not computed yet (a migration still filling them) are read and kept by name.
 */
export class LoginAllocator {
  private readonly skeletons = new Set<string>();
  private readonly unskeletonised = new Set<string>();
  private readonly loadedBases = new Set<string>();
  private readonly loadedSkeletonBases = new Set<string>();
  /** Where the search for each base resumes: every suffix below was taken already (thousands of homonyms are not searched from 1 each time). */
  private readonly resume = new Map<string, number>();

  constructor(private readonly trx: Db) {}

  /** One login per owner, in order; accounts inserted earlier in the transaction count as in use. */
  async allocate(owners: readonly LoginOwner[]): Promise<string[]> {
    if (owners.length === 0) return [];
    const bases = owners.map((a) => loginBase(a.firstName ?? '', a.lastName ?? '') ?? `compte.${a.externalId.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.slice(0, 56));
    await this.load(bases);
    const free = (candidate: string) => !this.unskeletonised.has(candidate) && !this.skeletons.has(loginSkeleton(candidate));
    return bases.map((base) => {
      let n = this.resume.get(base) ?? 1;
      while (!free(loginCandidate(base, n))) n++;
      const username = loginCandidate(base, n);
      this.resume.set(base, n + 1);
      this.skeletons.add(loginSkeleton(username));
      return username;
    });
  }

  /** Reads, once per base, the skeletons of the logins that start like it, and the logins without a skeleton yet. */
  private async load(bases: readonly string[]): Promise<void> {
    const newBases = [...new Set(bases)].filter((b) => !this.loadedBases.has(b));
    if (newBases.length === 0) return;
    newBases.forEach((b) => this.loadedBases.add(b));
    const { rows } = await sql<{ username: string }>`
      SELECT a.username FROM unnest(${arr(newBases)}) AS b(base)
      CROSS JOIN LATERAL (SELECT username FROM accounts
                          WHERE username >= b.base AND username < b.base || chr(1114111) AND username_skeleton IS NULL) a`.execute(this.trx);
    rows.forEach((r) => this.unskeletonised.add(r.username));
    // Generated logins are ASCII, so the skeleton of base + suffix starts with the skeleton of base:
    // a range of the skeleton index.
    const skeletonBases = [...new Set(newBases.map(loginSkeleton))].filter((s) => !this.loadedSkeletonBases.has(s));
    skeletonBases.forEach((s) => this.loadedSkeletonBases.add(s));
    if (skeletonBases.length === 0) return;
    const { rows: lookalikes } = await sql<{ username_skeleton: string }>`
      SELECT a.username_skeleton FROM unnest(${arr(skeletonBases)}) AS b(base)
      CROSS JOIN LATERAL (SELECT username_skeleton FROM accounts
                          WHERE username_skeleton >= b.base COLLATE "C" AND username_skeleton < b.base || chr(1114111) COLLATE "C") a`.execute(this.trx);
    lookalikes.forEach((r) => this.skeletons.add(r.username_skeleton));
  }
}

/** Logins for one batch of owners (a transaction that allocates once). */
export async function allocateLogins(trx: Db, owners: readonly LoginOwner[]): Promise<string[]> {
  return new LoginAllocator(trx).allocate(owners);
}
