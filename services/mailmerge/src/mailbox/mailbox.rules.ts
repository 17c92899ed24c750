import { checkEmail, normalizeEmail } from '@sesame/account-rules';

/** One recipient or sender: never a raw string, which nodemailer would read as a list or headers (SPEC §11). */
export interface Mailbox {
  name: string;
  address: string;
}

/**
 * The address alone, checked as a single mailbox (no list, no display name, no line break), or null.
 * Only what passes here reaches nodemailer.
 */
export function singleAddress(raw: string): string | null {
  return checkEmail(raw) === null ? normalizeEmail(raw) : null;
}

/**
 * A display name as it may go into a header: nodemailer quotes or encodes it, but a control character
 * (a line break above all) has nothing to do in a name, so it becomes a space.
 */
export function headerSafeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

/** Reads `Sesame <ne-pas-repondre@sesame.local>` or a bare address (MAIL_FROM); null when it is not one mailbox. */
export function parseMailbox(value: string): Mailbox | null {
  const match = /^\s*(?:"?([^"<>]*?)"?\s*<([^<>]+)>|([^<>]+))\s*$/.exec(value);
  if (!match) return null;
  const address = singleAddress(match[2] ?? match[3]);
  if (!address) return null;
  return { name: headerSafeName(match[1] ?? ''), address };
}

/** The domain of an address, for Message-IDs that say who made them. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}
