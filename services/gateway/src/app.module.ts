import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ObservabilityModule } from '@sesame/observability';
import { RedisModule } from '@sesame/redis';
import Redis from 'ioredis';
import { AttemptThrottle } from './auth/attempt-throttle';
import { AuthController, LOGIN_THROTTLE } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { GATEWAY_CONFIG, GatewayConfig } from './config/gateway.config';
import { IdentityModule } from './identity/identity.module';
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
        RedisModule.forRoot({ inject: [GATEWAY_CONFIG], useFactory: (c: GatewayConfig) => ({ url: c.REDIS_URL }) }),
        IdentityModule,
      ],
      controllers: [AuthController, MeController, UsersController, SchoolsController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        {
          provide: LOGIN_THROTTLE,
          inject: [Redis],
          useFactory: (redis: Redis) =>
            new AttemptThrottle(redis, `${config.REDIS_PREFIX}:throttle:login`, {
              perUserAndAddress: config.LOGIN_MAX_FAILURES_PER_USER_AND_ADDRESS,
              perAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
              perUser: config.LOGIN_MAX_FAILURES_PER_USER,
              blockSeconds: config.LOGIN_BLOCK_SECONDS,
            }),
        },
      ],
      exports: [GATEWAY_CONFIG],
    };
  }
}
