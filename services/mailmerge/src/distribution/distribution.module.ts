import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { EmailsModule } from '../emails/emails.module';
import { IdentityModule } from '../identity/identity.module';
import { JobQueuesModule } from '../jobs/job-queues.module';
import { LettersModule } from '../letters/letters.module';
import { CampaignRunner } from './campaign-runner.service';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';
import { DocumentController } from './document.controller';
import { SnapshotService } from './snapshot.service';

/**
 * Distribution campaigns (SPEC §6): launched and read over RPC, each run as one job (the selection
 * frozen, then the PDF drawn or the emails queued), the PDF served to the gateway.
 */
@Module({
  imports: [CampaignsModule, LettersModule, EmailsModule, IdentityModule, JobQueuesModule],
  controllers: [CampaignsController, DocumentController],
  providers: [CampaignsService, CampaignRunner, SnapshotService],
})
export class DistributionModule {}
