import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Locale } from '@sesame/contracts';
import { Counter } from 'prom-client';
import { CampaignsRepository } from '../campaigns/campaigns.repository';
import { CompletionService } from '../campaigns/completion.service';
import { RecipientsRepository } from '../campaigns/recipients.repository';
import { MAILMERGE_CONFIG, MailmergeConfig } from '../config/mailmerge.config';
import type { RecipientRow } from '../database/schema';
import { letterRecipientOf } from '../letters/letter-text.rules';
import { InvalidRecipient, MailDeliveryFailed } from '../mail/mail.errors';
import { MailMessage, MailerService } from '../mail/mailer.service';
import { renderCampaignEmail } from './campaign-email.template';
import { EmailSendLimiter } from './email-send-limiter';

const outcomes = new Counter({
  name: 'sesame_campaign_emails_total',
  help: 'Campaign email attempts by outcome: sent, failed (refused for good), retried (transient failure), uncertain (an earlier attempt died mid-send), duplicate',
  labelNames: ['outcome'],
});

export type SendOutcome = 'sent' | 'failed' | 'uncertain' | 'duplicate';

/** The campaign's language, kept: every one of its emails needs it. */
const LOCALES_KEPT = 100;

/**
 * Sends one recipient's campaign email, at most once, in a slot of the rate limit (EmailSendLimiter)
 * taken first: the recipient row is claimed atomically before sending (pending → claimed), and
 * settled after (sent, failed, or pending again after a transient failure, which is thrown so that
 * the job is tried again later). An attempt that finds the row still claimed by an earlier attempt
 * that died mid-send does not send again: the recipient is reported `uncertain`.
 */
@Injectable()
export class CampaignEmailsService {
  private readonly logger = new Logger(CampaignEmailsService.name);
  private readonly locales = new Map<string, Locale>();

  constructor(
    @Inject(MAILMERGE_CONFIG) private readonly config: MailmergeConfig,
    private readonly mailer: MailerService,
    private readonly campaigns: CampaignsRepository,
    private readonly recipients: RecipientsRepository,
    private readonly completion: CompletionService,
    private readonly limiter: EmailSendLimiter,
  ) {}

  /** Throws EmailRateReached, before claiming anything, when no slot of the rate limit frees within a window. */
  async send(campaignId: string, accountId: string, lastAttempt: boolean): Promise<SendOutcome> {
    const locale = await this.localeOf(campaignId);
    // Waits here for a slot (one frees within a window unless sends are stuck): the job handed back
    // to the queue and fetched again would cost more, and take the slot later.
    const slot = await this.limiter.takeWithin(this.limiter.limit.windowMs);
    const claim = randomUUID();
    const row = await this.claimInSlot(campaignId, accountId, claim, slot);
    if (!row) return this.unclaimed(campaignId, accountId);
    let outcome: SendOutcome;
    try {
      const messageId = await this.sendInSlot(slot, row, locale);
      await this.recipients.settle(campaignId, accountId, claim, { status: 'sent', detail: null, messageId });
      outcome = 'sent';
    } catch (error) {
      const failure = error instanceof InvalidRecipient ? null : error instanceof MailDeliveryFailed ? error : null;
      const detail = error instanceof InvalidRecipient ? 'invalid_email' : (failure?.response ?? (error as Error).message ?? 'not sent').slice(0, 1000);
      if (failure?.transient !== false && !(error instanceof InvalidRecipient) && !lastAttempt) {
        // Tried again after a delay (the job's backoff): the row goes back to pending for that attempt.
        await this.recipients.settle(campaignId, accountId, claim, { status: 'pending', detail });
        outcomes.inc({ outcome: 'retried' });
        throw error;
      }
      await this.recipients.settle(campaignId, accountId, claim, { status: 'failed', detail });
      this.logger.warn({ campaignId, accountId, detail, transient: failure?.transient }, 'Campaign email not sent');
      outcome = 'failed';
    }
    outcomes.inc({ outcome });
    await this.completion.completeIfDone(campaignId);
    return outcome;
  }

  /** Every attempt of a job ended without an outcome (the job gave up, or stalled too often). */
  async abandon(campaignId: string, accountId: string, reason: string): Promise<void> {
    await this.recipients.giveUp(campaignId, accountId, reason.slice(0, 1000));
    await this.completion.completeIfDone(campaignId);
  }

  /** The recipient's row, claimed for this attempt; the slot goes back at once when nothing will be sent. */
  private async claimInSlot(campaignId: string, accountId: string, claim: string, slot: string): Promise<RecipientRow | undefined> {
    let row: RecipientRow | undefined;
    try {
      row = await this.recipients.claim(campaignId, accountId, claim);
    } finally {
      if (!row) await this.limiter.giveBack(slot);
    }
    return row;
  }

  /** The slot is held a second past the end of the send, whatever its outcome: the message may have reached the server. */
  private async sendInSlot(slot: string, row: RecipientRow, locale: Locale): Promise<string> {
    try {
      return await this.mailer.send(this.compose(row, locale));
    } finally {
      await this.limiter.release(slot);
    }
  }

  private async unclaimed(campaignId: string, accountId: string): Promise<SendOutcome> {
    const row = await this.recipients.find(campaignId, accountId);
    if (row?.status === 'claimed' && (await this.recipients.abandonClaim(campaignId, accountId, 'attempt_interrupted'))) {
      this.logger.warn({ campaignId, accountId }, 'An earlier attempt died while sending this email: not sent again, reported uncertain');
      outcomes.inc({ outcome: 'uncertain' });
      await this.completion.completeIfDone(campaignId);
      return 'uncertain';
    }
    outcomes.inc({ outcome: 'duplicate' });
    return 'duplicate';
  }

  private compose(row: RecipientRow, locale: Locale): MailMessage {
    const rendered = renderCampaignEmail(letterRecipientOf(row), { locale, publicUrl: this.config.PUBLIC_URL });
    return {
      to: { name: row.display_name, address: row.email ?? '' },
      ...rendered,
      headers: {
        // The same for every attempt: a copy sent twice can be recognised.
        'Message-ID': `<${row.campaign_id}.${row.account_id}@${this.mailer.senderDomain}>`,
        'X-Sesame-Campaign-Id': row.campaign_id,
        'Auto-Submitted': 'auto-generated',
        'Content-Language': locale,
      },
    };
  }

  private async localeOf(campaignId: string): Promise<Locale> {
    let locale = this.locales.get(campaignId);
    if (!locale) {
      const campaign = await this.campaigns.find(campaignId);
      locale = campaign?.locale ?? 'fr';
      if (this.locales.size >= LOCALES_KEPT) this.locales.clear();
      this.locales.set(campaignId, locale);
    }
    return locale;
  }
}
