import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { generateOidcSigningKey, keyIdOf } from '@sesame/auth';
import { CONSOLE_CLIENT_ID, IdentityEvents } from '@sesame/contracts';
import { eventually } from '@sesame/testing';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { BaseClient, Issuer, errors, generators } from 'openid-client';
import { Directory, PASSWORD, seedDirectory, uniqueName } from '../support/directory';
import { EventTap } from '../support/events';
import { BackchannelReceiver, RegisteredClient, UserAgent, registerClient } from '../support/oidc';
import { Stack, startStack } from '../support/stack';

/*
 * The OpenID Connect provider (issue 17) judged by an independent relying party, openid-client, and
 * by the texts: OpenID Connect Core 1.0 (code flow, claims, pairwise subjects), RFC 7636 (PKCE),
 * RFC 6749 §6 and the provider's rotation (refresh tokens), OpenID Connect RP-Initiated Logout and
 * Back-Channel Logout 1.0, RFC 7662 (introspection), RFC 8707 (resource indicators).
 */
describe('OpenID Connect provider', () => {
  let stack: Stack;
  let d: Directory;
  let issuer: Issuer<BaseClient>;
  let backchannel: BackchannelReceiver;
  const callback = 'http://127.0.0.1:9/callback';

  // A rotation under way: the new key first (it signs), the previous one after it (still published).
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const previousKey = generateOidcSigningKey();

  beforeAll(async () => {
    stack = await startStack({
      identity: { LOGIN_MAX_FAILURES_PER_USER_AND_ADDRESS: '3', OIDC_REVOCATION_INTERVAL_MS: '300', OIDC_SIGNING_KEYS: signingKey + previousKey },
    });
    d = await seedDirectory(stack.api);
    issuer = await Issuer.discover(`${stack.api.baseUrl}/oidc`);
    backchannel = await new BackchannelReceiver().start();
  });
  afterAll(async () => {
    await backchannel.close();
    await stack.close();
  });

  const clientOf = (registered: RegisteredClient, extra: Record<string, unknown> = {}) =>
    new issuer.Client({
      client_id: registered.clientId,
      ...(registered.clientSecret ? { client_secret: registered.clientSecret } : { token_endpoint_auth_method: 'none' }),
      redirect_uris: [callback],
      response_types: ['code'],
      ...extra,
    });

  /** An authorization request with PKCE whose verifier is thrown away: for the pages it leads to, not the tokens. */
  const authorizationWithPkce = (client: BaseClient) =>
    client.authorizationUrl({ scope: 'openid', code_challenge: generators.codeChallenge(generators.codeVerifier()), code_challenge_method: 'S256' });

  /** The whole authorization code flow with PKCE, the user signing in on the provider's page. */
  async function signIn(client: BaseClient, username: string, options: { scope?: string; agent?: UserAgent; resource?: string } = {}) {
    const agent = options.agent ?? new UserAgent(callback, { 'x-forwarded-for': '10.17.0.1' });
    const verifier = generators.codeVerifier();
    const state = generators.state();
    const nonce = generators.nonce();
    const url = client.authorizationUrl({
      scope: options.scope ?? 'openid profile email sesame',
      code_challenge: generators.codeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...(options.resource ? { resource: options.resource } : {}),
    });
    let page = await agent.open(url);
    if (page.status === 200 && page.text.includes('/login"')) page = await agent.submit(page, '/login', { username, password: PASSWORD });
    if (page.status !== 0) return { agent, page, tokens: undefined };
    const tokens = await client.callback(callback, client.callbackParams(page.url), { code_verifier: verifier, state, nonce });
    return { agent, page, tokens };
  }

  it('publishes its discovery document at /oidc and at the root, with the issuer of the public address', async () => {
    expect(issuer.metadata.issuer).toBe(`${stack.api.baseUrl}/oidc`);
    const root = (await fetch(`${stack.api.baseUrl}/.well-known/openid-configuration`).then((r) => r.json())) as Record<string, any>;
    expect(root.issuer).toBe(issuer.metadata.issuer);
    expect(root.code_challenge_methods_supported).toEqual(['S256']);
    expect(root.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']));
    expect(root.backchannel_logout_supported).toBe(true);
    expect(root.end_session_endpoint).toBe(`${stack.api.baseUrl}/oidc/session/end`);
    expect(root.id_token_signing_alg_values_supported).toContain('RS256');
    const jwks = (await fetch(root.jwks_uri).then((r) => r.json())) as { keys: Array<Record<string, unknown> & { alg: string; kid: string }> };
    expect(jwks.keys.map((key: { alg: string }) => key.alg)).toEqual(expect.arrayContaining(['RS256', 'EdDSA']));
    // During a rotation, the JWKS publishes the current key and the previous one.
    const kids = jwks.keys.map((key: { kid: string }) => key.kid);
    expect(kids).toEqual(expect.arrayContaining([await keyIdOf(createPublicKey(signingKey)), await keyIdOf(createPublicKey(previousKey))]));
    expect(jwks.keys.every((key: Record<string, unknown>) => key.d === undefined && key.p === undefined)).toBe(true);
  });

  it('signs a user in with code + PKCE: ID token, userinfo claims, refresh with rotation, RP-initiated logout', async () => {
    const registered = await registerClient(stack.identityDb, {
      kind: 'confidential',
      scopes: ['openid', 'profile', 'email', 'sesame'],
      redirect_uris: [callback],
      post_logout_redirect_uris: [callback],
    });
    const client = clientOf(registered);
    const { tokens } = await signIn(client, d.memberA.username);
    expect(tokens).toBeDefined();
    const idClaims = tokens!.claims();
    expect(idClaims.sub).toBe(d.memberA.id);
    expect(idClaims.iss).toBe(issuer.metadata.issuer);
    expect(idClaims.aud).toBe(registered.clientId);
    // Signed RS256 with the current key, the first of OIDC_SIGNING_KEYS.
    expect(decodeProtectedHeader(tokens!.id_token!)).toMatchObject({ alg: 'RS256', kid: await keyIdOf(createPublicKey(signingKey)) });

    const info = await client.userinfo(tokens!.access_token!);
    expect(info).toMatchObject({
      sub: d.memberA.id,
      preferred_username: d.memberA.username,
      given_name: 'Léa',
      sesame_profile: 'student',
      sesame_schools: [expect.objectContaining({ uai: '0750001U' })],
      sesame_classes: [expect.objectContaining({ uai: '0750001U', name: '3A' })],
    });
    // No email on this account: none is given (OpenID Connect Core §5.4 scope email).
    expect(info).not.toHaveProperty('email');

    const refreshed = await client.refresh(tokens!.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens!.refresh_token);
    // Rotation: the refresh token used once is refused again (and its successor with it).
    await expect(client.refresh(tokens!.refresh_token!)).rejects.toThrow(/invalid_grant/);

    const logout = client.endSessionUrl({ id_token_hint: tokens!.id_token!, post_logout_redirect_uri: callback });
    expect(logout.startsWith(`${stack.api.baseUrl}/oidc/session/end`)).toBe(true);
  });

  it('ends a deactivated account’s tokens within seconds, and sends the client a back-channel logout', async () => {
    const registered = await registerClient(stack.identityDb, {
      kind: 'confidential',
      scopes: ['openid', 'profile'],
      redirect_uris: [callback],
      backchannel_logout_uri: backchannel.url,
    });
    const client = clientOf(registered);
    const student = await d.student(d.schoolA, { username: uniqueName('leaver'), password: PASSWORD });
    const { tokens } = await signIn(client, student.username, { scope: 'openid profile' });
    const sid = tokens!.claims().sid;
    const live = await client.refresh(tokens!.refresh_token!);
    expect(live.access_token).toBeDefined();
    const deactivatedAt = Date.now();
    expect((await d.asManager.post(`/api/v1/users/${student.id}/deactivate`)).status).toBe(200);

    await expect(client.refresh(live.refresh_token!)).rejects.toBeInstanceOf(errors.OPError);
    await expect(client.userinfo(live.access_token!)).rejects.toThrow(/invalid_token/);
    const logoutToken = await eventually(async () => backchannel.tokens.find((token) => decodeJwt(token).sid === sid), 5_000);
    expect(Date.now() - deactivatedAt).toBeLessThan(5_000);
    const { payload } = await jwtVerify(logoutToken, createRemoteJWKSet(new URL(issuer.metadata.jwks_uri!)), {
      issuer: issuer.metadata.issuer,
      audience: registered.clientId,
    });
    expect(payload.sub).toBe(student.id);
    expect(payload.events).toEqual({ 'http://schemas.openid.net/event/backchannel-logout': {} });
    expect(payload).not.toHaveProperty('nonce');
  });

  it('signs out at a tool’s request (RP-initiated logout): the session at Sesame ends and the other tools are told', async () => {
    const portal = await registerClient(stack.identityDb, { kind: 'confidential', scopes: ['openid'], redirect_uris: [callback], post_logout_redirect_uris: [callback] });
    const video = await registerClient(stack.identityDb, { kind: 'confidential', scopes: ['openid'], redirect_uris: [callback], backchannel_logout_uri: backchannel.url });
    const first = await signIn(clientOf(portal), d.supervisorB.username, { scope: 'openid' });
    // The same browser opens the second tool without a password (one session).
    const second = await signIn(clientOf(video), d.supervisorB.username, { scope: 'openid', agent: first.agent });
    const sid = second.tokens!.claims().sid;

    const confirm = await first.agent.open(clientOf(portal).endSessionUrl({ id_token_hint: first.tokens!.id_token!, post_logout_redirect_uri: callback, state: 'bye' }));
    expect(confirm.text).toContain('<h1>Déconnexion</h1>');
    const form = /<form[^>]*id="op.logoutForm"[^>]*action="([^"]+)"[\s\S]*?name="xsrf" value="([^"]+)"/.exec(confirm.text)!;
    const done = await first.agent.open(new URL(form[1], confirm.url).href, { form: { xsrf: form[2], logout: 'yes' } });
    expect(done.url).toBe(`${callback}?state=bye`);
    const logoutToken = await eventually(async () => backchannel.tokens.find((token) => decodeJwt(token).sid === sid), 5_000);
    expect(decodeJwt(logoutToken).aud).toBe(video.clientId);
    // Signed out at Sesame: the tool's next request shows the sign-in page.
    const again = await first.agent.open(authorizationWithPkce(clientOf(portal)));
    expect(again.text).toContain('/login"');
  });

  it('ends the sessions of an account given a new password, and tells the tools', async () => {
    const registered = await registerClient(stack.identityDb, {
      kind: 'confidential',
      scopes: ['openid'],
      redirect_uris: [callback],
      backchannel_logout_uri: backchannel.url,
    });
    const client = clientOf(registered);
    const student = await d.student(d.schoolB, { username: uniqueName('renewed'), password: PASSWORD });
    const { agent, tokens } = await signIn(client, student.username, { scope: 'openid' });
    const sid = tokens!.claims().sid;
    expect((await stack.api.as(d.tokens.manager).put(`/api/v1/users/${student.id}/password`, { password: 'une phrase de passe toute neuve' })).status).toBe(204);
    await expect(client.refresh(tokens!.refresh_token!)).rejects.toThrow(/invalid_grant/);
    await eventually(async () => backchannel.tokens.find((token) => decodeJwt(token).sid === sid), 5_000);
    // The browser's session at Sesame ended too: the next sign-in asks for the (new) password.
    const page = await agent.open(authorizationWithPkce(client));
    expect(page.status).toBe(200);
    expect(page.text).toContain('/login"');
  });

  it('answers the forgotten-password page the same for every login, and sends the link where there is an address', async () => {
    const tap = await EventTap.listen(stack.isolation.services.amqpUrl, stack.isolation.namespace, 'identity.user.#');
    try {
      const registered = await registerClient(stack.identityDb, { kind: 'confidential', scopes: ['openid'], redirect_uris: [callback] });
      const client = clientOf(registered);
      const ask = async (username: string, address: string) => {
        const agent = new UserAgent(callback, { 'x-forwarded-for': address });
        const signInPage = await agent.open(authorizationWithPkce(client));
        const forgotPage = await agent.open(new URL(/href="([^"]*\/forgot)"/.exec(signInPage.text)![1], signInPage.url).href);
        expect(forgotPage.text).toContain('<h1>Mot de passe oublié</h1>');
        const answer = await agent.submit(forgotPage, '/forgot', { username });
        return /<div class="notice" role="status">([^<]*)<\/div>/.exec(answer.text)?.[1];
      };
      const unknown = await ask(uniqueName('nobody'), '10.17.0.90');
      const known = await ask(d.adminA.username, '10.17.0.91');
      expect(known).toBe(unknown);
      expect(known).toContain('Si ce compte existe et qu’une adresse e-mail y est associée');
      const sent = await tap.waitFor(IdentityEvents.userPasswordResetRequested.type, (data) => data.userId === d.adminA.id);
      expect(sent).toBeDefined();
    } finally {
      await tap.close();
    }
  });

  it('refuses a teacher at a client open to relatives only, and tells the client access_denied', async () => {
    const registered = await registerClient(stack.identityDb, {
      kind: 'confidential',
      scopes: ['openid', 'profile'],
      redirect_uris: [callback],
      allowed_profiles: ['relative'],
    });
    const teacher = await d.asManager.post('/api/v1/users', {
      role: 'member',
      profile: 'teacher',
      username: uniqueName('teacher'),
      firstName: 'Paul',
      lastName: 'Prof',
      password: PASSWORD,
      schoolIds: [d.schoolA.id],
    });
    expect(teacher.status).toBe(201);
    const client = clientOf(registered);
    const { agent, page } = await signIn(client, teacher.body.username, { scope: 'openid profile' });
    expect(page.status).toBe(403);
    expect(page.text).toContain('ne fait pas partie des profils autorisés');
    const back = await agent.open(new URL(/href="([^"]*\/abort)"/.exec(page.text)![1], page.url).href);
    const answer = new URL(back.url);
    expect(answer.searchParams.get('error')).toBe('access_denied');
  });

  it('refuses a redirect URI the client did not register, without redirecting to it', async () => {
    const registered = await registerClient(stack.identityDb, { kind: 'confidential', scopes: ['openid'], redirect_uris: [callback] });
    const client = clientOf(registered, { redirect_uris: ['https://attacker.example/steal'] });
    const url = client.authorizationUrl({
      scope: 'openid',
      code_challenge: generators.codeChallenge(generators.codeVerifier()),
      code_challenge_method: 'S256',
    });
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('redirect_uri');
  });

  it('refuses an authorization request without PKCE', async () => {
    const registered = await registerClient(stack.identityDb, { kind: 'confidential', scopes: ['openid'], redirect_uris: [callback] });
    const page = await new UserAgent(callback).open(clientOf(registered).authorizationUrl({ scope: 'openid', state: 's' }));
    const answer = new URL(page.url);
    expect(answer.searchParams.get('error')).toBe('invalid_request');
    expect(answer.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('throttles a brute-force attempt on the sign-in page, with the same limits as the API', async () => {
    const registered = await registerClient(stack.identityDb, { kind: 'confidential', scopes: ['openid'], redirect_uris: [callback] });
    const client = clientOf(registered);
    const agent = new UserAgent(callback, { 'x-forwarded-for': '10.17.0.66' });
    const url = authorizationWithPkce(client);
    let page = await agent.open(url);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      page = await agent.submit(page, '/login', { username: d.supervisorA.username, password: `wrong ${attempt} ${randomBytes(4).toString('hex')}` });
      statuses.push(page.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(page.text).toContain('Trop de tentatives : réessayez dans');
    // Even the right password waits: the pause is the throttle's, not the page's.
    page = await agent.submit(page, '/login', { username: d.supervisorA.username, password: PASSWORD });
    expect(page.status).toBe(429);
    // The API's login counts the same failures for this login and address.
    const api = await stack.api.request('POST', '/api/v1/auth/login', { username: d.supervisorA.username, password: PASSWORD }, { 'x-forwarded-for': '10.17.0.66' });
    expect(api.status).toBe(429);
  });

  it('gives a pairwise client its own subject identifiers, and relatives’ links only where allowed', async () => {
    const pairwise = await registerClient(stack.identityDb, {
      kind: 'confidential',
      scopes: ['openid', 'sesame'],
      redirect_uris: [callback],
      subject_type: 'pairwise',
      relatives_links: true,
    });
    const first = await signIn(clientOf(pairwise), d.memberB.username, { scope: 'openid sesame' });
    expect(first.page).toMatchObject({ status: 0, text: '' });
    const sub = first.tokens!.claims().sub;
    expect(sub).not.toBe(d.memberB.id);
    expect(sub).toMatch(/^[\w-]{43}$/);
    const second = await signIn(clientOf(pairwise), d.memberB.username, { scope: 'openid sesame' });
    expect(second.tokens!.claims().sub).toBe(sub);
    const other = await registerClient(stack.identityDb, { kind: 'confidential', scopes: ['openid'], redirect_uris: [callback], subject_type: 'pairwise' });
    expect((await signIn(clientOf(other), d.memberB.username, { scope: 'openid' })).tokens!.claims().sub).not.toBe(sub);
    const info = await clientOf(pairwise).userinfo(first.tokens!.access_token!);
    expect(info.sub).toBe(sub);
    expect(info.sesame_links).toEqual([]);

    // A parent's children are named by the identifiers this client knows them by.
    const parent = await d.asManager.post('/api/v1/users', {
      role: 'member',
      profile: 'relative',
      username: uniqueName('parent'),
      firstName: 'Nadia',
      lastName: 'Martin',
      password: PASSWORD,
      childIds: [d.memberB.id],
    });
    expect(parent.status).toBe(201);
    const parentSignIn = await signIn(clientOf(pairwise), parent.body.username, { scope: 'openid sesame' });
    const parentInfo = await clientOf(pairwise).userinfo(parentSignIn.tokens!.access_token!);
    expect(parentInfo.sesame_links).toEqual([{ sub, relation: 'child', displayName: d.memberB.displayName }]);
    expect(parentInfo.sesame_profile).toBe('relative');
    // Without relatives' links in its registration, a client is not given them.
    const plain = await registerClient(stack.identityDb, { kind: 'confidential', scopes: ['openid', 'sesame'], redirect_uris: [callback] });
    const plainSignIn = await signIn(clientOf(plain), parent.body.username, { scope: 'openid sesame' });
    expect(await clientOf(plain).userinfo(plainSignIn.tokens!.access_token!)).not.toHaveProperty('sesame_links');
  });

  it('asks for consent only where the manager required it, and a denial reaches the client', async () => {
    const registered = await registerClient(stack.identityDb, {
      kind: 'confidential',
      scopes: ['openid', 'profile'],
      redirect_uris: [callback],
      consent_required: true,
    });
    const client = clientOf(registered);
    const first = await signIn(client, d.memberB.username, { scope: 'openid profile' });
    expect(first.page.status).toBe(200);
    expect(first.page.text).toContain('demande à recevoir les informations suivantes');
    const denied = await first.agent.submit(first.page, '/consent', { decision: 'deny' });
    expect(new URL(denied.url).searchParams.get('error')).toBe('access_denied');
    const second = await signIn(client, d.memberB.username, { scope: 'openid profile' });
    const allowed = await second.agent.submit(second.page, '/consent', { decision: 'allow' });
    expect(new URL(allowed.url).searchParams.get('code')).toBeTruthy();
  });

  it('issues machine clients tokens by client credentials, checked by introspection, and refuses a wrong secret', async () => {
    const registered = await registerClient(stack.identityDb, { kind: 'machine', scopes: ['scim'] });
    const client = new issuer.Client({ client_id: registered.clientId, client_secret: registered.clientSecret!, response_types: [], redirect_uris: [] });
    const tokens = await client.grant({ grant_type: 'client_credentials', scope: 'scim' });
    expect(tokens.scope).toBe('scim');
    const introspection = await client.introspect(tokens.access_token!);
    expect(introspection).toMatchObject({ active: true, client_id: registered.clientId, scope: 'scim' });
    const wrong = new issuer.Client({ client_id: registered.clientId, client_secret: 'not the secret', response_types: [], redirect_uris: [] });
    await expect(wrong.grant({ grant_type: 'client_credentials', scope: 'scim' })).rejects.toThrow(/invalid_client/);
    // A secret is stored as its hash only.
    const row = await stack.identityDb.selectFrom('oidc_clients').select('secret_hash').where('client_id', '=', registered.clientId).executeTakeFirstOrThrow();
    expect(row.secret_hash).not.toContain(registered.clientSecret!);
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the console (a public client) an access token for the API that the gateway accepts', async () => {
    const consoleClient = new issuer.Client({
      client_id: CONSOLE_CLIENT_ID,
      token_endpoint_auth_method: 'none',
      redirect_uris: [`${stack.api.baseUrl}/auth/callback`],
      response_types: ['code'],
    });
    const agent = new UserAgent(`${stack.api.baseUrl}/auth/callback`, { 'x-forwarded-for': '10.17.0.2' });
    const verifier = generators.codeVerifier();
    const url = consoleClient.authorizationUrl({ scope: 'openid profile', code_challenge: generators.codeChallenge(verifier), code_challenge_method: 'S256', state: 'st' });
    let page = await agent.open(url);
    page = await agent.submit(page, '/login', { username: d.adminA.username, password: PASSWORD });
    const tokens = await consoleClient.callback(`${stack.api.baseUrl}/auth/callback`, consoleClient.callbackParams(page.url), { code_verifier: verifier, state: 'st' });
    const access = decodeJwt(tokens.access_token!);
    expect(access).toMatchObject({ aud: 'sesame-api', sub: d.adminA.id, username: d.adminA.username, role: 'administrator' });
    expect((await stack.api.as(tokens.access_token).get('/api/v1/me')).body.username).toBe(d.adminA.username);
    // The refresh token gives a new access token for the API.
    const refreshed = await consoleClient.refresh(tokens.refresh_token!);
    expect((await stack.api.as(refreshed.access_token).get('/api/v1/me')).status).toBe(200);
    // An ID token is not an access token for the API.
    expect((await stack.api.as(tokens.id_token).get('/api/v1/me')).status).toBe(401);
  });
});
