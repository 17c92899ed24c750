import { type Locale, neutralizeCell } from '@sesame/account-rules';
import type { FeedChange, FeedChangeCategory } from '@sesame/contracts';

/*
 * A feed's diff as a CSV file (GET /feeds/{id}/changes.csv): every change, one per line, for a
 * French spreadsheet (UTF-8 with a byte order mark, `;`), as the other exports are.
 */

const HEADERS: Record<Locale, string[]> = {
  fr: ['Catégorie', 'UAI', 'Clé de jointure', 'Identifiant', 'Nom', 'Prénom', 'Profil', 'Avant', 'Après'],
  en: ['Category', 'UAI', 'Join key', 'Username', 'Last name', 'First name', 'Profile', 'Before', 'After'],
};

const CATEGORIES: Record<Locale, Record<FeedChangeCategory, string>> = {
  fr: {
    new: 'Nouveau compte',
    names: 'Nom modifié',
    contacts: 'Coordonnées modifiées',
    moved: 'Changement de classe ou d’établissement',
    profile: 'Changement de profil',
    links_added: 'Lien parent ajouté',
    links_removed: 'Lien parent retiré',
    leaver: 'Départ',
    returner: 'Retour',
  },
  en: {
    new: 'New account',
    names: 'Name changed',
    contacts: 'Contact details changed',
    moved: 'Moved class or school',
    profile: 'Profile changed',
    links_added: 'Relative link added',
    links_removed: 'Relative link removed',
    leaver: 'Leaver',
    returner: 'Returner',
  },
};

const PROFILES: Record<Locale, Record<string, string>> = {
  fr: { student: 'Élève', relative: 'Parent', teacher: 'Enseignant', personnel: 'Personnel' },
  en: { student: 'Student', relative: 'Parent', teacher: 'Teacher', personnel: 'Staff' },
};

/** Changes asked of identity at once (the most IdentityFeedRpc.changes gives): one page held at a time. */
export const CHANGES_PAGE_SIZE = 5_000;

/** One CSV line (RFC 4180): a cell holding the separator, a quote or a line break is quoted. */
export function csvLine(cells: readonly string[]): string {
  return cells.map((cell) => (/[;"\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(';') + '\r\n';
}

export function changesHeader(locale: Locale): string[] {
  return [...HEADERS[locale]];
}

/** `before` / `after` as `field: value` pairs, lists joined with commas. */
function values(fields: Record<string, unknown> | null): string {
  if (!fields) return '';
  const text = (value: unknown): string =>
    value === null || value === undefined
      ? '—'
      : Array.isArray(value)
        ? value.map(text).join(', ')
        : typeof value === 'object'
          ? Object.values(value as Record<string, unknown>).map(text).join(' ')
          : String(value);
  return Object.entries(fields)
    .map(([field, value]) => `${field}: ${text(value)}`)
    .join(' | ');
}

/** One change as a row; every cell neutralised (a name from a feed may start with `=`). */
export function changeRecord(change: FeedChange, locale: Locale): string[] {
  return [
    CATEGORIES[locale][change.category],
    change.uai ?? '',
    change.joinKey,
    change.username ?? '',
    change.lastName ?? '',
    change.firstName ?? '',
    change.profile ? PROFILES[locale][change.profile] : '',
    values(change.before),
    values(change.after),
  ].map(neutralizeCell);
}

/** `flux-<id>-changements.csv`. */
export function changesFileName(feedId: string, locale: Locale): string {
  return locale === 'fr' ? `flux-${feedId}-changements.csv` : `feed-${feedId}-changes.csv`;
}
