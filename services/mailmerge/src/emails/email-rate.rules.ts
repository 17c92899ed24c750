/**
 * The rate limit of campaign emails as the SMTP server sees it: a number of slots shared in Redis
 * (email-send-limiter.ts). A slot is taken before a message goes out and held until `windowMs` after
 * its send ended: a message reaches the server between those two moments, so any window of
 * `windowMs` at the server sees at most `slots` messages — in every sliding window, not on average.
 */
export interface SendSlots {
  slots: number;
  windowMs: number;
}

/**
 * Slots for a rate in emails per second. At one a second or more, a one-second window holds the
 * rate's whole part (a sliding second cannot hold 2.5 messages: 2.5/s allows 2). Under one a second,
 * one slot held long enough to keep the average (0.5/s: one email per two seconds).
 */
export function sendSlots(perSecond: number): SendSlots {
  if (perSecond >= 1) return { slots: Math.floor(perSecond), windowMs: 1000 };
  return { slots: 1, windowMs: Math.ceil(1000 / perSecond) };
}

/** SMTP exchanges of one send that may each wait SMTP_TIMEOUT_MS (connection, greeting, EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, end of data, and one spare). */
const SEND_STEPS = 10;

/**
 * How long a slot is held while its send is under way: past it, the slot frees itself, so that a
 * replica killed mid-send does not keep it for ever. It must outlast any send that is not cut off
 * by nodemailer's timeouts (each step of the exchange waits at most SMTP_TIMEOUT_MS), or a slow send
 * would free its slot while its message is still on its way.
 */
export function slotLeaseMs(smtpTimeoutMs: number): number {
  return Math.max(30_000, SEND_STEPS * smtpTimeoutMs);
}

/**
 * Milliseconds until a slot may free, when none is free now: the earliest expiry in the set, but at
 * most one window away — a slot still leased may be released now, and it frees one window later.
 */
export function slotWaitMs(now: number, earliestExpiry: number, windowMs: number): number {
  return Math.max(1, Math.min(earliestExpiry - now, windowMs));
}

/**
 * BullMQ's rate limit of the job starts (`max` per `duration` ms), kept beside the slots: it spreads
 * the starts over each second rather than a second's worth at once when slots free together, and
 * replicas of the previous version, which know only this limit, keep it during a rolling upgrade.
 * It alone would not hold the limit in every sliding second (fixed windows, counted at each start,
 * not when the message reaches the server): the slots do. Windows of a tenth of a second, holding
 * several starts, so that the few milliseconds a worker takes to notice a new window cost little.
 */
export function jobStartLimit(perSecond: number, windowMs = 100): { max: number; duration: number } {
  const max = Math.max(1, Math.round((perSecond * windowMs) / 1000));
  return { max, duration: Math.max(1, Math.round((max * 1000) / perSecond)) };
}
