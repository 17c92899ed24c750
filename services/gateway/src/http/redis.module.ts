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
        // Commands fail fast while Redis is away instead of queueing behind a login.
        const redis = new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
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
