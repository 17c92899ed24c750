import { DynamicModule, Module } from '@nestjs/common';
import { QUEUES } from '@sesame/contracts';
import { DatabaseModule } from '@sesame/database';
import { BrokerModule } from '@sesame/messaging';
import { ObservabilityModule } from '@sesame/observability';
import { AuthModule } from './auth/auth.module';
import { BootstrapModule } from './bootstrap/bootstrap.module';
import { IDENTITY_CONFIG, IdentityConfig } from './config/identity.config';
import { identityMigrations } from './database/migrations';
import { PersistenceModule } from './persistence.module';
import { SchoolsModule } from './schools/schools.module';
import { UsersModule } from './users/users.module';

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
            namespace: c.AMQP_NAMESPACE,
            connectionName: 'sesame-identity',
            // The RPC queue itself is declared by the Nest transport, with the same arguments.
            queues: [{ queue: QUEUES.identityRpc }],
          }),
        }),
        PersistenceModule,
        AuthModule,
        UsersModule,
        SchoolsModule,
        BootstrapModule,
      ],
      providers: [{ provide: IDENTITY_CONFIG, useValue: config }],
      exports: [IDENTITY_CONFIG],
    };
  }
}
