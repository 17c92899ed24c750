import { rateLimit } from './email-rate.rules';

describe('rateLimit', () => {
  it('splits a second into short windows of several emails', () => {
    expect(rateLimit(50)).toEqual({ max: 5, duration: 100 });
    expect(rateLimit(1000)).toEqual({ max: 100, duration: 100 });
  });

  it('lengthens the window for rates under ten a second', () => {
    expect(rateLimit(2)).toEqual({ max: 1, duration: 500 });
    expect(rateLimit(0.5)).toEqual({ max: 1, duration: 2000 });
  });

  it.each([1, 3, 7, 13, 20, 50, 333, 1000])('keeps the average at the rate asked (%d a second, within 1 %%)', (perSecond) => {
    const { max, duration } = rateLimit(perSecond);
    expect((max * 1000) / duration).toBeGreaterThan(perSecond * 0.99);
    expect((max * 1000) / duration).toBeLessThan(perSecond * 1.01);
  });
});
