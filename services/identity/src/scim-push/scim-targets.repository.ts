import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import type { ReconcileResult } from '@sesame/contracts';
import { DB, Db } from '../database/database.module';
import type { ScimTargetRow } from '../database/schema';

/** What a registration writes (ids, times and delivery state are the repository's). */
export interface TargetColumns {
  name: string;
  url: string;
  school_ids: string[];
  profiles: string[];
  enabled: boolean;
}

/** Every statement on scim_targets and scim_target_users. */
@Injectable()
export class ScimTargetsRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  list(): Promise<ScimTargetRow[]> {
    return this.db.selectFrom('scim_targets').selectAll().orderBy('name').orderBy('id').execute();
  }

  find(id: string, executor: Db = this.db): Promise<ScimTargetRow | undefined> {
    return executor.selectFrom('scim_targets').selectAll().where('id', '=', id).executeTakeFirst();
  }

  lock(trx: Db, id: string): Promise<ScimTargetRow | undefined> {
    return trx.selectFrom('scim_targets').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  insert(trx: Db, id: string, columns: TargetColumns, tokenSealed: string): Promise<ScimTargetRow> {
    return trx.insertInto('scim_targets').values({ id, ...columns, token_sealed: tokenSealed }).returningAll().executeTakeFirstOrThrow();
  }

  update(trx: Db, id: string, columns: Partial<TargetColumns> & { token_sealed?: string }): Promise<ScimTargetRow> {
    return trx.updateTable('scim_targets').set({ ...columns, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }

  async delete(trx: Db, id: string): Promise<void> {
    await trx.deleteFrom('scim_targets').where('id', '=', id).execute();
  }

  /** The id the target gave an account, if Sesame pushed it there. */
  async remoteId(targetId: string, accountId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('scim_target_users').select('remote_id').where('target_id', '=', targetId).where('account_id', '=', accountId).executeTakeFirst();
    return row?.remote_id;
  }

  async remember(targetId: string, accountId: string, remoteId: string): Promise<void> {
    await sql`INSERT INTO scim_target_users (target_id, account_id, remote_id) VALUES (${targetId}, ${accountId}, ${remoteId})
      ON CONFLICT (target_id, account_id) DO UPDATE SET remote_id = EXCLUDED.remote_id`.execute(this.db);
  }

  async forget(targetId: string, accountId: string): Promise<void> {
    await this.db.deleteFrom('scim_target_users').where('target_id', '=', targetId).where('account_id', '=', accountId).execute();
  }

  async delivered(id: string): Promise<void> {
    await sql`UPDATE scim_targets SET delivered = delivered + 1, last_delivered_at = now() WHERE id = ${id}`.execute(this.db);
  }

  async failedOnce(id: string, message: string): Promise<void> {
    await sql`UPDATE scim_targets SET failed = failed + 1, last_error_at = now(), last_error = ${message.slice(0, 2000)} WHERE id = ${id}`.execute(this.db);
  }

  /** Starts a reconciliation unless one is running (started in the last hour and not finished): whether it started. */
  async startReconcile(id: string): Promise<boolean> {
    const started = await sql`UPDATE scim_targets SET reconcile_started_at = now(), reconcile_finished_at = NULL, reconcile_result = NULL, reconcile_error = NULL
      WHERE id = ${id} AND NOT coalesce(reconcile_started_at > now() - interval '1 hour' AND reconcile_finished_at IS NULL, false)`.execute(this.db);
    return Number(started.numAffectedRows ?? 0) > 0;
  }

  async finishReconcile(id: string, result: ReconcileResult | null, error: string | null): Promise<void> {
    await sql`UPDATE scim_targets SET reconcile_finished_at = now(), reconcile_result = ${result ? JSON.stringify(result) : null}::jsonb, reconcile_error = ${error}
      WHERE id = ${id}`.execute(this.db);
  }
}
