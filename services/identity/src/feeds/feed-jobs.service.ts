import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FeedSchoolSummary } from '@sesame/contracts';
import { ChangeRecorder } from '../audit/change-recorder';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { FeedApplyRepository } from './feed-apply.repository';
import { FeedDiffRepository, SchoolTally } from './feed-diff.repository';
import { FeedsRepository } from './feeds.repository';
import { leaversPercent } from './feeds.rules';

/** What the feeds' background jobs do: the diff of a closed feed, the apply of a confirmed one. */
@Injectable()
export class FeedJobsService {
  private readonly logger = new Logger(FeedJobsService.name);

  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly feeds: FeedsRepository,
    private readonly diffs: FeedDiffRepository,
    private readonly applies: FeedApplyRepository,
    private readonly changes: ChangeRecorder,
  ) {}

  /** Computes the diff of a feed in `diffing`, its per-school tallies and which schools are held; then `ready`. */
  async diff(feedId: string): Promise<void> {
    const feed = await this.feeds.find(feedId);
    if (!feed || feed.status !== 'diffing') return;
    const started = Date.now();
    const schoolId = await this.feeds.schoolIdOf(feed.uai);
    const diff = await this.diffs.diff({ feedId, kind: feed.kind, schoolId, linkLegal2: this.config.FEED_LINK_LEGAL_2 });
    const schools = summarise(diff.schools, this.config.FEED_MAX_LEAVERS_PERCENT);
    const totals = diff.totals;
    await this.feeds.ready(feedId, totals, schools);
    this.logger.log({ feedId, totals, held: schools.filter((s) => s.held).length, ms: Date.now() - started }, 'Feed diffed');
  }

  /**
   * Applies a confirmed feed in one transaction, all or nothing, under its scope's lock. A second
   * run after the commit finds the feed applied and changes nothing. When the directory changed
   * since the diff, nothing is applied: the diff is computed again and waits for a new confirmation.
   */
  async apply(feedId: string): Promise<'applied' | 'stale' | 'skipped'> {
    const feed = await this.feeds.find(feedId);
    if (!feed || feed.status !== 'applying' || !feed.confirmed_by) return 'skipped';
    const started = Date.now();
    const outcome = await this.changes.record(async ({ trx, eventsWritten }) => {
      await this.applies.lockScope(trx, feed.kind, feed.uai);
      if ((await this.applies.lockFeed(trx, feedId)) !== 'applying') return 'skipped' as const;
      if ((await this.applies.staleChanges(trx, feedId)) > 0) {
        await this.feeds.move(feedId, ['applying'], 'diffing', { error: { code: 'feed.stale', file: '' } }, trx);
        return 'stale' as const;
      }
      const expires = new Date(Date.now() + this.config.ACTIVATION_CODE_TTL_DAYS * 86_400_000);
      eventsWritten(await this.applies.apply(trx, { feedId, kind: feed.kind, uai: feed.uai, actorId: feed.confirmed_by!, requestId: `feed:${feedId}` }, expires));
      return 'applied' as const;
    });
    if (outcome === 'stale') {
      this.logger.warn({ feedId }, 'Feed not applied: the directory changed since its diff; diffing again');
      await this.diff(feedId);
    }
    if (outcome === 'applied') this.logger.log({ feedId, totals: feed.totals, ms: Date.now() - started }, 'Feed applied');
    return outcome;
  }

  /** The apply failed after its retries: the feed waits again, confirmed by no one, with the reason. */
  async applyAbandoned(feedId: string, error: Error): Promise<void> {
    await this.feeds.move(feedId, ['applying'], 'ready', { error: { code: 'feed.apply_failed', file: '', params: { message: error.message.slice(0, 200) } } });
  }

  async diffAbandoned(feedId: string, error: Error): Promise<void> {
    await this.feeds.move(feedId, ['diffing'], 'failed', { error: { code: 'feed.diff_failed', file: '', params: { message: error.message.slice(0, 200) } } });
  }
}

/** The schools with a change, each with its leavers' share and whether it is held. */
export function summarise(tallies: readonly SchoolTally[], maxLeaversPercent: number): FeedSchoolSummary[] {
  return tallies.map((t) => {
    const percent = leaversPercent(t.counts.leaver ?? 0, t.accounts);
    return { uai: t.uai, name: t.name, accounts: t.accounts, counts: t.counts, leaversPercent: percent, held: percent > maxLeaversPercent };
  });
}
