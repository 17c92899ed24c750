import { basename } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { FeedReadError, IdentityFeedRpc } from '@sesame/contracts';
import { FeedError, openDelivery, readFiles } from '@sesame/feeds';
import type { CallContext } from '@sesame/messaging';
import { IMPORTER_CONFIG, ImporterConfig } from '../config/importer.config';
import { IdentityClient } from '../identity/identity.clients';
import { sendInChunks } from './feed-chunks';
import { FeedFolders } from './feed-folders';

/** Staging commands sent to identity before waiting for the oldest one's answer. */
const STAGE_CALLS_IN_FLIGHT = 2;
/** The most file names a close carries (CloseFeedSchema). */
const MAX_FILE_NAMES = 5_000;

const cut = (text: string | undefined, max: number) => (text === undefined ? undefined : text.slice(0, max));

/** What the feed shows of its files: each uploaded file, then the entries of its zips. */
export function deliveryFileNames(paths: readonly string[], files: ReadonlyArray<{ name: string }>): string[] {
  const uploaded = paths.map((path) => basename(path));
  return [...uploaded, ...files.map((file) => file.name).filter((name) => !uploaded.includes(name))];
}

/** A reader's refusal as identity keeps it (FeedReadErrorSchema's limits). */
export function feedReadError(error: FeedError): FeedReadError {
  const params = Object.fromEntries(Object.entries(error.params).map(([key, value]) => [key, typeof value === 'string' ? value.slice(0, 500) : value]));
  return {
    code: error.code,
    file: cut(error.file, 500)!,
    ...(error.record ? { record: cut(error.record, 200) } : {}),
    ...(error.field ? { field: cut(error.field, 200) } : {}),
    ...(Object.keys(params).length ? { params } : {}),
  };
}

/**
 * A feed's read (the job read-feed): the files are parsed as they stream (libs/feeds), their records
 * staged at identity in numbered chunks, then the feed closed with its counts and every file's name;
 * a file the readers refuse fails the feed with where and why. With the feed's delegation only. The
 * files are deleted once the feed is closed or failed; a job run again after that finds nothing to do.
 */
@Injectable()
export class FeedReader {
  private readonly logger = new Logger(FeedReader.name);

  constructor(
    @Inject(IMPORTER_CONFIG) private readonly config: ImporterConfig,
    private readonly folders: FeedFolders,
    private readonly identity: IdentityClient,
  ) {}

  async read(feedId: string, delegation: string): Promise<void> {
    const opened = await this.folders.open(feedId);
    if (!opened) {
      this.logger.warn({ feedId }, 'Feed read skipped: its files are gone (read already, or purged)');
      return;
    }
    const context: CallContext = { delegation, requestId: feedId };
    const started = Date.now();
    try {
      const delivery = await openDelivery(opened.paths);
      try {
        const files = deliveryFileNames(opened.paths, delivery.files).slice(0, MAX_FILE_NAMES);
        const records = readFiles(delivery.files, { kind: opened.manifest.kind, uai: opened.manifest.uai ?? undefined });
        const totals = await sendInChunks(records, this.config.FEED_CHUNK_RECORDS, STAGE_CALLS_IN_FLIGHT, async (chunk, batch) => {
          await this.identity.call(IdentityFeedRpc.stage, { feedId, chunk, records: batch }, context);
        });
        await this.identity.call(IdentityFeedRpc.close, { feedId, ...totals, files }, context);
        this.logger.log({ feedId, ...totals, files: files.length, ms: Date.now() - started }, 'Feed read');
      } finally {
        delivery.close();
      }
    } catch (error) {
      if (!(error instanceof FeedError)) throw error;
      this.logger.log({ feedId, code: error.code, file: error.file, record: error.record, field: error.field }, 'Feed refused');
      await this.identity.call(IdentityFeedRpc.fail, { feedId, error: feedReadError(error) }, context);
    }
    await this.folders.remove(feedId);
  }

  /** The read will not happen (refused by identity, attempts spent): the feed fails with `code`, its files go. */
  async giveUp(feedId: string, delegation: string, code: string): Promise<void> {
    try {
      await this.identity.call(IdentityFeedRpc.fail, { feedId, error: { code, file: '' } }, { delegation, requestId: feedId });
    } catch (error) {
      this.logger.error({ err: error, feedId, code }, 'Could not fail a feed whose read was given up');
    }
    await this.folders.remove(feedId);
  }
}
