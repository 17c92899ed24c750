import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { JOB_QUEUES } from '@sesame/contracts';

/** Mailmerge's BullMQ queues (one Queue each, shared by the folders that add to or work them). */
@Module({
  imports: [
    BullModule.registerQueue(
      {
        name: JOB_QUEUES.mailmergeCampaigns.name,
        defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: 100, removeOnFail: 500 },
      },
      { name: JOB_QUEUES.mailmergeCampaignEmails.name },
      { name: JOB_QUEUES.mailmergeMaintenance.name, defaultJobOptions: { removeOnComplete: 100, removeOnFail: 500 } },
    ),
  ],
  exports: [BullModule],
})
export class JobQueuesModule {}
