import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RawBuilder, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { ActivationCodeVault } from '../auth/activation-code-vault';
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
 * Inserts memberships (account, school, inherited) from `source`, copying in the same statement
 * what the selection reads from the account (migration 0004), instead of one trigger lookup per row.
 * Own memberships win over inherited ones. For accounts created in the same transaction (`fresh`)
 * there is nothing to merge: a plain insert avoids the speculative insertion (a row lock and twice
 * the WAL per row) that ON CONFLICT costs.
 */
export function insertMemberships(source: RawBuilder<unknown>, { fresh = false } = {}) {
  return sql`
    INSERT INTO account_schools (account_id, school_id, inherited, role, profile, sort_name, search, created_at,
                                 is_activated, has_email, is_deactivated, is_pre_deleted, never_distributed)
    SELECT src.account_id, src.school_id, src.inherited, a.role, a.profile, a.sort_name, a.search, a.created_at,
           a.is_activated, a.has_email, a.is_deactivated, a.is_pre_deleted, a.last_distributed_at IS NULL
    FROM (${source}) AS src(account_id, school_id, inherited) JOIN accounts a ON a.id = src.account_id
    ${fresh ? sql`` : sql`ON CONFLICT (account_id, school_id) DO UPDATE SET inherited = account_schools.inherited AND excluded.inherited`}`;
}

/**
 * Every query on accounts and their links, except the selection (see selection.repository.ts).
 * Activation codes go in sealed and come out opened (ActivationCodeVault): callers see codes.
 */
@Injectable()
export class AccountsRepository {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly codes: ActivationCodeVault,
  ) {}

  async findDetails(id: string, executor: Db = this.db): Promise<AccountDetails | undefined> {
    const row = await executor
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
      .where('a.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    return { ...this.opened(row), childIds: (row.childIds as string[] | null) ?? [] };
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
    await executor
      .updateTable('accounts')
      .set((eb) => ({
        session_version: eb('session_version', '+', 1),
        activation_code: sql<string | null>`CASE WHEN ${pending} THEN ${fresh.sealed} END`,
        activation_code_expires_at: sql<Date | null>`CASE WHEN ${pending} THEN ${fresh.expiresAt}::timestamptz END`,
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

  /** Sets the account's own schools (a relative's inherited ones are refreshed separately). */
  async replaceSchools(accountId: string, schoolIds: readonly string[], executor: Db = this.db): Promise<void> {
    await executor.deleteFrom('account_schools').where('account_id', '=', accountId).where('inherited', '=', false).execute();
    if (schoolIds.length === 0) return;
    await insertMemberships(
      sql`SELECT ${accountId}::uuid, school_id, false FROM unnest(${sql.val([...schoolIds])}::uuid[]) AS s(school_id)`,
    ).execute(executor);
  }

  /** Sets the account's own classes (a relative's inherited ones are refreshed separately). */
  async replaceClasses(accountId: string, classIds: readonly string[], executor: Db = this.db): Promise<void> {
    await executor.deleteFrom('account_classes').where('account_id', '=', accountId).where('inherited', '=', false).execute();
    if (classIds.length === 0) return;
    await executor
      .insertInto('account_classes')
      .values(classIds.map((class_id) => ({ account_id: accountId, class_id })))
      .onConflict((oc) => oc.columns(['account_id', 'class_id']).doUpdateSet({ inherited: false }))
      .execute();
  }

  async replaceChildren(relativeId: string, studentIds: readonly string[], executor: Db = this.db): Promise<void> {
    await executor.deleteFrom('relative_links').where('relative_id', '=', relativeId).execute();
    if (studentIds.length === 0) return;
    await executor
      .insertInto('relative_links')
      .values(studentIds.map((student_id) => ({ relative_id: relativeId, student_id })))
      .execute();
  }

  /** Relatives linked to any of these students. */
  async relativesOf(studentIds: readonly string[], executor: Db = this.db): Promise<string[]> {
    if (studentIds.length === 0) return [];
    const rows = await executor.selectFrom('relative_links').select('relative_id').distinct().where('student_id', 'in', studentIds).execute();
    return rows.map((r) => r.relative_id);
  }

  /**
   * Recomputes what relatives inherit from their children: the children's own schools and classes
   * (SPEC §2, "the relative's classes are their children's classes"). Call after any change to a
   * child's schools or classes, or to a relative's links.
   */
  async refreshRelatives(relativeIds: readonly string[], executor: Db = this.db): Promise<void> {
    if (relativeIds.length === 0) return;
    const ids = sql`${sql.val([...relativeIds])}::uuid[]`;
    await sql`
      DELETE FROM account_classes WHERE inherited AND account_id = ANY(${ids});
      `.execute(executor);
    await sql`
      INSERT INTO account_classes (account_id, class_id, inherited)
      SELECT DISTINCT r.relative_id, c.class_id, true
      FROM relative_links r JOIN account_classes c ON c.account_id = r.student_id AND NOT c.inherited
      WHERE r.relative_id = ANY(${ids})
      ON CONFLICT DO NOTHING`.execute(executor);
    await sql`DELETE FROM account_schools WHERE inherited AND account_id = ANY(${ids})`.execute(executor);
    await insertMemberships(sql`
      SELECT DISTINCT r.relative_id, s.school_id, true
      FROM relative_links r JOIN account_schools s ON s.account_id = r.student_id AND NOT s.inherited
      WHERE r.relative_id = ANY(${ids})`).execute(executor);
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
