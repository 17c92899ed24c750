import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { FeedJobData, JOB_QUEUES } from '@sesame/contracts';
import { startWorker } from '@sesame/jobs';
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { permanentFailure } from '../imports/job-failures.rules';
import { FeedReader } from './feed-reader.service';

/**
 * The worker of importer-feeds: one read at a time per replica (each holds a chunk or two of
 * records, never a delivery). A short lock renewed while it runs: a replica that dies mid-read loses
 * its job to another within about 20 seconds, which reads again from the first chunk.
 */
@Injectable()
export class FeedsProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FeedsProcessor.name);
  private worker?: Worker;

  constructor(
    private readonly reader: FeedReader,
    @InjectQueue(JOB_QUEUES.importerFeeds.name) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = startWorker(
      this.queue,
      JOB_QUEUES.importerFeeds,
      { read: { handle: (data, job) => this.settle(job, data) } },
      { concurrency: 1, lockDuration: 15_000, stalledInterval: 5_000, maxStalledCount: 3 },
      this.logger,
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }

  /** A refusal no retry can change, or the last attempt, ends the feed with the reason; anything else is retried. */
  private async settle(job: Job, data: FeedJobData): Promise<void> {
    try {
      await this.reader.read(data.feedId, data.delegation);
    } catch (error) {
      const permanent = permanentFailure(error);
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn({ err: error, feedId: data.feedId, actorId: data.actor.id, attempt: job.attemptsMade + 1, permanent: Boolean(permanent) }, 'Feed read failed');
      if (permanent || last) await this.reader.giveUp(data.feedId, data.delegation, permanent ?? 'failure.unavailable');
      if (permanent) throw new UnrecoverableError(permanent);
      throw error;
    }
  }
}
