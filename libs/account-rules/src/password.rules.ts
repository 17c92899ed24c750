import { RuleIssue, characterCount } from './username.rules';

export const PASSWORD_MIN_LENGTH = 12;
/** The policy must accept at least 64; argon2 hashes anything, but a bound stops abuse. */
export const PASSWORD_MAX_LENGTH = 256;

/**
 * Password policy of SPEC §3: length only (no composition rules), not a common password, not
 * containing the login. `common` holds lower-case entries.
 */
export function checkPassword(password: string, username: string, common: ReadonlySet<string>): RuleIssue | null {
  const length = characterCount(password);
  if (length < PASSWORD_MIN_LENGTH) return { code: 'password.too_short', params: { minimum: PASSWORD_MIN_LENGTH } };
  if (length > PASSWORD_MAX_LENGTH) return { code: 'password.too_long', params: { maximum: PASSWORD_MAX_LENGTH } };
  const lower = password.normalize('NFC').toLowerCase();
  if (common.has(lower)) return { code: 'password.too_common' };
  const login = username.normalize('NFC').toLowerCase();
  // A one- or two-letter login would forbid half of all passwords.
  if (characterCount(login) >= 3 && lower.includes(login)) return { code: 'password.contains_username' };
  return null;
}
