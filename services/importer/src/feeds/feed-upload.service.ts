import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { FeedView, IdentityFeedRpc, JOB_QUEUES, ServiceFailure, invalidField } from '@sesame/contracts';
import busboy from 'busboy';
import { Queue } from 'bullmq';
import { IMPORTER_CONFIG, ImporterConfig } from '../config/importer.config';
import type { Caller } from '../identity/callers.service';
import { DelegationsService } from '../identity/delegations.service';
import { IdentityClient } from '../identity/identity.clients';
import { FeedFolders } from './feed-folders';
import { feedForm, refuseUnlessMayUpload, storedFileName } from './feed-upload.rules';

/** Files one upload may hold (AAF deliveries come in chunks of a few thousand persons each). */
const MAX_FILES = 500;

/** Counts the bytes of every file of one upload together, and stops past the limit. */
class TotalBytes {
  private seen = 0;
  constructor(private readonly limit: number) {}

  meter(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) => {
        this.seen += chunk.length;
        if (this.seen > this.limit) return done(new ServiceFailure('payload_too_large'));
        done(null, chunk);
      },
    });
  }
}

/**
 * Receives a feed (issue 15): streams each file of the multipart body to the feed's own folder
 * (FeedFolders), never holding one in memory; then opens the feed at identity with the uploader's
 * token (identity decides who may), asks identity for the delegation of the read, and queues the
 * read. The job carries that delegation, never the token. A refused or cut upload leaves no file.
 */
@Injectable()
export class FeedUploadService {
  private readonly logger = new Logger(FeedUploadService.name);

  constructor(
    @Inject(IMPORTER_CONFIG) private readonly config: ImporterConfig,
    private readonly folders: FeedFolders,
    private readonly identity: IdentityClient,
    private readonly delegations: DelegationsService,
    @InjectQueue(JOB_QUEUES.importerFeeds.name) private readonly jobs: Queue,
  ) {}

  async receive(request: IncomingMessage, caller: Caller, token: string, requestId?: string): Promise<FeedView> {
    refuseUnlessMayUpload(caller, undefined);
    const feedId = randomUUID();
    await this.folders.create(feedId);
    try {
      const { fields, names } = await this.store(request, feedId, caller);
      const form = feedForm(fields);
      refuseUnlessMayUpload(caller, form.kind);
      await this.folders.writeManifest(feedId, { kind: form.kind, uai: form.uai ?? null });
      const view = await this.identity.call(IdentityFeedRpc.open, { feedId, kind: form.kind, uai: form.uai ?? null, files: names }, { token, requestId });
      const job = JOB_QUEUES.importerFeeds.jobs.read;
      await this.jobs.add(job.name, job.data.parse(await this.delegations.feedJob(feedId, caller, token, requestId)), { jobId: `read-${feedId}` });
      this.logger.log({ feedId, kind: form.kind, uai: form.uai, files: names.length }, 'Feed received');
      return view;
    } catch (error) {
      await this.folders.remove(feedId).catch((failure: unknown) => this.logger.error({ err: failure, feedId }, 'Could not delete a refused feed’s files'));
      throw error;
    }
  }

  /** Streams every `files` part to the feed's folder; resolves with the other fields once the body is read whole. */
  private store(request: IncomingMessage, feedId: string, caller: Caller): Promise<{ fields: Record<string, string>; names: string[] }> {
    return new Promise((resolve, reject) => {
      let form: busboy.Busboy;
      try {
        form = busboy({
          headers: request.headers,
          defParamCharset: 'utf8',
          limits: { files: MAX_FILES, fileSize: this.config.FEED_MAX_BYTES, fields: 10, fieldSize: 200 },
        });
      } catch {
        reject(invalidField('files', 'feed.files_required'));
        return;
      }
      const fields: Record<string, string> = {};
      const names: string[] = [];
      const writes: Array<Promise<void>> = [];
      const total = new TotalBytes(this.config.FEED_MAX_BYTES);
      let settled = false;
      const settle = (error: unknown) => {
        if (settled) return;
        settled = true;
        if (!error) return resolve({ fields, names });
        // Nothing more is read: what still arrives is dropped until the gateway hangs up.
        request.unpipe(form);
        request.resume();
        form.destroy();
        reject(error);
      };
      form.on('field', (name, value) => {
        fields[name] = value;
        // The kind may come first: an AAF delivery of an administrator is refused before its bytes.
        if (name === 'kind' && value === 'aaf' && caller.role !== 'manager') settle(new ServiceFailure('forbidden'));
      });
      form.on('file', (field, file, info) => {
        file.on('error', () => undefined);
        if (field !== 'files' || settled) {
          file.resume();
          return;
        }
        let name: string;
        try {
          name = storedFileName(info.filename);
          if (names.includes(name)) throw invalidField('files', 'feed.file_twice', { value: name });
        } catch (error) {
          file.resume();
          settle(error);
          return;
        }
        names.push(name);
        file.on('limit', () => file.destroy(new ServiceFailure('payload_too_large')));
        const write = this.folders.write(feedId, name, file, total.meter());
        writes.push(write);
        write.catch((error: unknown) => settle(error instanceof ServiceFailure ? error : (file as { truncated?: boolean }).truncated ? new ServiceFailure('payload_too_large') : error));
      });
      form.on('filesLimit', () => settle(invalidField('files', 'too_big', { maximum: MAX_FILES })));
      form.on('error', () => settle(new ServiceFailure('validation_failed', { issues: [{ field: 'files', code: 'form.malformed' }] })));
      form.on('close', () => {
        if (settled) return;
        if (!names.length) return settle(invalidField('files', 'feed.files_required'));
        Promise.all(writes).then(() => settle(null), settle);
      });
      request.on('close', () => {
        if (!request.complete) settle(invalidField('files', 'file.incomplete'));
      });
      request.pipe(form);
    });
  }
}
