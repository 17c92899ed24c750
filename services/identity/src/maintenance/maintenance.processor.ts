import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JOB_QUEUES } from '@sesame/contracts';
import { startWorker } from '@sesame/jobs';
import { Queue, Worker } from 'bullmq';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { LoginSkeletonsRepository } from '../accounts/login-skeletons.repository';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { UndoRepository } from '../undo/undo.repository';
import { OidcPayloadsRepository } from '../oidc/payloads.repository';
import { TalliesRepository } from '../users/tallies.repository';
import { PurgeService } from './purge.service';

const PURGE_SCHEDULER = 'purge-pre-deleted-every-interval';
const FOLD_SCHEDULER = 'fold-selection-tallies-every-interval';
const SKELETONS_SCHEDULER = 'fill-login-skeletons-every-interval';
const LIFECYCLE_SCHEDULER = 'advance-lifecycle-every-interval';

/**
 * Identity's scheduled jobs. The schedule lives in Redis under a fixed id, so however many replicas
 * start, one job runs per interval (BullMQ job schedulers).
 */
@Injectable()
export class MaintenanceProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MaintenanceProcessor.name);
  private worker?: Worker;

  constructor(
    private readonly purge: PurgeService,
    private readonly tallies: TalliesRepository,
    private readonly skeletons: LoginSkeletonsRepository,
    private readonly lifecycle: LifecycleService,
    private readonly undo: UndoRepository,
    private readonly oidcPayloads: OidcPayloadsRepository,
    @InjectQueue(JOB_QUEUES.identityMaintenance.name) private readonly queue: Queue,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = startWorker(
      this.queue,
      JOB_QUEUES.identityMaintenance,
      {
        purgePreDeleted: {
          handle: async () => ({
            deleted: await this.purge.purgeExpired(),
            // The same period suits the undo's records: an operation past its days loses them.
            undoExpired: await this.undo.expire(new Date(Date.now() - this.config.UNDO_RETENTION_DAYS * 86_400_000)),
            // What the OpenID Connect provider stored and no longer serves (it reads only live rows).
            oidcExpired: await this.oidcPayloads.removeAllExpired(),
          }),
        },
        foldTallies: {
          handle: async () => {
            await this.tallies.fold();
            return { folded: true };
          },
        },
        fillLoginSkeletons: { handle: async () => ({ filled: await this.skeletons.fillMissing() }) },
        advanceLifecycle: { handle: () => this.lifecycle.run() },
      },
      {},
      this.logger,
    );
    const { purgePreDeleted, foldTallies, fillLoginSkeletons, advanceLifecycle } = JOB_QUEUES.identityMaintenance.jobs;
    await this.queue.upsertJobScheduler(PURGE_SCHEDULER, { every: this.config.PURGE_INTERVAL_MS }, { name: purgePreDeleted.name, data: {} });
    await this.queue.upsertJobScheduler(FOLD_SCHEDULER, { every: this.config.TALLY_FOLD_INTERVAL_MS }, { name: foldTallies.name, data: {} });
    // At once after an upgrade, then as often as the purge: a look at an empty partial index when
    // every account has its skeleton.
    await this.queue.upsertJobScheduler(SKELETONS_SCHEDULER, { every: this.config.PURGE_INTERVAL_MS }, { name: fillLoginSkeletons.name, data: {} });
    // Leavers take their next step on its date (the purge then deletes on theirs).
    await this.queue.upsertJobScheduler(LIFECYCLE_SCHEDULER, { every: this.config.LIFECYCLE_INTERVAL_MS }, { name: advanceLifecycle.name, data: {} });
  }

  /** Lets a run in hand finish, before the database closes. */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }
}
