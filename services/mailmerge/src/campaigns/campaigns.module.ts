import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { JOB_QUEUES } from '@sesame/contracts';
import { CampaignEmailWorker } from '../emails/campaign-email.worker';
import { CampaignEmailsService } from '../emails/campaign-emails.service';
import { TestEmailService } from '../emails/test-email.service';
import { IdentityClient } from '../identity/identity.client';
import { LettersService } from '../letters/letters.service';
import { MailModule } from '../mail/mail.module';
import { OutboxModule } from '../outbox/outbox.module';
import { CampaignRunner } from './campaign-runner.service';
import { DocumentsRetentionProcessor } from '../maintenance/documents-retention.processor';
import { CampaignsController } from './campaigns.controller';
import { CampaignsRepository } from './campaigns.repository';
import { CampaignsService } from './campaigns.service';
import { CompletionService } from './completion.service';
import { DocumentController } from './document.controller';
import { RecipientCodeSealing, RecipientCodes } from './recipient-codes';
import { RecipientsRepository } from './recipients.repository';
import { SnapshotService } from './snapshot.service';

/** Distribution campaigns (SPEC §6): frozen selections, PDF letters and throttled emails. */
@Module({
  imports: [
    MailModule,
    OutboxModule,
    BullModule.registerQueue(
      {
        name: JOB_QUEUES.mailmergeCampaigns,
        defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: 100, removeOnFail: 500 },
      },
      { name: JOB_QUEUES.mailmergeCampaignEmails },
      { name: JOB_QUEUES.mailmergeMaintenance, defaultJobOptions: { removeOnComplete: 100, removeOnFail: 500 } },
    ),
  ],
  controllers: [CampaignsController, DocumentController],
  providers: [
    IdentityClient,
    CampaignsRepository,
    RecipientCodes,
    RecipientCodeSealing,
    RecipientsRepository,
    CompletionService,
    SnapshotService,
    LettersService,
    CampaignsService,
    CampaignRunner,
    CampaignEmailsService,
    CampaignEmailWorker,
    TestEmailService,
    DocumentsRetentionProcessor,
  ],
})
export class CampaignsModule {}
