import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { QUEUES, bullPrefix } from '@sesame/contracts';
import { amqpTls, redisTls } from '@sesame/config';
import { DatabaseModule } from '@sesame/database';
import { BrokerModule } from '@sesame/messaging';
import { ObservabilityModule } from '@sesame/observability';
import { RedisModule, redisOptionsFromUrl } from '@sesame/redis';
import { IMPORTER_CONFIG, ImporterConfig } from './config/importer.config';
import { importerMigrations } from './database/migrations';
import { FeedsModule } from './feeds/feeds.module';
import { ImportsModule } from './imports/imports.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { OutboxModule } from './outbox/outbox.module';
import { ReportModule } from './report/report.module';
import { UploadsModule } from './uploads/uploads.module';

@Module({})
export class AppModule {
  static forRoot(config: ImporterConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot({ service: 'importer', logLevel: config.LOG_LEVEL }),
        DatabaseModule.forRoot({
          inject: [IMPORTER_CONFIG],
          useFactory: (c: ImporterConfig) => ({
            url: c.DATABASE_URL,
            max: c.DATABASE_POOL_SIZE,
            applicationName: 'sesame-importer',
            migrations: importerMigrations,
          }),
        }),
        BrokerModule.forRoot({
          inject: [IMPORTER_CONFIG],
          useFactory: (c: ImporterConfig) => ({
            url: c.AMQP_URL,
            tls: amqpTls(c),
            namespace: c.AMQP_NAMESPACE,
            connectionName: 'sesame-importer',
            rpcQueues: [QUEUES.importerRpc],
          }),
        }),
        RedisModule.forRoot({ inject: [IMPORTER_CONFIG], useFactory: (c: ImporterConfig) => ({ url: c.REDIS_URL, tls: redisTls(c) }) }),
        BullModule.forRoot({ connection: redisOptionsFromUrl(config.REDIS_URL, redisTls(config)), prefix: bullPrefix(config.REDIS_PREFIX) }),
        OutboxModule,
        UploadsModule,
        ReportModule,
        ImportsModule,
        FeedsModule,
        MaintenanceModule,
      ],
      providers: [{ provide: IMPORTER_CONFIG, useValue: config }],
      exports: [IMPORTER_CONFIG, OutboxModule],
    };
  }
}
