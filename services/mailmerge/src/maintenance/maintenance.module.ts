import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { JobQueuesModule } from '../jobs/job-queues.module';
import { LettersModule } from '../letters/letters.module';
import { DocumentsRetentionProcessor } from './documents-retention.processor';

/** Mailmerge's housekeeping: campaign documents past their retention delay. */
@Module({ imports: [CampaignsModule, LettersModule, JobQueuesModule], providers: [DocumentsRetentionProcessor] })
export class MaintenanceModule {}
