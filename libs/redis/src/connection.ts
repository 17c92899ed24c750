import type { RedisOptions } from 'ioredis';

/**
 * ioredis options from a `redis://user:password@host:port/db` (or `rediss://`) URL, for libraries
 * that take options rather than a URL (BullMQ). Workers block on Redis, hence no per-request retry limit.
 */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}
