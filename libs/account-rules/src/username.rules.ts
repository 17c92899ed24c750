/** Username rules of SPEC §3 (Collaborate's rules), pure so the console can apply them as you type. */

export const USERNAME_MAX_LENGTH = 64;
export const USERNAME_FORBIDDEN_CHARACTERS = ['<', '&', '\\', '"', '#', '%'] as const;

export interface RuleIssue {
  code: string;
  params?: Record<string, string | number>;
}

/** Usernames are stored and compared in Unicode NFC: `E\u0301ric` and `Éric` are one login. */
export function normalizeUsername(raw: string): string {
  return raw.normalize('NFC');
}

/** Length in characters as a person counts them (code points after NFC), not UTF-16 units. */
export function characterCount(value: string): number {
  return [...value].length;
}

/** Returns the first rule the (normalized) username breaks, or null when it is acceptable. */
export function checkUsername(raw: string): RuleIssue | null {
  const username = normalizeUsername(raw);
  if (username.length === 0) return { code: 'username.required' };
  const length = characterCount(username);
  if (length > USERNAME_MAX_LENGTH) {
    return { code: 'username.too_long', params: { maximum: USERNAME_MAX_LENGTH, length } };
  }
  if (!/^[\p{L}\p{N}]/u.test(username)) return { code: 'username.first_character' };
  const forbidden = [...username].find((c) => (USERNAME_FORBIDDEN_CHARACTERS as readonly string[]).includes(c));
  if (forbidden) return { code: 'username.forbidden_character', params: { character: forbidden } };
  // Spaces are allowed; tabs, line breaks and other invisible controls are not.
  if (/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(username)) return { code: 'username.control_character' };
  if (/\s$/u.test(username)) return { code: 'username.trailing_space' };
  return null;
}
