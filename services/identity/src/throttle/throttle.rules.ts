/** What a counter says at a given moment (rate-limiter-flexible's RateLimiterRes, or nothing yet). */
export interface CounterState {
  consumedPoints: number;
  /** Milliseconds before the counter (or its block) ends. */
  msBeforeNext: number;
}

export interface CounterCheck {
  state: CounterState | null;
  limit: number;
  /** False for the per-username counter when the address is one the user already signed in from. */
  applies: boolean;
}

/**
 * Seconds to wait before the next attempt may even be tried: 0 while every counter that applies is
 * under its limit, else the longest remaining block, rounded up (what Retry-After says).
 */
export function secondsToWait(checks: CounterCheck[]): number {
  const waits = checks.filter((c) => c.applies && c.state && c.state.consumedPoints >= c.limit).map((c) => c.state!.msBeforeNext);
  return Math.ceil(Math.max(0, ...waits) / 1000);
}

/**
 * A failure that brings a counter to its limit blocks it for the block duration. (Left to itself,
 * rate-limiter-flexible blocks only past the limit, and a counter at its limit stays refused until
 * its one-hour window ends: the 3600 s block of issue 12, whatever LOGIN_BLOCK_SECONDS said.)
 */
export function reachesLimit(consumedPoints: number, limit: number): boolean {
  return consumedPoints >= limit;
}
