import { Inject, Injectable, Logger } from '@nestjs/common';
import { BreachedPasswords, commonPasswords, checkPassword } from '@sesame/account-rules';
import { ServiceFailure, invalidField } from '@sesame/contracts';
import { hash, verify } from '@node-rs/argon2';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';

/**
 * argon2id hashing on libuv's thread pool (never on the event loop), and the password policy.
 * Verifying an unknown login still costs one verification, so timing does not tell which logins exist.
 */
@Injectable()
export class Passwords {
  private readonly logger = new Logger(Passwords.name);
  private readonly options: { memoryCost: number; timeCost: number; parallelism: number };
  private decoy?: Promise<string>;
  /** Only when the operator configured a breached-password range service. */
  private readonly breaches?: BreachedPasswords;

  constructor(@Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig) {
    this.options = { memoryCost: config.ARGON2_MEMORY_KIB, timeCost: config.ARGON2_ITERATIONS, parallelism: 1 };
    if (config.PWNED_PASSWORDS_URL) {
      this.breaches = new BreachedPasswords({ url: config.PWNED_PASSWORDS_URL, timeoutMs: config.PWNED_PASSWORDS_TIMEOUT_MS });
    }
  }

  hash(password: string): Promise<string> {
    return hash(password.normalize('NFC'), this.options);
  }

  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    if (!passwordHash) {
      this.decoy ??= this.hash('decoy password that matches nothing');
      await verify(await this.decoy, password.normalize('NFC')).catch(() => false);
      return false;
    }
    return verify(passwordHash, password.normalize('NFC')).catch(() => false);
  }

  /**
   * Throws a field error when the password breaks the policy of SPEC §3, or appears in the breaches
   * known to the configured range service. That service not answering in time accepts the password
   * (PWNED_PASSWORDS_UNAVAILABLE=accept, the default: the shipped list still applied) or refuses it
   * with a 503 (refuse).
   */
  async assertAcceptable(password: string, username: string, field = 'password'): Promise<void> {
    const issue = checkPassword(password, username, commonPasswords());
    if (issue) throw invalidField(field, issue.code, issue.params);
    if (!this.breaches) return;
    const verdict = await this.breaches.check(password);
    if (verdict === 'breached') throw invalidField(field, 'password.breached');
    if (verdict === 'unknown') {
      this.logger.warn({ url: this.config.PWNED_PASSWORDS_URL }, 'Breached-password service unavailable');
      if (this.config.PWNED_PASSWORDS_UNAVAILABLE === 'refuse') throw new ServiceFailure('service_unavailable');
    }
  }
}
