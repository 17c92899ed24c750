import { type Locale, neutralizeCell } from '@sesame/account-rules';
import type { UserRow } from '@sesame/contracts';

/*
 * The selection as a CSV file (« Exporter » on the accounts list, the « Imports / Exports » rubric of
 * the source document): the columns of the verification list (SPEC §4), for a French spreadsheet.
 */

/** The verification list's columns, in its order. */
const HEADERS: Record<Locale, string[]> = {
  fr: ['Nom', 'Prénom', 'Profil', 'Identifiant', 'Code d’activation', 'Adresse e-mail', 'Classes', 'Date de création'],
  en: ['Last name', 'First name', 'Profile', 'Username', 'Activation code', 'Email address', 'Classes', 'Creation date'],
};

/** What the list calls each kind of account: the profile of a member, the role of the others. */
const KINDS: Record<Locale, Record<string, string>> = {
  fr: {
    student: 'Élève',
    relative: 'Parent',
    teacher: 'Enseignant',
    personnel: 'Personnel',
    guest: 'Invité',
    manager: 'Gestionnaire',
    administrator: 'Administrateur',
    supervisor: 'Superviseur',
    member: 'Usager',
  },
  en: {
    student: 'Student',
    relative: 'Parent',
    teacher: 'Teacher',
    personnel: 'Staff',
    guest: 'Guest',
    manager: 'Manager',
    administrator: 'Administrator',
    supervisor: 'Supervisor',
    member: 'Member',
  },
};

/** The separator French Excel expects (a comma is its decimal mark). */
export const EXPORT_DELIMITER = ';';
/** Rows asked of identity at once: the most GET /users gives, one page held at a time. */
export const EXPORT_PAGE_SIZE = 500;

/** One CSV line (RFC 4180): a cell holding the separator, a quote or a line break is quoted. */
export function csvLine(cells: readonly string[]): string {
  return cells.map((cell) => (/[;"\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(EXPORT_DELIMITER) + '\r\n';
}

export function exportHeader(locale: Locale): string[] {
  return [...HEADERS[locale]];
}

/** The académie's calendar day (Paris time), as a French or British spreadsheet reads it: 05/12/2026. */
function day(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso));
}

/**
 * One account as a row. The activation code is the one the list shows that caller (identity gives
 * it only to whoever may read it, and only before activation); nothing else secret is in a row.
 */
export function exportRecord(row: UserRow, locale: Locale): string[] {
  const kind = row.role === 'member' && row.profile ? row.profile : row.role;
  return [
    row.lastName ?? '',
    row.firstName ?? '',
    KINDS[locale][kind] ?? kind,
    row.username,
    row.activationCode ?? '',
    row.email ?? '',
    row.classes.join(', '),
    day(row.createdAt, locale),
  ].map(neutralizeCell);
}

/** `comptes-2026-12-05.csv`, the day of the export in Paris. */
export function exportFileName(now: Date, locale: Locale): string {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return `${locale === 'fr' ? 'comptes' : 'accounts'}-${date}.csv`;
}

/** The pages to ask for: the next one while the last was full and the total not reached. */
export function hasNextPage(page: number, received: number, total: number): boolean {
  return received === EXPORT_PAGE_SIZE && page * EXPORT_PAGE_SIZE < total;
}
