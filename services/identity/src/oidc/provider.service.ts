import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { API_AUDIENCE, API_RESOURCE_PATH, CONSOLE_CLIENT_ID, MACHINE_SCOPES, OIDC_PATH } from '@sesame/contracts';
import Provider, { Configuration, KoaContextWithOIDC, errors } from 'oidc-provider';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { OidcClientRow } from '../database/schema';
import { OidcClientsRepository } from '../oidc-clients/oidc-clients.repository';
import { accessRefusal, ClientPolicy, claimsOf, SCOPE_CLAIMS } from './claims.rules';
import { OidcAccountsRepository } from './oidc-accounts.repository';
import { signingJwks } from './keys';
import { OidcPayloadsRepository, Payload } from './payloads.repository';
import { errorPage, logoutPage, loggedOutPage } from './pages';

/** What the provider knows of a client beyond OpenID metadata (oidc_clients), as `client.sesame`. */
export interface SesameClientMetadata extends ClientPolicy {
  consentRequired: boolean;
  name: string;
}

/** A client's Sesame metadata (the built-in console is open to every staff account). */
export function sesameOf(client: { sesame?: SesameClientMetadata } | undefined): SesameClientMetadata {
  return client?.sesame ?? { allowedProfiles: [], allowedSchoolIds: [], relativesLinks: false, consentRequired: false, name: '' };
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * The OpenID Connect provider (oidc-provider, OpenID Certified), with identity's data behind it:
 * clients from oidc_clients, accounts and their claims from the directory, what it issues in
 * oidc_payloads. Mounted at OIDC_PATH on identity's HTTP port; the gateway serves it at the same path
 * of the public address (see mount.ts).
 */
@Injectable()
export class OidcProviderService implements OnModuleInit {
  private readonly logger = new Logger('OidcProvider');
  private instance?: Provider;
  private salt = '';
  readonly issuer: string;

  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly payloads: OidcPayloadsRepository,
    private readonly clients: OidcClientsRepository,
    private readonly accounts: OidcAccountsRepository,
  ) {
    this.issuer = `${config.PUBLIC_URL}${OIDC_PATH}`;
  }

  get provider(): Provider {
    if (!this.instance) throw new Error('The OpenID Connect provider is not started');
    return this.instance;
  }

  async onModuleInit(): Promise<void> {
    this.salt = await this.payloads.pairwiseSalt();
    const keys = await signingJwks(this.config.OIDC_SIGNING_KEYS, this.config.JWT_PRIVATE_KEY);
    const provider = new Provider(this.issuer, this.configuration({ keys }));
    provider.proxy = true;
    // Secrets are kept as their SHA-256 (oidc_clients.secret_hash): compare hashes, in constant time.
    provider.Client.prototype.compareClientSecret = function compareClientSecret(this: { clientSecret?: string }, actual: string) {
      const expected = Buffer.from(this.clientSecret ?? '', 'hex');
      const given = Buffer.from(sha256(actual), 'hex');
      return Promise.resolve(expected.length === given.length && timingSafeEqual(expected, given));
    };
    provider.on('server_error', (_ctx, error) => this.logger.error({ err: error }, 'OpenID Connect provider error'));
    provider.on('backchannel.error', (client, error) => this.logger.warn({ clientId: client.clientId, err: error }, 'Back-channel logout not delivered'));
    this.instance = provider;
  }

  /**
   * The subject identifier a client knows an account by: its id, or for a pairwise client an HMAC of
   * the client and the account under the salt kept in the database (OpenID Connect Core §8.1).
   */
  subjectFor(accountId: string, client: { clientId: string; subjectType?: string }): string {
    if (client.subjectType !== 'pairwise') return accountId;
    return this.pairwiseSubject(accountId, client);
  }

  pairwiseSubject(accountId: string, client: { clientId: string }): string {
    return createHmac('sha256', this.salt).update(`${client.clientId}\u0000${accountId}`).digest('base64url');
  }

  private configuration(jwks: { keys: Array<Record<string, unknown>> }): Configuration {
    const { config } = this;
    const apiResource = `${config.PUBLIC_URL}${API_RESOURCE_PATH}`;
    const subjectFor = (accountId: string, client: { clientId: string; subjectType?: string }) => this.subjectFor(accountId, client);
    return {
      adapter: (name: string) => new PostgresAdapter(name, this.payloads, (id) => this.clientMetadata(id)),
      jwks: jwks as Configuration['jwks'],
      // Cookies are signed with keys derived from the signing keys: a rotation rotates them too.
      cookies: {
        keys: jwks.keys.map((key) => sha256(`oidc-cookie:${String(key.d)}`)),
        long: { signed: true, httpOnly: true, sameSite: 'lax' },
        short: { signed: true, httpOnly: true, sameSite: 'lax' },
      },
      claims: { openid: ['sub'], ...Object.fromEntries(Object.entries(SCOPE_CLAIMS).map(([scope, names]) => [scope, [...names]])) },
      scopes: ['openid', 'offline_access', ...MACHINE_SCOPES],
      responseTypes: ['code'],
      pkce: { required: () => true, methods: ['S256'] },
      clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
      enabledJWA: {
        idTokenSigningAlgValues: ['RS256', 'EdDSA'],
        userinfoSigningAlgValues: ['RS256', 'EdDSA'],
        introspectionSigningAlgValues: ['RS256', 'EdDSA'],
        authorizationSigningAlgValues: ['RS256', 'EdDSA'],
      },
      clientDefaults: { id_token_signed_response_alg: 'RS256', grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' },
      extraClientMetadata: { properties: ['sesame'], validator: () => undefined },
      conformIdTokenClaims: true,
      rotateRefreshToken: () => true,
      // Every user-facing client allowed refresh tokens gets one (offline_access needs a consent prompt by the standard).
      issueRefreshToken: async (_ctx, client, code) => client.grantTypeAllowed('refresh_token') && code.scopes.has('openid'),
      ttl: {
        AccessToken: config.OIDC_ACCESS_TOKEN_TTL,
        AuthorizationCode: 60,
        ClientCredentials: config.OIDC_ACCESS_TOKEN_TTL,
        IdToken: 3600,
        Interaction: 3600,
        RefreshToken: config.OIDC_REFRESH_TOKEN_TTL,
        Session: config.OIDC_SESSION_TTL,
        Grant: config.OIDC_REFRESH_TOKEN_TTL,
      },
      interactions: { url: (_ctx, interaction) => `${OIDC_PATH}/interaction/${interaction.uid}` },
      subjectTypes: ['public', 'pairwise'],
      pairwiseIdentifier: async (_ctx, accountId, client) => this.pairwiseSubject(accountId, client),
      // Browsers may call the token, userinfo and revocation endpoints from a client's own origins.
      clientBasedCORS: (_ctx, origin, client) => client.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
      findAccount: async (ctx, sub) => {
        const client = ctx.oidc?.client;
        const account = await this.accounts.find(sub, (linked) => (client ? subjectFor(linked, client) : linked));
        if (!account) return undefined;
        const policy = sesameOf(client as { sesame?: SesameClientMetadata } | undefined);
        if (accessRefusal(policy, account)) return undefined;
        return { accountId: sub, claims: async () => claimsOf(account, policy) as { sub: string } };
      },
      // The API's access tokens say who the caller is, as identity's own do (libs/auth AccessClaims).
      extraTokenClaims: async (_ctx, token) => {
        const audience = (token as { aud?: string }).aud;
        if (audience !== API_AUDIENCE || !('accountId' in token) || !token.accountId) return undefined;
        return this.accounts.accessClaims(token.accountId as string);
      },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        // A client may ask about the tokens issued to it (RFC 7662 §4: the server decides who may ask).
        introspection: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
        revocation: { enabled: true },
        userinfo: { enabled: true },
        backchannelLogout: { enabled: true },
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: async (ctx, form) => {
            ctx.type = 'html';
            ctx.body = logoutPage(localeOfContext(ctx), form);
          },
          postLogoutSuccessSource: async (ctx) => {
            ctx.type = 'html';
            ctx.body = loggedOutPage(localeOfContext(ctx), ctx.oidc.client?.clientName);
          },
        },
        resourceIndicators: {
          enabled: true,
          // The console's tokens are for the API; other clients' for the userinfo endpoint (or their scopes).
          defaultResource: async (_ctx, client) => (client.clientId === CONSOLE_CLIENT_ID ? apiResource : undefined) as string,
          useGrantedResource: async () => true,
          getResourceServerInfo: async (_ctx, resource, client) => {
            if (resource === apiResource && client.clientId === CONSOLE_CLIENT_ID) {
              return {
                scope: 'api',
                audience: API_AUDIENCE,
                accessTokenTTL: config.OIDC_ACCESS_TOKEN_TTL,
                accessTokenFormat: 'jwt',
                jwt: { sign: { alg: 'EdDSA' } },
              };
            }
            throw new errors.InvalidTarget();
          },
        },
      },
      renderError: async (ctx, out) => {
        ctx.type = 'html';
        ctx.body = errorPage(localeOfContext(ctx), out as { error: string; error_description?: string });
      },
    };
  }

  /** A client's OpenID metadata, from its registration (or the built-in console). */
  private async clientMetadata(clientId: string): Promise<Payload | undefined> {
    if (clientId === CONSOLE_CLIENT_ID) return consoleClient(this.config.PUBLIC_URL);
    const row = await this.clients.findByClientId(clientId);
    return row ? clientMetadataOf(row) : undefined;
  }
}

