import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { redisTls } from '@sesame/config';
import { serviceKeys } from '@sesame/contracts';
import { ObservabilityModule } from '@sesame/observability';
import { RedisModule } from '@sesame/redis';
import Redis from 'ioredis';
import { AttemptThrottle } from './auth/attempt-throttle';
import { ACTIVATION_THROTTLE, AuthController, LOGIN_THROTTLE } from './auth/auth.controller';
import { ResetRequestLimiter } from './auth/reset-request-limiter';
import { ReportsController } from './reports/reports.controller';
import { AuthGuard } from './auth/auth.guard';
import { CampaignsModule } from './campaigns/campaigns.module';
import { GATEWAY_CONFIG, GatewayConfig } from './config/gateway.config';
import { IdentityModule } from './identity/identity.module';
import { ImporterModule } from './imports/importer.client';
import { ImportsController } from './imports/imports.controller';
import { MeController } from './me/me.controller';
import { ProblemFilter } from './problems/problem.filter';
import { SchoolsController } from './schools/schools.controller';
import { UsersController } from './users/users.controller';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot({ service: 'gateway', logLevel: config.LOG_LEVEL }),
        RedisModule.forRoot({ inject: [GATEWAY_CONFIG], useFactory: (c: GatewayConfig) => ({ url: c.REDIS_URL, tls: redisTls(c) }) }),
        IdentityModule,
        CampaignsModule,
        ImporterModule,
      ],
      controllers: [AuthController, MeController, UsersController, SchoolsController, ReportsController, ImportsController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        ResetRequestLimiter,
        // Login and activation are throttled alike, each with its own counters.
        ...[
          [LOGIN_THROTTLE, 'login'],
          [ACTIVATION_THROTTLE, 'activation'],
        ].map(([token, name]) => ({
          provide: token,
          inject: [Redis],
          useFactory: (redis: Redis) =>
            new AttemptThrottle(redis, serviceKeys(config.REDIS_PREFIX, 'gateway')(`throttle:${String(name)}`), {
              perUserAndAddress: config.LOGIN_MAX_FAILURES_PER_USER_AND_ADDRESS,
              perAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
              perUser: config.LOGIN_MAX_FAILURES_PER_USER,
              blockSeconds: config.LOGIN_BLOCK_SECONDS,
            }),
        })),
      ],
      exports: [GATEWAY_CONFIG],
    };
  }
}
