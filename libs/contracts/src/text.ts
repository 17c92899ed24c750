import { z } from 'zod';
import type { FieldIssue } from './errors';

/**
 * PostgreSQL cannot store U+0000 in text or jsonb: a NUL that reached a query made it fail (a 500).
 * Every input is checked once where it enters (the gateway's ZodPipe for bodies, query strings and
 * parameters; answerRpc and the event consumer for messages, forged ones included), whatever its
 * schema, so no field can forget it. Object keys count too.
 */
export function nulCharacterIssues(value: unknown, path: readonly string[] = []): FieldIssue[] {
  const field = (at: readonly string[]) => at.join('.') || '(body)';
  if (typeof value === 'string') return value.includes('\u0000') ? [{ field: field(path), code: 'text.nul_character' }] : [];
  if (value === null || typeof value !== 'object') return [];
  const issues: FieldIssue[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) issues.push({ field: field([...path, key]), code: 'text.nul_character' });
    else issues.push(...nulCharacterIssues(item, [...path, key]));
  }
  return issues;
}

/**
 * Names (first, last, display, school and class names) are one line of text: tabs and line breaks
 * would break the letters, the CSV exports and the email headers they are printed in. Every control
 * character (Unicode Cc, U+0000 to U+001F and U+007F to U+009F, tab and line feed included) and the
 * line and paragraph separators U+2028 and U+2029 are refused. Format characters (Cf) stay allowed:
 * some scripts need the zero-width joiners. (Here rather than in libs/account-rules: the contracts
 * depend on nothing but zod, and the account rules read it from here.)
 */
const NAME_CONTROL_CHARACTER = /[\p{Cc}\u2028\u2029]/u;

/** Whether a name holds a character that is not printed on one line (see above). */
export function hasNameControlCharacter(value: string): boolean {
  return NAME_CONTROL_CHARACTER.test(value);
}

/** A name of people, schools or classes: one line of `min` to `max` characters. */
export const nameText = (max: number, min = 0) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !hasNameControlCharacter(value), { params: { code: 'name.control_character' } });
