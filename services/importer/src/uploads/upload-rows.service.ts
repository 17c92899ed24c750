import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { BreachVerdict, BreachedPasswords, commonPasswords } from '@sesame/account-rules';
import type { ImportIssue } from '@sesame/contracts';
import { IMPORTER_CONFIG, ImporterConfig } from '../config/importer.config';
import { CsvFacts, readCsv } from '../csv/csv-reader';
import { FileProblem } from '../csv/csv-text';
import { checkHeader } from '../csv/header.rules';
import type { Caller } from '../identity/callers.service';
import { HashPool } from '../passwords/hash-pool';
import { DuplicateTracker, extraCells, isBlankRow, passwordCell, readRow, redactCells } from '../rows/row.rules';
import { ImportsRepository, StoredRow } from '../records/imports.repository';
import { UploadRepository } from './upload.repository';
import { stopsTheUpload, uploadIncomplete } from './upload.rules';

const PROGRESS_EVERY_ROWS = 5_000;
/** A slow upload still says it is alive this often (the janitor fails uploads silent for too long). */
const HEARTBEAT_MS = 10_000;
/** Uploads from this many rows refresh the statistics of the rows table (see analyzeRows). */
const ANALYZE_FROM_ROWS = 10_000;
/**
 * Rows per insert into the staging table. Each batch becomes one JSON string and one query buffer:
 * kept under a few hundred KiB they are collected young instead of piling up as large objects.
 */
const BATCH_ROWS = 500;
/** Batches written at once (each on its own database connection). */
const WRITES_IN_FLIGHT = 2;

interface PendingRow extends Omit<StoredRow, 'passwordHash'> {
  hash: Promise<string> | null;
  /** What the breached-password service says of the row's password, when one is configured. */
  breach?: Promise<BreachVerdict> | null;
}

/**
 * The rows of an upload, from the CSV stream to the staging table: each row read and checked by the
 * row rules as it arrives, passwords hashed on worker threads (and checked against the breached-
 * password service when one is configured), rows written in batches with backpressure, so that
 * memory stays bounded whatever the file's size. What the file itself says (header, encoding,
 * separator, classes named) is recorded on the import once it is read.
 */
@Injectable()
export class UploadRows implements OnModuleDestroy {
  private readonly logger = new Logger(UploadRows.name);
  private readonly hashes: HashPool;
  private readonly breaches?: BreachedPasswords;

