import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { IMPORTER_JOB_QUEUES } from '@sesame/contracts';

/** The importer's BullMQ queues (one Queue each, shared by the folders that add to or read them). */
@Module({
  imports: [
    // Jobs carry a delegation for one import (never a token): removed as soon as they end, whatever the outcome.
    BullModule.registerQueue({
      name: IMPORTER_JOB_QUEUES.imports,
      defaultJobOptions: { attempts: 6, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: true, removeOnFail: true },
    }),
    BullModule.registerQueue({ name: IMPORTER_JOB_QUEUES.maintenance, defaultJobOptions: { removeOnComplete: 100, removeOnFail: 500 } }),
  ],
  exports: [BullModule],
})
export class JobQueuesModule {}
