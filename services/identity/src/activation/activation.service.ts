import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { normalizeUsername } from '@sesame/account-rules';
import { IdentityEvents, ServiceFailure, UserView } from '@sesame/contracts';
import type { Actor } from '../auth/actor';
import { generateActivationCode } from '../accounts/activation-codes';
import { AuthService, Session } from '../auth/auth.service';
import { Passwords } from '../auth/passwords';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { AccountsRepository } from '../accounts/accounts.repository';
import { normalizeIdentity, patchIssues } from '../accounts/account-input.rules';
import { AccountAccess } from '../users/account-access';
import { UsersService } from '../users/users.service';
import { eventRef } from '../accounts/user-view';
import { ChangeRecorder } from '../audit/change-recorder';

function sameCode(given: string, expected: string): boolean {
  const a = Buffer.from(given.trim().toLowerCase());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Activation codes (SPEC §3): printed on letters, exchanged once for a password of the user's choice. */
@Injectable()
export class ActivationService {
  constructor(
    private readonly changes: ChangeRecorder,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly accounts: AccountsRepository,
    private readonly passwords: Passwords,
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly access: AccountAccess,
  ) {}

  /**
   * Login + code → the user's own password (and email, if given) → activated and signed in. Every
   * refusal looks the same, except a deactivated account and an expired code, which only someone
   * holding the letter's code can learn (docs/threat-model.md): they are told whom to ask.
   */
  async activate(input: { username: string; activationCode: string; password: string; email?: string }): Promise<Session> {
    const account = await this.accounts.findByUsername(normalizeUsername(input.username));
    const code = account?.activation_code;
    if (!account || !code || !sameCode(input.activationCode, code)) throw new ServiceFailure('invalid_activation');
    if (account.deactivated_at) throw new ServiceFailure('account_deactivated');
    if (account.activation_code_expires_at && account.activation_code_expires_at < new Date()) {
      throw new ServiceFailure('activation_code_expired');
    }
    await this.passwords.assertAcceptable(input.password, account.username);
    const { email } = normalizeIdentity({ email: input.email || undefined });
    if (email !== undefined) {
      const issues = patchIssues(account.role, account.profile, { email });
      if (issues.length) throw new ServiceFailure('validation_failed', { issues });
    }
    const passwordHash = await this.passwords.hash(input.password);
    await this.changes.record(async ({ trx, audit, event }) => {
      const now = new Date();
      await this.accounts.update(
        account.id,
        {
          password_hash: passwordHash,
          activated_at: now,
          last_login_at: now,
          activation_code: null,
          activation_code_expires_at: null,
          ...(email ? { email } : {}),
        },
        trx,
      );
      // A password chosen: reset links asked for meanwhile are void, as after any password change.
      await this.accounts.revokeCredentials(account.id, trx);
      const details = (await this.accounts.findDetails(account.id, trx))!;
      await audit({ actorId: account.id, action: 'user.activate', targetId: account.id });
      await event(IdentityEvents.userActivated, eventRef(details, account.id));
    });
    return this.auth.session(account);
  }

  /** A new code (and a new validity period) for an account not activated yet. */
  async regenerate(actor: Actor, id: string, requestId?: string): Promise<UserView> {
    const account = await this.access.manageable(actor, id);
    if (account.activated_at) throw new ServiceFailure('conflict', { params: { reason: 'already_activated' } });
    // Its code activates nothing and is shown nowhere; reactivation gives it a fresh one.
    if (account.deactivated_at) throw new ServiceFailure('conflict', { params: { reason: 'deactivated_no_code' } });
    await this.changes.record(async ({ trx, audit, event }) => {
      await this.accounts.update(
        id,
        {
          activation_code: generateActivationCode(),
          activation_code_expires_at: new Date(Date.now() + this.config.ACTIVATION_CODE_TTL_DAYS * 86_400_000),
        },
        trx,
      );
      await audit({ actorId: actor.id, action: 'user.regenerate-activation-code', targetId: id, requestId });
      await event(IdentityEvents.userUpdated, { ...eventRef(account, actor.id), fields: ['activationCode'] });
    });
    return this.users.get(actor, id);
  }
}
