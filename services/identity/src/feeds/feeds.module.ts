import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { JOB_QUEUES } from '@sesame/contracts';
import { AuthModule } from '../auth/auth.module';
import { FeedApplyRepository } from './feed-apply.repository';
import { FeedDiffRepository } from './feed-diff.repository';
import { FeedJobsService } from './feed-jobs.service';
import { FeedsController } from './feeds.controller';
import { FeedsProcessor } from './feeds.processor';
import { FeedsRepository } from './feeds.repository';
import { FeedsService } from './feeds.service';

/** Académie feeds on identity's side (issue 15): staging, the diff, the confirmation and the all-or-nothing apply. */
@Module({
  imports: [AuthModule, BullModule.registerQueue({ name: JOB_QUEUES.identityFeeds.name, defaultJobOptions: { removeOnComplete: 100, removeOnFail: 500 } })],
  controllers: [FeedsController],
  providers: [FeedsRepository, FeedDiffRepository, FeedApplyRepository, FeedJobsService, FeedsService, FeedsProcessor],
  exports: [FeedsService, FeedJobsService],
})
export class FeedsModule {}
