import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { HealthRegistry } from '@sesame/observability';
import Redis from 'ioredis';
import { RedisTls, redisOptionsFromUrl } from './connection';

export interface RedisModuleOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  inject: any[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory: (...args: any[]) => { url: string; tls?: RedisTls };
}

/** One ioredis client per process (injected as `Redis`), checked by readiness. */
@Global()
@Module({})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(Redis) private readonly redis: Redis) {}

  static forRoot(options: RedisModuleOptions): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: Redis,
          inject: [...options.inject, HealthRegistry],
          useFactory: (...args: unknown[]) => {
            const health = args.pop() as HealthRegistry;
            // While Redis is away, a command waits at most two seconds, then fails (the caller answers 503).
            const { url, tls } = options.useFactory(...args);
            const redis = new Redis({ ...redisOptionsFromUrl(url, tls), maxRetriesPerRequest: 1, commandTimeout: 2_000 });
            redis.on('error', () => undefined); // reconnection is automatic; readiness reports the outage
            health.register('redis', () => redis.ping());
            return redis;
          },
        },
      ],
      exports: [Redis],
    };
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
