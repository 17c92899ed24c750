import { Inject, Injectable } from '@nestjs/common';
import { commonPasswords, checkPassword } from '@sesame/account-rules';
import { invalidField } from '@sesame/contracts';
import { hash, verify } from '@node-rs/argon2';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';

/**
 * argon2id hashing on libuv's thread pool (never on the event loop), and the password policy.
 * Verifying an unknown login still costs one verification, so timing does not tell which logins exist.
 */
@Injectable()
export class Passwords {
  private readonly options: { memoryCost: number; timeCost: number; parallelism: number };
  private decoy?: Promise<string>;

  constructor(@Inject(IDENTITY_CONFIG) config: IdentityConfig) {
    this.options = { memoryCost: config.ARGON2_MEMORY_KIB, timeCost: config.ARGON2_ITERATIONS, parallelism: 1 };
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

  /** Throws a field error when the password breaks the policy of SPEC §3. */
  assertAcceptable(password: string, username: string, field = 'password'): void {
    const issue = checkPassword(password, username, commonPasswords());
    if (issue) throw invalidField(field, issue.code, issue.params);
  }
}
