import { Inject, Injectable, Logger } from '@nestjs/common';
import { DISTRIBUTED_CHUNK, MailmergeEvents } from '@sesame/contracts';
import { DATABASE } from '@sesame/database';
import { recordEvents } from '@sesame/outbox';
import type { Db } from '../database/schema';
import { OutboxService } from '../outbox/outbox.module';
import { CampaignsRepository } from './campaigns.repository';
import { countsOf } from './recipient.rules';
import { RecipientsRepository } from './recipients.repository';

/**
 * Ends campaigns. Completing one records its final counts and, in the same transaction, the
 * `mailmerge.campaign.distributed` events (a thousand accounts each) that identity turns into each
 * account's last distribution.
 */
@Injectable()
export class CompletionService {
  private readonly logger = new Logger(CompletionService.name);

  constructor(
    @Inject(DATABASE) private readonly db: Db,
    private readonly campaigns: CampaignsRepository,
    private readonly recipients: RecipientsRepository,
    private readonly outbox: OutboxService,
  ) {}

  /** After each email settled: completes the campaign when none is left. Cheap when some are. */
  async completeIfDone(campaignId: string): Promise<boolean> {
    if (await this.recipients.hasUnfinished(campaignId)) return false;
    return this.complete(campaignId);
  }

  /**
   * Completes a running campaign whose recipients are all settled (a PDF's letters become printed).
   * Several replicas may try at once: the campaign row's lock lets one do it.
   */
  async complete(campaignId: string, document?: { pages: number; bytes: number }): Promise<boolean> {
    const done = await this.db.transaction().execute(async (trx) => {
      const campaign = await this.campaigns.lock(trx, campaignId);
      if (!campaign || campaign.status !== 'running') return null;
      if (document) await this.recipients.markPrinted(trx, campaignId);
      if (await this.recipients.hasUnfinished(campaignId, trx)) return null;
      const counts = countsOf(await this.recipients.countByStatus(campaignId, trx));
      const at = await this.campaigns.markCompleted(trx, campaignId, counts, document);
      let events = 0;
      for (let after: string | undefined; ; ) {
        const accountIds = await this.recipients.distributed(trx, campaignId, after, DISTRIBUTED_CHUNK);
        if (accountIds.length === 0) break;
        await recordEvents(trx, [{ definition: MailmergeEvents.campaignDistributed, data: { campaignId, channel: campaign.channel, accountIds, at: at.toISOString() } }]);
        events++;
        after = accountIds[accountIds.length - 1];
      }
      return { counts, events };
    });
    if (!done) return false;
    this.outbox.flushSoon();
    this.logger.log({ campaignId, ...done.counts, events: done.events }, 'Campaign completed');
    return true;
  }

  /** A campaign that cannot go on (its launcher lost the right, the selection cannot be read…). */
  async fail(campaignId: string, error: string): Promise<void> {
    const counts = countsOf(await this.recipients.countByStatus(campaignId));
    if (await this.campaigns.markFailed(campaignId, error, counts)) this.logger.warn({ campaignId, error }, 'Campaign failed');
  }
}
