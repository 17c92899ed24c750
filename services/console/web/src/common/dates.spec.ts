import { dayShown, dayTyped, isIsoDay } from './dates';

describe('dates typed as dd/mm/yyyy', () => {
  it('reads the day first, with slashes, dots or dashes, with or without leading zeros', () => {
    expect(dayTyped('05/09/2026')).toBe('2026-09-05');
    expect(dayTyped('5/9/2026')).toBe('2026-09-05');
    expect(dayTyped(' 05.09.2026 ')).toBe('2026-09-05');
    expect(dayTyped('05-09-2026')).toBe('2026-09-05');
  });

  it('refuses what is not a day of the calendar, or not finished', () => {
    expect(dayTyped('31/02/2026')).toBeUndefined();
    expect(dayTyped('09/13/2026')).toBeUndefined();
    expect(dayTyped('05/09')).toBeUndefined();
    expect(dayTyped('2026-09-05')).toBeUndefined();
  });

  it('shows a stored day the French way, and a day being typed as it is', () => {
    expect(dayShown('2026-09-05')).toBe('05/09/2026');
    expect(dayShown('05/09')).toBe('05/09');
    expect(dayShown(undefined)).toBe('');
  });

  it('knows the API’s form', () => {
    expect(isIsoDay('2026-09-05')).toBe(true);
    expect(isIsoDay('2026-02-30')).toBe(false);
    expect(isIsoDay('05/09/2026')).toBe(false);
  });
});
