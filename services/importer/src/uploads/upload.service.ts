import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { DELEGATED_OPERATIONS, JOB_QUEUES, ServiceFailure, invalidField } from '@sesame/contracts';
import busboy from 'busboy';
import { Queue } from 'bullmq';
import { z } from 'zod';
import { IMPORTER_CONFIG, ImporterConfig } from '../config/importer.config';
import { CsvFacts } from '../csv/csv-reader';
import { Caller } from '../identity/callers.service';
import { DelegationsService } from '../identity/delegations.service';
import { ImportsRepository } from '../records/imports.repository';
import { UploadRepository } from './upload.repository';
import { UploadRows } from './upload-rows.service';
import { uploadFailure, uploadIncomplete, uploadRefusal } from './upload.rules';

const FormSchema = z.object({
  administratorId: z.uuid().optional(),
  schoolId: z.uuid().optional(),
});

/**
 * Receives an upload (SPEC §5): streams the multipart body through the CSV reader and the row rules,
 * hashes passwords on worker threads, and stores the rows in batches (UploadRows), never holding the file whole.
 * Answers once the file is consumed; the checks against the directory follow as a job. A file that
 * cannot be read is refused where the problem is found, without reading the rest; an upload cut
 * short ends there too. Either stays in the history as `failed` with its reason.
 */
@Injectable()
export class UploadService {
  private readonly logger = new Logger(UploadService.name);

  constructor(
    @Inject(IMPORTER_CONFIG) private readonly config: ImporterConfig,
    private readonly imports: ImportsRepository,
    private readonly uploads: UploadRepository,
    @InjectQueue(JOB_QUEUES.importerImports.name) private readonly jobs: Queue,
    private readonly delegations: DelegationsService,
    private readonly rows: UploadRows,
  ) {}

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
      await this.rows.stage(id, file, facts, caller, writes);
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
