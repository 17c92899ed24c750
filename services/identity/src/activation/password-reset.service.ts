import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { defaultDisplayName, normalizeUsername } from '@sesame/account-rules';
import { SealKeyring } from '@sesame/auth';
import { IdentityEvents, Locale, ServiceFailure, resetTokenSealContext } from '@sesame/contracts';
import { ChangeRecorder } from '../audit/change-recorder';
import { ActorService } from '../auth/actor.service';
import { Passwords } from '../auth/passwords';
import { AccountsRepository } from '../accounts/accounts.repository';
import { eventRef } from '../accounts/user-view';
import { ResetTokensRepository } from './reset-tokens.repository';

const TOKEN_LIFETIME_MS = 30 * 60_000;

/**
 * Self-service password reset (SPEC §3). The request is handled off the caller's path (the gateway
 * answers 202 before identity even looks), so neither the answer nor its timing tells whether the
 * login exists or has an email. Tokens carry 256 random bits; only their hash is stored.
 */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger(PasswordResetService.name);

  constructor(
    private readonly changes: ChangeRecorder,
    private readonly tokens: ResetTokensRepository,
    private readonly accounts: AccountsRepository,
    private readonly passwords: Passwords,
    private readonly actors: ActorService,
    private readonly seals: SealKeyring,
  ) {}

  /** Sends a single-use link when the account exists, is active and has an email; otherwise nothing. */
  async request(username: string, locale: Locale): Promise<void> {
    const account = await this.accounts.findByUsername(normalizeUsername(username));
    if (!account || account.deactivated_at || !account.email) return;
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + TOKEN_LIFETIME_MS);
    const mailbox = { userId: account.id, username: account.username, email: account.email, expiresAt: expiresAt.toISOString() };
    // Sealed for mailmerge alone: neither the outbox row nor the event on the bus holds the token in clear.
    const sealedToken = await this.seals.seal(token, resetTokenSealContext(mailbox));
    await this.changes.record(async ({ trx, event }) => {
      await this.tokens.replace(account.id, token, expiresAt, trx);
      const details = (await this.accounts.findDetails(account.id, trx))!;
      await event(IdentityEvents.userPasswordResetRequested, {
        ...eventRef(details, account.id),
        email: mailbox.email,
        displayName: account.display_name || defaultDisplayName(account.first_name, account.last_name, account.username),
        locale: account.locale ?? locale,
        sealedToken,
        expiresAt: mailbox.expiresAt,
      });
    });
    this.logger.log({ userId: account.id }, 'Password reset link requested');
  }

  /** Consumes the token: new password, every session ended, the user told by email. */
  async reset(token: string, password: string): Promise<void> {
    const row = await this.tokens.find(token);
    if (!row || row.used_at || row.expires_at < new Date()) throw new ServiceFailure('invalid_reset_token');
    const account = await this.accounts.findDetails(row.account_id);
    if (!account || account.deactivated_at) throw new ServiceFailure('invalid_reset_token');
    await this.passwords.assertAcceptable(password, account.username);
    const passwordHash = await this.passwords.hash(password);
    await this.changes.record(async ({ trx, audit, event }) => {
      // Two tabs submitting the same link: only one wins.
      if (!(await this.tokens.consume(token, trx))) throw new ServiceFailure('invalid_reset_token');
      const now = new Date();
      // The link reached the user's mailbox: that proves the account is theirs, as activation would.
      const activation = account.activated_at ? {} : { activated_at: now, activation_code: null, activation_code_expires_at: null };
      await this.accounts.update(account.id, { password_hash: passwordHash, ...activation }, trx);
      await this.accounts.revokeCredentials(account.id, trx);
      await audit({ actorId: account.id, action: 'user.reset-password', targetId: account.id });
      const ref = eventRef(account, account.id);
      if (!account.activated_at) await event(IdentityEvents.userActivated, ref);
      await event(IdentityEvents.userPasswordChanged, {
        ...ref,
        email: account.email,
        displayName: account.display_name || defaultDisplayName(account.first_name, account.last_name, account.username),
        locale: account.locale,
      });
    });
    this.actors.forgetAccount(account.id);
  }
}
