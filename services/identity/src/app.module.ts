import { DynamicModule, Module } from '@nestjs/common';
import { ObservabilityModule } from '@sesame/observability';
import { AuthModule } from './auth/auth.module';
import { BootstrapModule } from './bootstrap/bootstrap.module';
import { IDENTITY_CONFIG, IdentityConfig } from './config/identity.config';
import { DatabaseModule } from './database/database.module';
import { BrokerModule } from './messaging/broker.module';
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
        DatabaseModule,
        BrokerModule,
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
