import { Module } from '@nestjs/common';
import { SealKeyring, parseSealKey, parseSealKeys } from '@sesame/auth';
import { MAILMERGE_CONFIG, MailmergeConfig } from '../config/mailmerge.config';
import { MailModule } from '../mail/mail.module';
import { OutboxModule } from '../outbox/outbox.module';
import { IdentityEventsConsumer } from './identity-events.consumer';
import { NotificationsService } from './notifications.service';
import { ProcessedEventsRepository } from './processed-events.repository';

@Module({
  imports: [MailModule, OutboxModule],
  providers: [
    NotificationsService,
    ProcessedEventsRepository,
    IdentityEventsConsumer,
    {
      provide: SealKeyring,
      inject: [MAILMERGE_CONFIG],
      useFactory: (c: MailmergeConfig) => new SealKeyring(parseSealKey(c.MAIL_SEAL_KEY)!, parseSealKeys(c.MAIL_SEAL_PREVIOUS_KEYS ?? '')!),
    },
  ],
})
export class NotificationsModule {}
