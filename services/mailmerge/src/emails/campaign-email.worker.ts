import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JOB_QUEUES } from '@sesame/contracts';
import { startWorker } from '@sesame/jobs';
import { Queue, Worker } from 'bullmq';
import { MAILMERGE_CONFIG, MailmergeConfig } from '../config/mailmerge.config';
import { CampaignEmailsService } from './campaign-emails.service';
import { rateLimit } from './email-rate.rules';

/**
 * Sends campaign emails from their queue at CAMPAIGN_EMAILS_PER_SECOND for all replicas together:
 * the limit is the queue's own, kept in Redis (BullMQ's global rate limit), set by each replica at
 * start from the same configuration. Transient failures come back after an exponential backoff.
 */
@Injectable()
export class CampaignEmailWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CampaignEmailWorker.name);
  private worker?: Worker;

  constructor(
    @Inject(MAILMERGE_CONFIG) private readonly config: MailmergeConfig,
    @InjectQueue(JOB_QUEUES.mailmergeCampaignEmails.name) private readonly queue: Queue,
    private readonly emails: CampaignEmailsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const limit = rateLimit(this.config.CAMPAIGN_EMAILS_PER_SECOND);
    await this.queue.setGlobalRateLimit(limit.max, limit.duration);
    this.worker = startWorker(
      this.queue,
      JOB_QUEUES.mailmergeCampaignEmails,
      {
        sendCampaignEmail: {
          handle: ({ campaignId, accountId }, job) => this.emails.send(campaignId, accountId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1)),
          abandoned: ({ campaignId, accountId }, error) => this.emails.abandon(campaignId, accountId, error.message),
        },
      },
      {
        concurrency: this.config.CAMPAIGN_EMAIL_CONCURRENCY,
        lockDuration: this.config.CAMPAIGN_JOB_LOCK_MS,
        stalledInterval: this.config.CAMPAIGN_JOB_LOCK_MS,
        maxStalledCount: 2,
      },
      this.logger,
    );
    this.logger.log({ perSecond: this.config.CAMPAIGN_EMAILS_PER_SECOND, ...limit }, 'Campaign emails rate limit');
  }

  /** Lets the emails in hand finish (they are recorded), then stops; the others wait in Redis. */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }
}
