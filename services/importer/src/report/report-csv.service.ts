import { once } from 'node:events';
import { PassThrough, Transform, Writable, pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { Injectable } from '@nestjs/common';
import type { Locale } from '@sesame/account-rules';
import { stringify } from 'csv-stringify';
import iconv from 'iconv-lite';
import { UTF8_BOM } from '../csv/encoding.rules';
import type { ImportRecord } from '../database/schema';
import { ImportsRepository } from '../records/imports.repository';
import { reportHeader, reportRecord } from './report-csv.rules';

const PAGE_ROWS = 2_000;

/** UTF-8 in, Windows-1252 out (characters it lacks become `?`). */
function toWindows1252(): Transform {
  const text = new StringDecoder('utf8');
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, iconv.encode(text.write(chunk), 'windows-1252'));
    },
    flush(done) {
      done(null, iconv.encode(text.end(), 'windows-1252'));
    },
  });
}

/** `eleves 2025.csv` → `eleves 2025-rapport.csv`. */
export function reportFileName(fileName: string, locale: Locale): string {
  return `${fileName.replace(/\.(csv|txt)$/i, '')}-${locale === 'fr' ? 'rapport' : 'report'}.csv`;
}

/**
 * report.csv: the uploaded rows (never a password) and an error column, with the file's separator,
 * line breaks and encoding (byte order mark included when the file had one), formulas neutralised.
 * Written page by page as the client reads it.
 */
@Injectable()
export class ReportCsvService {
  constructor(private readonly imports: ImportsRepository) {}

  async write(record: ImportRecord, locale: Locale, out: Writable): Promise<void> {
    const csv = stringify({
      delimiter: record.delimiter ?? ',',
      record_delimiter: record.line_ending === '\r\n' ? 'windows' : 'unix',
    });
    const encode: Transform = record.encoding === 'windows-1252' ? toWindows1252() : new PassThrough();
    const done = new Promise<void>((resolve, reject) => pipeline(csv, encode, out, (error) => (error ? reject(error) : resolve())));
    if (record.bom) encode.write(UTF8_BOM);
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
      for (const row of rows) await put(reportRecord(row.cells, header.length, row.issues, locale));
      after = rows[rows.length - 1].line;
    }
    csv.end();
    await done;
  }
}
