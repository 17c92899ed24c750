import { jobStartLimit, sendSlots, slotLeaseMs, slotWaitMs } from './email-rate.rules';

describe('sendSlots', () => {
  it('holds the rate’s emails in every sliding second', () => {
    expect(sendSlots(50)).toEqual({ slots: 50, windowMs: 1000 });
    expect(sendSlots(1)).toEqual({ slots: 1, windowMs: 1000 });
    expect(sendSlots(10_000)).toEqual({ slots: 10_000, windowMs: 1000 });
  });

  it('never lets a second hold more than the rate allows when it is not a whole number', () => {
    expect(sendSlots(2.5)).toEqual({ slots: 2, windowMs: 1000 });
    expect(sendSlots(1.99)).toEqual({ slots: 1, windowMs: 1000 });
  });

  it('holds one slot longer than a second for rates under one a second', () => {
    expect(sendSlots(0.5)).toEqual({ slots: 1, windowMs: 2000 });
    expect(sendSlots(0.3)).toEqual({ slots: 1, windowMs: 3334 });
  });

  it.each([0.1, 0.5, 1, 2.5, 20, 50, 333, 1000])('never allows more than the rate over a window (%d a second)', (perSecond) => {
    const { slots, windowMs } = sendSlots(perSecond);
    expect((slots * 1000) / windowMs).toBeLessThanOrEqual(perSecond);
    expect(slots).toBeGreaterThanOrEqual(1);
  });
});

describe('slotLeaseMs', () => {
  it('outlasts a send cut off at every step by the SMTP timeout, and never less than 30 s', () => {
    expect(slotLeaseMs(15_000)).toBe(150_000);
    expect(slotLeaseMs(1_000)).toBe(30_000);
  });
});

describe('slotWaitMs', () => {
  it('waits until the earliest slot frees', () => {
    expect(slotWaitMs(10_000, 10_250, 1000)).toBe(250);
  });

  it('waits at most one window: a slot still leased may be released at once, and frees a window later', () => {
    expect(slotWaitMs(10_000, 40_000, 1000)).toBe(1000);
    expect(slotWaitMs(10_000, 40_000, 2000)).toBe(2000);
  });

  it('waits at least a millisecond', () => {
    expect(slotWaitMs(10_000, 10_000, 1000)).toBe(1);
    expect(slotWaitMs(10_000, 9_000, 1000)).toBe(1);
  });
});

describe('jobStartLimit', () => {
  it('splits a second into short windows of several starts', () => {
    expect(jobStartLimit(50)).toEqual({ max: 5, duration: 100 });
    expect(jobStartLimit(1000)).toEqual({ max: 100, duration: 100 });
  });

  it('lengthens the window for rates under ten a second', () => {
    expect(jobStartLimit(2)).toEqual({ max: 1, duration: 500 });
    expect(jobStartLimit(0.5)).toEqual({ max: 1, duration: 2000 });
  });

  it.each([1, 3, 7, 13, 20, 50, 333, 1000])('keeps the average at the rate asked (%d a second, within 1 %%)', (perSecond) => {
    const { max, duration } = jobStartLimit(perSecond);
    expect((max * 1000) / duration).toBeGreaterThan(perSecond * 0.99);
    expect((max * 1000) / duration).toBeLessThan(perSecond * 1.01);
  });
});
