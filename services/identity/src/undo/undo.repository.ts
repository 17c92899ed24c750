import { Inject, Injectable } from '@nestjs/common';
import { IdentityEvents, UNDO_BLOCKERS_LISTED, type UndoBlocker } from '@sesame/contracts';
import { recordEventsFrom } from '@sesame/outbox';
import { sql } from 'kysely';
import { userRefsOf } from '../accounts/account-events';
import { insertMemberships } from '../accounts/memberships.repository';
import { DB, Db } from '../database/database.module';

export interface OperationRow {
  operation_id: string;
  kind: 'import' | 'feed';
  actor_id: string;
  applied_at: Date;
  classes_created: string[];
  undone_at: Date | null;
  partial: boolean;
  expired_at: Date | null;
}

export interface UndoCounts {
  toRemove: number;
  toRestore: number;
  blocked: number;
}

/** What the audit log keeps of an account before and after its undo (no secret: no hash, no code). */
const snapshot = sql`jsonb_build_object(
    'username', a.username, 'firstName', a.first_name, 'lastName', a.last_name, 'displayName', a.display_name,
    'email', a.email, 'mobile', a.mobile, 'role', a.role, 'profile', a.profile, 'managedBy', a.managed_by,
    'externalId', a.external_id, 'activated', a.activated_at IS NOT NULL, 'deactivatedAt', a.deactivated_at,
    'preDeletedAt', a.pre_deleted_at, 'leftAt', a.left_at,
    'schoolIds', coalesce((SELECT jsonb_agg(m.school_id ORDER BY m.school_id) FROM account_schools m WHERE m.account_id = a.id), '[]'::jsonb),
    'classIds', coalesce((SELECT jsonb_agg(c.class_id ORDER BY c.class_id) FROM account_classes c WHERE c.account_id = a.id), '[]'::jsonb),
    'childIds', coalesce((SELECT jsonb_agg(l.student_id ORDER BY l.student_id) FROM relative_links l WHERE l.relative_id = a.id), '[]'::jsonb))`;

const removed = sql`SELECT account_id FROM undo_targets WHERE change = 'created' AND NOT blocked`;
const restored = sql`SELECT account_id FROM undo_targets WHERE change = 'changed' AND NOT blocked`;

/**
 * Every query of the undo (issue 16). The undo works on `undo_targets`, a temporary table of the
 * operation's accounts with their blocking reasons, dropped at the end of the transaction: each step
 * is then one statement over it, however many accounts the operation touched.
 */
