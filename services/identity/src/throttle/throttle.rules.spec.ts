import { reachesLimit, secondsToWait } from './throttle.rules';

const state = (consumedPoints: number, msBeforeNext: number) => ({ consumedPoints, msBeforeNext });

describe('secondsToWait', () => {
  it('lets an attempt through while every counter is under its limit', () => {
    expect(secondsToWait([{ state: null, limit: 3, applies: true }, { state: state(2, 3_500_000), limit: 3, applies: true }])).toBe(0);
  });

  it('waits for the longest block, rounded up to the second', () => {
    const checks = [
      { state: state(4, 899_001), limit: 3, applies: true },
      { state: state(101, 120_000), limit: 100, applies: true },
    ];
    expect(secondsToWait(checks)).toBe(900);
  });

  it('ignores the per-username counter for an address the user already signed in from', () => {
    expect(secondsToWait([{ state: state(51, 900_000), limit: 50, applies: false }])).toBe(0);
    expect(secondsToWait([{ state: state(51, 900_000), limit: 50, applies: true }])).toBe(900);
  });
});

describe('reachesLimit', () => {
  it('blocks on the failure that reaches the limit, not one later', () => {
    expect(reachesLimit(9, 10)).toBe(false);
    expect(reachesLimit(10, 10)).toBe(true);
  });
});