  constructor(
    @Inject(IMPORTER_CONFIG) private readonly config: ImporterConfig,
    private readonly imports: ImportsRepository,
    private readonly uploads: UploadRepository,
  ) {
    this.hashes = new HashPool(
      { memoryCost: config.ARGON2_MEMORY_KIB, timeCost: config.ARGON2_ITERATIONS, parallelism: 1 },
      config.IMPORT_HASH_THREADS,
    );
    if (config.PWNED_PASSWORDS_URL) {
      this.breaches = new BreachedPasswords({ url: config.PWNED_PASSWORDS_URL, timeoutMs: config.PWNED_PASSWORDS_TIMEOUT_MS });
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.hashes.close();
  }

  /**
   * Reads the file into the staging table of import `id`. `writes` holds the batches being written,
   * for whoever must wait for them when the upload stops.
   */
  async stage(id: string, file: Readable, facts: CsvFacts, caller: Caller, writes: Array<Promise<void>>): Promise<void> {
    const context = { uploaderRole: caller.role as 'manager' | 'administrator', commonPasswords: commonPasswords() };
    const duplicates = new DuplicateTracker();
    // Every (school, class) named, for the checks: a few hundred at most, gathered as the rows pass.
    const classes = new Map<string, { school: string | null; name: string }>();
    let line = 0;
    let total = 0;
    let reported = 0;
    let beat = Date.now();
    let header: string[] = [];
    let columns: ReturnType<typeof checkHeader>['columns'] = null;
    let width = 0;
    let fileIssues: ImportIssue[] = [];
    let batch: PendingRow[] = [];
    // `writes`: batches being written, a few at once on their own connections, so that PostgreSQL
    // stores rows on one core while the next batch is parsed on the other.
    const flush = () => {
      if (batch.length === 0) return;
      const rows = batch;
      batch = [];
      const write = Promise.all(rows.map((row) => this.stored(row))).then((stored) => this.imports.insertRows(id, stored));
      // Surfaces a failed write when it is awaited, not as an unhandled rejection.
      write.catch(() => undefined);
      writes.push(write);
    };

    try {
      for await (const records of readCsv(file, facts)) {
        for (const cells of records) {
          line++;
          if (line === 1) {
            const check = checkHeader(cells);
            columns = check.columns;
            width = check.width;
            fileIssues = check.issues;
            // The report of this upload gets its own error column, not a second one.
            header = columns ? cells.slice(0, columns.length) : cells;
            continue;
          }
          if (isBlankRow(cells)) continue;
          total++;
          // With a wrong header nothing is known of the columns, not even which one holds passwords: nothing is kept.
          if (!columns) continue;
          const passwordGiven = passwordCell(cells, columns) !== '';
          if (extraCells(cells, width)) {
            const issue = { line, column: '', value: '', code: 'row.too_many_cells', params: { count: cells.length, expected: width } };
            // Its values are in the wrong columns: nothing of it is read, so nothing else is checked.
            const row = { ...readRow([], columns, line, context).row, role: null };
            batch.push({ line, cells: redactCells(cells, columns, true), row, errors: [issue], hash: null, passwordGiven });
          } else {
            // The cells of ignored columns (the error column of a report loaded again) are dropped.
            if (cells.length > columns.length) cells.length = columns.length;
            const read = readRow(cells, columns, line, context);
            const duplicated = duplicates.issues(read.row, line);
            const issues = duplicated.length ? [...read.issues, ...duplicated] : read.issues;
            for (const name of read.row.classes) classes.set(`${read.row.school ?? ''}\u0000${name}`, { school: read.row.school, name });
            const hash = read.password && issues.length === 0 ? this.hashes.hash(read.password) : null;
            // Awaited when the batch is written; a failure meanwhile must not count as unhandled.
            hash?.catch(() => undefined);
            // Asked while the password hashes: the hashing's pace bounds the requests in flight.
            const breach = hash && this.breaches ? this.breaches.check(read.password!) : null;
            batch.push({ line, cells: redactCells(cells, columns, false), row: read.row, errors: issues.length ? issues : null, hash, breach, passwordGiven });
            if (hash) await this.hashes.whenReady();
          }
          if (batch.length >= BATCH_ROWS) {
            flush();
            // Waiting for the oldest write pauses the upload (backpressure): memory stays bounded.
            if (writes.length >= WRITES_IN_FLIGHT) await writes.shift();
            // The history shows how far a long upload has come: every few thousand rows, or every
            // few seconds for a slow one (the heartbeat the janitor looks at).
            if (total - reported >= PROGRESS_EVERY_ROWS || Date.now() - beat >= HEARTBEAT_MS) {
              reported = total;
              beat = Date.now();
              if (!(await this.uploads.readingProgress(id, total))) throw uploadIncomplete();
            }
          }
        }
      }
    } catch (error) {
      if (!(error instanceof FileProblem) || stopsTheUpload(error)) throw error;
      // The whole file was read: its problem is a finding of the report.
      fileIssues = [{ line: error.line, column: '', value: '', code: error.code, params: error.params }];
    }
    flush();
    for (const outcome of await Promise.allSettled(writes)) if (outcome.status === 'rejected') throw outcome.reason;
    if (!fileIssues.length && columns && total === 0) fileIssues = [{ line: 1, column: '', value: '', code: 'file.no_rows' }];
    if (total >= ANALYZE_FROM_ROWS) await this.imports.analyzeRows();
    await this.imports.update(id, {
      header: header.slice(0, 100),
      file_errors: fileIssues,
      named_classes: [...classes.values()],
      total_rows: total,
      encoding: facts.encoding ?? null,
      bom: facts.bom,
      delimiter: facts.delimiter ?? null,
      line_ending: facts.lineEnding,
      byte_size: facts.bytes,
      ...(facts.sha256 ? { content_sha256: facts.sha256 } : {}),
    });
  }

  /**
   * A row as stored: its hash, or, when the breached-password service knows its password (or did not
   * answer and PWNED_PASSWORDS_UNAVAILABLE=refuse), an issue on the password column and no hash.
   */
  private async stored({ hash, breach, ...row }: PendingRow): Promise<StoredRow> {
    const verdict = breach ? await breach : null;
    const refused = verdict === 'breached' || (verdict === 'unknown' && this.config.PWNED_PASSWORDS_UNAVAILABLE === 'refuse');
    if (verdict === 'unknown') this.logger.warn({ url: this.config.PWNED_PASSWORDS_URL }, 'Breached-password service unavailable');
    if (!refused) return { ...row, passwordHash: hash ? await hash : null };
    const code = verdict === 'breached' ? 'password.breached' : 'password.breach_check_unavailable';
    return { ...row, passwordHash: null, errors: [...(row.errors ?? []), { line: row.line, column: 'password', value: '', code }] };
  }
}
