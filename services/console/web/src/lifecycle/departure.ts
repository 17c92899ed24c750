/**
 * The day of a departure, chosen as a day (dd/mm/yyyy in the form, yyyy-mm-dd in it) and sent as an
 * instant: the console shows every date in Paris time (accounts/account-rows' formatDate), so a day
 * is read there too.
 */
const PARIS = 'Europe/Paris';

/** The day it is in Paris, as yyyy-mm-dd. */
export function parisDay(at: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: PARIS, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * Noon of a day in Paris, with its offset: 2026-07-04 → 2026-07-04T12:00:00+02:00. The calendar adds
 * whole days of 24 hours to the departure: from noon, a change of time (one hour) never moves a date
 * to the day before or after, as it would from midnight.
 */
export function parisNoon(day: string): string {
  const zone = new Intl.DateTimeFormat('en-GB', { timeZone: PARIS, timeZoneName: 'longOffset' })
    .formatToParts(new Date(`${day}T12:00:00Z`))
    .find((part) => part.type === 'timeZoneName')?.value;
  const offset = zone && zone !== 'GMT' ? zone.replace('GMT', '') : '+00:00';
  return `${day}T12:00:00${offset}`;
}

export type DepartureDay = { leftAt?: string } | { problem: 'required' | 'future' };

/**
 * What POST /users/:id/depart is sent for the day chosen: today is the present moment (no `leftAt`),
 * a past day its noon in Paris; a day to come is refused, as the API would.
 */
export function departureOf(day: string | null | undefined, today: string = parisDay()): DepartureDay {
  if (!day) return { problem: 'required' };
  if (day > today) return { problem: 'future' };
  return day === today ? {} : { leftAt: parisNoon(day) };
}
