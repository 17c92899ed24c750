import { type OidcClientView, NEW_CLIENT, clientBody, clientPatch, creationBody, formValuesOf, linesOf, placeClientErrors, providerAddresses, shownFields } from './oidc-client.rules';

const registered: OidcClientView = {
  clientId: 'ent-college',
  kind: 'confidential',
  name: 'ENT du collège',
  redirectUris: ['https://ent.example.org/callback'],
  postLogoutRedirectUris: [],
  backchannelLogoutUri: null,
  scopes: ['openid', 'profile'],
  allowedProfiles: [],
  allowedSchoolIds: [],
  consentRequired: false,
  subjectType: 'public',
  relativesLinks: false,
  operations: [],
  hasSecret: true,
  builtIn: false,
  createdAt: '2026-09-01T08:00:00.000Z',
  updatedAt: '2026-09-01T08:00:00.000Z',
};

describe('a connected application’s form', () => {
  it('reads one address per line, ignoring blank lines and spaces around', () => {
    expect(linesOf(' https://a.example.org/cb \r\n\n https://b.example.org/cb\n')).toEqual(['https://a.example.org/cb', 'https://b.example.org/cb']);
    expect(linesOf(undefined)).toEqual([]);
  });

  it('gives the tools the issuer and the discovery address on the console’s own address', () => {
    expect(providerAddresses('https://sesame.ac-test.fr/')).toEqual({
      issuer: 'https://sesame.ac-test.fr/oidc',
      discovery: 'https://sesame.ac-test.fr/oidc/.well-known/openid-configuration',
    });
  });

  it('sends for a machine its name, provisioning scopes, reach and operations, whatever was left in the hidden fields', () => {
    const body = creationBody({
      ...NEW_CLIENT,
      kind: 'machine',
      name: ' Logiciel de vie scolaire ',
      redirectUris: 'https://x.example.org/cb',
      scopes: ['openid', 'scim'],
      allowedProfiles: ['student'],
      consentRequired: true,
      pairwise: true,
      operations: ['update', 'create'],
    });
    expect(body).toEqual({ kind: 'machine', name: 'Logiciel de vie scolaire', scopes: ['scim'], allowedProfiles: ['student'], allowedSchoolIds: [], operations: ['read', 'create', 'update'] });
  });

  it('sends a machine without the scim scope the reading only', () => {
    expect(clientBody({ ...NEW_CLIENT, kind: 'machine', name: 'SDS', scopes: ['oneroster'], operations: ['read', 'delete'] }).operations).toEqual(['read']);
  });

  it('passes the relatives’ links only with the sesame scope, and the back-channel address only for a web application', () => {
    const values = { ...NEW_CLIENT, kind: 'public' as const, backchannelLogoutUri: 'https://x.example.org/logout', relativesLinks: true, pairwise: true };
    expect(clientBody(values)).toMatchObject({ backchannelLogoutUri: null, relativesLinks: false, subjectType: 'pairwise' });
    expect(clientBody({ ...values, kind: 'confidential', scopes: ['openid', 'sesame'] })).toMatchObject({ backchannelLogoutUri: 'https://x.example.org/logout', relativesLinks: true });
  });

  it('sends only what changed', () => {
    const values = { ...formValuesOf(registered), name: 'ENT du collège Victor-Hugo', consentRequired: true };
    expect(clientPatch(values, registered)).toEqual({ name: 'ENT du collège Victor-Hugo', consentRequired: true });
    expect(clientPatch(formValuesOf(registered), registered)).toEqual({});
  });

  it('puts the API’s sentences on the fields they name, and the others above the form', () => {
    const errors = [
      { field: 'redirectUris.1', message: 'La deuxième adresse est incorrecte.' },
      { field: 'redirectUris', message: 'Une autre.' },
      { field: 'subjectType', message: 'Sujet.' },
      { field: 'clientId', message: 'Ailleurs.' },
    ];
    expect(placeClientErrors(errors, shownFields('confidential', true))).toEqual({
      fields: { redirectUris: 'La deuxième adresse est incorrecte.', pairwise: 'Sujet.' },
      message: 'Une autre. Ailleurs.',
    });
    // A machine's form has no addresses: said above the form rather than lost.
    expect(placeClientErrors([{ field: 'redirectUris', message: 'Pas d’adresse.' }], shownFields('machine', true))).toEqual({ fields: {}, message: 'Pas d’adresse.' });
  });
});
