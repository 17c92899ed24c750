import { createHash } from 'node:crypto';
import { MACHINE_OPERATIONS, MACHINE_SCOPES, MachineOperation, OidcClientView, USER_SCOPES, type CreateOidcClient, type FieldIssue } from '@sesame/contracts';
import type { OidcClientRow } from '../database/schema';

/** What the manager registers of a client (all but its id, name and secret); operations as stored. */
export type ClientSettings = Omit<CreateOidcClient, 'name' | 'operations'> & { operations: MachineOperation[] };

const USER = new Set<string>(USER_SCOPES);
const MACHINE = new Set<string>(MACHINE_SCOPES);
// RFC 8252 §7.3: a native or developer's application listens on the loopback, where TLS has no meaning.
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The SHA-256 (hex) of a client secret: what oidc_clients.secret_hash keeps, and what the provider compares. */
export function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The same list without repeats, in its order. */
const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/**
 * The settings as they are stored: lists without repeats, and a machine client registered without
 * operations given `read` (the others have none).
 */
export function normalizedSettings<S extends Omit<ClientSettings, 'operations'> & { operations?: MachineOperation[] }>(settings: S): S & ClientSettings {
  const operations = settings.operations ?? (settings.kind === 'machine' ? ['read'] : []);
  return {
    ...settings,
    operations: MACHINE_OPERATIONS.filter((operation) => operations.includes(operation)),
    redirectUris: unique(settings.redirectUris),
    postLogoutRedirectUris: unique(settings.postLogoutRedirectUris),
    scopes: unique(settings.scopes),
    allowedProfiles: unique(settings.allowedProfiles),
    allowedSchoolIds: unique(settings.allowedSchoolIds),
  };
}

/** `https`, or `http` on the loopback only. */
function secureAddress(uri: string): boolean {
  const url = new URL(uri);
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

/**
 * Field issues of a client's registration, beyond the contract's shapes: a user-facing client
 * (`confidential`, `public`) signs users in at its redirect addresses with OpenID Connect; a
 * `machine` client signs nobody in (client credentials) and is given the machine scopes only.
 */
export function clientIssues(client: ClientSettings): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: string, code: string, params?: FieldIssue['params']) => issues.push({ field, code, ...(params ? { params } : {}) });

  if (client.kind === 'machine') {
    if (client.redirectUris.length) add('redirectUris', 'oidc.not_for_machines');
    if (client.postLogoutRedirectUris.length) add('postLogoutRedirectUris', 'oidc.not_for_machines');
    if (client.backchannelLogoutUri !== null) add('backchannelLogoutUri', 'oidc.not_for_machines');
    if (client.consentRequired) add('consentRequired', 'oidc.not_for_machines');
    if (client.relativesLinks) add('relativesLinks', 'oidc.not_for_machines');
    if (client.subjectType !== 'public') add('subjectType', 'oidc.not_for_machines');
    if (client.scopes.some((scope) => !MACHINE.has(scope))) add('scopes', 'oidc.scope_not_for_machines');
    // SCIM answers every write with the resource: whoever writes reads.
    if (!client.operations.includes('read')) add('operations', 'oidc.read_required');
    if (client.operations.some((operation) => operation !== 'read') && !client.scopes.includes('scim')) add('operations', 'oidc.writes_need_scim');
    return issues;
  }

  if (client.operations.length) add('operations', 'oidc.operations_for_machines');
  if (client.redirectUris.length === 0) add('redirectUris', 'oidc.redirect_uri_required');
  if (client.scopes.some((scope) => !USER.has(scope))) add('scopes', 'oidc.scope_not_for_users');
  if (!client.scopes.includes('openid')) add('scopes', 'oidc.openid_scope_required');
  if (client.relativesLinks && !client.scopes.includes('sesame')) add('relativesLinks', 'oidc.relatives_links_need_sesame_scope');
  // The provider calls the back-channel address from server to server: an application in the browser has no such address.
  if (client.kind === 'public' && client.backchannelLogoutUri !== null) add('backchannelLogoutUri', 'oidc.backchannel_not_for_public');
  const addresses: Array<[string, string | null]> = [
    ...client.redirectUris.map((uri, i): [string, string] => [`redirectUris.${i}`, uri]),
    ...client.postLogoutRedirectUris.map((uri, i): [string, string] => [`postLogoutRedirectUris.${i}`, uri]),
    ['backchannelLogoutUri', client.backchannelLogoutUri],
  ];
  for (const [field, uri] of addresses) if (uri !== null && !secureAddress(uri)) add(field, 'oidc.https_required', { uri });
  return issues;
}

/** The names of the settings that differ (the `fields` of the update's event). */
export function changedFields(before: ClientSettings & { name: string }, after: ClientSettings & { name: string }): string[] {
  const keys = Object.keys(after) as Array<keyof typeof after>;
  return keys.filter((key) => key !== 'kind' && JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort();
}

/** A stored registration's settings, as the contract names them. */
export function settingsOf(row: OidcClientRow): ClientSettings & { name: string } {
  return {
    kind: row.kind,
    name: row.name,
    redirectUris: row.redirect_uris,
    postLogoutRedirectUris: row.post_logout_redirect_uris,
    backchannelLogoutUri: row.backchannel_logout_uri,
    scopes: row.scopes as ClientSettings['scopes'],
    allowedProfiles: row.allowed_profiles as ClientSettings['allowedProfiles'],
    allowedSchoolIds: row.allowed_school_ids,
    consentRequired: row.consent_required,
    subjectType: row.subject_type,
    relativesLinks: row.relatives_links,
    operations: row.operations as MachineOperation[],
  };
}

/** A registration as the manager reads it; whether it has a secret, never the secret's hash. */
export function clientView(row: OidcClientRow): OidcClientView {
  return {
    clientId: row.client_id,
    ...settingsOf(row),
    hasSecret: row.secret_hash !== null,
    builtIn: false,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What the audit log keeps of a registration: its settings, whether it has a secret, never the secret nor its hash. */
export function auditSnapshot(row: OidcClientRow): Record<string, unknown> {
  return { clientId: row.client_id, ...settingsOf(row), hasSecret: row.secret_hash !== null };
}

/** The event's reference to a client. */
export const clientRef = (row: OidcClientRow, actorId: string) => ({ clientId: row.client_id, name: row.name, kind: row.kind, actorId });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The audit row's target (a uuid column): the client's id, which the registration generates as a
 * UUID; null for an id written otherwise (the snapshot names the client either way).
 */
export const auditTarget = (clientId: string): string | null => (UUID.test(clientId) ? clientId : null);

/** The settings as oidc_clients' columns. */
export function columnsOf(settings: ClientSettings & { name: string }) {
  return {
    kind: settings.kind,
    name: settings.name,
    redirect_uris: settings.redirectUris,
    post_logout_redirect_uris: settings.postLogoutRedirectUris,
    backchannel_logout_uri: settings.backchannelLogoutUri,
    scopes: settings.scopes,
    allowed_profiles: settings.allowedProfiles,
    allowed_school_ids: settings.allowedSchoolIds,
    consent_required: settings.consentRequired,
    subject_type: settings.subjectType,
    relatives_links: settings.relativesLinks,
    operations: settings.operations,
  };
}
