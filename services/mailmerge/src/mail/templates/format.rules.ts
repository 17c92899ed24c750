import { Locale, publicLink } from '@sesame/contracts';

/** Text as HTML: everything a name may hold (`<`, `&`, quotes) shown, never interpreted. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Users are in France, wherever the server runs: times are shown in Paris time. */
const TIME_ZONE = 'Europe/Paris';

/**
 * A moment as a French letter writes it, "lundi 1er décembre 2025 à 18 h 05", or in English
 * "Monday 1 December 2025 at 18:05"; always Paris time.
 */
export function formatParisDateTime(moment: Date, locale: Locale): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: TIME_ZONE,
    })
      .formatToParts(moment)
      .map((part) => [part.type, part.value]),
  ) as Record<'weekday' | 'day' | 'month' | 'year' | 'hour' | 'minute', string>;
  const { weekday, day, month, year, hour, minute } = parts;
  if (locale === 'fr') return `${weekday} ${day === '1' ? '1er' : day} ${month} ${year} à ${hour} h ${minute}`;
  return `${weekday} ${day} ${month} ${year} at ${hour}:${minute}`;
}

/** The page of the console where a reset token is used; the token is a query parameter, encoded. */
export function passwordResetLink(publicUrl: string, token: string): string {
  return publicLink(publicUrl, 'passwordReset', { token });
}

/** Formatting a date builds an Intl formatter (slow): one per language, kept. */
const DAY_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: TIME_ZONE }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: TIME_ZONE }),
};

/** A day as a letter writes it, Paris time: "1er janvier 2026", "31 December 2025". */
export function formatParisDate(moment: Date, locale: Locale): string {
  const parts = Object.fromEntries(DAY_FORMATS[locale].formatToParts(moment).map((part) => [part.type, part.value])) as Record<'day' | 'month' | 'year', string>;
  return `${locale === 'fr' && parts.day === '1' ? '1er' : parts.day} ${parts.month} ${parts.year}`;
}
