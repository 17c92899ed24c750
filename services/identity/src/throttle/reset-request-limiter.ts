import { Inject, Injectable } from '@nestjs/common';
import { serviceKeys } from '@sesame/contracts';
import Redis from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { userKey } from './attempt-throttle';

/**
 * Keeps the reset form from becoming a way to flood someone's mailbox: a few requests per login and
 * per address each hour. Beyond that the request is silently dropped (the caller was answered 202
 * before identity looked, so the answer stays the same).
 */
@Injectable()
export class ResetRequestLimiter {
  private readonly perUser: RateLimiterRedis;
  private readonly perAddress: RateLimiterRedis;

  constructor(@Inject(Redis) redis: Redis, @Inject(IDENTITY_CONFIG) config: IdentityConfig) {
    const limiter = (name: string, points: number) =>
      new RateLimiterRedis({ storeClient: redis, keyPrefix: serviceKeys(config.REDIS_PREFIX, 'identity')(`throttle:reset:${name}`), points, duration: 3600 });
    this.perUser = limiter('u', 5);
    this.perAddress = limiter('a', 30);
  }

  /** False when this request must be dropped, or cannot be counted (Redis away). */
  async allow(username: string, address: string): Promise<boolean> {
    try {
      await Promise.all([this.perUser.consume(userKey(username)), this.perAddress.consume(address)]);
      return true;
    } catch {
      return false;
    }
  }
}
