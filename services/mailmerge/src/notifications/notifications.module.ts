import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { IdentityEventsConsumer } from './identity-events.consumer';
import { NotificationsService } from './notifications.service';
import { ProcessedEventsRepository } from './processed-events.repository';

@Module({
  imports: [MailModule],
  providers: [NotificationsService, ProcessedEventsRepository, IdentityEventsConsumer],
})
export class NotificationsModule {}
