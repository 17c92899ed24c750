import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { OidcPayloadsRepository } from './payloads.repository';
import { OidcProviderService } from './provider.service';

interface SessionPayload {
  authorizations?: Record<string, { sid?: string; grantId?: string }>;
}

/**
 * Ends, within seconds, what the provider issued to accounts that may no longer sign in: deactivated,
 * pre-deleted, deleted, not activated, or whose sessions a new password ended. Whatever the path that
 * changed the account (the console, an import, a feed, an enrolment event, the lifecycle run), the
 * provider already refuses their tokens (payloads.repository.ts reads them with the account); this
 * sweep tells the tools: each client the session signed in to and that registered a back-channel
 * logout address is sent a logout token (OpenID Connect Back-Channel Logout 1.0), then everything
 * of the account is removed. Replicas may sweep at once: a logout token twice is harmless.
 */
@Injectable()
export class OidcRevocationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OidcRevocation');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly payloads: OidcPayloadsRepository,
    private readonly oidc: OidcProviderService,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      this.running = this.sweep()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error({ err: error }, 'Ending the sessions of revoked accounts failed; next attempt soon'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.config.OIDC_REVOCATION_INTERVAL_MS);
        });
    };
    this.timer = setTimeout(tick, this.config.OIDC_REVOCATION_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass: the logouts sent, then the rows removed. Returns how many sessions ended. */
  async sweep(): Promise<number> {
    let ended = 0;
    for (;;) {
      const sessions = await this.payloads.endedSessions(500);
      await Promise.all(sessions.map((session) => this.logoutEverywhere(session.accountId, session.payload as SessionPayload)));
      await this.payloads.removeEnded(sessions.map((session) => session.id));
      ended += sessions.length;
      if (sessions.length < 500) return ended;
    }
  }

  private async logoutEverywhere(accountId: string, session: SessionPayload): Promise<void> {
    const { provider } = this.oidc;
    await Promise.all(
      Object.entries(session.authorizations ?? {}).map(async ([clientId, { sid }]) => {
        const client = await provider.Client.find(clientId).catch(() => undefined);
        if (!client?.backchannelLogoutUri) return;
        try {
          const sub = client.subjectType === 'pairwise' ? await this.oidc.pairwiseSubject(accountId, client) : accountId;
          await (client as unknown as { backchannelLogout(sub: string, sid: string): Promise<void> }).backchannelLogout(sub, sid ?? '');
        } catch (error) {
          // The tool is down or refuses: its tokens are refused anyway; it is told once.
          this.logger.warn({ clientId, err: error }, 'Back-channel logout not delivered');
        }
      }),
    );
  }
}