@Injectable()
export class UndoRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  async operation(id: string, kind: 'import' | 'feed', executor: Db = this.db, { lock = false } = {}): Promise<OperationRow | undefined> {
    const { rows } = await sql<OperationRow>`
      SELECT operation_id, kind, actor_id, applied_at, classes_created, undone_at, partial, expired_at FROM undo_operations
      WHERE operation_id = ${id} AND kind = ${kind} ${lock ? sql`FOR UPDATE` : sql``}`.execute(executor);
    return rows[0];
  }

  /**
   * The operation's accounts still in the directory, each with why it blocks: activated or
   * distributed after the apply, or edited since — an audit row about it after the apply's own (its
   * activation aside, a reason of its own), an updated_at moved by a write that audited nothing (the
   * enrolment stream's; a sign-in's is not an edit), or (created by it) a supervisor it now manages.
   */
  async collectTargets(trx: Db, op: OperationRow, { lock = false } = {}): Promise<void> {
    // Before the undo reads them: an activation or an edit committed meanwhile waits, or is seen.
    if (lock) await sql`SELECT 1 FROM accounts WHERE id IN (SELECT account_id FROM undo_records WHERE operation_id = ${op.operation_id}) FOR UPDATE`.execute(trx);
    await sql`
      CREATE TEMP TABLE undo_targets ON COMMIT DROP AS
      SELECT r.account_id, r.change, r.before, x.activated, x.distributed, x.edited, x.activated OR x.distributed OR x.edited AS blocked
      FROM undo_records r JOIN undo_operations o ON o.operation_id = r.operation_id JOIN accounts a ON a.id = r.account_id
      -- Compared in SQL: applied_at has microseconds, a JavaScript Date would round them away.
      CROSS JOIN LATERAL (SELECT
        coalesce(a.activated_at > o.applied_at, false) AS activated,
        coalesce(a.last_distributed_at > o.applied_at, false) AS distributed,
        EXISTS (SELECT 1 FROM audit_log l WHERE l.target_id = a.id AND l.at > o.applied_at AND l.action <> 'user.activate')
          -- (A sign-in leaves updated_at alone: AccountsRepository.recordSignIn.)
          OR (a.updated_at > r.after_updated_at AND NOT coalesce(a.activated_at > o.applied_at, false))
          -- A created account that now manages a supervisor of another origin cannot go (accounts.managed_by).
          OR (r.change = 'created' AND EXISTS (
                SELECT 1 FROM accounts s WHERE s.managed_by = a.id
                  AND NOT EXISTS (SELECT 1 FROM undo_records m WHERE m.operation_id = r.operation_id AND m.account_id = s.id AND m.change = 'created'))) AS edited) x
      WHERE r.operation_id = ${op.operation_id}`.execute(trx);
    await sql`CREATE UNIQUE INDEX ON undo_targets (account_id)`.execute(trx);
    await sql`ANALYZE undo_targets`.execute(trx);
  }

  /** What an undo would do now, read in a transaction of its own (its temporary table goes with it). */
  survey(op: OperationRow): Promise<{ counts: UndoCounts; blockers: UndoBlocker[] }> {
    return this.db.transaction().execute(async (trx) => {
      await this.collectTargets(trx, op);
      return { counts: await this.counts(trx), blockers: await this.blockers(trx) };
    });
  }

  async counts(trx: Db): Promise<UndoCounts> {
    const { rows } = await sql<UndoCounts>`
      SELECT count(*) FILTER (WHERE change = 'created' AND NOT blocked)::int AS "toRemove",
             count(*) FILTER (WHERE change = 'changed' AND NOT blocked)::int AS "toRestore",
             count(*) FILTER (WHERE blocked)::int AS blocked
      FROM undo_targets`.execute(trx);
    return rows[0];
  }

  async blockers(trx: Db): Promise<UndoBlocker[]> {
    const { rows } = await sql<UndoBlocker>`
      SELECT a.id, a.username, a.first_name AS "firstName", a.last_name AS "lastName",
             array_remove(ARRAY[CASE WHEN t.activated THEN 'activated' END, CASE WHEN t.distributed THEN 'distributed' END,
                                CASE WHEN t.edited THEN 'edited' END], NULL) AS reasons
      FROM undo_targets t JOIN accounts a ON a.id = t.account_id
      WHERE t.blocked ORDER BY a.sort_name, a.id LIMIT ${UNDO_BLOCKERS_LISTED}`.execute(trx);
    return rows;
  }

  /** identity.user.deleted for each account to remove, and its audit row: before they go. */
  async removeCreated(trx: Db, actorId: string, requestId: string): Promise<{ removed: number; events: number }> {
    const events = await recordEventsFrom(trx, IdentityEvents.userDeleted, userRefsOf(actorId, removed));
    await sql`
      INSERT INTO audit_log (actor_id, action, target_id, before, after, request_id)
      SELECT ${actorId}::uuid, 'user.undo', a.id, ${snapshot}, NULL, ${requestId} FROM accounts a WHERE a.id IN (${removed})`.execute(trx);
    // Memberships, classes, links, reset tokens and notices go with them (ON DELETE CASCADE).
    const result = await sql`DELETE FROM accounts WHERE id IN (${removed})`.execute(trx);
    return { removed: Number(result.numAffectedRows ?? 0), events };
  }

  /**
   * Each changed account back to `before`: its stored columns (those `before` names: a column added
   * since keeps its value), then its schools, classes and links; audited before and after, and one
   * identity.user.updated naming the fields that moved.
   */
  async restoreChanged(trx: Db, actorId: string, requestId: string): Promise<{ restored: number; events: number }> {
    await sql`CREATE TEMP TABLE undo_snapshots ON COMMIT DROP AS SELECT a.id, ${snapshot} AS before FROM accounts a WHERE a.id IN (${restored})`.execute(trx);
    const columns = await this.restorableColumns(trx);
    const list = sql.join(columns.map((c) => sql.ref(c)));
    const fromBefore = sql.join(columns.map((c) => sql.ref(`p.${c}`)));
    const result = await sql`
      UPDATE accounts a SET (${list}) = (SELECT ${fromBefore} FROM jsonb_populate_record(a, t.before->'account') p)
      FROM undo_targets t WHERE t.change = 'changed' AND NOT t.blocked AND a.id = t.account_id`.execute(trx);

    await sql`DELETE FROM account_schools WHERE account_id IN (${restored})`.execute(trx);
    await insertMemberships(sql`
      SELECT t.account_id, (e->>0)::uuid, (e->>1)::boolean FROM undo_targets t CROSS JOIN jsonb_array_elements(t.before->'schools') e
      WHERE t.change = 'changed' AND NOT t.blocked AND EXISTS (SELECT 1 FROM schools s WHERE s.id = (e->>0)::uuid)`).execute(trx);
    await sql`DELETE FROM account_classes WHERE account_id IN (${restored})`.execute(trx);
    await sql`
      INSERT INTO account_classes (account_id, class_id, inherited)
      SELECT t.account_id, (e->>0)::uuid, (e->>1)::boolean FROM undo_targets t CROSS JOIN jsonb_array_elements(t.before->'classes') e
      WHERE t.change = 'changed' AND NOT t.blocked AND EXISTS (SELECT 1 FROM classes c WHERE c.id = (e->>0)::uuid)`.execute(trx);
    await sql`DELETE FROM relative_links WHERE relative_id IN (${restored}) OR student_id IN (${restored})`.execute(trx);
    // Both sides of a link may be restored: each names it once. The other side may have been deleted since.
    await sql`
      INSERT INTO relative_links (relative_id, student_id)
      SELECT l.relative_id, l.student_id FROM (
        SELECT t.account_id AS relative_id, (e #>> '{}')::uuid AS student_id FROM undo_targets t CROSS JOIN jsonb_array_elements(t.before->'children') e
        WHERE t.change = 'changed' AND NOT t.blocked
        UNION
        SELECT (e #>> '{}')::uuid, t.account_id FROM undo_targets t CROSS JOIN jsonb_array_elements(t.before->'parents') e
        WHERE t.change = 'changed' AND NOT t.blocked) l
      WHERE EXISTS (SELECT 1 FROM accounts x WHERE x.id = l.relative_id) AND EXISTS (SELECT 1 FROM accounts x WHERE x.id = l.student_id)
      ON CONFLICT DO NOTHING`.execute(trx);

    const compared = sql`
      SELECT s.id, s.before, ${snapshot} AS after FROM undo_snapshots s JOIN accounts a ON a.id = s.id`;
    await sql`
      INSERT INTO audit_log (actor_id, action, target_id, before, after, request_id)
      SELECT ${actorId}::uuid, 'user.undo', x.id, x.before, x.after, ${requestId} FROM (${compared}) x`.execute(trx);
    const events = await recordEventsFrom(
      trx,
      IdentityEvents.userUpdated,
      sql`
        SELECT d.data || jsonb_build_object('fields', coalesce(f.fields, '[]'::jsonb)) FROM (${userRefsOf(actorId, restored)}) d
        JOIN (${compared}) x ON x.id = (d.data->>'userId')::uuid
        CROSS JOIN LATERAL (SELECT jsonb_agg(k ORDER BY k) AS fields FROM jsonb_object_keys(x.after) k WHERE x.after->k IS DISTINCT FROM x.before->k) f`,
    );
    return { restored: Number(result.numAffectedRows ?? 0), events };
  }

  /** The classes the operation created that no account is left in. */
  async removeEmptyClasses(trx: Db, op: OperationRow): Promise<number> {
    if (op.classes_created.length === 0) return 0;
    const result = await sql`
      DELETE FROM classes c WHERE c.id = ANY(${sql.val(op.classes_created)}::uuid[])
        AND NOT EXISTS (SELECT 1 FROM account_classes m WHERE m.class_id = c.id)`.execute(trx);
    return Number(result.numAffectedRows ?? 0);
  }

  async markUndone(trx: Db, op: OperationRow, actorId: string, partial: boolean): Promise<Date> {
    const { rows } = await sql<{ undone_at: Date }>`
      UPDATE undo_operations SET undone_at = now(), undone_by = ${actorId}, partial = ${partial}
      WHERE operation_id = ${op.operation_id} RETURNING undone_at`.execute(trx);
    return rows[0].undone_at;
  }

  /**
   * The accounts' stored columns PostgreSQL lets one write (not the computed ones), less the key, the
   * password hash (never in `before`) and the last sign-in (the account's use, not the operation's doing).
   */
  private async restorableColumns(trx: Db): Promise<string[]> {
    const { rows } = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'accounts' AND is_generated = 'NEVER'
        AND column_name NOT IN ('id', 'password_hash', 'last_login_at') ORDER BY ordinal_position`.execute(trx);
    return rows.map((r) => r.column_name);
  }

  /**
   * Operations applied before `before` can no longer be undone: their records (people's former data)
   * are deleted, the operation marked expired. Returns how many operations expired.
   */
  async expire(before: Date): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ operation_id: string }>`
        UPDATE undo_operations SET expired_at = now() WHERE expired_at IS NULL AND undone_at IS NULL AND applied_at < ${before}
        RETURNING operation_id`.execute(trx);
      // An undone operation's records are no use either.
      await sql`DELETE FROM undo_records r USING undo_operations o
        WHERE r.operation_id = o.operation_id AND (o.expired_at IS NOT NULL OR o.undone_at IS NOT NULL) AND o.applied_at < ${before}`.execute(trx);
      return rows.length;
    });
  }
}
