import { SERVICE_REDIS_KEYS, serviceKey } from '@sesame/contracts';
import { TestIsolation } from '@sesame/testing';
import Redis from 'ioredis';
import type { MailmergeConfig } from '../src/config/mailmerge.config';
import { EmailRateReached, EmailSendLimiter } from '../src/emails/email-send-limiter';

// The slots of the campaign email rate limit against a real Redis, as two replicas share them.

const PER_SECOND = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The most times within any window of `windowMs` (half-open: [t, t + windowMs)). */
function busiestWindow(times: number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('the email send slots', () => {
  const isolation = new TestIsolation();
  const clients: Redis[] = [];
  let replicas: EmailSendLimiter[];

  const limiter = (perSecond: number) => {
    const redis = new Redis(isolation.services.redisUrl);
    clients.push(redis);
    const config = { REDIS_PREFIX: isolation.redisPrefix, CAMPAIGN_EMAILS_PER_SECOND: perSecond, SMTP_TIMEOUT_MS: 1_000 } as MailmergeConfig;
    return new EmailSendLimiter(redis, config);
  };
  /** The wait a refusal tells (the test fails if a slot is given instead). */
  const refusal = (taking: Promise<string>): Promise<number> =>
    taking.then(
      (slot) => Promise.reject(new Error(`a slot was given: ${slot}`)),
      (error: unknown) => (error instanceof EmailRateReached ? error.waitMs : Promise.reject(error)),
    );

  beforeEach(async () => {
    replicas = [limiter(PER_SECOND), limiter(PER_SECOND)];
    await clients[0].del(serviceKey(isolation.redisPrefix, SERVICE_REDIS_KEYS.mailmergeEmailSendSlots));
  });

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await isolation.cleanup();
  });

  it('gives out the limit’s slots to both replicas together, then tells how long to wait', async () => {
    const slots = await Promise.all([0, 1, 2, 3, 4].map((i) => replicas[i % 2].take()));
    expect(new Set(slots).size).toBe(PER_SECOND);
    // Every slot still sending: the first could be released now, and free a second later.
    expect(await refusal(replicas[0].take())).toBe(1000);
    expect(await refusal(replicas[1].take())).toBe(1000);
  });

  it('holds a slot one second past the end of its send, and frees it then', async () => {
    const slots = await Promise.all([0, 1, 2, 3, 4].map((i) => replicas[i % 2].take()));
    await replicas[1].release(slots[0]);
    const wait = await refusal(replicas[0].take());
    expect(wait).toBeGreaterThan(900);
    expect(wait).toBeLessThanOrEqual(1000);
    await sleep(wait);
    await replicas[0].take();
    expect(await refusal(replicas[1].take())).toBeGreaterThan(0);
  });

  it('frees at once a slot in which nothing was sent', async () => {
    const slots = await Promise.all([0, 1, 2, 3, 4].map((i) => replicas[i % 2].take()));
    await replicas[0].giveBack(slots[3]);
    await replicas[1].take();
    expect(await refusal(replicas[0].take())).toBe(1000);
  });

  it('waits for a slot when asked to, within a deadline', async () => {
    const slots = await Promise.all([0, 1, 2, 3, 4].map((i) => replicas[i % 2].take()));
    await replicas[0].release(slots[0]);
    const started = Date.now();
    await replicas[1].takeWithin(5_000);
    expect(Date.now() - started).toBeGreaterThan(900);
    expect(await refusal(replicas[1].takeWithin(100))).toBeGreaterThan(100);
  });

  it('never lets more than the limit through in any sliding second, sends of any length, two replicas at eight at once', async () => {
    const arrivals: number[] = [];
    const until = Date.now() + 3_500;
    /** One replica's worker, as the campaign emails': wait for a slot (in line), "send" (the message arrives at a random moment of it), release. */
    const worker = async (replica: EmailSendLimiter) => {
      while (Date.now() < until) {
        let slot: string;
        try {
          slot = await replica.takeWithin(1000);
        } catch (error) {
          if (!(error instanceof EmailRateReached)) throw error;
          await sleep(error.waitMs);
          continue;
        }
        const duration = Math.random() * 80;
        const arrival = Math.random() * duration;
        await sleep(arrival);
        arrivals.push(Date.now());
        await sleep(duration - arrival);
        await replica.release(slot);
      }
    };
    await Promise.all(replicas.flatMap((replica) => Array.from({ length: 8 }, () => worker(replica))));
    expect(busiestWindow(arrivals)).toBeLessThanOrEqual(PER_SECOND);
    // Not far too strict either: about the limit over the run.
    expect(arrivals.length).toBeGreaterThanOrEqual(3 * PER_SECOND);
  });
});
