import type { RedisOptions } from 'ioredis';

/** CA bundle and client certificate (with its key) of a rediss:// connection. */
export interface RedisTls {
  ca?: Buffer[];
  cert?: Buffer;
  key?: Buffer;
}

/**
 * ioredis options from a `redis://user:password@host:port/db` (or `rediss://`) URL, for libraries
 * that take options rather than a URL (BullMQ), and for the process's own client. Workers block on
 * Redis, hence no per-request retry limit (the RedisModule's client sets its own).
 */
export function redisOptionsFromUrl(url: string, tls?: RedisTls): RedisOptions {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'rediss:';
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    // node:tls checks the server's certificate against `ca` (else the system's) and its name.
    tls: secure ? { ...(tls ?? {}) } : undefined,
    maxRetriesPerRequest: null,
  };
}
