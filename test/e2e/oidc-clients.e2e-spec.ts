import { createHash } from 'node:crypto';
import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';

/**
 * The tools that sign the académie's users in (issue 17), registered through the API: the manager
 * registers, reads, changes, gives a new secret to and removes a client; the secret is in the
 * answer once and kept as its hash; anyone else is refused; a refusal says why in the user's language.
 * (The rules one by one, the audit and the events are identity's oidc-clients.int-spec.)
 */
describe('registering OpenID Connect clients through the API', () => {
  let stack: Stack;
  let d: Directory;

  beforeAll(async () => {
    stack = await startStack();
    d = await seedDirectory(stack.api);
  });
  afterAll(() => stack.close());

  const as = (token: string) => stack.api.as(token);
  const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
  const storedHash = async (clientId: string) =>
    (await stack.identityDb.selectFrom('oidc_clients').select('secret_hash').where('client_id', '=', clientId).executeTakeFirst())?.secret_hash;
  const registration = {
    kind: 'confidential',
    name: 'Pronote',
    redirectUris: ['https://pronote.example.fr/callback'],
    scopes: ['openid', 'profile', 'email'],
    allowedProfiles: ['teacher', 'student'],
  };

  it('lets the manager register, read, change, give a new secret to and remove a client', async () => {
    const manager = as(d.tokens.manager);
    const created = await manager.post('/api/v1/oidc/clients', { ...registration, allowedSchoolIds: [d.schoolA.id] });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const { client, clientSecret } = created.body;
    expect(client).toMatchObject({ kind: 'confidential', name: 'Pronote', hasSecret: true, builtIn: false, allowedSchoolIds: [d.schoolA.id], consentRequired: false, subjectType: 'public' });
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await storedHash(client.clientId)).toBe(sha256(clientSecret));

    const list = await manager.get('/api/v1/oidc/clients');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([client]);
    const read = await manager.get(`/api/v1/oidc/clients/${client.clientId}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(client);
    expect(JSON.stringify([list.body, read.body])).not.toContain(clientSecret);

    const changed = await manager.patch(`/api/v1/oidc/clients/${client.clientId}`, { name: 'Pronote (collège)', consentRequired: true, subjectType: 'pairwise' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ clientId: client.clientId, name: 'Pronote (collège)', consentRequired: true, subjectType: 'pairwise', redirectUris: registration.redirectUris });
    expect((await manager.get(`/api/v1/oidc/clients/${client.clientId}`)).body.name).toBe('Pronote (collège)');

    const rotated = await manager.post(`/api/v1/oidc/clients/${client.clientId}/secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated.body.clientSecret).not.toBe(clientSecret);
    expect(await storedHash(client.clientId)).toBe(sha256(rotated.body.clientSecret));

    const removed = await manager.request('DELETE', `/api/v1/oidc/clients/${client.clientId}`);
    expect(removed.status).toBe(204);
    expect(removed.body).toBeUndefined();
    expect((await manager.get(`/api/v1/oidc/clients/${client.clientId}`)).status).toBe(404);
    expect((await manager.request('DELETE', `/api/v1/oidc/clients/${client.clientId}`)).status).toBe(404);
    expect((await manager.get('/api/v1/oidc/clients')).body.items).toEqual([]);
  });

  it('gives a public client no secret, and no secret to rotate', async () => {
    const manager = as(d.tokens.manager);
    const created = await manager.post('/api/v1/oidc/clients', { ...registration, kind: 'public', name: 'Appli mobile', redirectUris: ['http://127.0.0.1:8400/callback'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ client: { kind: 'public', hasSecret: false }, clientSecret: null });
    const rotate = await manager.post(`/api/v1/oidc/clients/${created.body.client.clientId}/secret`);
    expect(rotate.status).toBe(409);
    expect(rotate.body.detail).toBe('Un client public n’a pas de secret : il prouve son identité par PKCE à chaque connexion.');
    expect((await manager.request('DELETE', `/api/v1/oidc/clients/${created.body.client.clientId}`)).status).toBe(204);
  });

  it('refuses an administrator and the others with 403, whatever the client', async () => {
    const { body } = await as(d.tokens.manager).post('/api/v1/oidc/clients', registration);
    const path = `/api/v1/oidc/clients/${body.client.clientId}`;
    for (const token of [d.tokens.administrator, d.tokens.supervisor, d.tokens.member]) {
      const someone = as(token);
      expect((await someone.get('/api/v1/oidc/clients')).status).toBe(403);
      expect((await someone.get(path)).status).toBe(403);
      expect((await someone.post('/api/v1/oidc/clients', registration)).status).toBe(403);
      expect((await someone.patch(path, { name: 'Détourné' })).status).toBe(403);
      expect((await someone.post(`${path}/secret`)).status).toBe(403);
      expect((await someone.request('DELETE', path)).status).toBe(403);
    }
    expect((await stack.api.get('/api/v1/oidc/clients')).status).toBe(401);
    expect(await storedHash(body.client.clientId)).toBe(sha256(body.clientSecret));
    expect((await as(d.tokens.manager).get(path)).body.name).toBe('Pronote');
  });

  it('says why a registration is refused, as problem+json in French or in English', async () => {
    const machineWithAddress = { kind: 'machine', name: 'SIECLE', scopes: ['scim'], redirectUris: ['https://siecle.example.fr/cb'] };
    const fr = await as(d.tokens.manager).post('/api/v1/oidc/clients', machineWithAddress);
    expect(fr.status).toBe(400);
    expect(fr.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(fr.body).toMatchObject({ code: 'validation_failed', status: 400 });
    expect(fr.body.errors).toEqual([
      expect.objectContaining({
        field: 'redirectUris',
        code: 'oidc.not_for_machines',
        message: 'Un client machine ne connecte aucun utilisateur : le champ « redirectUris » ne le concerne pas.',
      }),
    ]);

    const en = await as(d.tokens.manager).inLanguage('en').post('/api/v1/oidc/clients', { ...registration, scopes: ['profile'], redirectUris: ['http://pronote.example.fr/cb'] });
    expect(en.status).toBe(400);
    expect(en.body.errors).toEqual([
      expect.objectContaining({ field: 'scopes', code: 'oidc.openid_scope_required', message: 'A tool that signs users in must ask for the “openid” scope.' }),
      expect.objectContaining({ field: 'redirectUris.0', code: 'oidc.https_required', message: 'The address “http://pronote.example.fr/cb” must start with https:// (http:// is accepted for localhost and 127.0.0.1 only).' }),
    ]);

    // The contract's own checks, and fields it does not know (the kind cannot be changed).
    const unknownField = await as(d.tokens.manager).patch('/api/v1/oidc/clients/anything', { kind: 'public' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors[0]).toMatchObject({ code: 'unrecognized_keys' });
    expect((await as(d.tokens.manager).post('/api/v1/oidc/clients', { ...registration, scopes: [] })).status).toBe(400);
    expect((await as(d.tokens.manager).get(`/api/v1/oidc/clients/${'x'.repeat(101)}`)).status).toBe(404);
  });
});
