import { ServiceFailure } from '@sesame/contracts';
import { TestIsolation } from '@sesame/testing';
import Redis from 'ioredis';
import { AttemptThrottle, ThrottleLimits } from '../src/throttle/attempt-throttle';

/** The throttle against a real Redis: how long a block lasts, and what happens without Redis. */
describe('AttemptThrottle', () => {
  const isolation = new TestIsolation();
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(isolation.services.redisUrl, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    redis.disconnect();
    await isolation.cleanup();
  });

  let counter = 0;
  const limits = (changes: Partial<ThrottleLimits>): ThrottleLimits => ({ perUserAndAddress: 3, perAddress: 100, perUser: 50, blockSeconds: 900, ...changes });
  const throttle = (changes: Partial<ThrottleLimits> = {}) =>
    new AttemptThrottle(redis, `${isolation.redisPrefix}:throttle:${(counter += 1)}`, limits(changes), 'invalid_credentials');
  const wrongPassword = () => Promise.reject(new ServiceFailure('invalid_credentials'));
  const signedIn = async () => 'signed in';
  const outcome = (promise: Promise<unknown>) =>
    promise.then(
      (value) => value,
      (error: unknown) => (error instanceof ServiceFailure ? { code: error.code, ...error.details.params } : String(error)),
    );

  it('blocks for the block duration (900 s), not for the hour the failures are counted over', async () => {
    const logins = throttle();
    for (let i = 0; i < 3; i++) expect(await outcome(logins.attempt('lea', '10.1.0.1', wrongPassword))).toEqual({ code: 'invalid_credentials' });
    expect(await outcome(logins.attempt('lea', '10.1.0.1', signedIn))).toEqual({ code: 'rate_limited', retryAfter: 900 });
  });

  it('lets the user try again once the block is over', async () => {
    const logins = throttle({ blockSeconds: 2 });
    for (let i = 0; i < 3; i++) await outcome(logins.attempt('zoe', '10.1.0.2', wrongPassword));
    expect(await outcome(logins.attempt('zoe', '10.1.0.2', signedIn))).toEqual({ code: 'rate_limited', retryAfter: 2 });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await outcome(logins.attempt('zoe', '10.1.0.2', signedIn))).toBe('signed in');
  });

  it('counts only the refusal it is told to: an account deactivated is no failed guess', async () => {
    const logins = throttle({ perUserAndAddress: 1 });
    const deactivated = () => Promise.reject(new ServiceFailure('account_deactivated'));
    for (let i = 0; i < 3; i++) expect(await outcome(logins.attempt('max', '10.1.0.3', deactivated))).toEqual({ code: 'account_deactivated' });
  });

  it('refuses attempts it cannot count (Redis away): 503 rather than unlimited guessing', async () => {
    const away = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
    away.on('error', () => undefined);
    const logins = new AttemptThrottle(away, 'nowhere', limits({}), 'invalid_credentials');
    let ran = false;
    expect(await outcome(logins.attempt('lea', '10.1.0.4', async () => (ran = true)))).toEqual({ code: 'service_unavailable' });
    expect(ran).toBe(false);
    away.disconnect();
  });
});
