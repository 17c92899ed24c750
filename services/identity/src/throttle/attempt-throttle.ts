import { createHash } from 'node:crypto';
import { ErrorCode, ServiceFailure } from '@sesame/contracts';
import type Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { reachesLimit, secondsToWait } from './throttle.rules';

export interface ThrottleLimits {
  perUserAndAddress: number;
  perAddress: number;
  perUser: number;
  blockSeconds: number;
}

const HOUR = 3600;
const KNOWN_ADDRESS_DAYS = 30;

/**
 * Brute-force protection for password and code attempts (login, activation), inside identity so
 * that no caller gets around it. Failures are counted per username and address, per address, and
 * per username over an hour; a counter that reaches its limit is blocked for `blockSeconds`. The
 * per-username count ignores addresses the user already signed in from, so an attacker hammering a
 * victim's login from elsewhere cannot lock the victim out (SPEC §3). The address is the one the
 * gateway determined (TRUST_PROXY).
 */
export class AttemptThrottle {
  private readonly byUserAndAddress: RateLimiterRedis;
  private readonly byAddress: RateLimiterRedis;
  private readonly byUser: RateLimiterRedis;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: ThrottleLimits,
    /** The refusal that counts as a failed attempt (a wrong password, a wrong code). */
    private readonly failure: ErrorCode,
  ) {
    // No blockDuration here: recordFailure blocks at the limit itself (see reachesLimit).
    const limiter = (name: string, points: number) => new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:${name}`, points, duration: HOUR });
    this.byUserAndAddress = limiter('ua', limits.perUserAndAddress);
    this.byAddress = limiter('a', limits.perAddress);
    this.byUser = limiter('u', limits.perUser);
  }

  /** Runs one attempt: refused at once while blocked, counted when it fails, forgiven when it succeeds. */
  async attempt<T>(username: string, address: string, run: () => Promise<T>): Promise<T> {
    await this.assertAllowed(username, address);
    let result: T;
    try {
      result = await run();
    } catch (error) {
      if (error instanceof ServiceFailure && error.code === this.failure) await this.recordFailure(username, address);
      throw error;
    }
    await this.recordSuccess(username, address);
    return result;
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
    const retryAfter = secondsToWait([
      { state: pair, limit: this.limits.perUserAndAddress, applies: true },
      { state: fromAddress, limit: this.limits.perAddress, applies: true },
      { state: forUser, limit: this.limits.perUser, applies: !known },
    ]);
    if (retryAfter > 0) throw new ServiceFailure('rate_limited', { params: { retryAfter } });
  }

  async recordFailure(username: string, address: string): Promise<void> {
    const user = userKey(username);
    const counters: Array<[RateLimiterRedis, string, number]> = [
      [this.byUserAndAddress, `${user}:${address}`, this.limits.perUserAndAddress],
      [this.byAddress, address, this.limits.perAddress],
      [this.byUser, user, this.limits.perUser],
    ];
    await this.guard(() =>
      Promise.all(
        counters.map(async ([limiter, key, limit]) => {
          const counted = await limiter.consume(key).catch((rejection: unknown) => (rejection instanceof RateLimiterRes ? rejection : Promise.reject(rejection)));
          if (reachesLimit(counted.consumedPoints, limit)) await limiter.block(key, this.limits.blockSeconds);
        }),
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

/** Usernames are free text (spaces, any script); keys use their hash. */
export function userKey(username: string): string {
  return createHash('sha256').update(username.normalize('NFC')).digest('base64url').slice(0, 22);
}
