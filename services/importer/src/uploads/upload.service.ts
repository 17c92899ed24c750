import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { BreachVerdict, BreachedPasswords, commonPasswords } from '@sesame/account-rules';
import { DELEGATED_OPERATIONS, ImportIssue, JOB_QUEUES, ServiceFailure, invalidField } from '@sesame/contracts';
import busboy from 'busboy';
import { Queue } from 'bullmq';
import { z } from 'zod';
import { IMPORTER_CONFIG, ImporterConfig } from '../config/importer.config';
import { CsvFacts, readCsv } from '../csv/csv-reader';
import { FileProblem } from '../csv/csv-text';
import { checkHeader } from '../csv/header.rules';
import { Caller } from '../identity/callers.service';
import { DelegationsService } from '../identity/delegations.service';
import { HashPool } from '../passwords/hash-pool';
import { DuplicateTracker, extraCells, isBlankRow, passwordCell, readRow, redactCells } from '../rows/row.rules';
import { ImportsRepository, StoredRow } from '../records/imports.repository';
import { UploadRepository } from './upload.repository';
import { stopsTheUpload, uploadFailure, uploadIncomplete, uploadRefusal } from './upload.rules';

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

const FormSchema = z.object({
  administratorId: z.uuid().optional(),
  schoolId: z.uuid().optional(),
});

interface PendingRow extends Omit<StoredRow, 'passwordHash'> {
  hash: Promise<string> | null;
  /** What the breached-password service says of the row's password, when one is configured. */
  breach?: Promise<BreachVerdict> | null;
}

/**
 * Receives an upload (SPEC §5): streams the multipart body through the CSV reader and the row rules,
 * hashes passwords on worker threads, and stores the rows in batches, never holding the file whole.
 * Answers once the file is consumed; the checks against the directory follow as a job. A file that
 * cannot be read is refused where the problem is found, without reading the rest; an upload cut
 * short ends there too. Either stays in the history as `failed` with its reason.
 */
@Injectable()
export class UploadService implements OnModuleDestroy {
  private readonly logger = new Logger(UploadService.name);
  private readonly hashes: HashPool;
  private readonly breaches?: BreachedPasswords;

