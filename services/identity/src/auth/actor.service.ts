import { Inject, Injectable } from '@nestjs/common';
import { InvalidToken, TOKEN_CLOCK_LEEWAY_SECONDS, TokenSigner, TokenVerifier } from '@sesame/auth';
import { ServiceFailure } from '@sesame/contracts';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { DB, Db } from '../database/database.module';
import { Actor } from './actor';

/**
 * Turns the access token forwarded with each call into an Actor, from identity's own data: a
 * deactivated account, a changed password or a forged claim all end here as `unauthenticated`.
 */
/**
 * How long a resolved caller is reused. A deactivation or a password change takes effect after at
 * most this long on every replica ("sessions end within seconds", SPEC §3), and a burst of calls by
 * one user costs one lookup.
 */
const ACTOR_CACHE_MS = 2_000;
const ACTOR_CACHE_SIZE = 10_000;

@Injectable()
export class ActorService {
  private readonly verifier: TokenVerifier;
  private readonly recent = new Map<string, { actor: Actor; until: number }>();

  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(IDENTITY_CONFIG) config: IdentityConfig,
    signer: TokenSigner,
  ) {
    // No token of ours lives longer than the configured lifetime: a longer one was not signed by identity as configured.
    this.verifier = new TokenVerifier(signer.publicKeyPem() + (config.JWT_PREVIOUS_PUBLIC_KEYS ?? ''), config.ACCESS_TOKEN_TTL + TOKEN_CLOCK_LEEWAY_SECONDS);
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

  /** The account's sessions just ended (deactivation, new password): stop reusing what was resolved. */
  forgetAccount(accountId: string): void {
    for (const [token, entry] of this.recent) if (entry.actor.id === accountId) this.recent.delete(token);
  }

  private async lookup(token: string): Promise<Actor> {
    let claims;
    try {
      claims = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidToken) throw new ServiceFailure('unauthenticated');
      throw error;
    }
    const account = await this.db
      .selectFrom('accounts')
      .select(['id', 'username', 'role', 'managed_by', 'session_version', 'deactivated_at'])
      .where('id', '=', claims.sub)
      .executeTakeFirst();
    if (!account || account.deactivated_at || account.session_version !== claims.sv) {
      throw new ServiceFailure('unauthenticated');
    }
    return { id: account.id, username: account.username, role: account.role, schoolIds: await this.scopeOf(account) };
  }

  /** The schools an account acts on: its own, or for a supervisor those of its administrator. */
  private async scopeOf(account: { id: string; role: Actor['role']; managed_by: string | null }): Promise<string[]> {
    if (account.role === 'manager') return [];
    const owner = account.role === 'supervisor' ? account.managed_by : account.id;
    if (!owner) return [];
    const rows = await this.db.selectFrom('account_schools').select('school_id').where('account_id', '=', owner).execute();
    return rows.map((r) => r.school_id);
  }
}
