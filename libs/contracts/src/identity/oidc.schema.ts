import { z } from 'zod';
import { defineRpc } from '../rpc';
import { ProfileSchema } from './accounts.schema';

/*
 * The OpenID Connect provider (issue 17): identity is the académie's identity provider, and the
 * manager registers the tools ("relying parties", "clients") that may sign their users in with it.
 */

export { API_AUDIENCE, API_RESOURCE_PATH, CONSOLE_CLIENT_ID, OIDC_PATH } from './oidc.constants';
export { ONEROSTER_PATH, SCIM_PATH } from './provisioning.constants';

/** Scopes a user-facing client may ask for. `sesame`: profile, schools' UAI, classes (and relatives' links where allowed). */
export const USER_SCOPES = ['openid', 'profile', 'email', 'offline_access', 'sesame'] as const;
/** Scopes a machine client (client credentials) may be given: read or provision accounts (issue 18). */
export const MACHINE_SCOPES = ['scim', 'oneroster'] as const;
export const OidcScopeSchema = z.enum([...USER_SCOPES, ...MACHINE_SCOPES]);

/**
 * What a machine client may do to the accounts of its schools and profiles through SCIM (issue 18):
 * `read` (SCIM and OneRoster reads), `create`, `update`, `deactivate` (`active: false`) and `delete`
 * (a pre-deletion, restorable during the grace period). Writes follow the rules of an administrator
 * of those schools: member accounts only, no reactivation.
 */
export const MACHINE_OPERATIONS = ['read', 'create', 'update', 'deactivate', 'delete'] as const;
export const MachineOperationSchema = z.enum(MACHINE_OPERATIONS);
export type MachineOperation = z.infer<typeof MachineOperationSchema>;
export type OidcScope = z.infer<typeof OidcScopeSchema>;

/**
 * - `confidential`: a server-side web application (code + PKCE, refresh tokens), authenticated by its secret;
 * - `public`: an application in the browser or on a phone (code + PKCE), no secret;
 * - `machine`: a system that calls Sesame on its own behalf (client credentials), with a secret.
 */
export const OIDC_CLIENT_KINDS = ['confidential', 'public', 'machine'] as const;
export const OidcClientKindSchema = z.enum(OIDC_CLIENT_KINDS);
export type OidcClientKind = z.infer<typeof OidcClientKindSchema>;

/** `public`: the account's id; `pairwise`: an id of its own per client (tools cannot match their users). */
export const OidcSubjectTypeSchema = z.enum(['public', 'pairwise']);

const redirectUri = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .refine((uri) => !uri.includes('#'), 'A redirect address cannot have a fragment (#).');

const clientFields = {
  name: z.string().trim().min(1).max(120),
  redirectUris: z.array(redirectUri).max(20),
  postLogoutRedirectUris: z.array(redirectUri).max(20),
  /** Where the provider posts a logout token when a user's session ends (OpenID Connect Back-Channel Logout). */
  backchannelLogoutUri: redirectUri.nullable(),
  scopes: z.array(OidcScopeSchema).min(1).max(10),
  /** Profiles whose accounts may sign in to this client; empty: every profile. */
  allowedProfiles: z.array(ProfileSchema).max(5),
  /** Schools whose members may sign in to this client; empty: the whole académie. */
  allowedSchoolIds: z.array(z.uuid()).max(2000),
  /** Whether the user is asked to agree before the first sign-in (else the manager's registration stands for it). */
  consentRequired: z.boolean(),
  subjectType: OidcSubjectTypeSchema,
  /** Whether the `sesame` scope gives this client the relatives' links (a parents' portal). */
  relativesLinks: z.boolean(),
  /** A machine client's operations (`read` at least); empty for the others. */
  operations: z.array(MachineOperationSchema).max(MACHINE_OPERATIONS.length),
};

export const OidcClientViewSchema = z.object({
  clientId: z.string(),
  kind: OidcClientKindSchema,
  ...clientFields,
  /** Whether the client authenticates with a secret (its hash only is kept; the secret is shown once). */
  hasSecret: z.boolean(),
  builtIn: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type OidcClientView = z.infer<typeof OidcClientViewSchema>;

export const CreateOidcClientSchema = z.object({
  kind: OidcClientKindSchema,
  name: clientFields.name,
  redirectUris: clientFields.redirectUris.default([]),
  postLogoutRedirectUris: clientFields.postLogoutRedirectUris.default([]),
  backchannelLogoutUri: clientFields.backchannelLogoutUri.default(null),
  scopes: clientFields.scopes,
  allowedProfiles: clientFields.allowedProfiles.default([]),
  allowedSchoolIds: clientFields.allowedSchoolIds.default([]),
  consentRequired: clientFields.consentRequired.default(false),
  subjectType: clientFields.subjectType.default('public'),
  relativesLinks: clientFields.relativesLinks.default(false),
  /** A machine client without operations may read (`['read']`). */
  operations: clientFields.operations.optional(),
});
export type CreateOidcClient = z.output<typeof CreateOidcClientSchema>;

export const UpdateOidcClientSchema = z.object({
  clientId: z.string().min(1).max(100),
  name: clientFields.name.optional(),
  redirectUris: clientFields.redirectUris.optional(),
  postLogoutRedirectUris: clientFields.postLogoutRedirectUris.optional(),
  backchannelLogoutUri: clientFields.backchannelLogoutUri.optional(),
  scopes: clientFields.scopes.optional(),
  allowedProfiles: clientFields.allowedProfiles.optional(),
  allowedSchoolIds: clientFields.allowedSchoolIds.optional(),
  consentRequired: clientFields.consentRequired.optional(),
  subjectType: clientFields.subjectType.optional(),
  relativesLinks: clientFields.relativesLinks.optional(),
  operations: clientFields.operations.optional(),
});

export const OidcClientIdSchema = z.object({ clientId: z.string().min(1).max(100) });

/** The answer to a registration or a new secret: the secret is in it this once, never again. */
export const OidcClientWithSecretSchema = z.object({
  client: OidcClientViewSchema,
  clientSecret: z.string().nullable(),
});

// WARNING: patterns are the wire names of identity's RPC queue; rename only with a migration plan.
/** The manager's registrations of relying parties, answered by identity on QUEUES.identityRpc. */
export const IdentityOidcRpc = {
  listClients: defineRpc('identity.oidc.clients.list', z.object({}).strict(), z.object({ items: z.array(OidcClientViewSchema) })),
  getClient: defineRpc('identity.oidc.clients.get', OidcClientIdSchema, OidcClientViewSchema),
  createClient: defineRpc('identity.oidc.clients.create', CreateOidcClientSchema, OidcClientWithSecretSchema),
  updateClient: defineRpc('identity.oidc.clients.update', UpdateOidcClientSchema, OidcClientViewSchema),
  rotateClientSecret: defineRpc('identity.oidc.clients.rotate-secret', OidcClientIdSchema, OidcClientWithSecretSchema),
  deleteClient: defineRpc('identity.oidc.clients.delete', OidcClientIdSchema, z.object({ done: z.literal(true) })),
} as const;
