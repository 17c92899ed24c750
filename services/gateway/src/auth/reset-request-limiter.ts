import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { serviceKeys } from '@sesame/contracts';
import Redis from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';

/**
 * Keeps the reset form from becoming a way to flood someone's mailbox: a few requests per login and
 * per address each hour. Beyond that the request is silently dropped; the answer stays the same.
 */
@Injectable()
export class ResetRequestLimiter {
  private readonly perUser: RateLimiterRedis;
  private readonly perAddress: RateLimiterRedis;

  constructor(@Inject(Redis) redis: Redis, @Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    const limiter = (name: string, points: number) =>
      new RateLimiterRedis({ storeClient: redis, keyPrefix: serviceKeys(config.REDIS_PREFIX, 'gateway')(`throttle:reset:${name}`), points, duration: 3600 });
    this.perUser = limiter('u', 5);
    this.perAddress = limiter('a', 30);
  }

  async allow(username: string, address: string): Promise<boolean> {
    const user = createHash('sha256').update(username.normalize('NFC')).digest('base64url').slice(0, 22);
    try {
      await Promise.all([this.perUser.consume(user), this.perAddress.consume(address)]);
      return true;
    } catch {
      return false;
    }
  }
}
