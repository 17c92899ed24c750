import type { OidcClientView } from '@sesame/contracts/src/identity/oidc.schema';
import { api } from '../providers/http';
import type { ClientBody, OidcClientKind } from './oidc-client.rules';

/** A registration or a new secret: the secret is in this answer only (null for a tool in the browser). */
export interface OidcClientWithSecret {
  client: OidcClientView;
  clientSecret: string | null;
}

const path = (clientId: string) => `/oidc/clients/${encodeURIComponent(clientId)}`;

/** The calls of « Applications connectées » (the manager's registrations of the tools signing in with Sesame). */
export const oidcClientsApi = {
  list: () => api<{ items: OidcClientView[] }>('GET', '/oidc/clients'),

  get: (clientId: string) => api<OidcClientView>('GET', path(clientId)),

  create: (body: ClientBody & { kind: OidcClientKind }) => api<OidcClientWithSecret>('POST', '/oidc/clients', body),

  update: (clientId: string, patch: Partial<ClientBody>) => api<OidcClientView>('PATCH', path(clientId), patch),

  /** The old secret stops working at once: the tool must be given the new one. */
  rotateSecret: (clientId: string) => api<OidcClientWithSecret>('POST', `${path(clientId)}/secret`, {}),

  /** The tool's users are signed out of it. */
  remove: (clientId: string) => api<undefined>('DELETE', path(clientId)),
};
