import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { JOB_QUEUES } from '@sesame/contracts';
import { Job, Queue } from 'bullmq';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { LoginSkeletonsRepository } from '../users/login-skeletons.repository';
import { TalliesRepository } from '../users/tallies.repository';
import { PurgeService } from './purge.service';

const PURGE_SCHEDULER = 'purge-pre-deleted-every-interval';
const FOLD_SCHEDULER = 'fold-selection-tallies-every-interval';
const SKELETONS_SCHEDULER = 'fill-login-skeletons-every-interval';

/**
 * Identity's scheduled jobs. The schedule lives in Redis under a fixed id, so however many replicas
 * start, one job runs per interval (BullMQ job schedulers).
 */
@Processor(JOB_QUEUES.identityMaintenance.name)
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly purge: PurgeService,
    private readonly tallies: TalliesRepository,
    private readonly skeletons: LoginSkeletonsRepository,
    @InjectQueue(JOB_QUEUES.identityMaintenance.name) private readonly queue: Queue,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const { purgePreDeleted, foldTallies, fillLoginSkeletons } = JOB_QUEUES.identityMaintenance.jobs;
    await this.queue.upsertJobScheduler(PURGE_SCHEDULER, { every: this.config.PURGE_INTERVAL_MS }, { name: purgePreDeleted.name, data: {} });
    await this.queue.upsertJobScheduler(FOLD_SCHEDULER, { every: this.config.TALLY_FOLD_INTERVAL_MS }, { name: foldTallies.name, data: {} });
    // At once after an upgrade, then as often as the purge: a look at an empty partial index when
    // every account has its skeleton.
    await this.queue.upsertJobScheduler(SKELETONS_SCHEDULER, { every: this.config.PURGE_INTERVAL_MS }, { name: fillLoginSkeletons.name, data: {} });
  }

  async process(job: Job): Promise<{ deleted: number } | { folded: true } | { filled: number }> {
    switch (job.name) {
      case JOB_QUEUES.identityMaintenance.jobs.purgePreDeleted.name:
        return { deleted: await this.purge.purgeExpired() };
      case JOB_QUEUES.identityMaintenance.jobs.foldTallies.name:
        await this.tallies.fold();
        return { folded: true };
      case JOB_QUEUES.identityMaintenance.jobs.fillLoginSkeletons.name:
        return { filled: await this.skeletons.fillMissing() };
      default:
        throw new Error(`Unknown job ${job.name}`);
    }
  }
}
