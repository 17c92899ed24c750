import { LEGAL_MAX_LIFECYCLE_DAYS, checkLifecycleDelays, lifecycleDates } from './lifecycle.rules';

describe('the leavers’ calendar (arrêté du 30 novembre 2006, art. 6)', () => {
  it('accepts delays that end within three months of any departure, and refuses one day more with the total and the maximum', () => {
    expect(checkLifecycleDelays({ tolerationDays: 29, deactivationDays: 30, preDeletionDays: 30 })).toEqual([]);
    expect(checkLifecycleDelays({ tolerationDays: 30, deactivationDays: 30, preDeletionDays: 30 }, 'profiles.0.')).toEqual([
      { field: 'profiles.0.preDeletionDays', code: 'lifecycle.exceeds_legal_limit', params: { total: 90, maximum: 89 } },
    ]);
  });

  it('keeps 89 days inside three calendar months from every day of a year, leap years included', () => {
    for (let day = 0; day < 366 * 4; day++) {
      const leftAt = new Date(Date.UTC(2024, 0, 1 + day));
      const threeMonths = new Date(leftAt);
      threeMonths.setUTCMonth(threeMonths.getUTCMonth() + 3);
      // 31 May + 3 months is 31 August; 30 November + 3 months, 28 February (JavaScript overflows to 2 March: the month's end is the limit).
      const limit = threeMonths.getUTCDate() === leftAt.getUTCDate() ? threeMonths : new Date(Date.UTC(threeMonths.getUTCFullYear(), threeMonths.getUTCMonth(), 0));
      const { deleteOn } = lifecycleDates(leftAt, { tolerationDays: LEGAL_MAX_LIFECYCLE_DAYS, deactivationDays: 0, preDeletionDays: 0 });
      expect(deleteOn.getTime()).toBeLessThanOrEqual(limit.getTime());
    }
  });

  it('refuses a negative or fractional delay', () => {
    expect(checkLifecycleDelays({ tolerationDays: -1, deactivationDays: 1.5, preDeletionDays: 0 }).map((i) => [i.field, i.code])).toEqual([
      ['tolerationDays', 'lifecycle.delay_invalid'],
      ['deactivationDays', 'lifecycle.delay_invalid'],
    ]);
  });

  it('dates each step from the departure', () => {
    const dates = lifecycleDates(new Date('2026-06-30T10:00:00Z'), { tolerationDays: 15, deactivationDays: 30, preDeletionDays: 30 });
    expect(dates).toEqual({
      deactivateOn: new Date('2026-07-15T10:00:00Z'),
      preDeleteOn: new Date('2026-08-14T10:00:00Z'),
      deleteOn: new Date('2026-09-13T10:00:00Z'),
    });
  });
});
