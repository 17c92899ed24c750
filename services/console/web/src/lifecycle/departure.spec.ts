import { departureOf, parisDay, parisNoon } from './departure';

describe('the day of a departure', () => {
  it('is the day of Paris, whatever the hour in UTC', () => {
    expect(parisDay(new Date('2026-07-03T22:30:00Z'))).toBe('2026-07-04');
    expect(parisDay(new Date('2026-01-03T22:30:00Z'))).toBe('2026-01-03');
  });

  it('is sent as noon in Paris, summer and winter, on the days the time changes too', () => {
    expect(parisNoon('2026-07-04')).toBe('2026-07-04T12:00:00+02:00');
    expect(parisNoon('2026-01-15')).toBe('2026-01-15T12:00:00+01:00');
    // Last Sundays of March and October 2026: noon is already in the new time.
    expect(parisNoon('2026-03-29')).toBe('2026-03-29T12:00:00+02:00');
    expect(parisNoon('2026-10-25')).toBe('2026-10-25T12:00:00+01:00');
  });

  it('keeps its dates on their days across a change of time', () => {
    // Left on 4 September 2026, deleted 60 days of 24 hours later: still 3 November in Paris.
    const deleteOn = new Date(new Date(parisNoon('2026-09-04')).getTime() + 60 * 86_400_000);
    expect(parisDay(deleteOn)).toBe('2026-11-03');
  });

  it('sends nothing for today (the moment it is recorded), noon of a past day, and refuses a day to come', () => {
    expect(departureOf('2026-07-04', '2026-07-04')).toEqual({});
    expect(departureOf('2026-06-30', '2026-07-04')).toEqual({ leftAt: '2026-06-30T12:00:00+02:00' });
    expect(departureOf('2026-07-05', '2026-07-04')).toEqual({ problem: 'future' });
    expect(departureOf('', '2026-07-04')).toEqual({ problem: 'required' });
    expect(departureOf(null, '2026-07-04')).toEqual({ problem: 'required' });
  });
});
