import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { HealthRegistry } from '@sesame/observability';
import Redis from 'ioredis';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';

@Global()
@Module({
  providers: [
    {
      provide: Redis,
      inject: [GATEWAY_CONFIG, HealthRegistry],
      useFactory: (config: GatewayConfig, health: HealthRegistry) => {
        // While Redis is away, commands wait at most two seconds, then fail (the API answers 503).
        const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, commandTimeout: 2_000 });
        redis.on('error', () => undefined);
        health.register('redis', () => redis.ping());
        return redis;
      },
    },
  ],
  exports: [Redis],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(Redis) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
