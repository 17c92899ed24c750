import { DynamicModule, Module } from '@nestjs/common';
import { ENROLMENT_BINDING, EXCHANGES, QUEUES, bullPrefix } from '@sesame/contracts';
import { amqpTls, redisTls } from '@sesame/config';
import { DatabaseModule } from '@sesame/database';
import { BrokerModule } from '@sesame/messaging';
import { ObservabilityModule } from '@sesame/observability';
import { BullModule } from '@nestjs/bullmq';
import { RedisModule, redisOptionsFromUrl } from '@sesame/redis';
import { ActivationModule } from './activation/activation.module';
import { EnrolmentModule } from './enrolment/enrolment.module';
import { FeedsModule } from './feeds/feeds.module';
import { ImportsModule } from './imports/imports.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { RentreeModule } from './rentree/rentree.module';
import { ReportsModule } from './reports/reports.module';
import { AuthModule } from './auth/auth.module';
import { BootstrapModule } from './bootstrap/bootstrap.module';
import { DelegationModule } from './delegation/delegation.module';
import { DistributionModule } from './distribution/distribution.module';
import { IDENTITY_CONFIG, IdentityConfig } from './config/identity.config';
import { identityMigrations } from './database/migrations';
import { PersistenceModule } from './persistence.module';
import { SchoolsModule } from './schools/schools.module';
import { UndoModule } from './undo/undo.module';
import { UsersModule } from './users/users.module';
import { OidcModule } from './oidc/oidc.module';
import { OidcClientsModule } from './oidc-clients/oidc-clients.module';
import { ScimModule } from './scim/scim.module';
import { OneRosterModule } from './oneroster/oneroster.module';
import { ScimPushModule } from './scim-push/scim-push.module';

@Module({})
export class AppModule {
  static forRoot(config: IdentityConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot({ service: 'identity', logLevel: config.LOG_LEVEL }),
        DatabaseModule.forRoot({
          inject: [IDENTITY_CONFIG],
          useFactory: (c: IdentityConfig) => ({
            url: c.DATABASE_URL,
            max: c.DATABASE_POOL_SIZE,
            applicationName: 'sesame-identity',
            migrations: identityMigrations,
          }),
        }),
        BrokerModule.forRoot({
          inject: [IDENTITY_CONFIG],
          useFactory: (c: IdentityConfig) => ({
            url: c.AMQP_URL,
            tls: amqpTls(c),
            namespace: c.AMQP_NAMESPACE,
            connectionName: 'sesame-identity',
            // The RPC queue itself is declared by the Nest transport.
            rpcQueues: [QUEUES.identityRpc],
            queues: [
              {
                queue: QUEUES.identityEnrolment,
                bindings: [{ exchange: EXCHANGES.enrolment, routingKey: ENROLMENT_BINDING }],
                singleActiveConsumer: true,
              },
            ],
          }),
        }),
        PersistenceModule,
        AuthModule,
        UsersModule,
        LifecycleModule,
        RentreeModule,
        SchoolsModule,
        ActivationModule,
        RedisModule.forRoot({ inject: [IDENTITY_CONFIG], useFactory: (c: IdentityConfig) => ({ url: c.REDIS_URL, tls: redisTls(c) }) }),
        BullModule.forRoot({ connection: redisOptionsFromUrl(config.REDIS_URL, redisTls(config)), prefix: bullPrefix(config.REDIS_PREFIX) }),
        MaintenanceModule,
        ReportsModule,
        EnrolmentModule,
        DistributionModule,
        ImportsModule,
        FeedsModule,
        UndoModule,
        DelegationModule,
        BootstrapModule,
        OidcModule,
        OidcClientsModule,
        ScimModule,
        OneRosterModule,
        ScimPushModule,
      ],
      providers: [{ provide: IDENTITY_CONFIG, useValue: config }],
      exports: [IDENTITY_CONFIG],
    };
  }
}
