import { Inject, Injectable, Logger } from '@nestjs/common';
import { SealKeyring } from '@sesame/auth';
import { EventEnvelope, MailmergeEvents } from '@sesame/contracts';
import { PoisonMessage } from '@sesame/messaging';
import { recordEvents } from '@sesame/outbox';
import type { Db } from '../database/schema';
import { MAILMERGE_CONFIG, MailmergeConfig } from '../config/mailmerge.config';
import { InvalidRecipient, MailDeliveryFailed } from '../mail/mail.errors';
import { MailMessage, MailerService } from '../mail/mailer.service';
import { OutboxService } from '../outbox/outbox.module';
import { IdentityNotification, composeNotification, isExpired, readIdentityNotification } from './identity-notifications.rules';
import { EventOutcome, ProcessedEventsRepository } from './processed-events.repository';

/**
 * Writes to users about their account: the password reset link they asked for, the notice that
 * their password changed, a leaver's notices before deactivation and deletion. Each event gives at most one email; a transient failure throws, so the
 * event is not recorded and its message is tried again.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly mailer: MailerService,
    private readonly processedEvents: ProcessedEventsRepository,
    @Inject(MAILMERGE_CONFIG) private readonly config: MailmergeConfig,
    private readonly seals: SealKeyring,
    private readonly outbox: OutboxService,
  ) {}

  async handle(envelope: EventEnvelope): Promise<void> {
    const notification = await readIdentityNotification(envelope, this.seals);
    const message = composeNotification(notification, { publicUrl: this.config.PUBLIC_URL, messageDomain: this.mailer.senderDomain });
    const context = { eventId: envelope.id, type: envelope.type, userId: notification.data.userId };
    if (!message) {
      this.logger.debug(context, 'No email on file: nothing to send');
      return;
    }
    const outcome = await this.processedEvents.once(envelope.id, envelope.type, () => this.deliver(notification, message), reportNotice(notification));
    if (notification.kind === 'lifecycle-notice' && outcome !== 'duplicate') this.outbox.flushSoon();
    this.logger.log({ ...context, outcome }, 'Identity event handled');
  }

  private async deliver(notification: IdentityNotification, message: MailMessage): Promise<EventOutcome> {
    const context = { eventId: notification.eventId, type: notification.type, userId: notification.data.userId };
    if (isExpired(notification, new Date())) {
      this.logger.warn(context, 'Password reset link expired before it could be sent; not sent');
      return 'expired';
    }
    try {
      await this.mailer.send(message);
      return 'sent';
    } catch (error) {
      if (error instanceof InvalidRecipient) throw new PoisonMessage(`${notification.type}: ${error.message}`);
      if (error instanceof MailDeliveryFailed && !error.transient) {
        // Refused for good: trying again would get the same answer. Recorded, so it is not retried.
        this.logger.error({ ...context, code: error.details.code, response: error.response ?? error.message }, 'The mail server refused the email');
        return 'refused';
      }
      throw error;
    }
  }
}

/**
 * A leaver's notice is reported to identity, which keeps it in the account's distribution log; a
 * notice not sent because its day had passed is not (the log shows it queued, never sent).
 */
function reportNotice(notification: IdentityNotification): ((trx: Db, outcome: EventOutcome) => Promise<void>) | undefined {
  if (notification.kind !== 'lifecycle-notice') return undefined;
  const { userId, kind, on } = notification.data;
  return async (trx, outcome) => {
    if (outcome !== 'sent' && outcome !== 'refused') return;
    await recordEvents(trx, [{ definition: MailmergeEvents.lifecycleNoticeSent, data: { userId, kind, on, outcome, at: new Date().toISOString() } }]);
  };
}
