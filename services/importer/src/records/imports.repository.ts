import { Inject, Injectable } from '@nestjs/common';
import type { ImportIssue, ImportStatus, NewClass } from '@sesame/contracts';
import { sql } from 'kysely';
import { DB, Db } from '../database/database.module';
import type { ImportRecord, ImportsTable } from '../database/schema';
import type { ImportRow } from '../rows/row.rules';

export interface StoredRow {
  line: number;
  cells: string[];
  row: ImportRow;
  passwordHash: string | null;
  /** The password cell was filled, whether or not the row was valid. */
  passwordGiven: boolean;
  errors: ImportIssue[] | null;
}

type Phase = ImportsTable['phase'];

export type CheckedFields = Pick<ImportRow, 'userName' | 'externalId' | 'school' | 'role'> & { line: number };
const json = (value: unknown) => JSON.stringify(value);

/** Every query on uploads and their rows. */
@Injectable()
export class ImportsRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  async create(values: { id: string; uploaderId: string; uploaderUsername: string; uploaderRole: 'manager' | 'administrator'; fileName: string }): Promise<void> {
    await this.db
      .insertInto('imports')
      .values({
        id: values.id,
        uploader_id: values.uploaderId,
        uploader_username: values.uploaderUsername,
        uploader_role: values.uploaderRole,
        file_name: values.fileName,
        status: 'validating',
        phase: 'reading',
        line_ending: '\n',
        header: '[]',
        file_errors: '[]',
        new_classes: '[]',
        named_classes: '[]',
        failure: 'null',
        total_rows: 0,
        valid_rows: 0,
        error_count: 0,
        progress_done: 0,
        administrator_id: null,
        default_school_id: null,
        default_school_uai: null,
        content_sha256: null,
        byte_size: null,
        encoding: null,
        delimiter: null,
        created_accounts: null,
        confirmed_by: null,
        confirmed_at: null,
        completed_at: null,
        expired_at: null,
      })
      .execute();
  }

  /**
   * One statement per batch: the rows travel as one JSON document (one native JSON.stringify here),
   * read by PostgreSQL as `json`, whose values are kept as the text they are (no binary form built).
   */
  async insertRows(importId: string, rows: readonly StoredRow[]): Promise<void> {
    if (rows.length === 0) return;
    const batch = rows.map((r) => ({
      line: r.line,
      cells: r.cells,
      row: r.row,
      username: r.row.userName,
      external_id: r.row.externalId,
      school: r.row.school,
      role: r.row.role,
      password_hash: r.passwordHash,
      password_given: r.passwordGiven,
      errors: r.errors,
    }));
    await sql`
      INSERT INTO import_rows (import_id, line, cells, row, username, external_id, school, role, password_hash, password_given, errors)
      SELECT ${importId}::uuid, x.line, x.cells::text, x.row::text, x.username, x.external_id, x.school, x.role, x.password_hash, x.password_given, x.errors::jsonb
      FROM json_to_recordset(${json(batch)}::json) AS x(
        line integer, cells json, row json, username text, external_id text, school text, role text, password_hash text, password_given boolean, errors json)`.execute(this.db);
  }

  /**
   * Refreshes the planner's statistics after a large upload: on a table it believes small, reading a
   * report or a chunk in line order becomes a scan and sort of every row of the import.
   */
  async analyzeRows(): Promise<void> {
    await sql`ANALYZE import_rows`.execute(this.db);
  }

  async setProgress(importId: string, phase: Phase, done: number, total?: number): Promise<void> {
    await this.db
      .updateTable('imports')
      .set({ phase, progress_done: done, ...(total !== undefined ? { total_rows: total } : {}), updated_at: new Date() })
      .where('id', '=', importId)
      .execute();
  }

  async update(importId: string, values: Partial<{
    status: ImportStatus;
    phase: Phase;
    content_sha256: Buffer;
    byte_size: number;
    encoding: ImportsTable['encoding'];
    bom: boolean;
    delimiter: ImportsTable['delimiter'];
    line_ending: ImportsTable['line_ending'];
    header: string[];
    file_errors: ImportIssue[];
    administrator_id: string | null;
    default_school_id: string | null;
    default_school_uai: string | null;
    total_rows: number;
    valid_rows: number;
    error_count: number;
    progress_done: number;
    new_classes: NewClass[];
    named_classes: Array<{ school: string | null; name: string }>;
    failure: { code: string; params?: Record<string, string | number> } | null;
  }>, executor: Db = this.db): Promise<void> {
    const { header, file_errors, new_classes, named_classes, failure, ...plain } = values;
    await executor
      .updateTable('imports')
      .set({
        ...plain,
        ...(header !== undefined ? { header: json(header) } : {}),
        ...(file_errors !== undefined ? { file_errors: json(file_errors) } : {}),
        ...(new_classes !== undefined ? { new_classes: json(new_classes) } : {}),
        ...(named_classes !== undefined ? { named_classes: json(named_classes) } : {}),
        ...(failure !== undefined ? { failure: json(failure) } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', importId)
      .execute();
  }

  async delete(importId: string): Promise<void> {
    await this.db.deleteFrom('imports').where('id', '=', importId).execute();
  }

  find(importId: string): Promise<ImportRecord | undefined> {
    return this.db.selectFrom('imports').selectAll().where('id', '=', importId).executeTakeFirst();
  }

  async list(uploaderId: string | null, page: number, pageSize: number): Promise<{ total: number; items: ImportRecord[] }> {
    let query = this.db.selectFrom('imports');
    if (uploaderId) query = query.where('uploader_id', '=', uploaderId);
    const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const items = await query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    return { total: Number(total), items };
  }

  /** The first rows with issues, in line order. */
  async rowsWithErrors(importId: string, afterLine: number, limit: number): Promise<Array<{ line: number; cells: string[]; issues: ImportIssue[] }>> {
    const { rows } = await sql<{ line: number; cells: string; errors: ImportIssue[] | null; check_errors: ImportIssue[] | null }>`
      SELECT line, cells, errors, check_errors FROM import_rows
      WHERE import_id = ${importId} AND (errors IS NOT NULL OR check_errors IS NOT NULL) AND line > ${afterLine}
      ORDER BY line LIMIT ${limit}`.execute(this.db);
    return rows.map((r) => ({ line: r.line, cells: JSON.parse(r.cells), issues: [...(r.errors ?? []), ...(r.check_errors ?? [])] }));
  }

  /** Every stored row from `afterLine` on, with its issues (report.csv). */
  async rowsForReport(importId: string, afterLine: number, limit: number): Promise<Array<{ line: number; cells: string[]; issues: ImportIssue[]; passwordGiven: boolean }>> {
    const { rows } = await sql<{ line: number; cells: string; errors: ImportIssue[] | null; check_errors: ImportIssue[] | null; password_given: boolean }>`
      SELECT line, cells, errors, check_errors, password_given FROM import_rows
      WHERE import_id = ${importId} AND line > ${afterLine} ORDER BY line LIMIT ${limit}`.execute(this.db);
    return rows.map((r) => ({
      line: r.line,
      cells: JSON.parse(r.cells),
      issues: [...(r.errors ?? []), ...(r.check_errors ?? [])],
      passwordGiven: r.password_given,
    }));
  }

  /** Rows without any issue, in line order, from `afterLine` on. */
  async validRows(importId: string, afterLine: number, limit: number): Promise<Array<{ line: number; row: ImportRow; password_hash: string | null }>> {
    const { rows } = await sql<{ line: number; row: string; password_hash: string | null }>`
      SELECT line, row, password_hash FROM import_rows
      WHERE import_id = ${importId} AND errors IS NULL AND check_errors IS NULL AND line > ${afterLine}
      ORDER BY line LIMIT ${limit}`.execute(this.db);
    return rows.map((r) => ({ line: r.line, row: JSON.parse(r.row) as ImportRow, password_hash: r.password_hash }));
  }

  /** What the checks against the directory look at, for every row from `afterLine` on, valid or not. */
  async checkedFields(importId: string, afterLine: number, limit: number): Promise<CheckedFields[]> {
    const { rows } = await sql<CheckedFields>`
      SELECT line, username AS "userName", external_id AS "externalId", school, role
      FROM import_rows WHERE import_id = ${importId} AND line > ${afterLine} ORDER BY line LIMIT ${limit}`.execute(this.db);
    return rows;
  }

  async distinctSchools(importId: string): Promise<string[]> {
    const { rows } = await sql<{ uai: string }>`
      SELECT DISTINCT school AS uai FROM import_rows WHERE import_id = ${importId} AND school IS NOT NULL`.execute(this.db);
    return rows.map((r) => r.uai);
  }

  async hasSupervisors(importId: string): Promise<boolean> {
    const { rows } = await sql<{ found: boolean }>`
      SELECT EXISTS (SELECT 1 FROM import_rows WHERE import_id = ${importId} AND role = 'supervisor') AS found`.execute(this.db);
    return rows[0].found;
  }

  /** Replaces the check issues of the given lines (a check that runs again does not add them twice). */
  async setCheckErrors(importId: string, byLine: ReadonlyArray<{ line: number; issues: ImportIssue[] }>): Promise<void> {
    if (byLine.length === 0) return;
    await sql`
      UPDATE import_rows r SET check_errors = x.issues
      FROM jsonb_to_recordset(${json(byLine)}::jsonb) AS x(line integer, issues jsonb)
      WHERE r.import_id = ${importId} AND r.line = x.line`.execute(this.db);
  }

  async clearCheckErrors(importId: string): Promise<void> {
    await sql`UPDATE import_rows SET check_errors = NULL WHERE import_id = ${importId} AND check_errors IS NOT NULL`.execute(this.db);
  }

  /** Rows without issues, and every issue of the rows (the file's own are counted apart). */
  async counts(importId: string): Promise<{ valid: number; issues: number }> {
    const { rows } = await sql<{ valid: number; issues: number }>`
      SELECT count(*) FILTER (WHERE errors IS NULL AND check_errors IS NULL)::int AS valid,
             coalesce(sum(coalesce(jsonb_array_length(errors), 0) + coalesce(jsonb_array_length(check_errors), 0)), 0)::int AS issues
      FROM import_rows WHERE import_id = ${importId}`.execute(this.db);
    return rows[0];
  }

  async preview(importId: string, limit: number): Promise<Array<{ line: number; row: ImportRow; has_password: boolean }>> {
    const { rows } = await sql<{ line: number; row: string; has_password: boolean }>`
      SELECT line, row, password_given AS has_password FROM import_rows
      WHERE import_id = ${importId} AND errors IS NULL AND check_errors IS NULL ORDER BY line LIMIT ${limit}`.execute(this.db);
    return rows.map((r) => ({ line: r.line, row: JSON.parse(r.row) as ImportRow, has_password: r.has_password }));
  }

  /** An earlier import of the very same bytes that created its accounts (by `uploaderId` when given). */
  async alreadyImported(sha256: Buffer, exceptId: string, uploaderId: string | null): Promise<{ id: string; completed_at: Date } | undefined> {
    const { rows } = await sql<{ id: string; completed_at: Date }>`
      SELECT id, completed_at FROM imports WHERE content_sha256 = ${sha256} AND status = 'done' AND id <> ${exceptId}
        AND (${uploaderId}::uuid IS NULL OR uploader_id = ${uploaderId}::uuid)
      ORDER BY completed_at LIMIT 1`.execute(this.db);
    return rows[0];
  }

  /** Moves a ready (or failed) import to `importing`; false when another call did it first or it cannot be. */
  async startImport(importId: string, confirmedBy: string): Promise<boolean> {
    const result = await this.db
      .updateTable('imports')
      .set({ status: 'importing', phase: 'staging', progress_done: 0, failure: 'null', confirmed_by: confirmedBy, confirmed_at: new Date(), updated_at: new Date() })
      .where('id', '=', importId)
      .where('status', 'in', ['ready', 'failed'])
      .where('error_count', '=', 0)
      .where('expired_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * The import created its accounts: hashes are no longer needed anywhere in the importer. Null
   * when it was no longer `importing` (another run, one that lost its job lock, finished it first):
   * that run recorded the completion and its event.
   */
  async markDone(trx: Db, importId: string, created: number, newClasses: NewClass[]): Promise<Date | null> {
    const completedAt = new Date();
    const { rows } = await sql<{ id: string }>`
      UPDATE imports SET status = 'done', phase = 'done', new_classes = ${json(newClasses)}::jsonb, failure = ${json(null)}::jsonb,
                         created_accounts = ${created}, completed_at = ${completedAt}, updated_at = ${completedAt}
      WHERE id = ${importId} AND status = 'importing' RETURNING id`.execute(trx);
    if (rows.length === 0) return null;
    await sql`UPDATE import_rows SET password_hash = NULL WHERE import_id = ${importId} AND password_hash IS NOT NULL`.execute(trx);
    return completedAt;
  }

  transaction<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  /** Deletes the rows (cells, hashes, errors) of imports older than `before`; their history stays. */
  async expireRows(before: Date): Promise<number> {
    const { rows } = await sql<{ id: string }>`
      UPDATE imports SET expired_at = now(), updated_at = now()
      WHERE created_at < ${before} AND expired_at IS NULL AND status <> 'importing' RETURNING id`.execute(this.db);
    if (rows.length === 0) return 0;
    await sql`DELETE FROM import_rows WHERE import_id = ANY(${sql.val(rows.map((r) => r.id))}::uuid[])`.execute(this.db);
    return rows.length;
  }
}
