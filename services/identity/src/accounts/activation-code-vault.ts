import { Inject, Injectable, Logger } from '@nestjs/common';
import { FieldCipher, UnreadableField, splitKeys } from '@sesame/auth';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { generateActivationCode } from './activation-codes';

/**
 * Activation codes as the database keeps them: encrypted with ACTIVATION_CODE_KEY (AES-256-GCM,
 * the account's id bound to each), so a dump alone gives no code, while administrators and letters
 * still read them. Repositories seal what they write and open what they read; nothing else sees a
 * sealed value.
 */
@Injectable()
export class ActivationCodeVault {
  private readonly logger = new Logger(ActivationCodeVault.name);
  private readonly cipher: FieldCipher;
  private readonly ttlMs: number;
  private unreadable = 0;
  private lastWarning = 0;

  constructor(@Inject(IDENTITY_CONFIG) config: Pick<IdentityConfig, 'ACTIVATION_CODE_KEY' | 'ACTIVATION_CODE_PREVIOUS_KEYS' | 'ACTIVATION_CODE_TTL_DAYS'>) {
    this.cipher = new FieldCipher(config.ACTIVATION_CODE_KEY, splitKeys(config.ACTIVATION_CODE_PREVIOUS_KEYS));
    this.ttlMs = config.ACTIVATION_CODE_TTL_DAYS * 86_400_000;
  }

  seal(code: string, accountId: string): string {
    return this.cipher.seal(code, accountId);
  }

  /**
   * The code of a stored value. A code written before encryption (an older version, until the
   * start-up pass seals it) reads as it is; one no configured key opens (a key removed too early)
   * reads as no code: the administrator regenerates it.
   */
  open(stored: string | null, accountId: string): string | null {
    if (stored === null || !FieldCipher.isSealed(stored)) return stored;
    try {
      return this.cipher.open(stored, accountId);
    } catch (error) {
      if (!(error instanceof UnreadableField)) throw error;
      this.warnUnreadable(accountId, error.message);
      return null;
    }
  }

  /** Once a minute at most: a listing of 500 such accounts is one line, not 500. */
  private warnUnreadable(accountId: string, reason: string): void {
    this.unreadable++;
    if (Date.now() - this.lastWarning < 60_000) return;
    this.logger.warn({ userId: accountId, reason, count: this.unreadable }, 'Activation codes unreadable with the configured keys (ACTIVATION_CODE_PREVIOUS_KEYS)');
    this.unreadable = 0;
    this.lastWarning = Date.now();
  }

  /** A new code for the account, sealed, with its expiry. */
  fresh(accountId: string, now = Date.now()): { sealed: string; expiresAt: Date } {
    return { sealed: this.seal(generateActivationCode(), accountId), expiresAt: new Date(now + this.ttlMs) };
  }

  /** The start of every value the current key sealed: others are to seal again. */
  get currentPrefix(): string {
    return this.cipher.currentKeyPrefix;
  }
}