/** The console: a public client (PKCE) signing staff in to the API. */
export function consoleClient(publicUrl: string): Payload {
  return {
    client_id: CONSOLE_CLIENT_ID,
    client_name: 'Sesame',
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [`${publicUrl}/auth/callback`],
    post_logout_redirect_uris: [`${publicUrl}/`],
    scope: 'openid profile',
    sesame: { allowedProfiles: [], allowedSchoolIds: [], relativesLinks: false, consentRequired: false, name: 'Sesame' },
  };
}

/** The OpenID metadata of a registered client (RFC 7591 names). */
export function clientMetadataOf(row: OidcClientRow): Payload {
  const sesame: SesameClientMetadata = {
    allowedProfiles: row.allowed_profiles,
    allowedSchoolIds: row.allowed_school_ids,
    relativesLinks: row.relatives_links,
    consentRequired: row.consent_required,
    name: row.name,
  };
  const common = { client_id: row.client_id, client_name: row.name, scope: row.scopes.join(' '), sesame };
  if (row.kind === 'machine') {
    return { ...common, client_secret: row.secret_hash, grant_types: ['client_credentials'], response_types: [], redirect_uris: [] };
  }
  return {
    ...common,
    ...(row.kind === 'public' ? { token_endpoint_auth_method: 'none' } : { client_secret: row.secret_hash, token_endpoint_auth_method: 'client_secret_basic' }),
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: row.redirect_uris,
    post_logout_redirect_uris: row.post_logout_redirect_uris,
    subject_type: row.subject_type,
    ...(row.backchannel_logout_uri ? { backchannel_logout_uri: row.backchannel_logout_uri, backchannel_logout_session_required: true } : {}),
  };
}

