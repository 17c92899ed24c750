import { RuleIssue, USERNAME_MAX_LENGTH } from './username.rules';

/** Display name default of Collaborate: "firstName lastName", or the username when both are empty. */
export function defaultDisplayName(firstName?: string | null, lastName?: string | null, username?: string): string {
  const full = [firstName?.trim(), lastName?.trim()].filter(Boolean).join(' ');
  return full || username || '';
}

/** Lower case, accents removed, only letters, digits and single hyphens: "Éloïse-Marie d'Aubigné" → "eloise-marie-daubigne". */
export function loginPart(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[œ]/g, 'oe')
    .replace(/[æ]/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The generated login `firstname.lastname` before any collision suffix; null when nothing usable is left. */
export function loginBase(firstName: string, lastName: string): string | null {
  const parts = [loginPart(firstName), loginPart(lastName)].filter(Boolean);
  if (parts.length === 0) return null;
  // Leave room for a collision suffix of up to four digits.
  return parts.join('.').slice(0, USERNAME_MAX_LENGTH - 4).replace(/[.-]+$/, '');
}

/** `jean.dupont`, then `jean.dupont2`, `jean.dupont3` … */
export function loginCandidate(base: string, attempt: number): string {
  return attempt <= 1 ? base : `${base}${attempt}`;
}

/**
 * Names (first, last, display, school and class names) are one line of text: tabs and line breaks
 * would break the letters, the CSV exports and the email headers they are printed in. Every control
 * character (Unicode Cc, U+0000 to U+001F and U+007F to U+009F, tab and line feed included) and the
 * line and paragraph separators U+2028 and U+2029 are refused. Format characters (Cf) stay allowed:
 * some scripts need the zero-width joiners.
 */
const NAME_CONTROL_CHARACTER = /[\p{Cc}\u2028\u2029]/u;

export function checkName(value: string): RuleIssue | null {
  return NAME_CONTROL_CHARACTER.test(value) ? { code: 'name.control_character' } : null;
}
