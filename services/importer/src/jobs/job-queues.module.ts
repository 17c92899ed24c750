import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { JOB_QUEUES } from '@sesame/contracts';

/** The importer's BullMQ queues (one Queue each, shared by the folders that add to or read them). */
@Module({
  imports: [
    // Jobs carry a delegation for one import (never a token): removed as soon as they end, whatever the outcome.
    BullModule.registerQueue({
      name: JOB_QUEUES.importerImports.name,
      defaultJobOptions: { attempts: 6, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: true, removeOnFail: true },
    }),
    // A feed's read carries the feed's delegation (never a token): removed as soon as it ends.
    BullModule.registerQueue({
      name: JOB_QUEUES.importerFeeds.name,
      defaultJobOptions: { attempts: 6, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: true, removeOnFail: true },
    }),
    BullModule.registerQueue({ name: JOB_QUEUES.importerMaintenance.name, defaultJobOptions: { removeOnComplete: 100, removeOnFail: 500 } }),
  ],
  exports: [BullModule],
})
export class JobQueuesModule {}
