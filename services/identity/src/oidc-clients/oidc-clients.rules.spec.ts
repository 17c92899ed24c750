import { createHash } from 'node:crypto';
import { CreateOidcClientSchema } from '@sesame/contracts';
import type { OidcClientRow } from '../database/schema';
import { auditSnapshot, auditTarget, changedFields, clientIssues, clientView, hashClientSecret, normalizedSettings, settingsOf } from './oidc-clients.rules';

/** A registration as the API's contract completes it (defaults filled in). */
const client = (fields: Record<string, unknown>) => normalizedSettings(CreateOidcClientSchema.parse({ name: 'Pronote', ...fields }));
const codes = (fields: Record<string, unknown>) => clientIssues(client(fields)).map((i) => `${i.field}:${i.code}`);

const webApp = { kind: 'confidential', redirectUris: ['https://pronote.example.fr/callback'], scopes: ['openid', 'profile'] };
const machine = { kind: 'machine', scopes: ['scim'] };

describe('a client’s registration', () => {
  it('accepts a web application, an application in the browser and a machine client as they should be', () => {
    expect(codes(webApp)).toEqual([]);
    expect(codes({ ...webApp, kind: 'public', scopes: ['openid', 'offline_access', 'sesame'], relativesLinks: true, postLogoutRedirectUris: ['https://pronote.example.fr/'] })).toEqual([]);
    expect(codes({ ...machine, scopes: ['scim', 'oneroster'], allowedSchoolIds: ['00000000-0000-4000-8000-0000000000c1'] })).toEqual([]);
  });

  it('wants a redirect address and the openid scope for a client that signs users in', () => {
    expect(codes({ ...webApp, redirectUris: [] })).toEqual(['redirectUris:oidc.redirect_uri_required']);
    expect(codes({ ...webApp, kind: 'public', scopes: ['profile', 'email'] })).toEqual(['scopes:oidc.openid_scope_required']);
  });

  it('gives the machine scopes to machine clients only, and the user scopes to the others only', () => {
    expect(codes({ ...webApp, scopes: ['openid', 'scim'] })).toEqual(['scopes:oidc.scope_not_for_users']);
    expect(codes({ ...machine, scopes: ['scim', 'openid'] })).toEqual(['scopes:oidc.scope_not_for_machines']);
  });

  it('refuses to a machine client whatever belongs to signing users in', () => {
    expect(
      codes({
        ...machine,
        redirectUris: ['https://tool.example.fr/cb'],
        postLogoutRedirectUris: ['https://tool.example.fr/'],
        backchannelLogoutUri: 'https://tool.example.fr/logout',
        consentRequired: true,
        relativesLinks: true,
        subjectType: 'pairwise',
      }),
    ).toEqual([
      'redirectUris:oidc.not_for_machines',
      'postLogoutRedirectUris:oidc.not_for_machines',
      'backchannelLogoutUri:oidc.not_for_machines',
      'consentRequired:oidc.not_for_machines',
      'relativesLinks:oidc.not_for_machines',
      'subjectType:oidc.not_for_machines',
    ]);
  });

  it('gives a machine client read by default, and the operations it is granted in their order', () => {
    expect(client(machine).operations).toEqual(['read']);
    expect(client({ ...machine, operations: ['delete', 'read', 'create', 'read'] }).operations).toEqual(['read', 'create', 'delete']);
    expect(client(webApp).operations).toEqual([]);
  });

  it('refuses operations to a user-facing client, writes without SCIM, and writes without read', () => {
    expect(codes({ ...webApp, operations: ['read'] })).toEqual(['operations:oidc.operations_for_machines']);
    expect(codes({ ...machine, scopes: ['oneroster'], operations: ['read', 'update'] })).toEqual(['operations:oidc.writes_need_scim']);
    expect(codes({ ...machine, operations: ['create'] })).toEqual(['operations:oidc.read_required']);
    expect(codes({ ...machine, scopes: ['scim', 'oneroster'], operations: ['read', 'create', 'update', 'deactivate', 'delete'] })).toEqual([]);
  });

  it('accepts http:// on the loopback only, naming each address refused', () => {
    const loopback = ['http://localhost:3000/cb', 'http://127.0.0.1:8080/cb', 'http://[::1]/cb'];
    expect(codes({ ...webApp, kind: 'public', redirectUris: loopback })).toEqual([]);
    expect(
      codes({
        ...webApp,
        redirectUris: ['https://ok.example.fr/cb', 'http://pronote.example.fr/cb'],
        postLogoutRedirectUris: ['http://localhost.example.fr/'],
        backchannelLogoutUri: 'http://127.0.0.2/logout',
      }),
    ).toEqual(['redirectUris.1:oidc.https_required', 'postLogoutRedirectUris.0:oidc.https_required', 'backchannelLogoutUri:oidc.https_required']);
  });

  it('gives the relatives’ links only with the sesame scope that carries them', () => {
    expect(codes({ ...webApp, relativesLinks: true })).toEqual(['relativesLinks:oidc.relatives_links_need_sesame_scope']);
    expect(codes({ ...webApp, scopes: ['openid', 'sesame'], relativesLinks: true })).toEqual([]);
  });

  it('gives a back-channel logout address to a client with a server only', () => {
    expect(codes({ ...webApp, backchannelLogoutUri: 'https://pronote.example.fr/logout' })).toEqual([]);
    expect(codes({ ...webApp, kind: 'public', backchannelLogoutUri: 'https://pronote.example.fr/logout' })).toEqual(['backchannelLogoutUri:oidc.backchannel_not_for_public']);
  });

  it('stores lists without repeats', () => {
    const settings = normalizedSettings(client({ ...webApp, redirectUris: ['https://a.fr/cb', 'https://a.fr/cb'], scopes: ['openid', 'profile', 'openid'] }));
    expect(settings.redirectUris).toEqual(['https://a.fr/cb']);
    expect(settings.scopes).toEqual(['openid', 'profile']);
  });
});

