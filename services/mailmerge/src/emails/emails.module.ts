import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { IdentityModule } from '../identity/identity.module';
import { JobQueuesModule } from '../jobs/job-queues.module';
import { MailModule } from '../mail/mail.module';
import { CampaignEmailWorker } from './campaign-email.worker';
import { CampaignEmailsService } from './campaign-emails.service';
import { EmailSendLimiter } from './email-send-limiter';
import { TestEmailService } from './test-email.service';

/** Campaign emails, one job each under the rate limit every replica shares, and the test email (under it too). */
@Module({
  imports: [CampaignsModule, IdentityModule, MailModule, JobQueuesModule],
  providers: [EmailSendLimiter, CampaignEmailsService, CampaignEmailWorker, TestEmailService],
  exports: [TestEmailService],
})
export class EmailsModule {}
