import { Injectable } from '@nestjs/common';
import { ImportIssue, ImportPreviewRow, ImportReport, ImportSummary, ServiceFailure } from '@sesame/contracts';
import type { ImportRecord } from '../database/schema';
import type { Caller } from '../identity/callers.service';
import { ImportsRepository } from '../records/imports.repository';
import { canImport, canSeeImport, percentOf } from './report.rules';

/** Errors listed in the JSON report; report.csv has them all. */
export const REPORT_MAX_ERRORS = 200;
/** Valid rows shown before confirming, to check accents and columns. */
export const PREVIEW_ROWS = 20;

export function toSummary(record: ImportRecord): ImportSummary {
  return {
    id: record.id,
    fileName: record.file_name,
    status: record.status,
    uploadedBy: { id: record.uploader_id, username: record.uploader_username },
    createdAt: record.created_at.toISOString(),
    totalRows: record.total_rows,
    validRows: record.valid_rows,
    errorCount: record.error_count,
    createdAccounts: record.created_accounts,
    completedAt: record.completed_at?.toISOString() ?? null,
  };
}

/** The validation report and progress of an import (`GET /imports/:id`), built from the stored rows, for whoever may see it. */
@Injectable()
export class ImportReportService {
  constructor(private readonly imports: ImportsRepository) {}

  /** The import, if it exists (404) and the caller may see it (404 too: its existence is not told). */
  async visible(caller: Caller, id: string): Promise<ImportRecord> {
    if (!canImport(caller)) throw new ServiceFailure('forbidden');
    const record = await this.imports.find(id);
    if (!record || !canSeeImport(caller, record.uploader_id)) throw new ServiceFailure('not_found');
    return record;
  }

  /** `viewer`: who reads it; an earlier import of the same file is named only if they may see it. */
  async report(record: ImportRecord, viewer: Caller): Promise<ImportReport> {
    const expired = record.expired_at !== null;
    const errors = [...record.file_errors].sort((a, b) => a.line - b.line).slice(0, REPORT_MAX_ERRORS);
    let after = 0;
    while (!expired && errors.length < REPORT_MAX_ERRORS) {
      const rows = await this.imports.rowsWithErrors(record.id, after, REPORT_MAX_ERRORS);
      if (rows.length === 0) break;
      for (const row of rows) errors.push(...row.issues);
      after = rows[rows.length - 1].line;
    }
    const shown: ImportIssue[] = errors.slice(0, REPORT_MAX_ERRORS);
    const preview = expired ? [] : await this.imports.preview(record.id, PREVIEW_ROWS);
    const again = record.content_sha256
      ? await this.imports.alreadyImported(record.content_sha256, record.id, viewer.role === 'manager' ? null : viewer.id)
      : undefined;
    return {
      ...toSummary(record),
      encoding: record.encoding,
      bom: record.bom,
      delimiter: record.delimiter,
      errors: shown,
      moreErrors: Math.max(0, record.error_count - shown.length),
      progress: this.progress(record),
      preview: preview.map(({ line, row, has_password }): ImportPreviewRow => ({
        line,
        userName: row.userName,
        firstName: row.firstName,
        lastName: row.lastName,
        displayName: row.displayName,
        email: row.email,
        role: row.role ?? 'member',
        profile: row.profile,
        school: row.school ?? (row.role === 'member' ? record.default_school_uai : null),
        classes: row.classes,
        externalId: row.externalId,
        hasPassword: has_password,
      })),
      newClasses: record.new_classes,
      alreadyImported: again ? { id: again.id, at: again.completed_at.toISOString() } : null,
      failure: record.failure ?? null,
      expired,
      administratorId: record.administrator_id,
      schoolId: record.default_school_id,
    };
  }

  private progress(record: ImportRecord): ImportReport['progress'] {
    switch (record.phase) {
      case 'reading':
        return { phase: 'reading', done: record.progress_done, total: 0, percent: 0 };
      case 'checking':
        return { phase: 'checking', done: record.progress_done, total: record.total_rows, percent: percentOf(record.progress_done, record.total_rows) };
      case 'staging':
        return { phase: 'staging', done: record.progress_done, total: record.valid_rows, percent: percentOf(record.progress_done, record.valid_rows) };
      case 'committing':
        return { phase: 'committing', done: 0, total: record.valid_rows, percent: 0 };
      default: {
        const total = record.status === 'done' ? (record.created_accounts ?? 0) : record.total_rows;
        return { phase: 'done', done: total, total, percent: 100 };
      }
    }
  }
}