describe('a client’s secret and what is said of the client', () => {
  const row: OidcClientRow = {
    client_id: '6f1c2b9e-3a57-4d0b-9d0e-0c5e8d1f6a01',
    kind: 'confidential',
    name: 'Pronote',
    secret_hash: hashClientSecret('s3cret'),
    redirect_uris: ['https://pronote.example.fr/callback'],
    post_logout_redirect_uris: [],
    backchannel_logout_uri: null,
    scopes: ['openid', 'profile'],
    allowed_profiles: ['teacher'],
    allowed_school_ids: [],
    consent_required: false,
    subject_type: 'pairwise',
    relatives_links: false,
    operations: [],
    created_at: new Date('2026-09-01T08:00:00Z'),
    updated_at: new Date('2026-09-02T08:00:00Z'),
  };

  it('is kept as its SHA-256 in hexadecimal', () => {
    expect(hashClientSecret('s3cret')).toBe(createHash('sha256').update('s3cret').digest('hex'));
    expect(hashClientSecret('s3cret')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is in neither the view nor the audit snapshot: only whether there is one', () => {
    const view = clientView(row);
    expect(view).toMatchObject({ clientId: row.client_id, hasSecret: true, builtIn: false, subjectType: 'pairwise', createdAt: '2026-09-01T08:00:00.000Z' });
    for (const said of [view, auditSnapshot(row)]) {
      expect(JSON.stringify(said)).not.toContain(row.secret_hash);
      expect(said).not.toHaveProperty('secretHash');
      expect(said).not.toHaveProperty('secret_hash');
    }
  });

  it('names the settings an update changes', () => {
    const before = settingsOf(row);
    expect(changedFields(before, { ...before })).toEqual([]);
    expect(changedFields(before, { ...before, name: 'Pronote 2', scopes: ['openid', 'profile', 'email'] })).toEqual(['name', 'scopes']);
  });

  it('targets the audit row at a generated (UUID) id only', () => {
    expect(auditTarget(row.client_id)).toBe(row.client_id);
    expect(auditTarget('test-0a1b2c')).toBeNull();
  });
});
