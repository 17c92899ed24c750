/** The console's languages: French first (SPEC), English on demand. */
export type Locale = 'fr' | 'en';

let current: Locale = 'fr';

/** The language of the interface, sent to the API as Accept-Language so its messages match. */
export function currentLocale(): Locale {
  return current;
}

export function setCurrentLocale(locale: string): Locale {
  current = locale === 'en' ? 'en' : 'fr';
  document.documentElement.lang = current;
  return current;
}
