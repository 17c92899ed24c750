import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { checkPassword, checkUsername, commonPasswords, loginSkeleton, normalizeUsername } from '@sesame/account-rules';
import { IdentityEvents } from '@sesame/contracts';
import { isUniqueViolation } from '@sesame/database';
import { Passwords } from '../auth/passwords';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { AccountsRepository } from '../accounts/accounts.repository';
import { eventRef } from '../accounts/user-view';
import { ChangeRecorder } from '../audit/change-recorder';

/**
 * Creates the one manager at first start (SPEC §2), from SESAME_MANAGER_USERNAME and
 * SESAME_MANAGER_PASSWORD, or with a generated password printed once. Never touches an existing one.
 */
@Injectable()
export class ManagerBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(ManagerBootstrap.name);

  constructor(
    private readonly changes: ChangeRecorder,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly accounts: AccountsRepository,
    private readonly passwords: Passwords,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.accounts.managerExists()) return;
    const username = normalizeUsername(this.config.SESAME_MANAGER_USERNAME);
    const issue = checkUsername(username);
    if (issue) throw new Error(`SESAME_MANAGER_USERNAME breaks the username rules (${issue.code})`);
    const generated = !this.config.SESAME_MANAGER_PASSWORD;
    const password = this.config.SESAME_MANAGER_PASSWORD ?? randomBytes(15).toString('base64url');
    const refusal = checkPassword(password, username, commonPasswords());
    if (refusal) throw new Error(`SESAME_MANAGER_PASSWORD breaks the password policy (${refusal.code})`);
    const passwordHash = await this.passwords.hash(password);
    try {
      await this.changes.record(async ({ trx, audit, event }) => {
        const now = new Date();
        const manager = await this.accounts.insert(
          {
            username,
            username_skeleton: loginSkeleton(username),
            first_name: null,
            last_name: null,
            display_name: null,
            email: this.config.SESAME_MANAGER_EMAIL ?? null,
            role: 'manager',
            profile: null,
            managed_by: null,
            password_hash: passwordHash,
            activated_at: now,
            activation_code: null,
            activation_code_expires_at: null,
            deactivated_at: null,
            pre_deleted_at: null,
            delete_after: null,
            external_id: null,
            source: null,
            last_login_at: null,
            last_distributed_at: null,
            last_distribution_channel: null,
            created_by: null,
          },
          trx,
        );
        await audit({ actorId: null, action: 'manager.bootstrap', targetId: manager.id, after: { username } });
        const details = await this.accounts.findDetails(manager.id, trx);
        await event(IdentityEvents.userCreated, eventRef(details!, null));
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        // Another replica created it first: exactly one manager, as intended.
        if (await this.accounts.managerExists()) return;
        throw new Error('SESAME_MANAGER_USERNAME is the login of an existing account, or looks like one (same UTS #39 skeleton): choose another');
      }
      throw error;
    }
    this.logger.log({ username }, 'Manager account created');
    if (generated) {
      // Printed once, outside the JSON log, for the person installing Sesame.
      process.stdout.write(
        `\n  Sesame manager account created.\n    username: ${username}\n    password: ${password}\n` +
          `  This password is shown only once: sign in and change it now.\n\n`,
      );
    }
  }
}
