import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JOB_QUEUES } from '@sesame/contracts';
import { startWorker } from '@sesame/jobs';
import { Queue, Worker } from 'bullmq';
import { ImportsRepository } from './imports.repository';

/** Rows staged by an import that never committed are kept this long (the importer retries for minutes, not days). */
const STALE_STAGING_MS = 2 * 86_400_000;
const PURGE_EVERY_MS = 3_600_000;
const PURGE_SCHEDULER = 'purge-stale-import-staging-hourly';

/**
 * Deletes staged rows (with their password hashes) of imports abandoned before their commit. The
 * schedule lives in Redis under a fixed id: one run per hour however many replicas start.
 */
@Injectable()
export class StagingPurgeProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(StagingPurgeProcessor.name);
  private worker?: Worker;

  constructor(
    private readonly imports: ImportsRepository,
    @InjectQueue(JOB_QUEUES.identityImports.name) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = startWorker(this.queue, JOB_QUEUES.identityImports, { purgeStaleStaging: { handle: () => this.purge() } }, {}, this.logger);
    const job = JOB_QUEUES.identityImports.jobs.purgeStaleStaging;
    await this.queue.upsertJobScheduler(PURGE_SCHEDULER, { every: PURGE_EVERY_MS }, { name: job.name, data: {} });
  }

  /** Lets a run in hand finish, before the database closes. */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }

  async purge(): Promise<{ deleted: number }> {
    const deleted = await this.imports.purgeStaleStaging(new Date(Date.now() - STALE_STAGING_MS));
    if (deleted) this.logger.log({ deleted }, 'Deleted rows staged by imports that never committed');
    return { deleted };
  }
}
