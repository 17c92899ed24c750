import polyglotI18nProvider from 'ra-i18n-polyglot';
import { en } from '../i18n/en';
import { fr } from '../i18n/fr';
import { setCurrentLocale } from '../i18n/locale';

/**
 * French first; English on demand. react-admin keeps the choice in its store (localStorage), so it
 * survives a reload and applies to the public pages too; the API answers in the same language.
 */
export const i18nProvider = polyglotI18nProvider(
  (locale) => (setCurrentLocale(locale) === 'en' ? en : fr),
  'fr',
  [
    { locale: 'fr', name: 'Français' },
    { locale: 'en', name: 'English' },
  ],
);
