import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JOB_QUEUES } from '@sesame/contracts';
import { startWorker } from '@sesame/jobs';
import { Queue, Worker } from 'bullmq';
import { FeedJobsService } from './feed-jobs.service';
import { FeedsRepository } from './feeds.repository';

/** Staged records and diffs of feeds applied or failed are kept this long (for the drill-down and the CSV). */
const SETTLED_RETENTION_MS = 30 * 86_400_000;
/** A feed still `reading` after this long was abandoned by the importer. */
const READING_TIMEOUT_MS = 86_400_000;
const PURGE_EVERY_MS = 3_600_000;
const PURGE_SCHEDULER = 'purge-feeds-hourly';

/**
 * identity-feeds: the diff and the apply of feeds, and the hourly purge (scheduled under a fixed id
 * in Redis: one run per hour however many replicas start). One job at a time per replica: a diff or
 * an apply of a million persons is heavy enough alone.
 */
@Injectable()
export class FeedsProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FeedsProcessor.name);
  private worker?: Worker;

  constructor(
    private readonly jobs: FeedJobsService,
    private readonly feeds: FeedsRepository,
    @InjectQueue(JOB_QUEUES.identityFeeds.name) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = startWorker(
      this.queue,
      JOB_QUEUES.identityFeeds,
      {
        diff: { handle: ({ feedId }) => this.jobs.diff(feedId), abandoned: ({ feedId }, error) => this.jobs.diffAbandoned(feedId, error) },
        apply: { handle: ({ feedId }) => this.jobs.apply(feedId), abandoned: ({ feedId }, error) => this.jobs.applyAbandoned(feedId, error) },
        purge: { handle: () => this.purge() },
      },
      { concurrency: 1, lockDuration: 300_000 },
      this.logger,
    );
    await this.queue.upsertJobScheduler(PURGE_SCHEDULER, { every: PURGE_EVERY_MS }, { name: JOB_QUEUES.identityFeeds.jobs.purge.name, data: {} });
  }

  /** Lets a job in hand finish, before the database closes. */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }

  async purge(): Promise<{ purged: number; abandoned: number }> {
    const now = Date.now();
    const result = await this.feeds.purge(new Date(now - SETTLED_RETENTION_MS), new Date(now - READING_TIMEOUT_MS));
    if (result.purged || result.abandoned) this.logger.log(result, 'Purged settled feeds, failed abandoned ones');
    return result;
  }
}
