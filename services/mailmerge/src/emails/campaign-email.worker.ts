import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JOB_QUEUES } from '@sesame/contracts';
import { startWorker } from '@sesame/jobs';
import { Job, Queue, Worker } from 'bullmq';
import { MAILMERGE_CONFIG, MailmergeConfig } from '../config/mailmerge.config';
import { CampaignEmailsService } from './campaign-emails.service';
import { jobStartLimit } from './email-rate.rules';
import { EmailRateReached, EmailSendLimiter } from './email-send-limiter';

/**
 * Sends campaign emails from their queue at CAMPAIGN_EMAILS_PER_SECOND for all replicas together,
 * in every sliding second as the SMTP server sees it: each send takes a slot kept in Redis
 * (EmailSendLimiter). An email that finds no slot within a second goes back to the waiting list,
 * and no job is taken until a slot may free. Transient failures come back after an exponential backoff.
 */
@Injectable()
export class CampaignEmailWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CampaignEmailWorker.name);
  private worker?: Worker;

  constructor(
    @Inject(MAILMERGE_CONFIG) private readonly config: MailmergeConfig,
    @InjectQueue(JOB_QUEUES.mailmergeCampaignEmails.name) private readonly queue: Queue,
    private readonly emails: CampaignEmailsService,
    private readonly limiter: EmailSendLimiter,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The job starts spread over each second, and the previous version's limit (email-rate.rules);
    // with it set, a manual rate limit (below) holds back every replica's worker, not only this one.
    const starts = jobStartLimit(this.config.CAMPAIGN_EMAILS_PER_SECOND);
    await this.queue.setGlobalRateLimit(starts.max, starts.duration);
    this.worker = startWorker(
      this.queue,
      JOB_QUEUES.mailmergeCampaignEmails,
      {
        sendCampaignEmail: {
          handle: ({ campaignId, accountId }, job) => this.sendOrWait(campaignId, accountId, job),
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
    this.logger.log({ perSecond: this.config.CAMPAIGN_EMAILS_PER_SECOND, ...this.limiter.limit, starts }, 'Campaign emails rate limit');
  }

  private async sendOrWait(campaignId: string, accountId: string, job: Job) {
    try {
      return await this.emails.send(campaignId, accountId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
    } catch (error) {
      if (!(error instanceof EmailRateReached)) throw error;
      // BullMQ's manual rate limit: the job goes back to the waiting list without spending an
      // attempt, and no worker of the queue fetches a job for that long.
      await this.queue.rateLimit(error.waitMs);
      throw Worker.RateLimitError();
    }
  }

  /** Lets the emails in hand finish (they are recorded), then stops; the others wait in Redis. */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }
}
