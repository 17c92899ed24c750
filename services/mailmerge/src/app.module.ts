import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { QUEUES, bullPrefix } from '@sesame/contracts';
import { amqpTls, redisTls } from '@sesame/config';
import { DatabaseModule } from '@sesame/database';
import { BrokerModule } from '@sesame/messaging';
import { ObservabilityModule } from '@sesame/observability';
import { RedisModule, redisOptionsFromUrl } from '@sesame/redis';
import { MAILMERGE_CONFIG, MailmergeConfig } from './config/mailmerge.config';
import { mailmergeMigrations } from './database/migrations';
import { DistributionModule } from './distribution/distribution.module';
import { EmailsModule } from './emails/emails.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { IDENTITY_EVENT_BINDINGS } from './notifications/identity-notifications.rules';
import { NotificationsModule } from './notifications/notifications.module';

@Module({})
export class AppModule {
  static forRoot(config: MailmergeConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot({ service: 'mailmerge', logLevel: config.LOG_LEVEL }),
        DatabaseModule.forRoot({
          inject: [MAILMERGE_CONFIG],
          useFactory: (c: MailmergeConfig) => ({
            url: c.DATABASE_URL,
            max: c.DATABASE_POOL_SIZE,
            applicationName: 'sesame-mailmerge',
            migrations: mailmergeMigrations,
          }),
        }),
        BrokerModule.forRoot({
          inject: [MAILMERGE_CONFIG],
          useFactory: (c: MailmergeConfig) => ({
            url: c.AMQP_URL,
            tls: amqpTls(c),
            namespace: c.AMQP_NAMESPACE,
            connectionName: 'sesame-mailmerge',
            rpcQueues: [QUEUES.mailmergeRpc],
            queues: [{ queue: QUEUES.mailmergeIdentityEvents, bindings: IDENTITY_EVENT_BINDINGS }],
          }),
        }),
        RedisModule.forRoot({ inject: [MAILMERGE_CONFIG], useFactory: (c: MailmergeConfig) => ({ url: c.REDIS_URL, tls: redisTls(c) }) }),
        BullModule.forRoot({ connection: redisOptionsFromUrl(config.REDIS_URL, redisTls(config)), prefix: bullPrefix(config.REDIS_PREFIX) }),
        NotificationsModule,
        DistributionModule,
        EmailsModule,
        MaintenanceModule,
      ],
      providers: [{ provide: MAILMERGE_CONFIG, useValue: config }],
      exports: [MAILMERGE_CONFIG],
    };
  }
}
