import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JOB_QUEUES } from '@sesame/contracts';
import { Job, Queue } from 'bullmq';
import { IMPORTER_CONFIG, ImporterConfig } from '../config/importer.config';
import { ImportsRepository } from '../records/imports.repository';
import { StalledImportsService } from './stalled-imports.service';

const PURGE_SCHEDULER = 'purge-expired-imports-every-interval';
const STALLED_SCHEDULER = 'fail-stalled-imports-every-interval';

/**
 * The importer's housekeeping: deletes the rows of uploads past IMPORT_RETENTION_DAYS (cells,
 * password hashes, errors) and keeps their line in the history; fails imports stalled in a
 * transient state (StalledImportsService). Each schedule lives in Redis under a fixed id, so however
 * many replicas start, one job runs per interval (BullMQ job schedulers).
 */
@Processor(JOB_QUEUES.importerMaintenance.name)
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly imports: ImportsRepository,
    private readonly stalled: StalledImportsService,
    @InjectQueue(JOB_QUEUES.importerMaintenance.name) private readonly queue: Queue,
    @Inject(IMPORTER_CONFIG) private readonly config: ImporterConfig,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const { purgeExpired, failStalled } = JOB_QUEUES.importerMaintenance.jobs;
    await this.queue.upsertJobScheduler(PURGE_SCHEDULER, { every: this.config.IMPORT_PURGE_INTERVAL_MS }, { name: purgeExpired.name, data: {} });
    await this.queue.upsertJobScheduler(STALLED_SCHEDULER, { every: this.config.IMPORT_STALLED_CHECK_INTERVAL_MS }, { name: failStalled.name, data: {} });
  }

  async process(job: Job): Promise<{ expired: number } | { failed: string[] }> {
    switch (job.name) {
      case JOB_QUEUES.importerMaintenance.jobs.purgeExpired.name:
        return this.purge();
      case JOB_QUEUES.importerMaintenance.jobs.failStalled.name:
        return { failed: await this.stalled.failStalled() };
      default:
        throw new Error(`Unknown job ${job.name}`);
    }
  }

  async purge(now = Date.now()): Promise<{ expired: number }> {
    const expired = await this.imports.expireRows(new Date(now - this.config.IMPORT_RETENTION_DAYS * 86_400_000));
    if (expired) this.logger.log({ expired }, 'Purged import rows past retention');
    return { expired };
  }
}