  constructor(
    @Inject(IMPORTER_CONFIG) private readonly config: ImporterConfig,
    private readonly imports: ImportsRepository,
    private readonly uploads: UploadRepository,
    @InjectQueue(JOB_QUEUES.importerImports.name) private readonly jobs: Queue,
    private readonly delegations: DelegationsService,
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

  /** Returns the new import's id once the whole file has been read and stored. */
  receive(request: IncomingMessage, caller: Caller, token: string): Promise<string> {
    if (caller.role !== 'manager' && caller.role !== 'administrator') return Promise.reject(new ServiceFailure('forbidden'));
    return new Promise((resolve, reject) => {
      let form: busboy.Busboy;
      try {
        form = busboy({
          headers: request.headers,
          // Browsers send file names as UTF-8 bytes (busboy would read them as Latin-1).
          defParamCharset: 'utf8',
          limits: { files: 1, fileSize: this.config.IMPORT_MAX_BYTES, fields: 10, fieldSize: 200 },
        });
      } catch {
        reject(invalidField('file', 'file.required'));
        return;
      }
      const fields: Record<string, string> = {};
      let reading: Promise<{ id: string; facts: CsvFacts }> | undefined;
      let finishing = false;
      let settled = false;
      const settle = (error: unknown, id?: string) => {
        if (settled) return;
        settled = true;
        if (!error) return resolve(id!);
        // No byte more goes to the reader: one still running ends with this error (see `read`).
        // What still arrives is dropped until the gateway, which stops sending on this answer,
        // hangs up: closing first would make its writes fail before it reads the answer.
        request.unpipe(form);
        request.resume();
        form.destroy(error instanceof Error ? error : undefined);
        // A file read whole whose request then failed (fields cut off…) ends as a reader's failure would.
        if (reading && !finishing) reading.then(({ id: readId }) => this.abandon(readId, error, []), () => undefined);
        reject(error);
      };
      form.on('field', (name, value) => (fields[name] = value));
      form.on('file', (name, file, info) => {
        if (name !== 'file' || reading) {
          file.resume();
          return;
        }
        // Reported through the reader (which may not have started yet), or not at all once the upload
        // is refused: never as an unhandled 'error' (busboy destroys the file with the form's error).
        file.on('error', () => undefined);
        // The file name is stored: PostgreSQL cannot hold a NUL (no file system allows one either).
        if (info.filename?.includes('\u0000')) {
          file.resume();
          settle(invalidField('file', 'text.nul_character'));
          return;
        }
        file.on('limit', () => file.destroy(new ServiceFailure('payload_too_large')));
        reading = this.read(file, info.filename, caller);
        reading.catch((error: unknown) => settle(error));
      });
      // busboy refuses what is not a well-formed multipart body (a part header with a NUL, a cut
      // boundary): the client's fault, a 400, not a 500.
      form.on('error', () => settle(new ServiceFailure('validation_failed', { issues: [{ field: 'file', code: 'form.malformed' }] })));
      form.on('close', () => {
        if (settled) return;
        if (!reading) return settle(invalidField('file', 'file.required'));
        reading.then(({ id, facts }) => {
          finishing = true;
          this.finish(id, facts, fields, caller, token).then(() => settle(null, id), settle);
        }, settle);
      });
      // The client (the gateway) left before sending everything: the work ends, the import fails.
      request.on('close', () => {
        if (!request.complete) settle(uploadIncomplete());
      });
      request.pipe(form);
    });
  }

  /**
   * Reads the file into the staging table. When it stops (a file problem, the client gone, a refusal),
   * the answer goes at once; the batches still being written are waited for only before the rows go.
   */
  private async read(file: Readable, fileName: string | undefined, caller: Caller): Promise<{ id: string; facts: CsvFacts }> {
    const id = randomUUID();
    await this.imports.create({
      id,
      uploaderId: caller.id,
      uploaderUsername: caller.username,
      uploaderRole: caller.role as 'manager' | 'administrator',
      fileName: (fileName || 'import.csv').slice(0, 255),
    });
    const facts: CsvFacts = { bytes: 0, bom: false, lineEnding: '\n' };
    const writes: Array<Promise<void>> = [];
    try {
      await this.stream(id, file, facts, caller, writes);
      return { id, facts };
    } catch (caught) {
      // Past the size limit, whatever the reader made of the cut file.
      const error = (file as Readable & { truncated?: boolean }).truncated ? new ServiceFailure('payload_too_large') : caught;
      await this.abandon(id, error, writes);
      throw uploadRefusal(error);
    }
  }

  /**
   * Ends an upload that stopped: failed with its reason (uploadFailure), or deleted when the request
   * itself was refused. Its rows go once the batches in flight are written (never half of them kept).
   */
  private async abandon(id: string, error: unknown, writes: ReadonlyArray<Promise<void>>): Promise<void> {
    const ended = uploadFailure(error);
    try {
      if (ended) await this.uploads.failUpload(id, ended.failure, ended.issue);
    } catch (failure) {
      this.logger.error({ err: failure, importId: id }, 'Could not record why an upload stopped');
    }
    void Promise.allSettled(writes)
      .then(() => (ended ? this.uploads.deleteRows(id) : this.imports.delete(id)))
      .catch((failure: unknown) => this.logger.error({ err: failure, importId: id }, 'Could not delete the rows of an upload that stopped'));
  }

  private async stream(id: string, file: Readable, facts: CsvFacts, caller: Caller, writes: Array<Promise<void>>): Promise<void> {
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

  /** The form's fields (they may come after the file), then the status: invalid at once, or checks to run. */
  private async finish(id: string, facts: CsvFacts, raw: Record<string, string>, caller: Caller, token: string): Promise<void> {
    try {
      const parsed = FormSchema.safeParse({ administratorId: raw.administratorId || undefined, schoolId: raw.schoolId || undefined });
      if (!parsed.success) {
        throw new ServiceFailure('validation_failed', { issues: parsed.error.issues.map((i) => ({ field: String(i.path[0]), code: 'invalid_format', params: { format: 'uuid' } })) });
      }
      const form = parsed.data;
      if (caller.role === 'administrator' && form.administratorId && form.administratorId !== caller.id) {
        throw invalidField('administratorId', 'managed_by.not_yourself');
      }
      const record = (await this.imports.find(id))!;
      const fileErrors = record.file_errors;
      await this.imports.update(id, {
        administrator_id: caller.role === 'manager' ? (form.administratorId ?? null) : null,
        default_school_id: form.schoolId ?? null,
        ...(fileErrors.length
          ? { status: 'invalid', phase: 'done', error_count: fileErrors.length, valid_rows: 0 }
          : { phase: 'checking', progress_done: 0 }),
      });
      if (!fileErrors.length) {
        const job = JOB_QUEUES.importerImports.jobs.validate;
        await this.jobs.add(job.name, job.data.parse(await this.delegations.importJob(DELEGATED_OPERATIONS.validateImport, id, caller, token)), { jobId: `validate-${id}` });
      }
      this.logger.log({ importId: id, bytes: facts.bytes, rows: record.total_rows, encoding: facts.encoding, delimiter: facts.delimiter }, 'Upload read');
    } catch (error) {
      await this.imports.delete(id).catch(() => undefined);
      throw error;
    }
  }
}
