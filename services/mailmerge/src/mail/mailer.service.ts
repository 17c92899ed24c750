import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { MAILMERGE_CONFIG, MailmergeConfig } from '../config/mailmerge.config';
import { classifyMailFailure } from './mail-failure.rules';
import { MailTransport, createMailTransport } from './mail-transport';
import { InvalidRecipient } from './mail.errors';
import { Mailbox, domainOf, headerSafeName, parseMailbox, singleAddress } from '../mailbox/mailbox.rules';

/** One personal message: a notification now, a campaign email later. */
export interface MailMessage {
  to: Mailbox;
  subject: string;
  text: string;
  html: string;
  /**
   * Extra headers: `Message-ID` (`<id@domain>`, stable so that a message sent twice after a crash can
   * be recognised), `X-Sesame-*`, `Auto-Submitted`, `Content-Language`…
   */
  headers?: Record<string, string>;
}

const HEADER_NAME = /^[A-Za-z0-9-]+$/;
const MESSAGE_ID = /^<[^\s<>@]+@[^\s<>@]+>$/;

/**
 * Sends email through SMTP_URL, or writes it to MAIL_OUTBOX_DIR when no server is configured.
 * Throws InvalidRecipient before any I/O when the address is not one mailbox, and MailDeliveryFailed
 * (`transient` or not) when the server or the connection fails.
 */
@Injectable()
export class MailerService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MailerService.name);
  private readonly from: Mailbox;
  private readonly transport: MailTransport;

  constructor(@Inject(MAILMERGE_CONFIG) config: MailmergeConfig) {
    // The configuration schema already refused a MAIL_FROM that is not one mailbox.
    this.from = parseMailbox(config.MAIL_FROM)!;
    this.transport = createMailTransport({
      smtpUrl: config.SMTP_URL,
      timeoutMs: config.SMTP_TIMEOUT_MS,
      outboxDir: config.MAIL_OUTBOX_DIR,
      connections: config.CAMPAIGN_EMAIL_CONCURRENCY,
    });
  }

  /** The domain of MAIL_FROM, the right-hand side of the Message-IDs this service makes. */
  get senderDomain(): string {
    return domainOf(this.from.address);
  }

  async onModuleInit(): Promise<void> {
    await this.transport.prepare();
    this.logger.log({ transport: this.transport.description }, 'Emails go to this transport');
  }

  /** After every consumer stopped (onModuleDestroy), so the messages they hold still go out. */
  onApplicationShutdown(): void {
    this.transport.close();
  }

  /** Resolves with the Message-ID once the server accepted the message (or the file is written). */
  async send(message: MailMessage): Promise<string> {
    const address = singleAddress(message.to.address);
    if (!address) throw new InvalidRecipient('not a single valid address');
    const { 'Message-ID': messageId, ...headers } = message.headers ?? {};
    for (const [name, value] of Object.entries(message.headers ?? {})) {
      if (!HEADER_NAME.test(name) || /[\r\n]/.test(value)) throw new Error(`header ${JSON.stringify(name)} is not a single header line`);
    }
    if (messageId !== undefined && !MESSAGE_ID.test(messageId)) throw new Error(`Message-ID ${JSON.stringify(messageId)} is not <id@domain>`);
    try {
      return await this.transport.send({
        from: this.from,
        // An object, never a string: nodemailer would read "a@x.org, b@y.org" as two recipients.
        to: { name: headerSafeName(message.to.name), address },
        subject: message.subject.replace(/[\r\n]+/g, ' '),
        text: message.text,
        html: message.html,
        messageId,
        headers,
      });
    } catch (error) {
      throw classifyMailFailure(error);
    }
  }
}
