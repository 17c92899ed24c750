import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { ActivationCodeVault } from './activation-code-vault';
import { DB, Db } from '../database/database.module';
import { AccountRow, AccountUpdate, NewAccount } from '../database/schema';

/** An account with the links the rules and the views need. */
export interface AccountDetails extends AccountRow {
  /** Own schools and classes, and for a relative those inherited from their children (`inherited`). */
  schools: Array<{ id: string; uai: string; name: string; inherited: boolean }>;
  classes: Array<{ id: string; schoolId: string; name: string; inherited: boolean }>;
  childIds: string[];
}


/**
 * Every query on accounts, except their memberships and links (memberships.repository.ts) and the
 * selection (users/selection.repository.ts).
 * Activation codes go in sealed and come out opened (ActivationCodeVault): callers see codes.
 */
@Injectable()
export class AccountsRepository {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly codes: ActivationCodeVault,
  ) {}

  async findDetails(id: string, executor: Db = this.db): Promise<AccountDetails | undefined> {
    const [details] = await this.findManyDetails([id], executor);
    return details;
  }

  /** Several accounts with their links, in no particular order (absent ids are left out). */
  async findManyDetails(ids: readonly string[], executor: Db = this.db): Promise<AccountDetails[]> {
    if (ids.length === 0) return [];
    const rows = await executor
      .selectFrom('accounts as a')
      .selectAll('a')
      .select((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('account_schools as link')
            .innerJoin('schools as s', 's.id', 'link.school_id')
            .select(['s.id', 's.uai', 's.name', 'link.inherited'])
            .whereRef('link.account_id', '=', 'a.id')
            .orderBy('s.uai'),
        ).as('schools'),
        jsonArrayFrom(
          eb
            .selectFrom('account_classes as link')
            .innerJoin('classes as c', 'c.id', 'link.class_id')
            .select(['c.id', 'c.school_id as schoolId', 'c.name', 'link.inherited'])
            .whereRef('link.account_id', '=', 'a.id')
            .orderBy('c.name'),
        ).as('classes'),
        eb
          .selectFrom('relative_links as r')
          .select(sql<string[]>`coalesce(array_agg(r.student_id ORDER BY r.student_id), '{}')`.as('ids'))
          .whereRef('r.relative_id', '=', 'a.id')
          .as('childIds'),
      ])
      .where('a.id', 'in', ids)
      .execute();
    return rows.map((row) => ({ ...this.opened(row), childIds: (row.childIds as string[] | null) ?? [] }));
  }

  async findByUsername(username: string, executor: Db = this.db): Promise<AccountRow | undefined> {
    const row = await executor.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
    return row && this.opened(row);
  }

  async usernamesTaken(usernames: string[], executor: Db = this.db): Promise<Set<string>> {
    if (usernames.length === 0) return new Set();
    const rows = await executor.selectFrom('accounts').select('username').where('username', 'in', usernames).execute();
    return new Set(rows.map((r) => r.username));
  }

  /**
   * Whether `username` is taken, or looks like a login in use (same skeleton, any rank: see
   * migration 0009), by an account other than `exceptId`.
   */
  async loginClash(username: string, skeleton: string, exceptId?: string, executor: Db = this.db): Promise<'taken' | 'lookalike' | null> {
    const row = await executor
      .selectFrom('accounts')
      .select(sql<boolean>`username = ${username}`.as('exact'))
      .where((eb) => eb.or([eb('username', '=', username), eb('username_skeleton', '=', skeleton)]))
      .$if(exceptId !== undefined, (qb) => qb.where('id', '<>', exceptId!))
      .orderBy('exact', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? (row.exact ? 'taken' : 'lookalike') : null;
  }

  /** Skeletons starting with `prefix` (a generated login must not look like one in use). */
  async skeletonsStartingWith(prefix: string, executor: Db = this.db): Promise<Set<string>> {
    const rows = await executor
      .selectFrom('accounts')
      .select('username_skeleton')
      .where('username_skeleton', '>=', prefix)
      .where('username_skeleton', '<', `${prefix}\u{10FFFF}`)
      .execute();
    return new Set(rows.map((r) => r.username_skeleton!));
  }

  /** Usernames starting with `prefix` (to pick a free `firstname.lastnameN`). */
  async usernamesStartingWith(prefix: string, executor: Db = this.db): Promise<Set<string>> {
    const rows = await executor
      .selectFrom('accounts')
      .select('username')
      .where('username', '>=', prefix)
      .where('username', '<', `${prefix}\u{10FFFF}`)
      .execute();
    return new Set(rows.map((r) => r.username));
  }

  managerExists(executor: Db = this.db): Promise<boolean> {
    return executor
      .selectFrom('accounts')
      .select('id')
      .where('role', '=', 'manager')
      .executeTakeFirst()
      .then(Boolean);
  }

  async insert(values: NewAccount, executor: Db = this.db): Promise<AccountRow> {
    // The code is sealed for this account's id, so the id is chosen here rather than by PostgreSQL.
    const id = values.id ?? randomUUID();
    const code = values.activation_code ? this.codes.seal(values.activation_code, id) : values.activation_code;
    const row = await executor.insertInto('accounts').values({ ...values, id, activation_code: code }).returningAll().executeTakeFirstOrThrow();
    return this.opened(row);
  }

  /**
   * A sign-in: when it happened. It changes nothing of the account, so `updated_at` stays — the
   * undo of an import reads a later `updated_at` as an edit.
   */
  async recordSignIn(id: string, at: Date, executor: Db = this.db): Promise<void> {
    await executor.updateTable('accounts').set({ last_login_at: at }).where('id', '=', id).execute();
  }

  async update(id: string, values: AccountUpdate, executor: Db = this.db): Promise<void> {
    const code = values.activation_code ? { activation_code: this.codes.seal(values.activation_code, id) } : {};
    await executor
      .updateTable('accounts')
      .set({ ...values, ...code, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  /**
   * The account's password, status or role just changed (call after the change, in its
   * transaction): every session ends (tokens carrying the previous version are refused), and every
   * outstanding reset link and activation code is void. An account still to activate, and not
   * deactivated, gets a fresh code (SPEC §3: it must stay distributable); the old letter no longer
   * works. Every such change goes through here, so none forgets a credential.
   */
  async revokeCredentials(id: string, executor: Db = this.db): Promise<void> {
    await executor.updateTable('password_reset_tokens').set({ used_at: new Date() }).where('account_id', '=', id).where('used_at', 'is', null).execute();
    const fresh = this.codes.fresh(id);
    const pending = sql<boolean>`activated_at IS NULL AND deactivated_at IS NULL`;
    // A deactivated account keeps its code, unusable (activation refuses the account) and never
    // shown: whoever holds the letter is told the account was deactivated and whom to ask.
    // Reactivation replaces it with a fresh one.
    const held = sql<boolean>`activated_at IS NULL AND deactivated_at IS NOT NULL`;
    await executor
      .updateTable('accounts')
      .set((eb) => ({
        session_version: eb('session_version', '+', 1),
        activation_code: sql<string | null>`CASE WHEN ${pending} THEN ${fresh.sealed} WHEN ${held} THEN activation_code END`,
        activation_code_expires_at: sql<Date | null>`CASE WHEN ${pending} THEN ${fresh.expiresAt}::timestamptz WHEN ${held} THEN activation_code_expires_at END`,
      }))
      .where('id', '=', id)
      .execute();
  }

  /** A code as stored, for the bulk writers that insert accounts themselves (enrolment). */
  sealCode(code: string, accountId: string): string {
    return this.codes.seal(code, accountId);
  }

  private opened<T extends Pick<AccountRow, 'id' | 'activation_code'>>(row: T): T {
    return { ...row, activation_code: this.codes.open(row.activation_code, row.id) };
  }

  /** Schools of the given accounts, for the permission rules. */
  async schoolIdsOf(accountIds: readonly string[], executor: Db = this.db): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(accountIds.map((id) => [id, []]));
    if (accountIds.length === 0) return result;
    const rows = await executor
      .selectFrom('account_schools')
      .select(['account_id', 'school_id'])
      .where('account_id', 'in', accountIds)
      .execute();
    for (const row of rows) result.get(row.account_id)?.push(row.school_id);
    return result;
  }

  /** Accounts by id with what the rules need (role, schools, manager). */
  async subjects(ids: readonly string[], executor: Db = this.db) {
    if (ids.length === 0) return [];
    const rows = await executor
      .selectFrom('accounts')
      .select(['id', 'role', 'profile', 'managed_by', 'deactivated_at'])
      .where('id', 'in', ids)
      .execute();
    const schools = await this.schoolIdsOf(
      rows.map((r) => r.id),
      executor,
    );
    return rows.map((r) => ({
      id: r.id,
      role: r.role,
      profile: r.profile,
      managedBy: r.managed_by,
      deactivated: r.deactivated_at !== null,
      schoolIds: schools.get(r.id) ?? [],
    }));
  }

  /** What resolving a caller needs: the account's role, manager, sessions and status. */
  async signInState(id: string) {
    return this.db
      .selectFrom('accounts')
      .select(['id', 'username', 'role', 'managed_by', 'session_version', 'deactivated_at'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The schools of one account (its own memberships, inherited ones included). */
  async schoolsOf(accountId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('account_schools').select('school_id').where('account_id', '=', accountId).execute();
    return rows.map((r) => r.school_id);
  }

  /** Up to `limit` accounts whose grace period after pre-deletion is over, locked; rows another replica holds are skipped. */
  async lockExpired(now: Date, limit: number, trx: Db): Promise<string[]> {
    const rows = await trx
      .selectFrom('accounts')
      .select('id')
      .where('delete_after', '<=', now)
      .where('pre_deleted_at', 'is not', null)
      .orderBy('delete_after')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    return rows.map((r) => r.id);
  }

  async delete(ids: readonly string[], trx: Db): Promise<void> {
    if (ids.length) await trx.deleteFrom('accounts').where('id', 'in', ids).execute();
  }
}
