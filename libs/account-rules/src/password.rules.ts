import { unpredictablePart } from './password-patterns.rules';
import { RuleIssue, characterCount } from './username.rules';

export const PASSWORD_MIN_LENGTH = 12;
/** The policy must accept at least 64; argon2 hashes anything, but a bound stops abuse. */
export const PASSWORD_MAX_LENGTH = 256;
/**
 * Characters a password must keep once its repeated blocks and sequences are set aside (see
 * password-patterns.rules.ts): half the minimum length, so at least half of a 12-character password
 * is neither `aaaa` nor `1234` nor `azerty`.
 */
export const PASSWORD_MIN_UNPREDICTABLE = PASSWORD_MIN_LENGTH / 2;

/** What the policy asks of a list of common passwords: whether it holds a (lower-case, NFC) entry. */
export interface PasswordList {
  has(entry: string): boolean;
}

/**
 * Password policy of SPEC §3: length only (no composition rules), not containing the login, not
 * mostly repeated characters or sequences, and not a common password, alone or padded with a
 * sequence (`password12345678`). `common` holds lower-case NFC entries; without it (the console,
 * which leaves the list to the API) the other rules still apply.
 */
export function checkPassword(password: string, username: string, common?: PasswordList): RuleIssue | null {
  const length = characterCount(password);
  if (length < PASSWORD_MIN_LENGTH) return { code: 'password.too_short', params: { minimum: PASSWORD_MIN_LENGTH } };
  if (length > PASSWORD_MAX_LENGTH) return { code: 'password.too_long', params: { maximum: PASSWORD_MAX_LENGTH } };
  const lower = password.normalize('NFC').toLowerCase();
  if (common?.has(lower)) return { code: 'password.too_common' };
  const login = username.normalize('NFC').toLowerCase();
  // A one- or two-letter login would forbid half of all passwords.
  if (characterCount(login) >= 3 && lower.includes(login)) return { code: 'password.contains_username' };
  const core = unpredictablePart(lower);
  if (characterCount(core) < PASSWORD_MIN_UNPREDICTABLE) return { code: 'password.predictable' };
  if (core !== lower && common?.has(core.trim())) return { code: 'password.too_common' };
  return null;
}
