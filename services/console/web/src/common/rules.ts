// The account rules of SPEC §3 come from libs/account-rules itself (a Vite and TypeScript alias), so
// the forms say exactly what the API would answer, in the same words.
import { checkEmail } from '@sesame/account-rules/src/email.rules';
import { RULE_MESSAGES, interpolate } from '@sesame/account-rules/src/messages';
import { PASSWORD_MIN_LENGTH, checkPassword } from '@sesame/account-rules/src/password.rules';
import { type RuleIssue, checkUsername } from '@sesame/account-rules/src/username.rules';
import { currentLocale } from '../i18n/locale';

export { PASSWORD_MIN_LENGTH };

/** A rule's message in the interface's language. */
export function ruleMessage(issue: RuleIssue | null): string | undefined {
  if (!issue) return undefined;
  const messages = RULE_MESSAGES[currentLocale()] as Record<string, string>;
  return interpolate(messages[issue.code] ?? issue.code, issue.params);
}

type Values = Record<string, unknown>;

/** react-admin validators, run as the user types. */
export const validateUsername =
  ({ required }: { required: boolean }) =>
  (value: unknown): string | undefined => {
    const text = typeof value === 'string' ? value : '';
    if (!text) return required ? ruleMessage({ code: 'username.required' }) : undefined;
    return ruleMessage(checkUsername(text));
  };

/**
 * The password policy but its list of common passwords (444,000 entries, 1.5 MB compressed: too
 * much for the bundle): length, login, repeats and sequences here; the API refuses the common ones
 * and the form shows its answer on the field.
 */
export const validatePassword =
  (usernameOf: (values: Values) => unknown, { required }: { required: boolean }) =>
  (value: unknown, values: Values): string | undefined => {
    const text = typeof value === 'string' ? value : '';
    if (!text) return required ? 'ra.validation.required' : undefined;
    const username = usernameOf(values);
    return ruleMessage(checkPassword(text, typeof username === 'string' ? username : ''));
  };

export const validateEmail =
  ({ required }: { required: boolean }) =>
  (value: unknown): string | undefined => {
    const text = typeof value === 'string' ? value.trim() : '';
    if (!text) return required ? ruleMessage({ code: 'email.required' }) : undefined;
    return ruleMessage(checkEmail(text));
  };

/** The second entry of a new password must match the first. */
export const validateSameAs =
  (field: string) =>
  (value: unknown, values: Values): string | undefined =>
    value && value !== values[field] ? 'sesame.validation.passwordsDiffer' : undefined;
