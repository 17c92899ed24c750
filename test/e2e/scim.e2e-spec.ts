import { SCIM_SCHEMAS } from '@sesame/contracts';
import { Issuer } from 'openid-client';
import { Api } from '../support/api';
import { Directory, seedDirectory, uniqueName } from '../support/directory';
import { RegisteredClient, machineToken, registerClient } from '../support/oidc';
import { Stack, startStack } from '../support/stack';

/*
 * The SCIM 2.0 service provider (issue 18), written from RFC 7643 and RFC 7644 section by section,
 * through the gateway with machine clients' tokens (client credentials). Sesame's rules hold: a
 * client reaches the member accounts of its schools and profiles, and does what it was granted.
 */
describe('SCIM 2.0 service provider', () => {
  let stack: Stack;
  let d: Directory;
  let scim: Api;
  let readOnly: Api;
  let teachersOnly: Api;
  let academie: Api;
  let full: RegisteredClient;
  const SESAME = SCIM_SCHEMAS.sesameUser;
  const ext = (profile: string, schoolIds: string[], classIds: string[] = []) => ({
    [SESAME]: { profile, schools: schoolIds.map((value) => ({ value })), classes: classIds.map((value) => ({ value })) },
  });
  const newUser = (fields: Record<string, unknown> = {}) => ({
    schemas: [SCIM_SCHEMAS.user, SESAME],
    userName: uniqueName('scim'),
    name: { givenName: 'Inès', familyName: `Durand ${uniqueName('n')}` },
    emails: [{ value: `${uniqueName('ines')}@ac-test.fr`, type: 'work', primary: true }],
    ...ext('student', [d.schoolA.id], [d.classA.id]),
    ...fields,
  });
  const created = async (fields: Record<string, unknown> = {}) => {
    const answer = await scim.request('POST', '/scim/v2/Users', newUser(fields));
    if (answer.status !== 201) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const client = async (fields: Parameters<typeof registerClient>[1], scope: string) => {
    const registered = await registerClient(stack.identityDb, fields);
    return { registered, api: stack.api.as(await machineToken(stack.api.baseUrl, registered, scope)) };
  };
  const list = (api: Api, query: Record<string, string>) => api.request('GET', `/scim/v2/Users?${new URLSearchParams(query)}`);

  beforeAll(async () => {
    stack = await startStack({ identity: { SCIM_MAX_RESULTS: '50', ACADEMIE_NAME: 'Académie de Test' } });
    d = await seedDirectory(stack.api);
    const all = ['read', 'create', 'update', 'deactivate', 'delete'];
    const main = await client({ kind: 'machine', scopes: ['scim'], operations: all, allowed_school_ids: [d.schoolA.id] }, 'scim');
    full = main.registered;
    scim = main.api;
    readOnly = (await client({ kind: 'machine', scopes: ['scim'], operations: ['read'], allowed_school_ids: [d.schoolA.id] }, 'scim')).api;
    teachersOnly = (await client({ kind: 'machine', scopes: ['scim'], operations: ['read'], allowed_profiles: ['teacher'] }, 'scim')).api;
    academie = (await client({ kind: 'machine', scopes: ['scim'], operations: all }, 'scim')).api;
  });
  afterAll(() => stack.close());

  describe('RFC 7644 §2 authentication and authorization', () => {
    it('refuses a call without a token with 401, a Bearer challenge and the error schema', async () => {
      const answer = await stack.api.request('GET', '/scim/v2/Users');
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="sesame-scim", error="invalid_token"/);
      expect(answer.body).toMatchObject({ schemas: [SCIM_SCHEMAS.error], status: '401' });
      expect((await stack.api.as('not-a-token').request('GET', '/scim/v2/Users')).status).toBe(401);
    });

    it('accepts a token obtained by an independent OAuth client (openid-client, client credentials)', async () => {
      const issuer = await Issuer.discover(`${stack.api.baseUrl}/oidc`);
      const rp = new issuer.Client({ client_id: full.clientId, client_secret: full.clientSecret!, response_types: [] });
      const { access_token } = await rp.grant({ grant_type: 'client_credentials', scope: 'scim' });
      expect((await stack.api.as(access_token).request('GET', '/scim/v2/Users?count=1')).status).toBe(200);
    });

    it('refuses a token without the scim scope (403 insufficient_scope)', async () => {
      const { api } = await client({ kind: 'machine', scopes: ['oneroster'], operations: ['read'] }, 'oneroster');
      const answer = await api.request('GET', '/scim/v2/Users');
      expect(answer.status).toBe(403);
      expect(answer.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    });

    it('refuses an operation the manager did not grant (403), whatever the rest', async () => {
      const answer = await readOnly.request('POST', '/scim/v2/Users', newUser());
      expect(answer.status).toBe(403);
      expect(answer.body.detail).toContain('"create"');
    });

    it('shows a client the member accounts of its schools and profiles only (others are 404)', async () => {
      expect((await scim.request('GET', `/scim/v2/Users/${d.memberA.id}`)).status).toBe(200);
      expect((await scim.request('GET', `/scim/v2/Users/${d.memberB.id}`)).status).toBe(404);
      // Staff accounts are not SCIM Users at all, even to a client of the whole académie.
      expect((await academie.request('GET', `/scim/v2/Users/${d.adminA.id}`)).status).toBe(404);
      const teachers = await list(teachersOnly, { filter: `${SESAME}:profile eq "student"` });
      expect(teachers.body.totalResults).toBe(0);
      expect((await teachersOnly.request('GET', `/scim/v2/Users/${d.memberA.id}`)).status).toBe(404);
    });
  });

  describe('RFC 7644 §4 service provider configuration endpoints', () => {
    it('says what is supported (ServiceProviderConfig, RFC 7643 §5)', async () => {
      const answer = await stack.api.request('GET', '/scim/v2/ServiceProviderConfig');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toContain('application/scim+json');
      expect(answer.body).toMatchObject({
        schemas: [SCIM_SCHEMAS.serviceProviderConfig],
        patch: { supported: true },
        bulk: { supported: false },
        filter: { supported: true, maxResults: 50 },
        sort: { supported: true },
        etag: { supported: true },
        authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
      });
    });

    it('lists the resource types with their schemas and extensions (RFC 7643 §6)', async () => {
      const answer = await stack.api.request('GET', '/scim/v2/ResourceTypes');
      expect(answer.body.totalResults).toBe(2);
      const user = answer.body.Resources.find((type: { id: string }) => type.id === 'User');
      expect(user).toMatchObject({ endpoint: '/Users', schema: SCIM_SCHEMAS.user });
      expect(user.schemaExtensions.map((e: { schema: string }) => e.schema)).toEqual([SCIM_SCHEMAS.enterpriseUser, SESAME]);
      expect((await stack.api.request('GET', '/scim/v2/ResourceTypes/Group')).body.endpoint).toBe('/Groups');
    });

    it('defines every attribute with RFC 7643 §7’s characteristics', async () => {
      const answer = await stack.api.request('GET', '/scim/v2/Schemas');
      expect(answer.body.Resources.map((s: { id: string }) => s.id)).toEqual(
        expect.arrayContaining([SCIM_SCHEMAS.user, SCIM_SCHEMAS.group, SCIM_SCHEMAS.enterpriseUser, SESAME]),
      );
      const user = (await stack.api.request('GET', `/scim/v2/Schemas/${SCIM_SCHEMAS.user}`)).body;
      const userName = user.attributes.find((a: { name: string }) => a.name === 'userName');
      expect(userName).toMatchObject({ type: 'string', required: true, caseExact: true, mutability: 'readWrite', returned: 'default', uniqueness: 'server', multiValued: false });
      expect(user.attributes.find((a: { name: string }) => a.name === 'password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
      expect((await stack.api.request('GET', '/scim/v2/Schemas/urn:nothing')).status).toBe(404);
    });
  });

  describe('RFC 7644 §3.3 creating resources', () => {
    it('creates a member: 201, Location, ETag, the representation (RFC 7643 §4.1, §4.3)', async () => {
      const body = newUser({ externalId: 'siecle-4242' });
      const answer = await scim.request('POST', '/scim/v2/Users', body, { 'content-type': 'application/scim+json' });
      expect(answer.status).toBe(201);
      expect(answer.headers.get('location')).toBe(`${stack.api.baseUrl}/scim/v2/Users/${answer.body.id}`);
      expect(answer.headers.get('etag')).toBe(answer.body.meta.version);
      expect(answer.body).toMatchObject({
        schemas: [SCIM_SCHEMAS.user, SCIM_SCHEMAS.enterpriseUser, SESAME],
        userName: body.userName,
        externalId: 'siecle-4242',
        active: true,
        name: { givenName: 'Inès' },
        emails: [{ value: body.emails[0].value, type: 'work', primary: true }],
        [SCIM_SCHEMAS.enterpriseUser]: { organization: 'Académie de Test', department: d.schoolA.uai },
        [SESAME]: { profile: 'student', schools: [{ value: d.schoolA.id, uai: d.schoolA.uai }], classes: [{ value: d.classA.id }], activated: false },
        meta: { resourceType: 'User', location: answer.headers.get('location') },
      });
      // Audited as the machine client, like any change to an account.
      const audit = await stack.identityDb.selectFrom('audit_log').selectAll().where('target_id', '=', answer.body.id).execute();
      expect(audit.map((row) => [row.action, row.actor_id])).toEqual([['user.create', full.clientId]]);
    });

    it('generates the login from the names when userName is absent', async () => {
      const user = await created({ userName: undefined, name: { givenName: 'Zoé', familyName: 'Lefèvre' } });
      expect(user.userName).toMatch(/^zoe\.lefevre/);
    });

    it('refuses a login already taken with 409 uniqueness', async () => {
      const answer = await scim.request('POST', '/scim/v2/Users', newUser({ userName: d.memberA.username }));
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ scimType: 'uniqueness', status: '409' });
    });

    it('holds Sesame’s rules: a profile is required, the login rules apply, schools are the client’s own', async () => {
      const noProfile = await scim.request('POST', '/scim/v2/Users', newUser({ [SESAME]: { schools: [{ value: d.schoolA.id }] } }));
      expect(noProfile).toMatchObject({ status: 400, body: { scimType: 'invalidValue' } });
      const badLogin = await scim.request('POST', '/scim/v2/Users', newUser({ userName: ' space' }));
      expect(badLogin).toMatchObject({ status: 400, body: { scimType: 'invalidValue' } });
      expect(badLogin.body.detail).toContain('username');
      const elsewhere = await scim.request('POST', '/scim/v2/Users', newUser(ext('student', [d.schoolB.id])));
      expect(elsewhere.status).toBe(403);
    });

    it('refuses a body that is not JSON with 400 invalidSyntax', async () => {
      const answer = await scim.request('POST', '/scim/v2/Users', '{"userName":', { 'content-type': 'application/scim+json' });
      expect(answer).toMatchObject({ status: 400, body: { scimType: 'invalidSyntax' } });
    });
  });

  describe('RFC 7644 §3.4.1 retrieving a known resource', () => {
    it('answers the User with its ETag, and 404 in the error schema for an unknown id', async () => {
      const answer = await scim.request('GET', `/scim/v2/Users/${d.memberA.id}`);
      expect(answer.body.id).toBe(d.memberA.id);
      expect(answer.headers.get('etag')).toMatch(/^W\/".+"$/);
      const unknown = await scim.request('GET', '/scim/v2/Users/00000000-0000-4000-8000-000000000000');
      expect(unknown).toMatchObject({ status: 404, body: { schemas: [SCIM_SCHEMAS.error], status: '404' } });
      expect((await scim.request('GET', '/scim/v2/Users/not-an-id')).status).toBe(404);
    });
  });

  describe('RFC 7644 §3.4.2.2 filtering', () => {
    let ana: Record<string, any>;
    let bob: Record<string, any>;
    const suffix = uniqueName('f');
    beforeAll(async () => {
      ana = await created({ userName: `ana.${suffix}`, name: { givenName: 'Ana', familyName: `Filtre${suffix}` }, emails: [{ value: `ana.${suffix}@Exemple.fr`, type: 'work', primary: true }] });
      bob = await created({ userName: `bob.${suffix}`, name: { givenName: 'Bob', familyName: `Filtre${suffix}` }, emails: [], ...ext('teacher', [d.schoolA.id]) });
    });
    const ids = async (filter: string, api = scim) => {
      const answer = await list(api, { filter });
      if (answer.status !== 200) throw new Error(`${filter}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return (answer.body.Resources as Array<{ id: string }>).map((r) => r.id).sort();
    };
    const both = () => [ana.id, bob.id].sort();

    it('eq, case-sensitive on userName (caseExact) and case-insensitive on names', async () => {
      expect(await ids(`userName eq "ana.${suffix}"`)).toEqual([ana.id]);
      expect(await ids(`userName eq "ANA.${suffix.toUpperCase()}"`)).toEqual([]);
      expect(await ids(`name.familyName eq "filtre${suffix.toUpperCase()}"`)).toEqual(both());
    });
    it('ne, co, sw, ew', async () => {
      expect(await ids(`name.familyName eq "Filtre${suffix}" and name.givenName ne "Ana"`)).toEqual([bob.id]);
      expect(await ids(`userName co ".${suffix}"`)).toEqual(both());
      expect(await ids(`userName sw "bob.${suffix.slice(0, 4)}"`)).toEqual([bob.id]);
      expect(await ids(`emails ew "@exemple.fr" and userName co "${suffix}"`)).toEqual([ana.id]);
    });
    it('pr: present and not empty', async () => {
      expect(await ids(`name.familyName eq "Filtre${suffix}" and emails pr`)).toEqual([ana.id]);
    });
    it('gt, ge, lt, le on dates and strings', async () => {
      const created = ana.meta.created as string;
      expect(await ids(`name.familyName eq "Filtre${suffix}" and meta.created ge "${created}"`)).toEqual(both());
      expect(await ids(`name.familyName eq "Filtre${suffix}" and meta.created lt "${created}"`)).toEqual([]);
      expect(await ids(`name.familyName eq "Filtre${suffix}" and userName gt "b"`)).toEqual([bob.id]);
      expect(await ids(`name.familyName eq "Filtre${suffix}" and userName le "b"`)).toEqual([ana.id]);
    });
    it('and, or, not and grouping, with not binding tighter than and, and than or', async () => {
      expect(await ids(`name.familyName eq "Filtre${suffix}" and not (name.givenName eq "Ana")`)).toEqual([bob.id]);
      expect(await ids(`(userName eq "ana.${suffix}" or userName eq "bob.${suffix}") and ${SESAME}:profile eq "teacher"`)).toEqual([bob.id]);
      expect(await ids(`userName eq "ana.${suffix}" or userName eq "bob.${suffix}" and ${SESAME}:profile eq "student"`)).toEqual([ana.id]);
    });
    it('complex attribute filters and paths with the schema URN, attribute names in any case', async () => {
      expect(await ids(`emails[type eq "work" and value co "ana.${suffix}"]`)).toEqual([ana.id]);
      expect(await ids(`${SCIM_SCHEMAS.user}:userName eq "bob.${suffix}"`)).toEqual([bob.id]);
      expect(await ids(`USERNAME eq "bob.${suffix}"`)).toEqual([bob.id]);
      expect(await ids(`name.familyName eq "Filtre${suffix}" and ${SESAME}:schools[uai eq "${d.schoolA.uai}"]`)).toEqual(both());
      expect(await ids(`name.familyName eq "Filtre${suffix}" and groups.value eq "${d.classA.id}"`)).toEqual(both().filter((id) => id === ana.id));
    });
    it('active as a boolean', async () => {
      expect(await ids(`name.familyName eq "Filtre${suffix}" and active eq true`)).toEqual(both());
    });
    it('refuses a malformed filter, an unknown attribute or a wrong operator with 400 invalidFilter', async () => {
      for (const filter of ['userName eq', 'userName eq "x" and', 'userName zz "x"', 'nothing eq "x"', '(userName eq "x"', 'active gt true', `${SCIM_SCHEMAS.enterpriseUser}:organization eq "x"`]) {
        const answer = await list(scim, { filter });
        expect([filter, answer.status, answer.body.scimType]).toEqual([filter, 400, 'invalidFilter']);
      }
    });
  });

  describe('RFC 7644 §3.4.2.3 sorting and §3.4.2.4 pagination', () => {
    const family = `Tri${uniqueName('s')}`;
    const logins: string[] = [];
    beforeAll(async () => {
      for (const first of ['carla', 'alice', 'bruno']) logins.push((await created({ userName: `${first}.${family.toLowerCase()}`, name: { givenName: first, familyName: family } })).userName);
    });
    const names = (answer: { body: { Resources: Array<{ userName: string }> } }) => answer.body.Resources.map((r) => r.userName);

    it('sorts by userName, ascending by default and descending when asked', async () => {
      const filter = `name.familyName eq "${family}"`;
      expect(names(await list(scim, { filter, sortBy: 'userName' }))).toEqual([...logins].sort());
      expect(names(await list(scim, { filter, sortBy: 'userName', sortOrder: 'descending' }))).toEqual([...logins].sort().reverse());
      expect((await list(scim, { filter, sortBy: 'groups' })).status).toBe(400);
    });

    it('pages with a 1-based startIndex and count, totalResults exact, count lowered to maxResults', async () => {
      const filter = `name.familyName eq "${family}"`;
      const second = await list(scim, { filter, sortBy: 'userName', startIndex: '2', count: '1' });
      expect(second.body).toMatchObject({ schemas: [SCIM_SCHEMAS.listResponse], totalResults: 3, startIndex: 2, itemsPerPage: 1 });
      expect(names(second)).toEqual([[...logins].sort()[1]]);
      const none = await list(scim, { filter, count: '0' });
      expect(none.body).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
      const capped = await list(academie, { count: '500' });
      expect(capped.body.itemsPerPage).toBeLessThanOrEqual(50);
      expect((await list(scim, { startIndex: 'x' })).status).toBe(400);
    });
  });

  describe('RFC 7644 §3.4.2.5 attributes and excludedAttributes', () => {
    it('returns the attributes asked for, id and schemas always, and leaves out those excluded', async () => {
      const only = await scim.request('GET', `/scim/v2/Users/${d.memberA.id}?attributes=userName,name.givenName`);
      expect(Object.keys(only.body).sort()).toEqual(['id', 'name', 'schemas', 'userName']);
      expect(Object.keys(only.body.name)).toEqual(['givenName']);
      const without = await scim.request('GET', `/scim/v2/Users/${d.memberA.id}?excludedAttributes=emails,${SESAME}:classes,meta`);
      expect(without.body.emails).toBeUndefined();
      expect(without.body.meta).toBeUndefined();
      expect(without.body[SESAME].classes).toBeUndefined();
      expect(without.body[SESAME].profile).toBe('student');
    });
  });

  describe('RFC 7644 §3.4.3 querying with POST', () => {
    it('answers a SearchRequest like the same query in the URL', async () => {
      const answer = await scim.request('POST', '/scim/v2/Users/.search', {
        schemas: [SCIM_SCHEMAS.searchRequest],
        filter: `userName eq "${d.memberA.username}"`,
        attributes: ['userName'],
      });
      expect(answer.status).toBe(200);
      expect(answer.body.Resources).toEqual([{ schemas: expect.any(Array), id: d.memberA.id, userName: d.memberA.username }]);
      expect((await scim.request('POST', '/scim/v2/.search', { filter: 'userName pr' })).status).toBe(400);
    });
  });

  describe('RFC 7644 §3.5.1 replacing with PUT', () => {
    it('makes the account match the representation, ignoring what is read-only', async () => {
      const user = await created();
      const answer = await scim.request('PUT', `/scim/v2/Users/${user.id}`, {
        ...user,
        name: { givenName: 'Inès-Marie', familyName: user.name.familyName },
        meta: { ...user.meta, created: '2000-01-01T00:00:00Z' },
        [SCIM_SCHEMAS.enterpriseUser]: { organization: 'Ailleurs' },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.name.givenName).toBe('Inès-Marie');
      expect(answer.body.meta.created).toBe(user.meta.created);
      expect(answer.body.meta.version).not.toBe(user.meta.version);
    });

    it('keeps the profile, schools and classes when a generic client sends none of Sesame’s extension', async () => {
      const user = await created();
      const { [SESAME]: _extension, ...generic } = user;
      const answer = await scim.request('PUT', `/scim/v2/Users/${user.id}`, { ...generic, displayName: 'Inès D.' });
      expect(answer.body).toMatchObject({ displayName: 'Inès D.', [SESAME]: { profile: 'student', classes: [{ value: d.classA.id }] } });
    });

    it('refuses a change of id with 400 mutability', async () => {
      const user = await created();
      const answer = await scim.request('PUT', `/scim/v2/Users/${user.id}`, { ...user, id: d.memberA.id });
      expect(answer).toMatchObject({ status: 400, body: { scimType: 'mutability' } });
    });
  });

  describe('RFC 7644 §3.5.2 modifying with PATCH', () => {
    const patch = (id: string, Operations: unknown[], headers: Record<string, string> = {}) =>
      scim.request('PATCH', `/scim/v2/Users/${id}`, { schemas: [SCIM_SCHEMAS.patchOp], Operations }, headers);

    it('§3.5.2.1 add, §3.5.2.3 replace with a path and with a value filter, §3.5.2.2 remove', async () => {
      const user = await created({ emails: [] });
      expect((await patch(user.id, [{ op: 'add', path: 'emails', value: [{ value: 'added@ac-test.fr', type: 'work', primary: true }] }])).body.emails).toEqual([
        { value: 'added@ac-test.fr', type: 'work', primary: true },
      ]);
      expect((await patch(user.id, [{ op: 'replace', path: 'name.givenName', value: 'Noor' }])).body.name.givenName).toBe('Noor');
      expect((await patch(user.id, [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'changed@ac-test.fr' }])).body.emails[0].value).toBe('changed@ac-test.fr');
      expect((await patch(user.id, [{ op: 'remove', path: 'emails' }])).body.emails).toBeUndefined();
      const row = await stack.identityDb.selectFrom('accounts').select(['first_name', 'email']).where('id', '=', user.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ first_name: 'Noor', email: null });
    });

    it('moves a User between classes through Sesame’s extension, a path with the URN', async () => {
      const user = await created();
      const answer = await patch(user.id, [{ op: 'replace', path: `${SESAME}:classes`, value: [] }]);
      expect(answer.body[SESAME].classes).toEqual([]);
    });

    it('deactivates with active:false (no path) and refuses active:true: the manager reactivates', async () => {
      const user = await created();
      const off = await patch(user.id, [{ op: 'replace', value: { active: false } }]);
      expect(off.body.active).toBe(false);
      const on = await patch(user.id, [{ op: 'replace', path: 'active', value: true }]);
      expect(on.status).toBe(403);
      expect(on.body.detail).toContain('manager');
      const row = await stack.identityDb.selectFrom('accounts').select('deactivated_at').where('id', '=', user.id).executeTakeFirstOrThrow();
      expect(row.deactivated_at).not.toBeNull();
    });

    it('applies all operations or none', async () => {
      const user = await created();
      const answer = await patch(user.id, [
        { op: 'replace', path: 'name.givenName', value: 'Jamais' },
        { op: 'replace', path: 'emails[type eq "home"].value', value: 'x@ac-test.fr' },
      ]);
      expect(answer).toMatchObject({ status: 400, body: { scimType: 'noTarget' } });
      expect((await scim.request('GET', `/scim/v2/Users/${user.id}`)).body.name.givenName).toBe('Inès');
    });

    it('refuses read-only attributes (mutability), unknown operations (invalidSyntax), remove without path (noTarget)', async () => {
      const user = await created();
      expect((await patch(user.id, [{ op: 'replace', path: 'groups', value: [] }])).body.scimType).toBe('mutability');
      expect((await patch(user.id, [{ op: 'move', path: 'userName', value: 'x' }])).body.scimType).toBe('invalidSyntax');
      expect((await patch(user.id, [{ op: 'remove' }])).body.scimType).toBe('noTarget');
      expect((await scim.request('PATCH', `/scim/v2/Users/${user.id}`, { Operations: [] })).body.scimType).toBe('invalidSyntax');
    });
  });

  describe('RFC 7644 §3.6 deleting', () => {
    it('pre-deletes the account (Sesame’s restorable deletion): 204, then 404', async () => {
      const user = await created();
      expect((await scim.request('DELETE', `/scim/v2/Users/${user.id}`)).status).toBe(204);
      expect((await scim.request('GET', `/scim/v2/Users/${user.id}`)).status).toBe(404);
      const row = await stack.identityDb.selectFrom('accounts').select('pre_deleted_at').where('id', '=', user.id).executeTakeFirstOrThrow();
      expect(row.pre_deleted_at).not.toBeNull();
      expect((await readOnly.request('DELETE', `/scim/v2/Users/${d.memberA.id}`)).status).toBe(403);
    });
  });

  describe('RFC 7644 §3.14 versioning resources', () => {
    it('answers 304 to If-None-Match with the current version, 412 to If-Match with another', async () => {
      const user = await created();
      const again = await scim.request('GET', `/scim/v2/Users/${user.id}`, undefined, { 'if-none-match': user.meta.version });
      expect(again.status).toBe(304);
      const stale = await scim.request('PATCH', `/scim/v2/Users/${user.id}`, { schemas: [SCIM_SCHEMAS.patchOp], Operations: [{ op: 'replace', path: 'displayName', value: 'X' }] }, { 'if-match': 'W/"old"' });
      expect(stale.status).toBe(412);
      const fresh = await scim.request('PATCH', `/scim/v2/Users/${user.id}`, { schemas: [SCIM_SCHEMAS.patchOp], Operations: [{ op: 'replace', path: 'displayName', value: 'X' }] }, { 'if-match': user.meta.version });
      expect(fresh.status).toBe(200);
      expect((await scim.request('DELETE', `/scim/v2/Users/${user.id}`, undefined, { 'if-match': user.meta.version })).status).toBe(412);
    });
  });

  describe('RFC 7643 §4.2 Groups: the schools and classes', () => {
    it('lists the client’s school and its class with the members it reaches', async () => {
      const answer = await scim.request('GET', '/scim/v2/Groups');
      expect(answer.body.totalResults).toBe(2);
      const [school, klass] = answer.body.Resources;
      expect(school).toMatchObject({ id: d.schoolA.id, displayName: d.schoolA.name, [SCIM_SCHEMAS.sesameGroup]: { kind: 'school', uai: d.schoolA.uai } });
      expect(klass).toMatchObject({ id: d.classA.id, [SCIM_SCHEMAS.sesameGroup]: { kind: 'class', schoolId: d.schoolA.id } });
      expect(klass.members.map((m: { value: string }) => m.value)).toContain(d.memberA.id);
      expect(school.members.map((m: { value: string }) => m.value)).not.toContain(d.adminA.id);
    });

    it('filters Groups, leaves members out when asked, and refuses writes', async () => {
      const classes = await scim.request('GET', `/scim/v2/Groups?filter=${encodeURIComponent(`${SCIM_SCHEMAS.sesameGroup}:kind eq "class"`)}&excludedAttributes=members`);
      expect(classes.body.Resources).toEqual([expect.not.objectContaining({ members: expect.anything() })]);
      const withMember = await scim.request('GET', `/scim/v2/Groups?filter=${encodeURIComponent(`members[value eq "${d.memberA.id}"]`)}`);
      expect(withMember.body.totalResults).toBe(2);
      expect((await scim.request('GET', `/scim/v2/Groups/${d.schoolB.id}`)).status).toBe(404);
      expect((await scim.request('POST', '/scim/v2/Groups', { displayName: 'x' })).status).toBe(403);
    });
  });

  describe('RFC 7644 §3.12 errors', () => {
    it('answers unknown endpoints and unsupported ones in the error schema', async () => {
      expect(await scim.request('GET', '/scim/v2/Nothing')).toMatchObject({ status: 404, body: { schemas: [SCIM_SCHEMAS.error] } });
      expect((await scim.request('POST', '/scim/v2/Bulk', {})).status).toBe(501);
    });
  });
});
