import { hasNameControlCharacter } from '@sesame/contracts';
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

/** A name on one line, or why not (the rule is libs/contracts' `hasNameControlCharacter`). */
export function checkName(value: string): RuleIssue | null {
  return hasNameControlCharacter(value) ? { code: 'name.control_character' } : null;
}
