import type { Locale } from './messages';

// Spelled out here rather than with Intl.NumberFormat's units: ICU's spacing differs between units
// and versions (a no-break space before "heure", a plain one before "minutes").
const UNITS: Record<Locale, Record<'second' | 'minute' | 'hour', [string, string]> & { and: string; plural: (n: number) => boolean }> = {
  fr: { second: ['seconde', 'secondes'], minute: ['minute', 'minutes'], hour: ['heure', 'heures'], and: 'et', plural: (n) => n >= 2 },
  en: { second: ['second', 'seconds'], minute: ['minute', 'minutes'], hour: ['hour', 'hours'], and: 'and', plural: (n) => n !== 1 },
};

/**
 * A wait as people say it: "15 minutes", "1 heure et 30 minutes", "45 secondes". Rounded up to
 * the minute past one minute, so that nobody is told to come back before the block ends.
 */
export function humanDuration(seconds: number, locale: Locale): string {
  const words = UNITS[locale];
  const count = (n: number, unit: 'second' | 'minute' | 'hour') => `${n} ${words[unit][words.plural(n) ? 1 : 0]}`;
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 60) return count(whole, 'second');
  const minutes = Math.ceil(whole / 60);
  if (minutes < 60) return count(minutes, 'minute');
  const hours = count(Math.floor(minutes / 60), 'hour');
  return minutes % 60 ? `${hours} ${words.and} ${count(minutes % 60, 'minute')}` : hours;
}
