import { createHash } from 'node:crypto';
import { ServiceFailure } from '@sesame/contracts';
import type Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export interface ThrottleLimits {
  perUserAndAddress: number;
  perAddress: number;
  perUser: number;
  blockSeconds: number;
}

const HOUR = 3600;
const KNOWN_ADDRESS_DAYS = 30;

/**
 * Brute-force protection for password and code attempts (login, activation). Failures are counted
 * per username and address, per address, and per username. The per-username count ignores addresses
 * the user already signed in from, so an attacker hammering a victim's login from elsewhere cannot
 * lock the victim out (SPEC §3).
 */
export class AttemptThrottle {
  private readonly byUserAndAddress: RateLimiterRedis;
  private readonly byAddress: RateLimiterRedis;
  private readonly byUser: RateLimiterRedis;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: ThrottleLimits,
  ) {
    const limiter = (name: string, points: number) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${prefix}:${name}`,
        points,
        duration: HOUR,
        blockDuration: limits.blockSeconds,
      });
    this.byUserAndAddress = limiter('ua', limits.perUserAndAddress);
    this.byAddress = limiter('a', limits.perAddress);
    this.byUser = limiter('u', limits.perUser);
  }

  /** Throws `rate_limited` (with the seconds to wait) when this attempt must not even be tried. */
  async assertAllowed(username: string, address: string): Promise<void> {
    const user = userKey(username);
    const [pair, fromAddress, forUser, known] = await this.guard(() =>
      Promise.all([
        this.byUserAndAddress.get(`${user}:${address}`),
        this.byAddress.get(address),
        this.byUser.get(user),
        this.redis.exists(this.knownKey(user, address)),
      ]),
    );
    const blocked: Array<RateLimiterRes | null> = [
      exhausted(pair, this.limits.perUserAndAddress),
      exhausted(fromAddress, this.limits.perAddress),
      known ? null : exhausted(forUser, this.limits.perUser),
    ];
    const wait = Math.max(0, ...blocked.map((r) => r?.msBeforeNext ?? 0));
    if (wait > 0) throw new ServiceFailure('rate_limited', { params: { retryAfter: Math.ceil(wait / 1000) } });
  }

  async recordFailure(username: string, address: string): Promise<void> {
    const user = userKey(username);
    await this.guard(() =>
      Promise.all(
        [
          this.byUserAndAddress.consume(`${user}:${address}`),
          this.byAddress.consume(address),
          this.byUser.consume(user),
        ].map((p) => p.catch((rejection: unknown) => (rejection instanceof RateLimiterRes ? rejection : Promise.reject(rejection)))),
      ),
    );
  }

  async recordSuccess(username: string, address: string): Promise<void> {
    const user = userKey(username);
    await this.guard(() =>
      Promise.all([
        this.byUserAndAddress.delete(`${user}:${address}`),
        this.redis.set(this.knownKey(user, address), '1', 'EX', KNOWN_ADDRESS_DAYS * 86_400),
      ]),
    );
  }

  private knownKey(user: string, address: string): string {
    return `${this.prefix}:known:${user}:${address}`;
  }

  /** Without Redis, attempts cannot be counted: refuse them (503) rather than allow unlimited guessing. */
  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof ServiceFailure) throw error;
      throw new ServiceFailure('service_unavailable');
    }
  }
}

function exhausted(result: RateLimiterRes | null, limit: number): RateLimiterRes | null {
  return result && result.consumedPoints >= limit ? result : null;
}

/** Usernames are free text (spaces, any script); keys use their hash. */
function userKey(username: string): string {
  return createHash('sha256').update(username.normalize('NFC')).digest('base64url').slice(0, 22);
}
