import { Inject, Injectable } from '@nestjs/common';
import { DelegationVerifier, InvalidToken, TOKEN_CLOCK_LEEWAY_SECONDS, TokenSigner, TokenVerifier, VerifiedDelegation } from '@sesame/auth';
import { OIDC_PATH, ServiceFailure } from '@sesame/contracts';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { AccountsRepository } from '../accounts/accounts.repository';
import { DelegatedCall, delegationCovers } from './delegation.rules';
import { Actor } from './actor';

/**
 * How long a resolved caller is reused. A deactivation or a password change takes effect after at
 * most this long on every replica ("sessions end within seconds", SPEC §3), and a burst of calls by
 * one user costs one lookup.
 */
const ACTOR_CACHE_MS = 2_000;
const ACTOR_CACHE_SIZE = 10_000;

/**
 * Turns the access token forwarded with each call (or the delegation a job carries) into an Actor,
 * from identity's own data: a deactivated account, a changed password or a forged claim all end
 * here as `unauthenticated`.
 */
@Injectable()
export class ActorService {
  private readonly verifier: TokenVerifier;
  private readonly delegations: DelegationVerifier;
  private readonly recent = new Map<string, { actor: Actor; until: number }>();
  private readonly recentDelegations = new Map<string, { actor: Actor; claims: VerifiedDelegation; until: number }>();

  constructor(
    private readonly accounts: AccountsRepository,
    @Inject(IDENTITY_CONFIG) config: IdentityConfig,
    signer: TokenSigner,
  ) {
    const publicKeys = signer.publicKeyPem() + (config.JWT_PREVIOUS_PUBLIC_KEYS ?? '');
    // No token of ours lives longer than the configured lifetimes (identity's login, its OpenID Connect
    // provider): a longer one was not signed by identity as configured.
    this.verifier = new TokenVerifier(
      publicKeys,
      Math.max(config.ACCESS_TOKEN_TTL, config.OIDC_ACCESS_TOKEN_TTL) + TOKEN_CLOCK_LEEWAY_SECONDS,
      [`${config.PUBLIC_URL}${OIDC_PATH}`],
    );
    this.delegations = new DelegationVerifier(publicKeys);
  }

  async resolve(token: string | undefined): Promise<Actor> {
    if (!token) throw new ServiceFailure('unauthenticated');
    const cached = this.recent.get(token);
    if (cached && cached.until > Date.now()) return cached.actor;
    const actor = await this.lookup(token);
    if (this.recent.size >= ACTOR_CACHE_SIZE) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(token, { actor, until: Date.now() + ACTOR_CACHE_MS });
    return actor;
  }

  /**
   * The caller and the session version its token carries, uncached: a delegation signed with it ends
   * with the sessions of that moment.
   */
  async resolveSession(token: string | undefined): Promise<{ actor: Actor; sessionVersion: number }> {
    if (!token) throw new ServiceFailure('unauthenticated');
    const claims = await this.verified(() => this.verifier.verify(token));
    return { actor: await this.load(claims.sub, claims.sv), sessionVersion: claims.sv };
  }

  /**
   * The person a job acts for, from the delegation it carries: `unauthenticated` when the delegation
   * is invalid or expired or the person's sessions have ended since (as for a token), `forbidden`
   * when it was signed for another operation, import, campaign or filter.
   */
  async resolveDelegated(delegation: string, call: DelegatedCall): Promise<Actor> {
    let entry = this.recentDelegations.get(delegation);
    if (!entry || entry.until <= Date.now()) {
      const claims = await this.verified(() => this.delegations.verify(delegation));
      const actor = await this.load(claims.sub, claims.sv, claims.role);
      if (this.recentDelegations.size >= ACTOR_CACHE_SIZE) this.recentDelegations.delete(this.recentDelegations.keys().next().value!);
      // Never reused past its own expiry.
      entry = { actor, claims, until: Math.min(Date.now() + ACTOR_CACHE_MS, claims.exp * 1000) };
      this.recentDelegations.set(delegation, entry);
    }
    if (!delegationCovers(entry.claims, call)) throw new ServiceFailure('forbidden');
    return entry.actor;
  }

  /** The account's sessions just ended (deactivation, new password): stop reusing what was resolved. */
  forgetAccount(accountId: string): void {
    for (const [token, entry] of this.recent) if (entry.actor.id === accountId) this.recent.delete(token);
    for (const [delegation, entry] of this.recentDelegations) if (entry.actor.id === accountId) this.recentDelegations.delete(delegation);
  }

  private async lookup(token: string): Promise<Actor> {
    const claims = await this.verified(() => this.verifier.verify(token));
    return this.load(claims.sub, claims.sv);
  }

  private async verified<T>(verify: () => Promise<T>): Promise<T> {
    try {
      return await verify();
    } catch (error) {
      if (error instanceof InvalidToken) throw new ServiceFailure('unauthenticated');
      throw error;
    }
  }

  /** The account, if it is still the one that signed in: active, same sessions (and same role, for a delegation). */
  private async load(id: string, sessionVersion: number, role?: Actor['role']): Promise<Actor> {
    const account = await this.accounts.signInState(id);
    if (!account || account.deactivated_at || account.session_version !== sessionVersion || (role !== undefined && account.role !== role)) {
      throw new ServiceFailure('unauthenticated');
    }
    return { id: account.id, username: account.username, role: account.role, schoolIds: await this.scopeOf(account) };
  }

  /** The schools an account acts on: its own, or for a supervisor those of its administrator. */
  private async scopeOf(account: { id: string; role: Actor['role']; managed_by: string | null }): Promise<string[]> {
    if (account.role === 'manager') return [];
    const owner = account.role === 'supervisor' ? account.managed_by : account.id;
    if (!owner) return [];
    return this.accounts.schoolsOf(owner);
  }
}
