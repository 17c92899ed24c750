import { Injectable } from '@nestjs/common';
import { TokenSigner } from '@sesame/auth';
import { IdentityEvents, ServiceFailure, UserView } from '@sesame/contracts';
import { normalizeUsername } from '@sesame/account-rules';
import { AccountRow } from '../database/schema';
import { AccountsRepository } from '../accounts/accounts.repository';
import { normalizeIdentity, patchIssues } from '../accounts/account-input.rules';
import { auditSnapshot, eventRef, toUserView } from '../accounts/user-view';
import { Actor } from './actor';
import { ActorService } from './actor.service';
import { Passwords } from './passwords';
import { ChangeRecorder } from '../audit/change-recorder';

export interface Session {
  accessToken: string;
  expiresIn: number;
  user: UserView;
}

/** Login and what a user does to their own account. */
@Injectable()
export class AuthService {
  constructor(
    private readonly changes: ChangeRecorder,
    private readonly accounts: AccountsRepository,
    private readonly passwords: Passwords,
    private readonly signer: TokenSigner,
    private readonly actors: ActorService,
  ) {}

  /**
   * Same refusal for an unknown login, a wrong password and an account without password, after the
   * same amount of hashing work. A deactivated account is told so only once its password is proven.
   */
  async login(username: string, password: string): Promise<Session> {
    return this.session(await this.authenticate(username, password));
  }

  /**
   * Checks a login and records the sign-in (a first one with a password an administrator set
   * activates the account): the API's login and the OpenID Connect provider's sign-in page.
   */
  async authenticate(username: string, password: string): Promise<AccountRow> {
    const account = await this.accounts.findByUsername(normalizeUsername(username));
    const valid = await this.passwords.verify(account?.password_hash ?? null, password);
    if (!account || !valid) throw new ServiceFailure('invalid_credentials');
    if (account.deactivated_at) throw new ServiceFailure('account_deactivated');

    const firstLogin = account.activated_at === null;
    await this.changes.record(async ({ trx, event }) => {
      const now = new Date();
      // A first login with a password an administrator set activates the account (SPEC §3).
      if (firstLogin) await this.accounts.update(account.id, { last_login_at: now, activated_at: now, activation_code: null, activation_code_expires_at: null }, trx);
      else await this.accounts.recordSignIn(account.id, now, trx);
      if (firstLogin) {
        const details = await this.accounts.findDetails(account.id, trx);
        await event(IdentityEvents.userActivated, eventRef(details!, account.id));
      }
    });
    return account;
  }

  async session(account: Pick<AccountRow, 'id' | 'username' | 'role'>): Promise<Session> {
    const fresh = await this.accounts.findDetails(account.id);
    if (!fresh) throw new ServiceFailure('unauthenticated');
    const { token, expiresIn } = await this.signer.sign({
      sub: fresh.id,
      username: fresh.username,
      role: fresh.role,
      sv: fresh.session_version,
    });
    return { accessToken: token, expiresIn, user: toUserView(fresh, { showActivationCode: false }) };
  }

  async me(actor: Actor): Promise<UserView> {
    const account = await this.accounts.findDetails(actor.id);
    if (!account) throw new ServiceFailure('unauthenticated');
    return toUserView(account, { showActivationCode: false });
  }

  /** Changes the password after checking the current one; other sessions end, this one gets a new token. */
  async changeOwnPassword(actor: Actor, currentPassword: string, newPassword: string): Promise<Omit<Session, 'user'>> {
    const account = await this.accounts.findDetails(actor.id);
    if (!account) throw new ServiceFailure('unauthenticated');
    if (!(await this.passwords.verify(account.password_hash, currentPassword))) {
      throw new ServiceFailure('validation_failed', { issues: [{ field: 'currentPassword', code: 'password.current_wrong' }] });
    }
    await this.passwords.assertAcceptable(newPassword, account.username, 'newPassword');
    const passwordHash = await this.passwords.hash(newPassword);
    await this.changes.record(async ({ trx, audit, event }) => {
      await this.accounts.update(account.id, { password_hash: passwordHash }, trx);
      await this.accounts.revokeCredentials(account.id, trx);
      await audit({ actorId: actor.id, action: 'user.change-own-password', targetId: actor.id });
      await event(IdentityEvents.userPasswordChanged, {
        ...eventRef(account, actor.id),
        email: account.email,
        displayName: toUserView(account, { showActivationCode: false }).displayName,
        locale: account.locale,
      });
    });
    this.actors.forgetAccount(account.id);
    const { accessToken, expiresIn } = await this.session(account);
    return { accessToken, expiresIn };
  }

  async updateMe(actor: Actor, changes: { displayName?: string | null; email?: string | null; locale?: 'fr' | 'en' }): Promise<UserView> {
    const before = await this.accounts.findDetails(actor.id);
    if (!before) throw new ServiceFailure('unauthenticated');
    const patch = normalizeIdentity(changes);
    const issues = patchIssues(before.role, before.profile, patch);
    if (issues.length) throw new ServiceFailure('validation_failed', { issues });
    await this.changes.record(async ({ trx, audit, event }) => {
      await this.accounts.update(
        actor.id,
        {
          ...(patch.displayName !== undefined ? { display_name: patch.displayName || null } : {}),
          ...(patch.email !== undefined ? { email: patch.email || null } : {}),
          ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
        },
        trx,
      );
      const after = await this.accounts.findDetails(actor.id, trx);
      await audit({
        actorId: actor.id,
        action: 'user.update-own-profile',
        targetId: actor.id,
        before: auditSnapshot(before),
        after: auditSnapshot(after!),
      });
      await event(IdentityEvents.userUpdated, { ...eventRef(after!, actor.id), fields: Object.keys(patch) });
    });
    return this.me(actor);
  }
}
