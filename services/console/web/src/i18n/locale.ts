/** The console's languages: French first (SPEC), English on demand. */
export type Locale = 'fr' | 'en';

let current: Locale = 'fr';

/** The language chosen last, shared with the sign-in pages (which may change it too). */
const LOCALE_COOKIE = 'sesame_locale';

/** Remembers a language the person chose, for Sesame's sign-in pages (the OpenID Connect provider) too. */
export function rememberChoice(locale: Locale): void {
  document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; SameSite=Lax`;
}

/** The language chosen last, on the console or on a sign-in page, if any. */
export function chosenOnSignIn(): Locale | undefined {
  const value = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=(fr|en)`).exec(document.cookie)?.[1];
  return value === 'en' || value === 'fr' ? value : undefined;
}

/** The language of the interface, sent to the API as Accept-Language so its messages match. */
export function currentLocale(): Locale {
  return current;
}

export function setCurrentLocale(locale: string): Locale {
  current = locale === 'en' ? 'en' : 'fr';
  document.documentElement.lang = current;
  return current;
}
