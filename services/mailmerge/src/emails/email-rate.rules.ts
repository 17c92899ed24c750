/**
 * BullMQ's rate limit (`max` jobs per `duration` milliseconds) for a number of emails per second.
 * The limit is one counter per queue in Redis, shared by every replica, reset at the end of each
 * window: at most `max` more may start just after a window opens than the rate allows, so the window
 * is kept short (a tenth of a second), while holding several emails so that the few milliseconds a
 * worker takes to notice a new window cost little of the rate.
 */
export function rateLimit(perSecond: number, windowMs = 100): { max: number; duration: number } {
  const max = Math.max(1, Math.round((perSecond * windowMs) / 1000));
  return { max, duration: Math.max(1, Math.round((max * 1000) / perSecond)) };
}
