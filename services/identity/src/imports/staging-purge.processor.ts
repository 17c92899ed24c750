import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JOB_QUEUES } from '@sesame/contracts';
import { Job, Queue } from 'bullmq';
import { ImportsRepository } from './imports.repository';

/** Rows staged by an import that never committed are kept this long (the importer retries for minutes, not days). */
const STALE_STAGING_MS = 2 * 86_400_000;
const PURGE_EVERY_MS = 3_600_000;
const PURGE_SCHEDULER = 'purge-stale-import-staging-hourly';

/**
 * Deletes staged rows (with their password hashes) of imports abandoned before their commit. The
 * schedule lives in Redis under a fixed id: one run per hour however many replicas start.
 */
@Processor(JOB_QUEUES.identityImports.name)
export class StagingPurgeProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(StagingPurgeProcessor.name);

  constructor(
    private readonly imports: ImportsRepository,
    @InjectQueue(JOB_QUEUES.identityImports.name) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const job = JOB_QUEUES.identityImports.jobs.purgeStaleStaging;
    await this.queue.upsertJobScheduler(PURGE_SCHEDULER, { every: PURGE_EVERY_MS }, { name: job.name, data: {} });
  }

  async process(job: Job): Promise<{ deleted: number }> {
    if (job.name !== JOB_QUEUES.identityImports.jobs.purgeStaleStaging.name) throw new Error(`Unknown job ${job.name}`);
    const deleted = await this.imports.purgeStaleStaging(new Date(Date.now() - STALE_STAGING_MS));
    if (deleted) this.logger.log({ deleted }, 'Deleted rows staged by imports that never committed');
    return { deleted };
  }
}
