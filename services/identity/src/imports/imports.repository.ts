import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { FEED_OWNING_SOURCES } from '@sesame/account-rules';
import { IdentityEvents, StagedAccount } from '@sesame/contracts';
import { recordEventsFrom } from '@sesame/outbox';
import { sql } from 'kysely';
import { ActivationCodeVault } from '../accounts/activation-code-vault';
import { DB, Db } from '../database/database.module';
import { insertMemberships } from '../accounts/memberships.repository';

const arr = (values: readonly (string | null)[], type = 'text') => sql`${sql.val([...values])}::${sql.raw(type)}[]`;

export interface StagedRow extends StagedAccount {
  schoolId: string | null;
  activationCode: string;
  usernameSkeleton: string;
}

/** The audit row of a committed import (one per import, listing its accounts). */
export const IMPORT_AUDIT_ACTION = 'import.commit';

export interface CommitRecord {
  created: number;
  new_classes: Array<{ school: string; name: string }>;
  committed_at: Date;
  actor_id: string;
}

/** Every query of imports in identity: lookups for the validation, staging, and the commit's bulk writes. */
@Injectable()
export class ImportsRepository {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly codes: ActivationCodeVault,
  ) {}

  async takenUsernames(usernames: readonly string[]): Promise<string[]> {
    if (usernames.length === 0) return [];
    const { rows } = await sql<{ username: string }>`
      SELECT username FROM accounts WHERE username = ANY(${arr(usernames)})`.execute(this.db);
    return rows.map((r) => r.username);
  }

  /** Usernames whose skeleton an account with another username has (migration 0009). */
  async lookalikeUsernames(logins: ReadonlyArray<{ username: string; skeleton: string }>): Promise<string[]> {
    if (logins.length === 0) return [];
    const { rows } = await sql<{ username: string }>`
      SELECT u.username FROM unnest(${arr(logins.map((l) => l.username))}, ${arr(logins.map((l) => l.skeleton))}) AS u(username, skeleton)
      WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.username_skeleton = u.skeleton AND a.username <> u.username)`.execute(this.db);
    return rows.map((r) => r.username);
  }

  async takenExternalIds(source: string, externalIds: readonly string[]): Promise<string[]> {
    if (externalIds.length === 0) return [];
    const { rows } = await sql<{ external_id: string }>`
      SELECT external_id FROM accounts WHERE source = ${source} AND external_id = ANY(${arr(externalIds)})`.execute(this.db);
    return rows.map((r) => r.external_id);
  }

  /** The external ids of accounts an académie feed owns (any feed source), with that source. */
  async feedOwnedExternalIds(externalIds: readonly string[]): Promise<Array<{ external_id: string; source: string }>> {
    if (externalIds.length === 0) return [];
    const { rows } = await sql<{ external_id: string; source: string }>`
      SELECT external_id, source FROM accounts
      WHERE source = ANY(${arr(FEED_OWNING_SOURCES)}) AND external_id = ANY(${arr(externalIds)})`.execute(this.db);
    return rows;
  }

  async schools(uais: readonly string[], ids: readonly string[]): Promise<Array<{ id: string; uai: string }>> {
    if (uais.length === 0 && ids.length === 0) return [];
    const { rows } = await sql<{ id: string; uai: string }>`
      SELECT id, uai FROM schools WHERE uai = ANY(${arr(uais)}) OR id = ANY(${arr(ids, 'uuid')})`.execute(this.db);
    return rows;
  }

  async existingClasses(classes: ReadonlyArray<{ uai: string; name: string }>): Promise<Array<{ uai: string; name: string }>> {
    if (classes.length === 0) return [];
    const { rows } = await sql<{ uai: string; name: string }>`
      SELECT s.uai, c.name FROM classes c JOIN schools s ON s.id = c.school_id
      WHERE (s.uai, c.name) IN (SELECT * FROM unnest(${arr(classes.map((c) => c.uai))}, ${arr(classes.map((c) => c.name))}))`.execute(this.db);
    return rows;
  }

  async isActiveAdministrator(id: string, executor: Db = this.db): Promise<boolean> {
    const row = await executor
      .selectFrom('accounts')
      .select('id')
      .where('id', '=', id)
      .where('role', '=', 'administrator')
      .where('deactivated_at', 'is', null)
      .executeTakeFirst();
    return Boolean(row);
  }

  async commitOf(importId: string, executor: Db = this.db): Promise<CommitRecord | undefined> {
    const { rows } = await sql<CommitRecord>`
      SELECT created, new_classes, committed_at, actor_id FROM import_commits WHERE import_id = ${importId}`.execute(executor);
    return rows[0];
  }

  /**
   * Who staged the import's rows so far. One row tells: every chunk is refused to anyone but the
   * person who staged the first one.
   */
  async stagingActor(importId: string): Promise<string | undefined> {
    const { rows } = await sql<{ actor_id: string }>`
      SELECT actor_id FROM import_staging WHERE import_id = ${importId} LIMIT 1`.execute(this.db);
    return rows[0]?.actor_id;
  }

  /**
   * Inserts or replaces rows by (import, line): a chunk sent again replaces itself. The account's id
   * is drawn here, so its code is staged already sealed for it and the commit copies it as it is.
   */
  async stage(importId: string, actorId: string, managedBy: string | null, rows: readonly StagedRow[]): Promise<void> {
    const records = rows.map((r) => {
      const accountId = randomUUID();
      return {
        account_id: accountId,
        line: r.line,
        username: r.username,
        username_skeleton: r.usernameSkeleton,
        first_name: r.firstName,
        last_name: r.lastName,
        display_name: r.displayName,
        email: r.email,
        role: r.role,
        profile: r.profile,
        managed_by: r.role === 'supervisor' ? managedBy : null,
        password_hash: r.passwordHash,
        school_id: r.schoolId,
        class_names: r.classes,
        external_id: r.externalId,
        activation_code: this.codes.seal(r.activationCode, accountId),
      };
    });
    // Delete then insert rather than an upsert: a first sending (the usual case) pays no conflict check.
    await this.db.transaction().execute(async (trx) => {
      // A chunk is a range of lines (in order); a range scan of the key, however many rows are staged.
      const lines = rows.map((r) => r.line);
      await sql`
        DELETE FROM import_staging WHERE import_id = ${importId} AND line BETWEEN ${Math.min(...lines)} AND ${Math.max(...lines)}`.execute(trx);
      await sql`
        INSERT INTO import_staging (import_id, actor_id, account_id, line, username, username_skeleton, first_name, last_name, display_name, email, role, profile,
                                    managed_by, password_hash, school_id, class_names, external_id, activation_code)
        SELECT ${importId}::uuid, ${actorId}::uuid, x.account_id, x.line, x.username, x.username_skeleton, x.first_name, x.last_name, x.display_name, x.email, x.role, x.profile,
               x.managed_by, x.password_hash, x.school_id, x.class_names, x.external_id, x.activation_code
        FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS x(
          account_id uuid, line integer, username text, username_skeleton text, first_name text, last_name text, display_name text, email text, role text, profile text,
          managed_by uuid, password_hash text, school_id uuid, class_names text[], external_id text, activation_code text)`.execute(trx);
    });
  }

  /** Serialises commits of one import across replicas, until the end of the transaction. */
  async lockImport(trx: Db, importId: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`import:${importId}`}, 0))`.execute(trx);
  }

  async stagedCounts(trx: Db, importId: string, actorId: string): Promise<{ rows: number; foreign: number }> {
    const { rows } = await sql<{ rows: number; foreign: number }>`
      SELECT count(*)::int AS rows, count(*) FILTER (WHERE actor_id <> ${actorId})::int AS foreign
      FROM import_staging WHERE import_id = ${importId}`.execute(trx);
    return rows[0];
  }

  /** Staged rows outside the actor's schools, or supervisors whose administrator is no longer active. */
  async outOfScopeRows(trx: Db, importId: string, scope: readonly string[] | null): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM import_staging s
      WHERE s.import_id = ${importId} AND (
        (${scope !== null} AND s.school_id IS NOT NULL AND NOT s.school_id = ANY(${arr(scope ?? [], 'uuid')}))
        OR (s.role = 'supervisor' AND NOT EXISTS (
          SELECT 1 FROM accounts a WHERE a.id = s.managed_by AND a.role = 'administrator' AND a.deactivated_at IS NULL)))`.execute(trx);
    return rows[0].n;
  }

  /**
   * Staged rows whose username or external id an existing account has (created since the
   * validation), whose username looks like a login in use or like an earlier staged row's (same
   * skeleton: the unique index would refuse it).
   */
  async conflicts(trx: Db, importId: string, source: string): Promise<Array<{ line: number; column: 'userName' | 'externalId'; value: string; reason: 'taken' | 'lookalike' }>> {
    const { rows } = await sql<{ line: number; column: 'userName' | 'externalId'; value: string; reason: 'taken' | 'lookalike' }>`
      SELECT s.line, 'userName' AS column, s.username AS value, 'taken' AS reason
      FROM import_staging s JOIN accounts a ON a.username = s.username WHERE s.import_id = ${importId}
      UNION ALL
      SELECT x.line, 'userName', x.username, 'lookalike'
      FROM (SELECT s.line, s.username, s.username_skeleton, row_number() OVER (PARTITION BY s.username_skeleton ORDER BY s.line) AS n
            FROM import_staging s WHERE s.import_id = ${importId}) x
      WHERE x.n > 1 OR EXISTS (SELECT 1 FROM accounts a WHERE a.username_skeleton = x.username_skeleton AND a.username <> x.username)
      UNION ALL
      SELECT s.line, 'externalId', s.external_id, 'taken'
      FROM import_staging s JOIN accounts a ON a.source = ${source} AND a.external_id = s.external_id WHERE s.import_id = ${importId}
      ORDER BY 1 LIMIT 10000`.execute(trx);
    return rows;
  }

  /** Creates the classes named by the staged rows that do not exist yet; returns those created. */
  async createClasses(trx: Db, importId: string): Promise<Array<{ school: string; name: string }>> {
    const { rows } = await sql<{ school: string; name: string }>`
      WITH created AS (
        INSERT INTO classes (school_id, name)
        SELECT DISTINCT s.school_id, n.name FROM import_staging s CROSS JOIN unnest(s.class_names) AS n(name)
        WHERE s.import_id = ${importId} AND s.school_id IS NOT NULL
        ON CONFLICT ON CONSTRAINT classes_school_name_key DO NOTHING
        RETURNING school_id, name)
      SELECT sc.uai AS school, created.name FROM created JOIN schools sc ON sc.id = created.school_id ORDER BY 1, 2`.execute(trx);
    return rows;
  }

  /** Every staged account, its school and classes, the audit rows and the events. Returns how many were created. */
  async createAccounts(trx: Db, importId: string, actorId: string, source: string, activationExpiresAt: Date, requestId: string): Promise<number> {
    const created = await sql`
      INSERT INTO accounts (id, username, username_skeleton, first_name, last_name, display_name, email, role, profile, managed_by, password_hash,
                            activation_code, activation_code_expires_at, external_id, source, created_by, import_id)
      SELECT account_id, username, username_skeleton, first_name, last_name, display_name, email, role, profile, managed_by, password_hash,
             activation_code, ${activationExpiresAt}, external_id, CASE WHEN external_id IS NULL THEN NULL ELSE ${source} END, actor_id, import_id
      FROM import_staging WHERE import_id = ${importId}`.execute(trx);
    await insertMemberships(
      sql`SELECT account_id, school_id, false FROM import_staging WHERE import_id = ${importId} AND school_id IS NOT NULL`,
      { fresh: true },
    ).execute(trx);
    await sql`
      INSERT INTO account_classes (account_id, class_id)
      SELECT s.account_id, c.id FROM import_staging s CROSS JOIN unnest(s.class_names) AS n(name)
      JOIN classes c ON c.school_id = s.school_id AND c.name = n.name
      WHERE s.import_id = ${importId}`.execute(trx);
    // One audit row for the import, listing every account it created in the file's order, by
    // column: ids, lines, logins, external ids (no secret: no hash, no code; the rest of each account
    // as created is the account's row, whose later changes are audited on it). One row per account,
    // or one JSON object per account here, cost the commit a tenth to a fifth of its time; an account
    // leads here by `accounts.import_id`.
    await sql`
      INSERT INTO audit_log (actor_id, action, target_id, after, request_id)
      SELECT ${actorId}::uuid, ${IMPORT_AUDIT_ACTION}, ${importId}::uuid,
             jsonb_build_object('importId', ${importId}::uuid, 'created', count(*), 'accounts', jsonb_build_object(
               'id', to_jsonb(array_agg(s.account_id ORDER BY s.line)),
               'line', to_jsonb(array_agg(s.line ORDER BY s.line)),
               'username', to_jsonb(array_agg(s.username ORDER BY s.line)),
               'externalId', to_jsonb(array_agg(s.external_id ORDER BY s.line)))),
             ${requestId}
      FROM import_staging s WHERE s.import_id = ${importId}`.execute(trx);
    // In the file's order, as the outbox publishes them.
    await recordEventsFrom(
      trx,
      IdentityEvents.userCreated,
      sql`
        SELECT jsonb_build_object('userId', account_id, 'username', username, 'role', role, 'profile', profile,
                                  'schoolIds', CASE WHEN school_id IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(school_id) END,
                                  'actorId', actor_id)
        FROM import_staging WHERE import_id = ${importId} ORDER BY line`,
    );
    return Number(created.numAffectedRows ?? 0);
  }

  async recordCommit(trx: Db, importId: string, actorId: string, created: number, newClasses: Array<{ school: string; name: string }>): Promise<Date> {
    const { rows } = await sql<{ committed_at: Date }>`
      INSERT INTO import_commits (import_id, actor_id, created, new_classes)
      VALUES (${importId}, ${actorId}, ${created}, ${JSON.stringify(newClasses)}::jsonb) RETURNING committed_at`.execute(trx);
    await sql`DELETE FROM import_staging WHERE import_id = ${importId}`.execute(trx);
    return rows[0].committed_at;
  }

  /** Rows staged by imports that never committed (the importer gave up, or the import expired). */
  async purgeStaleStaging(olderThan: Date): Promise<number> {
    const result = await sql`DELETE FROM import_staging WHERE staged_at < ${olderThan}`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }
}
