import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JOB_QUEUES } from '@sesame/contracts';
import { startWorker } from '@sesame/jobs';
import { Queue, Worker } from 'bullmq';
import { IMPORTER_CONFIG, ImporterConfig } from '../config/importer.config';
import { FeedFolders } from '../feeds/feed-folders';
import { ImportsRepository } from '../records/imports.repository';
import { StalledImportsService } from './stalled-imports.service';

const PURGE_SCHEDULER = 'purge-expired-imports-every-interval';
const STALLED_SCHEDULER = 'fail-stalled-imports-every-interval';
const FEED_FILES_SCHEDULER = 'purge-feed-files-every-interval';

/**
 * The importer's housekeeping: deletes the rows of uploads past IMPORT_RETENTION_DAYS (cells,
 * password hashes, errors) and keeps their line in the history; fails imports stalled in a
 * transient state (StalledImportsService); deletes feed files older than FEED_FILES_MAX_AGE_MS
 * (a read that never ended: its replica lost, its job abandoned). Each schedule lives in Redis under a fixed id, so however
 * many replicas start, one job runs per interval (BullMQ job schedulers).
 */
@Injectable()
export class MaintenanceProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MaintenanceProcessor.name);
  private worker?: Worker;

  constructor(
    private readonly imports: ImportsRepository,
    private readonly stalled: StalledImportsService,
    private readonly feedFolders: FeedFolders,
    @InjectQueue(JOB_QUEUES.importerMaintenance.name) private readonly queue: Queue,
    @Inject(IMPORTER_CONFIG) private readonly config: ImporterConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = startWorker(
      this.queue,
      JOB_QUEUES.importerMaintenance,
      {
        purgeExpired: { handle: () => this.purge() },
        failStalled: { handle: async () => ({ failed: await this.stalled.failStalled() }) },
        purgeFeedFiles: { handle: () => this.purgeFeedFiles() },
      },
      {},
      this.logger,
    );
    const { purgeExpired, failStalled, purgeFeedFiles } = JOB_QUEUES.importerMaintenance.jobs;
    await this.queue.upsertJobScheduler(PURGE_SCHEDULER, { every: this.config.IMPORT_PURGE_INTERVAL_MS }, { name: purgeExpired.name, data: {} });
    await this.queue.upsertJobScheduler(STALLED_SCHEDULER, { every: this.config.IMPORT_STALLED_CHECK_INTERVAL_MS }, { name: failStalled.name, data: {} });
    await this.queue.upsertJobScheduler(FEED_FILES_SCHEDULER, { every: this.config.FEED_PURGE_INTERVAL_MS }, { name: purgeFeedFiles.name, data: {} });
  }

  /** Lets a run in hand finish, before the database closes. */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }

  async purge(now = Date.now()): Promise<{ expired: number }> {
    const expired = await this.imports.expireRows(new Date(now - this.config.IMPORT_RETENTION_DAYS * 86_400_000));
    if (expired) this.logger.log({ expired }, 'Purged import rows past retention');
    return { expired };
  }

  async purgeFeedFiles(now = Date.now()): Promise<{ removed: number }> {
    const removed = await this.feedFolders.removeOlderThan(new Date(now - this.config.FEED_FILES_MAX_AGE_MS));
    if (removed) this.logger.warn({ removed }, 'Purged the files of feeds whose read never ended');
    return { removed };
  }
}
