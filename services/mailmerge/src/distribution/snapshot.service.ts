import { Inject, Injectable, Logger } from '@nestjs/common';
import { DISTRIBUTION_PAGE_MAX, IdentityDistributionRpc, ServiceFailure } from '@sesame/contracts';
import { DATABASE } from '@sesame/database';
import { MAILMERGE_CONFIG, MailmergeConfig } from '../config/mailmerge.config';
import type { CampaignRow, Db } from '../database/schema';
import { IdentityClient } from '../identity/identity.client';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { snapshotOf } from '../campaigns/recipient.rules';
import { RecipientsRepository } from '../campaigns/recipients.repository';
import { IdRange, freezeRanges } from './freeze-ranges.rules';

/**
 * Freezes a campaign's selection: every account identity selects for the launcher (in the launcher's
 * scope, with the delegation identity signed at launch for this campaign and its filter), copied
 * into the campaign's recipients before any letter or email is made: a few ranges of account ids
 * (DISTRIBUTION_RANGES) side by side, each page by page, each page read while the one before is
 * written. Runs as the first step of the campaign's job, not inside the request that launches it: a
 * manager's selection can hold a million accounts, many times what one call may take
 * (RPC_TIMEOUT_MS). Interrupted, each range resumes after the last account it copied; the letters
 * are numbered once every range is complete.
 */
@Injectable()
export class SnapshotService {
  private readonly logger = new Logger(SnapshotService.name);

  constructor(
    @Inject(DATABASE) private readonly db: Db,
    @Inject(MAILMERGE_CONFIG) private readonly config: MailmergeConfig,
    private readonly identity: IdentityClient,
    private readonly campaigns: CampaignsRepository,
    private readonly recipients: RecipientsRepository,
  ) {}

  async freeze(campaign: CampaignRow): Promise<number> {
    // Erased once frozen, or by the migration that replaced launch tokens: the campaign cannot go on.
    const delegation = await this.campaigns.launchDelegation(campaign.id);
    if (!delegation) throw new ServiceFailure('unauthenticated');
    const spent = { identity: 0, writing: 0, numbering: 0 };
    const copy = { campaign, delegation, now: new Date(), spent };
    // Identity's query is the cost of a freeze: ranges of ids read side by side keep more than one
    // PostgreSQL backend at work. A failure in one stops the others after their current page, and
    // the freeze fails once none writes any more (the job's next attempt resumes each range).
    const failed = { stop: false };
    const copies = await Promise.allSettled(
      freezeRanges(this.config.DISTRIBUTION_RANGES).map((range) =>
        this.copyRange(copy, range, failed).catch((error: unknown) => {
          failed.stop = true;
          throw error;
        }),
      ),
    );
    const failure = copies.find((c): c is PromiseRejectedResult => c.status === 'rejected');
    if (failure) throw failure.reason;
    const started = performance.now();
    const selected = await this.db.transaction().execute(async (trx) => {
      const numbered = await this.recipients.assignPositions(trx, campaign.id, campaign.sort);
      await this.campaigns.markRunning(trx, campaign.id, numbered);
      return numbered;
    });
    spent.numbering = performance.now() - started;
    // Where the time went (milliseconds, summed over the ranges; reading overlaps writing): a slow
    // freeze says which side to look at.
    this.logger.log({ campaignId: campaign.id, selected, ms: roundedMs(spent) }, 'Campaign selection frozen');
    return selected;
  }

  /**
   * Copies one range of the selection, page by page, each page read while the one before is
   * written. Pages are written in order, one at a time: interrupted, the range holds every account
   * up to the last one copied, and resumes after it.
   */
  private async copyRange(copy: RangeCopy, range: IdRange, failed: { stop: boolean }): Promise<void> {
    const { campaign, delegation, now, spent } = copy;
    const limit = Math.min(this.config.DISTRIBUTION_PAGE_SIZE, DISTRIBUTION_PAGE_MAX);
    const read = async (after: string | undefined) => {
      const started = performance.now();
      const page = await this.identity.call(
        IdentityDistributionRpc.select,
        { campaignId: campaign.id, filter: campaign.filter, after, upTo: range.upTo, limit },
        { delegation, requestId: `campaign-${campaign.id}` },
      );
      spent.identity += performance.now() - started;
      return page;
    };
    let next = read((await this.recipients.lastSnapshotted(campaign.id, range)) ?? range.after);
    for (;;) {
      const page = await next;
      if (page.next) {
        next = read(page.next);
        // Awaited on the next turn; if this page's write fails first, its failure is not an orphan.
        next.catch(() => undefined);
      }
      const started = performance.now();
      await this.recipients.insertSnapshot(page.rows.map((row) => snapshotOf(campaign.id, row, campaign.channel, now)));
      spent.writing += performance.now() - started;
      if (!page.next || failed.stop) return;
    }
  }
}

interface RangeCopy {
  campaign: CampaignRow;
  delegation: string;
  now: Date;
  spent: { identity: number; writing: number; numbering: number };
}

function roundedMs(spent: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(spent).map(([k, v]) => [k, Math.round(v)]));
}
