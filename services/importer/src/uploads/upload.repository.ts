import { Inject, Injectable } from '@nestjs/common';
import type { ImportIssue } from '@sesame/contracts';
import { DB, Db } from '../database/database.module';

/** The queries of an upload while it is read, beyond the rows themselves (ImportsRepository). */
@Injectable()
export class UploadRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  /**
   * The rows read so far of an upload still being read: its heartbeat (see StalledImportsService).
   * False when it is no longer being read: the janitor failed it after nothing arrived for too long.
   */
  async readingProgress(importId: string, done: number): Promise<boolean> {
    const result = await this.db
      .updateTable('imports')
      .set({ progress_done: done, updated_at: new Date() })
      .where('id', '=', importId)
      .where('status', '=', 'validating')
      .where('phase', '=', 'reading')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * An upload that stopped while being read stays in the history, failed with its reason, and with
   * that reason as an issue of the file, so that it cannot be confirmed. Its rows, a part of the
   * file, are deleted apart (`deleteRows`), once no batch is still being written.
   */
  async failUpload(importId: string, failure: { code: string; params?: Record<string, string | number> }, issue: ImportIssue): Promise<boolean> {
    const result = await this.db
      .updateTable('imports')
      .set({
        status: 'failed',
        phase: 'done',
        failure: JSON.stringify(failure),
        file_errors: JSON.stringify([issue]),
        error_count: 1,
        total_rows: 0,
        valid_rows: 0,
        progress_done: 0,
        updated_at: new Date(),
      })
      .where('id', '=', importId)
      .where('status', '=', 'validating')
      .where('phase', '=', 'reading')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async deleteRows(importId: string): Promise<void> {
    await this.db.deleteFrom('import_rows').where('import_id', '=', importId).execute();
  }
}
