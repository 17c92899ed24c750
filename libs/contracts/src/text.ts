import { checkName } from '@sesame/account-rules';
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

/** A name of people, schools or classes: one line of `min` to `max` characters (see checkName). */
export const nameText = (max: number, min = 0) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !checkName(value), { params: { code: 'name.control_character' } });
