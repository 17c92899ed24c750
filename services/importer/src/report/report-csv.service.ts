import { once } from 'node:events';
import { Writable, pipeline } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { Locale } from '@sesame/account-rules';
import { stringify } from 'csv-stringify';
import { UTF8_BOM } from '../csv/encoding.rules';
import type { ImportRecord } from '../database/schema';
import { ImportsRepository } from '../records/imports.repository';
import { reportHeader, reportRecord, reportRowIssues } from './report-csv.rules';

const PAGE_ROWS = 2_000;

/** `eleves 2025.csv` → `eleves 2025-rapport.csv`. */
export function reportFileName(fileName: string, locale: Locale): string {
  return `${fileName.replace(/\.(csv|txt)$/i, '')}-${locale === 'fr' ? 'rapport' : 'report'}.csv`;
}

/**
 * report.csv: the uploaded rows (never a password: rows that had one say to type it again) and an
 * error column, with the file's separator and line breaks, formulas neutralised. Always UTF-8 with a
 * byte order mark, whatever the upload's encoding: Excel reads the accents of such a file right
 * (without the mark it reads UTF-8 as Windows-1252), Windows-1252 cannot hold every name, and the
 * importer reads the mark. Written page by page as the client reads it.
 */
@Injectable()
export class ReportCsvService {
  constructor(private readonly imports: ImportsRepository) {}

  async write(record: ImportRecord, locale: Locale, out: Writable): Promise<void> {
    const csv = stringify({
      delimiter: record.delimiter ?? ',',
      record_delimiter: record.line_ending === '\r\n' ? 'windows' : 'unix',
    });
    const done = new Promise<void>((resolve, reject) => pipeline(csv, out, (error) => (error ? reject(error) : resolve())));
    out.write(UTF8_BOM);
    const put = async (cells: string[]) => {
      // A client gone away ends `done` with an error instead of leaving this wait forever.
      if (!csv.write(cells)) await Promise.race([once(csv, 'drain'), done]);
    };
    const header = record.header;
    await put(reportHeader(header, record.file_errors, locale));
    let after = 0;
    for (;;) {
      const rows = await this.imports.rowsForReport(record.id, after, PAGE_ROWS);
      if (rows.length === 0) break;
      for (const row of rows) await put(reportRecord(row.cells, header.length, reportRowIssues(row), locale));
      after = rows[rows.length - 1].line;
    }
    csv.end();
    await done;
  }
}
