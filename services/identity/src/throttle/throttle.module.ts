import { Module } from '@nestjs/common';
import { serviceKeys } from '@sesame/contracts';
import Redis from 'ioredis';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { AttemptThrottle } from './attempt-throttle';
import { ResetRequestLimiter } from './reset-request-limiter';

export const LOGIN_THROTTLE = Symbol('LOGIN_THROTTLE');
export const ACTIVATION_THROTTLE = Symbol('ACTIVATION_THROTTLE');

const attemptThrottle = (token: symbol, name: string, failure: 'invalid_credentials' | 'invalid_activation') => ({
  provide: token,
  inject: [Redis, IDENTITY_CONFIG],
  useFactory: (redis: Redis, config: IdentityConfig) =>
    new AttemptThrottle(
      redis,
      // Under identity's own keys: its Redis user may touch nothing else (libs/contracts redis-keys).
      serviceKeys(config.REDIS_PREFIX, 'identity')(`throttle:${name}`),
      {
        perUserAndAddress: config.LOGIN_MAX_FAILURES_PER_USER_AND_ADDRESS,
        perAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
        perUser: config.LOGIN_MAX_FAILURES_PER_USER,
        blockSeconds: config.LOGIN_BLOCK_SECONDS,
      },
      failure,
    ),
});

/** Login and activation attempts are throttled alike, each with its own counters; reset requests are capped. */
@Module({
  providers: [
    attemptThrottle(LOGIN_THROTTLE, 'login', 'invalid_credentials'),
    attemptThrottle(ACTIVATION_THROTTLE, 'activation', 'invalid_activation'),
    ResetRequestLimiter,
  ],
  exports: [LOGIN_THROTTLE, ACTIVATION_THROTTLE, ResetRequestLimiter],
})
export class ThrottleModule {}