/** The language of a provider page: the one chosen last (console or sign-in page), else the client's `ui_locales`, else the browser's. */
export function localeOfContext(ctx: KoaContextWithOIDC): 'fr' | 'en' {
  const chosen = ctx.cookies.get('sesame_locale');
  if (chosen === 'fr' || chosen === 'en') return chosen;
  const asked = String((ctx.oidc?.params as { ui_locales?: string } | undefined)?.ui_locales ?? '');
  if (asked) return asked.split(' ')[0].toLowerCase().startsWith('en') ? 'en' : 'fr';
  return ctx.acceptsLanguages('fr', 'en') === 'en' ? 'en' : 'fr';
}

/**
 * oidc-provider's storage (its Adapter interface) on oidc_payloads; clients come from their
 * registrations and are never written by the provider (no dynamic registration).
 */
class PostgresAdapter {
  constructor(
    private readonly model: string,
    private readonly payloads: OidcPayloadsRepository,
    private readonly clientMetadata: (id: string) => Promise<Payload | undefined>,
  ) {}

  upsert(id: string, payload: Payload, expiresIn?: number) {
    if (this.model === 'Client') throw new Error('Clients are registered by the manager, not by the provider');
    return this.payloads.upsert(this.model, id, payload, expiresIn);
  }
  find(id: string) {
    return this.model === 'Client' ? this.clientMetadata(id) : this.payloads.find(this.model, id);
  }
  findByUid(uid: string) {
    return this.payloads.findByUid(this.model, uid);
  }
  findByUserCode(userCode: string) {
    return this.payloads.findByUserCode(this.model, userCode);
  }
  consume(id: string) {
    return this.payloads.consume(this.model, id);
  }
  destroy(id: string) {
    return this.payloads.destroy(this.model, id);
  }
  revokeByGrantId(grantId: string) {
    return this.payloads.revokeByGrantId(grantId);
  }
}
