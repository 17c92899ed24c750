import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { IMPORTER_JOB_QUEUES, ImporterMaintenanceJobs } from '@sesame/contracts';
import { Job, Queue } from 'bullmq';
import { IMPORTER_CONFIG, ImporterConfig } from '../config/importer.config';
import { ImportsRepository } from '../imports/imports.repository';

const PURGE_SCHEDULER = 'purge-expired-imports-every-interval';
/** An upload still being read after this long lost its process: it will never finish. */
const ABANDONED_UPLOAD_MS = 3_600_000;

/**
 * Deletes the rows of uploads past IMPORT_RETENTION_DAYS (cells, password hashes, errors) and keeps
 * their line in the history. The schedule lives in Redis under a fixed id, so however many replicas
 * start, one job runs per interval (BullMQ job schedulers).
 */
@Processor(IMPORTER_JOB_QUEUES.maintenance)
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly imports: ImportsRepository,
    @InjectQueue(IMPORTER_JOB_QUEUES.maintenance) private readonly queue: Queue,
    @Inject(IMPORTER_CONFIG) private readonly config: ImporterConfig,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const job = ImporterMaintenanceJobs.purgeExpired;
    await this.queue.upsertJobScheduler(PURGE_SCHEDULER, { every: this.config.IMPORT_PURGE_INTERVAL_MS }, { name: job.name, data: {} });
  }

  async process(job: Job): Promise<{ expired: number; abandoned: number }> {
    if (job.name !== ImporterMaintenanceJobs.purgeExpired.name) throw new Error(`Unknown job ${job.name}`);
    return this.purge();
  }

  async purge(now = Date.now()): Promise<{ expired: number; abandoned: number }> {
    const expired = await this.imports.expireRows(new Date(now - this.config.IMPORT_RETENTION_DAYS * 86_400_000));
    const abandoned = await this.imports.deleteAbandonedUploads(new Date(now - ABANDONED_UPLOAD_MS));
    if (expired || abandoned) this.logger.log({ expired, abandoned }, 'Purged import rows past retention');
    return { expired, abandoned };
  }
}
