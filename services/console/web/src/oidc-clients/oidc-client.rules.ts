import type { Profile } from '@sesame/contracts/src/identity/accounts.schema';
import { OIDC_PATH } from '@sesame/contracts/src/identity/oidc.constants';
import { MACHINE_OPERATIONS, MACHINE_SCOPES, type MachineOperation, OIDC_CLIENT_KINDS, type OidcClientKind, type OidcClientView, type OidcScope, USER_SCOPES } from '@sesame/contracts/src/identity/oidc.schema';

export { MACHINE_OPERATIONS, OIDC_CLIENT_KINDS };
export type { MachineOperation, OidcClientKind, OidcClientView, OidcScope };

/**
 * The form as the manager fills it: the addresses as text, one per line (what a tool's documentation
 * gives to copy), the subject type as a yes/no. Turned into the API's body on sending.
 */
export interface OidcClientFormValues {
  kind: OidcClientKind;
  name: string;
  redirectUris: string;
  postLogoutRedirectUris: string;
  backchannelLogoutUri: string;
  scopes: OidcScope[];
  allowedProfiles: Profile[];
  allowedSchoolIds: string[];
  consentRequired: boolean;
  pairwise: boolean;
  relativesLinks: boolean;
  operations: MachineOperation[];
}

/** A machine has no user: it is given the provisioning scopes; the others, the sign-in ones. */
export const scopesFor = (kind: OidcClientKind): readonly OidcScope[] => (kind === 'machine' ? MACHINE_SCOPES : USER_SCOPES);

/** Only a tool that signs people in has addresses, people to allow, consent and subject ids. */
export const signsPeopleIn = (kind: OidcClientKind) => kind !== 'machine';

/** Back-channel logout is a call from server to server: a tool in the browser cannot receive it. */
export const hasBackchannel = (kind: OidcClientKind) => kind === 'confidential';

/** The form's fields for a kind, by their sources: where a refusal's field errors can be shown. */
export function shownFields(kind: OidcClientKind, creating: boolean): string[] {
  const fields = [...(creating ? ['kind'] : []), 'name', 'scopes', 'allowedProfiles', 'allowedSchoolIds'];
  if (kind === 'machine') return [...fields, 'operations'];
  fields.push('redirectUris', 'postLogoutRedirectUris', 'consentRequired', 'pairwise', 'relativesLinks');
  if (hasBackchannel(kind)) fields.push('backchannelLogoutUri');
  return fields;
}

/** The issuer and discovery addresses a tool is configured with, on the console's own address. */
export function providerAddresses(origin: string) {
  const issuer = `${origin.replace(/\/+$/, '')}${OIDC_PATH}`;
  return { issuer, discovery: `${issuer}/.well-known/openid-configuration` };
}

/** Non-empty lines, trimmed: « one address per line ». */
export const linesOf = (text: string | undefined | null): string[] =>
  (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

export const NEW_CLIENT: OidcClientFormValues = {
  kind: 'confidential',
  name: '',
  redirectUris: '',
  postLogoutRedirectUris: '',
  backchannelLogoutUri: '',
  scopes: ['openid', 'profile'],
  allowedProfiles: [],
  allowedSchoolIds: [],
  consentRequired: false,
  pairwise: false,
  relativesLinks: false,
  operations: ['read'],
};

export function formValuesOf(client: OidcClientView): OidcClientFormValues {
  return {
    kind: client.kind,
    name: client.name,
    redirectUris: client.redirectUris.join('\n'),
    postLogoutRedirectUris: client.postLogoutRedirectUris.join('\n'),
    backchannelLogoutUri: client.backchannelLogoutUri ?? '',
    scopes: client.scopes,
    allowedProfiles: client.allowedProfiles,
    allowedSchoolIds: client.allowedSchoolIds,
    consentRequired: client.consentRequired,
    pairwise: client.subjectType === 'pairwise',
    relativesLinks: client.relativesLinks,
    operations: client.operations,
  };
}

/** What the API is sent of a registration: a machine's name, scopes, reach and operations; everything of signing in for the others. */
export type ClientBody = { name: string; scopes: OidcScope[] } & Partial<{
  operations: MachineOperation[];
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  allowedProfiles: Profile[];
  allowedSchoolIds: string[];
  consentRequired: boolean;
  subjectType: 'public' | 'pairwise';
  relativesLinks: boolean;
}>;

/**
 * What is sent for the kind chosen: fields the form hid for that kind (a machine's addresses, a
 * scope of another kind left ticked before the kind changed) are not sent, so that nothing the
 * manager cannot see is registered. Nothing else is checked here: the API's sentences say what is wrong.
 */
export function clientBody(values: OidcClientFormValues): ClientBody {
  const allowed = scopesFor(values.kind);
  const scopes = (values.scopes ?? []).filter((scope) => allowed.includes(scope));
  const name = (values.name ?? '').trim();
  const reach = { allowedProfiles: values.allowedProfiles ?? [], allowedSchoolIds: values.allowedSchoolIds ?? [] };
  if (!signsPeopleIn(values.kind)) {
    // Writes go through SCIM: without the scope, only reading is sent (the API would refuse the rest).
    const operations = (values.operations ?? []).filter((operation) => operation === 'read' || scopes.includes('scim'));
    return { name, scopes, ...reach, operations: MACHINE_OPERATIONS.filter((operation) => operation === 'read' || operations.includes(operation)) };
  }
  const backchannel = hasBackchannel(values.kind) ? (values.backchannelLogoutUri ?? '').trim() : '';
  return {
    name,
    redirectUris: linesOf(values.redirectUris),
    postLogoutRedirectUris: linesOf(values.postLogoutRedirectUris),
    backchannelLogoutUri: backchannel || null,
    scopes,
    ...reach,
    consentRequired: Boolean(values.consentRequired),
    subjectType: values.pairwise ? 'pairwise' : 'public',
    relativesLinks: scopes.includes('sesame') && Boolean(values.relativesLinks),
  };
}

export const creationBody = (values: OidcClientFormValues) => ({ kind: values.kind, ...clientBody(values) });

/** The changes only (PATCH): a field sent unchanged would still be audited as changed. */
export function clientPatch(values: OidcClientFormValues, client: OidcClientView): Partial<ClientBody> {
  const next = clientBody({ ...values, kind: client.kind });
  const patch: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(next)) {
    const before = client[field as keyof ClientBody];
    if (JSON.stringify(value) !== JSON.stringify(before)) patch[field] = value;
  }
  return patch;
}

/**
 * A refusal's field errors by the form's fields: `redirectUris.1` (the second address) is said on
 * the addresses' field, `subjectType` on the pairwise switch. One message per field; what no shown
 * field can carry (a second message, a field the form has not) goes above the form, so none is lost.
 */
export function placeClientErrors(errors: ReadonlyArray<{ field: string; message: string }>, shown: readonly string[]): { fields: Record<string, string>; message?: string } {
  const fields: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const { field, message } of errors) {
    const top = field.split(/[.[]/)[0];
    const source = top === 'subjectType' ? 'pairwise' : top;
    if (shown.includes(source) && !(source in fields)) fields[source] = message;
    else elsewhere.push(message);
  }
  return { fields, ...(elsewhere.length ? { message: elsewhere.join(' ') } : {}) };
}
