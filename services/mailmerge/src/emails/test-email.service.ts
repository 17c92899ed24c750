import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DistributionRow, IdentityDistributionRpc, ServiceFailure, TestEmail } from '@sesame/contracts';
import { canLaunch } from '../campaigns/campaign-access.rules';
import { skipReason } from '../campaigns/recipient.rules';
import { MAILMERGE_CONFIG, MailmergeConfig } from '../config/mailmerge.config';
import { IdentityClient } from '../identity/identity.client';
import { InvalidRecipient, MailDeliveryFailed } from '../mail/mail.errors';
import { MailerService } from '../mail/mailer.service';
import { renderCampaignEmail } from './campaign-email.template';
import { EmailRateReached, EmailSendLimiter } from './email-send-limiter';

/** Accounts looked at for a sample: the first that would get an email is usually among them. */
const SAMPLE_WINDOW = 200;

/** A slot of the rate limit frees within a second unless sends are stuck; the caller is waiting. */
const SLOT_WAIT_MS = 5_000;

/**
 * "Send a test to me": before launching an email campaign, the caller receives at their own address
 * the email the selection's first recipient would get — that account's real data (the caller may
 * read it: it is in their scope), marked as a test. Sent at once, not through the campaign queue,
 * but within CAMPAIGN_EMAILS_PER_SECOND: it goes to the same SMTP server as the campaigns being sent,
 * and one more message in a second already full would break the limit the server sees.
 */
@Injectable()
export class TestEmailService {
  private readonly logger = new Logger(TestEmailService.name);

  constructor(
    @Inject(MAILMERGE_CONFIG) private readonly config: MailmergeConfig,
    private readonly identity: IdentityClient,
    private readonly mailer: MailerService,
    private readonly limiter: EmailSendLimiter,
  ) {}

  async send(token: string | undefined, input: TestEmail, requestId?: string) {
    const page = await this.identity.call(IdentityDistributionRpc.select, { filter: input.filter, limit: SAMPLE_WINDOW }, { token, requestId });
    const { caller } = page;
    if (!canLaunch(caller)) throw new ServiceFailure('forbidden');
    if (!caller.email) throw new ServiceFailure('conflict', { params: { reason: 'no_email' } });
    const now = new Date();
    const sample: DistributionRow | undefined =
      page.rows.find((row) => skipReason(row, 'email', now) === null) ?? page.rows.find((row) => skipReason(row, 'pdf', now) === null) ?? page.rows[0];
    if (!sample) throw new ServiceFailure('conflict', { params: { reason: 'empty_selection' } });
    const rendered = renderCampaignEmail(
      {
        ...sample,
        schoolName: sample.school?.name ?? null,
        schoolUai: sample.school?.uai ?? null,
        activationCodeExpiresAt: sample.activationCodeExpiresAt ? new Date(sample.activationCodeExpiresAt) : null,
      },
      { locale: input.locale, publicUrl: this.config.PUBLIC_URL, test: true },
    );
    const slot = await this.limiter.takeWithin(SLOT_WAIT_MS).catch((error: unknown) => {
      if (error instanceof EmailRateReached) throw new ServiceFailure('service_unavailable');
      throw error;
    });
    try {
      await this.mailer.send({
        to: { name: caller.displayName, address: caller.email },
        ...rendered,
        headers: {
          'Message-ID': `<test.${randomUUID()}@${this.mailer.senderDomain}>`,
          'X-Sesame-Test': 'campaign',
          'Auto-Submitted': 'auto-generated',
          'Content-Language': input.locale,
        },
      });
    } catch (error) {
      if (error instanceof InvalidRecipient) throw new ServiceFailure('conflict', { params: { reason: 'no_email' } });
      if (error instanceof MailDeliveryFailed) {
        this.logger.warn({ err: error, callerId: caller.id }, 'Test email not sent');
        throw new ServiceFailure('service_unavailable');
      }
      throw error;
    } finally {
      await this.limiter.release(slot);
    }
    this.logger.log({ callerId: caller.id, accountId: sample.id }, 'Test email sent');
    return { sentTo: caller.email, accountId: sample.id, username: sample.username, variant: sample.activated ? ('reminder' as const) : ('activation' as const) };
  }
}
