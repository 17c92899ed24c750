import { createHash } from 'node:crypto';

export interface BreachedPasswordsOptions {
  /**
   * A k-anonymity range API in the style of HIBP's Pwned Passwords: the first 5 hexadecimal
   * characters of the password's SHA-1 are appended to this URL (`https://api.pwnedpasswords.com/range/`
   * → `…/range/21BD1`); it answers `SUFFIX:COUNT` lines. The password and its full hash never leave.
   */
  url: string;
  /** Milliseconds to wait for the answer. */
  timeoutMs: number;
}

/** What the range service said about a password: `unknown` when it did not answer in time or well. */
export type BreachVerdict = 'breached' | 'not_found' | 'unknown';

/**
 * Asks a breached-password range service whether a password appears in known breaches. Padding
 * (`Add-Padding: true`) makes every answer about the same size; padded entries have a count of 0
 * and never count as a hit.
 */
export class BreachedPasswords {
  constructor(private readonly options: BreachedPasswordsOptions) {}

  async check(password: string): Promise<BreachVerdict> {
    const sha1 = createHash('sha1').update(password.normalize('NFC'), 'utf8').digest('hex').toUpperCase();
    const prefix = sha1.slice(0, 5);
    const suffix = sha1.slice(5);
    let body: string;
    try {
      const answer = await fetch(`${this.options.url}${prefix}`, {
        headers: { 'add-padding': 'true', 'user-agent': 'sesame-password-policy' },
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      if (!answer.ok) return 'unknown';
      body = await answer.text();
    } catch {
      return 'unknown';
    }
    for (const line of body.split('\n')) {
      const [candidate, count] = line.trim().split(':');
      if (candidate?.toUpperCase() === suffix) return Number(count) > 0 ? 'breached' : 'not_found';
    }
    return 'not_found';
  }
}
