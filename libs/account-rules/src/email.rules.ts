import { RuleIssue } from './username.rules';

/**
 * One mailbox, nothing else: no display name, no list, no comment, no line break. Mail libraries read
 * `a@x.org, b@y.org` as two recipients and a line break as a header; such input is refused here.
 */
const SINGLE_ADDRESS = /^[A-Za-z0-9.!$&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function normalizeEmail(raw: string): string {
  const trimmed = raw.trim();
  const at = trimmed.lastIndexOf('@');
  // The domain is case-insensitive; the local part is kept as typed.
  return at < 0 ? trimmed : trimmed.slice(0, at) + trimmed.slice(at).toLowerCase();
}

export function checkEmail(raw: string): RuleIssue | null {
  const email = raw.trim();
  if (email.length === 0) return { code: 'email.required' };
  if (email.length > 254) return { code: 'email.too_long', params: { maximum: 254 } };
  if (/[,;\s<>]/.test(email)) return { code: 'email.single_address' };
  if (!SINGLE_ADDRESS.test(email) || email.split('@')[0].length > 64) return { code: 'email.invalid' };
  return null;
}
