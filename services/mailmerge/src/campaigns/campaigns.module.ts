import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { CampaignsRepository } from './campaigns.repository';
import { CompletionService } from './completion.service';
import { RecipientCodeSealing, RecipientCodes } from './recipient-codes';
import { RecipientsRepository } from './recipients.repository';

/**
 * Campaigns and their recipients as stored (activation codes sealed at rest), and how a campaign
 * ends: what distribution, letters, emails and maintenance share.
 */
@Module({
  imports: [OutboxModule],
  providers: [CampaignsRepository, RecipientsRepository, RecipientCodes, RecipientCodeSealing, CompletionService],
  exports: [CampaignsRepository, RecipientsRepository, CompletionService],
})
export class CampaignsModule {}
