import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ERROR_STATUS, JOB_QUEUES, ServiceFailure } from '@sesame/contracts';
import { startWorker } from '@sesame/jobs';
import { DelayedError, Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { MAILMERGE_CONFIG, MailmergeConfig } from '../config/mailmerge.config';
import type { CampaignRow } from '../database/schema';
import { LettersService, RenderingInterrupted } from '../letters/letters.service';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { CompletionService } from '../campaigns/completion.service';
import { RecipientsRepository } from '../campaigns/recipients.repository';
import { SnapshotService } from './snapshot.service';

/** Email jobs queued per call to Redis. */
const QUEUE_BATCH = 1000;

/** Refusals that no later attempt would change (the launcher lost the right, the filter is wrong). */
const RETRYABLE = new Set(['service_unavailable', 'internal']);

/**
 * Runs a campaign as one BullMQ job: freezes its selection (see SnapshotService), then writes its
 * PDF, or queues one job per email (see CampaignEmailWorker). A replica that stops mid-document
 * hands the job back; another replica starts the document again from its first letter.
 */
@Injectable()
export class CampaignRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CampaignRunner.name);
  private worker?: Worker;
  private stopping = false;

  constructor(
    @Inject(MAILMERGE_CONFIG) private readonly config: MailmergeConfig,
    @InjectQueue(JOB_QUEUES.mailmergeCampaigns.name) private readonly queue: Queue,
    @InjectQueue(JOB_QUEUES.mailmergeCampaignEmails.name) private readonly emailQueue: Queue,
    private readonly campaigns: CampaignsRepository,
    private readonly recipients: RecipientsRepository,
    private readonly snapshot: SnapshotService,
    private readonly letters: LettersService,
    private readonly completion: CompletionService,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = startWorker(
      this.queue,
      JOB_QUEUES.mailmergeCampaigns,
      {
        runCampaign: {
          handle: ({ campaignId }, job, token) => this.run(campaignId, job, token),
          abandoned: ({ campaignId }, error) => this.completion.fail(campaignId, error.message in ERROR_STATUS ? error.message : 'internal'),
        },
      },
      {
        concurrency: this.config.CAMPAIGN_JOB_CONCURRENCY,
        lockDuration: this.config.CAMPAIGN_JOB_LOCK_MS,
        stalledInterval: this.config.CAMPAIGN_JOB_LOCK_MS,
        maxStalledCount: 2,
      },
      this.logger,
    );
  }

  /** Before the database closes: a document being written is given up (and taken up elsewhere). */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.worker?.close();
  }

  async run(campaignId: string, job: Job, token?: string): Promise<string> {
    let campaign = await this.campaigns.find(campaignId);
    if (!campaign || campaign.status === 'completed' || campaign.status === 'failed') return 'nothing to do';
    try {
      if (campaign.status === 'preparing') {
        await this.snapshot.freeze(campaign);
        campaign = (await this.campaigns.find(campaignId))!;
      }
    } catch (error) {
      if (error instanceof ServiceFailure && !RETRYABLE.has(error.code)) throw new UnrecoverableError(error.code);
      throw error;
    }
    if (campaign.channel === 'pdf') {
      try {
        return await this.writeDocument(campaign, job);
      } catch (error) {
        // A replica stopping (a rollout) is not the campaign's failure: the job goes back to the
        // queue at once without spending one of its attempts, and another replica takes it up.
        if (!(error instanceof RenderingInterrupted)) throw error;
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
    }
    return this.queueEmails(campaign);
  }

  private async writeDocument(campaign: CampaignRow, job: Job): Promise<string> {
    const todo = Math.max(1, campaign.selected);
    const document = await this.letters.render(campaign, {
      stopping: () => this.stopping,
      progress: async (written) => {
        await this.campaigns.recordWritten(campaign.id, written);
        await job.updateProgress(Math.round((100 * written) / todo));
      },
    });
    await this.completion.complete(campaign.id, document ?? undefined);
    return document ? `${document.letters} letters, ${document.pages} pages` : 'no letter';
  }

  /** One job per email, named after the recipient: queued again after a crash, none is doubled. */
  private async queueEmails(campaign: CampaignRow): Promise<string> {
    const job = JOB_QUEUES.mailmergeCampaignEmails.jobs.sendCampaignEmail;
    let queued = 0;
    for (let position = 0; ; ) {
      const batch = await this.recipients.pendingEmails(campaign.id, position, QUEUE_BATCH);
      if (batch.length === 0) break;
      await this.emailQueue.addBulk(
        batch.map(({ accountId }) => ({
          name: job.name,
          data: job.data.parse({ campaignId: campaign.id, accountId }),
          opts: {
            jobId: `${campaign.id}_${accountId}`,
            attempts: this.config.CAMPAIGN_EMAIL_ATTEMPTS,
            backoff: { type: 'exponential', delay: this.config.CAMPAIGN_EMAIL_BACKOFF_MS },
            removeOnComplete: true,
            removeOnFail: 1000,
          },
        })),
      );
      queued += batch.length;
      position = batch[batch.length - 1].position;
    }
    this.logger.log({ campaignId: campaign.id, queued }, 'Campaign emails queued');
    // A campaign whose every account was skipped has nothing to wait for.
    await this.completion.completeIfDone(campaign.id);
    return `${queued} emails queued`;
  }
}
