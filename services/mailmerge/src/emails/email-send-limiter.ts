import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SERVICE_REDIS_KEYS, serviceKey } from '@sesame/contracts';
import Redis from 'ioredis';
import { MAILMERGE_CONFIG, MailmergeConfig } from '../config/mailmerge.config';
import { SendSlots, sendSlots, slotLeaseMs, slotWaitMs } from './email-rate.rules';

/** No slot free: the email waits `waitMs` (nothing was sent, nothing claimed). */
export class EmailRateReached extends Error {
  constructor(readonly waitMs: number) {
    super(`campaign email rate reached: next slot in ${waitMs} ms`);
    this.name = 'EmailRateReached';
  }
}

// Both scripts read the time from Redis (TIME), never from the replica: the replicas' clocks may
// differ, the one set of slots has one clock. A slot's score is when it frees (ms).

/** KEYS[1] slots; ARGV: slots, lease ms, key lifetime ms, slot id. → {1, now} taken, or {0, now, earliest expiry}. */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {1, now}
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, now, tonumber(first[2])}
`;

/**
 * KEYS[1] slots; ARGV: window ms, key lifetime ms, slot id. Held one window past the end of the send.
 * Added back even if its lease ran out meanwhile: the message did go out, it counts.
 */
const RELEASE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return now
`;

interface SlotCommands {
  takeEmailSendSlot(key: string, slots: number, leaseMs: number, lifetimeMs: number, slot: string): Promise<[number, number, number?]>;
  releaseEmailSendSlot(key: string, windowMs: number, lifetimeMs: number, slot: string): Promise<number>;
}

/**
 * CAMPAIGN_EMAILS_PER_SECOND as the SMTP server sees it, for every replica together: a send takes
 * one of the slots kept in Redis (SERVICE_REDIS_KEYS.mailmergeEmailSendSlots) before its message
 * goes out, and holds it until a window after the send ended, success or failure (email-rate.rules).
 */
@Injectable()
export class EmailSendLimiter {
  private readonly logger = new Logger(EmailSendLimiter.name);
  private readonly key: string;
  readonly limit: SendSlots;
  private readonly leaseMs: number;
  private readonly redis: Redis & SlotCommands;
  /** The last caller of takeWithin in line, and how many are in it. */
  private line: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(@Inject(Redis) redis: Redis, @Inject(MAILMERGE_CONFIG) config: MailmergeConfig) {
    this.key = serviceKey(config.REDIS_PREFIX, SERVICE_REDIS_KEYS.mailmergeEmailSendSlots);
    this.limit = sendSlots(config.CAMPAIGN_EMAILS_PER_SECOND);
    this.leaseMs = slotLeaseMs(config.SMTP_TIMEOUT_MS);
    redis.defineCommand('takeEmailSendSlot', { numberOfKeys: 1, lua: TAKE });
    redis.defineCommand('releaseEmailSendSlot', { numberOfKeys: 1, lua: RELEASE });
    this.redis = redis as Redis & SlotCommands;
  }

  /** The key outlives every member's expiry, and goes once no email was sent for that long. */
  private get lifetimeMs(): number {
    return this.leaseMs + this.limit.windowMs;
  }

  /** A slot to send one email in; throws EmailRateReached when none is free. */
  async take(): Promise<string> {
    const slot = randomUUID();
    const [taken, now, earliest] = await this.redis.takeEmailSendSlot(this.key, this.limit.slots, this.leaseMs, this.lifetimeMs, slot);
    if (taken === 1) return slot;
    throw new EmailRateReached(slotWaitMs(now, earliest ?? now, this.limit.windowMs));
  }

  /**
   * A slot within `withinMs`, waiting for one as long as needed; throws EmailRateReached past it.
   * While slots are free, callers take theirs at once, side by side. Once one has to wait, the
   * callers of this process wait in line, one asking Redis at a time: a slot that frees goes to the
   * first, rather than all of them asking for it at once.
   */
  async takeWithin(withinMs: number): Promise<string> {
    const deadline = Date.now() + withinMs;
    if (this.waiting === 0) {
      try {
        return await this.take();
      } catch (error) {
        if (!(error instanceof EmailRateReached)) throw error;
      }
    }
    this.waiting += 1;
    const turn = this.line.then(() => this.takeBefore(deadline));
    this.line = turn.then(
      () => undefined,
      () => undefined,
    );
    try {
      return await turn;
    } finally {
      this.waiting -= 1;
    }
  }

  private async takeBefore(deadline: number): Promise<string> {
    for (;;) {
      try {
        return await this.take();
      } catch (error) {
        if (!(error instanceof EmailRateReached) || Date.now() + error.waitMs > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, error.waitMs));
      }
    }
  }

  /**
   * The send ended (its message accepted, refused, or lost on the way): the slot frees a window
   * from now. Never throws: the email's outcome is already known; a slot not released frees itself
   * when its lease ends, which only slows the next sends.
   */
  async release(slot: string): Promise<void> {
    try {
      await this.redis.releaseEmailSendSlot(this.key, this.limit.windowMs, this.lifetimeMs, slot);
    } catch (error) {
      this.logger.warn({ err: error }, 'Email send slot not released: it frees itself at the end of its lease');
    }
  }

  /** Nothing was sent in the slot: it frees at once. Never throws (its lease frees it otherwise). */
  async giveBack(slot: string): Promise<void> {
    try {
      await this.redis.zrem(this.key, slot);
    } catch (error) {
      this.logger.warn({ err: error }, 'Unused email send slot not given back: it frees itself at the end of its lease');
    }
  }
}
