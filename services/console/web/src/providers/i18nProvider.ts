import polyglotI18nProvider from 'ra-i18n-polyglot';
import { en } from '../i18n/en';
import { fr } from '../i18n/fr';

/** French first; English on demand. The API answers in the same language (Accept-Language). */
export const i18nProvider = polyglotI18nProvider(
  (locale) => {
    document.documentElement.lang = locale;
    return locale === 'en' ? en : fr;
  },
  'fr',
  [
    { locale: 'fr', name: 'Français' },
    { locale: 'en', name: 'English' },
  ],
);
