import { Inject, Injectable } from '@nestjs/common';
import type { ImportStatus } from '@sesame/contracts';
import { sql } from 'kysely';
import { DB, Db } from '../database/database.module';
import type { ImportsTable } from '../database/schema';
import type { StalledEnd } from './stalled-imports.rules';

export interface SilentImport {
  id: string;
  status: ImportStatus;
  phase: ImportsTable['phase'];
}

/**
 * The janitor's queries. `updated_at` is each import's heartbeat: every progress an upload, a check
 * or an import writes moves it (a living one writes at least once per call to identity).
 */
@Injectable()
export class StalledImportsRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  /** Imports still validating or importing that wrote no progress since `before`. */
  silentSince(before: Date): Promise<SilentImport[]> {
    return this.db
      .selectFrom('imports')
      .select(['id', 'status', 'phase'])
      .where('status', 'in', ['validating', 'importing'])
      .where('updated_at', '<', before)
      .orderBy('updated_at')
      .execute();
  }

  /**
   * Fails one of them as `end` says, unless it moved since it was listed (progress written in
   * between keeps it alive). A check's reason is counted with the issues its rows already have.
   * True when it was failed.
   */
  async fail(silent: SilentImport, before: Date, end: StalledEnd): Promise<boolean> {
    const issues = end.issue ? sql`, file_errors = ${JSON.stringify([end.issue])}::jsonb` : sql``;
    const counts = end.deleteRows
      ? sql`, error_count = 1, valid_rows = 0, total_rows = 0, progress_done = 0`
      : end.issue
        ? sql`, error_count = 1 + (
              SELECT coalesce(sum(coalesce(jsonb_array_length(r.errors), 0) + coalesce(jsonb_array_length(r.check_errors), 0)), 0)::int
              FROM import_rows r WHERE r.import_id = i.id),
            valid_rows = (SELECT count(*)::int FROM import_rows r WHERE r.import_id = i.id AND r.errors IS NULL AND r.check_errors IS NULL)`
        : sql``;
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: string }>`
        UPDATE imports i SET status = 'failed', phase = 'done', failure = ${JSON.stringify(end.failure)}::jsonb, updated_at = now() ${issues} ${counts}
        WHERE i.id = ${silent.id} AND i.status = ${silent.status} AND i.phase = ${silent.phase} AND i.updated_at < ${before}
        RETURNING i.id`.execute(trx);
      if (rows.length === 0) return false;
      // The import's row is locked until this commits: an upload still writing finds it failed next time.
      if (end.deleteRows) await trx.deleteFrom('import_rows').where('import_id', '=', silent.id).execute();
      return true;
    });
  }
}
