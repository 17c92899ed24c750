import { Inject, Injectable, Logger } from '@nestjs/common';
import { DISTRIBUTION_PAGE_MAX, IdentityDistributionRpc, ServiceFailure } from '@sesame/contracts';
import { DATABASE } from '@sesame/database';
import { MAILMERGE_CONFIG, MailmergeConfig } from '../config/mailmerge.config';
import type { CampaignRow, Db } from '../database/schema';
import { IdentityClient } from '../identity/identity.client';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { snapshotOf } from '../campaigns/recipient.rules';
import { RecipientsRepository } from '../campaigns/recipients.repository';

/**
 * Freezes a campaign's selection: every account identity selects for the launcher (in the launcher's
 * scope, with the delegation identity signed at launch for this campaign and its filter), copied
 * page by page into the campaign's recipients before any letter or email is made, each page read
 * while the one before is written. Runs as the first
 * step of the campaign's job, not inside the request that launches it: a manager's selection can
 * hold a hundred thousand accounts, many times what one call may take (RPC_TIMEOUT_MS).
 * Interrupted, it resumes after the last account copied.
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
    const limit = Math.min(this.config.DISTRIBUTION_PAGE_SIZE, DISTRIBUTION_PAGE_MAX);
    const now = new Date();
    const spent = { identity: 0, writing: 0, numbering: 0 };
    const read = async (after: string | undefined) => {
      const started = performance.now();
      const page = await this.identity.call(
        IdentityDistributionRpc.select,
        { campaignId: campaign.id, filter: campaign.filter, after, limit },
        { delegation, requestId: `campaign-${campaign.id}` },
      );
      spent.identity += performance.now() - started;
      return page;
    };
    let next = read(await this.recipients.lastSnapshotted(campaign.id));
    for (;;) {
      const page = await next;
      // The next page is read while this one is written: identity's query and the broker's trip
      // overlap mailmerge's insert. Pages are still written in order, one at a time, so an
      // interruption leaves every account up to the last one copied, and resumes after it.
      if (page.next) {
        next = read(page.next);
        // Awaited on the next turn; if this page's write fails first, its failure is not an orphan.
        next.catch(() => undefined);
      }
      const started = performance.now();
      await this.recipients.insertSnapshot(page.rows.map((row) => snapshotOf(campaign.id, row, campaign.channel, now)));
      spent.writing += performance.now() - started;
      if (!page.next) break;
    }
    const started = performance.now();
    const selected = await this.db.transaction().execute(async (trx) => {
      const numbered = await this.recipients.assignPositions(trx, campaign.id, campaign.sort);
      await this.campaigns.markRunning(trx, campaign.id, numbered);
      return numbered;
    });
    spent.numbering = performance.now() - started;
    // Where the time went (milliseconds; reading overlaps writing): a slow freeze says which side to look at.
    this.logger.log({ campaignId: campaign.id, selected, ms: roundedMs(spent) }, 'Campaign selection frozen');
    return selected;
  }
}

function roundedMs(spent: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(spent).map(([k, v]) => [k, Math.round(v)]));
}
