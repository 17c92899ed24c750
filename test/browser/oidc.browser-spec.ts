import { createServer, Server } from 'node:http';
import { freePort } from '@sesame/testing';
import { BaseClient, Issuer, generators } from 'openid-client';
import { PASSWORD, uniqueName } from '../support/directory';
import { focusIsVisible, headingIs, onSignInPage, pageLanguage, sees, tabTo, until } from '../support/browser';
import { browserSuite } from '../support/browser-suite';
import { registerClient } from '../support/oidc';

jest.setTimeout(120_000);

/**
 * A tool of the académie (a relying party, openid-client) signing its users in with Sesame: its
 * /start sends the browser to Sesame, its /callback exchanges the code and greets the user by the
 * claims of the userinfo endpoint.
 */
class Tool {
  private server?: Server;
  private readonly pending = new Map<string, string>();
  url = '';
  client?: BaseClient;

  async start(issuerUrl: string, register: (callback: string) => Promise<{ clientId: string; clientSecret: string | null }>): Promise<this> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    const issuer = await Issuer.discover(issuerUrl);
    const { clientId, clientSecret } = await register(`${this.url}/callback`);
    this.client = new issuer.Client({ client_id: clientId, client_secret: clientSecret!, redirect_uris: [`${this.url}/callback`], response_types: ['code'] });
    this.server = createServer((req, res) => {
      void this.answer(req.url ?? '/').then(
        ({ status, headers, body }) => res.writeHead(status, headers).end(body),
        (error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(error.message),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return this;
  }

  private async answer(path: string): Promise<{ status: number; headers: Record<string, string>; body?: string }> {
    const client = this.client!;
    if (!path.startsWith('/start') && !path.startsWith('/callback')) return { status: 404, headers: {} };
    if (path.startsWith('/start')) {
      const verifier = generators.codeVerifier();
      const state = generators.state();
      this.pending.set(state, verifier);
      const url = client.authorizationUrl({ scope: 'openid profile sesame', code_challenge: generators.codeChallenge(verifier), code_challenge_method: 'S256', state });
      return { status: 302, headers: { location: url } };
    }
    const params = client.callbackParams(`${this.url}${path}`);
    if (params.error) return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: `<h1>Refus : ${params.error}</h1>` };
    const verifier = this.pending.get(params.state ?? '') ?? '';
    const tokens = await client.callback(`${this.url}/callback`, params, { code_verifier: verifier, state: params.state });
    const user = await client.userinfo(tokens.access_token!);
    const schools = (user.sesame_schools as Array<{ uai: string }>).map((school) => school.uai).join(', ');
    return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: `<h1>Bonjour ${user.name}</h1><p>${user.preferred_username} — ${schools}</p>` };
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Sesame's sign-in pages as the académie's tools send their users to them (issue 17). */
describe('OpenID Connect sign-in pages (browser)', () => {
  const suite = browserSuite(__filename);
  let tool: Tool;
  let consentTool: Tool;

  beforeAll(async () => {
    const issuer = `${suite.stack.api.baseUrl}/oidc`;
    tool = await new Tool().start(issuer, (callback) =>
      registerClient(suite.stack.identityDb, { kind: 'confidential', name: 'Espace numérique de travail', scopes: ['openid', 'profile', 'sesame'], redirect_uris: [callback] }),
    );
    consentTool = await new Tool().start(issuer, (callback) =>
      registerClient(suite.stack.identityDb, { kind: 'confidential', name: 'Plateforme vidéo', scopes: ['openid', 'profile', 'sesame'], redirect_uris: [callback], consent_required: true }),
    );
  });
  afterAll(async () => {
    await tool?.close();
    await consentTool?.close();
  });

  it('signs a pupil in to a tool, with the keyboard alone, after a wrong password', async () => {
    const page = await suite.open('sign-in-to-a-tool');
    await page.goto(`${tool.url}/start`);
    await headingIs(page, 'Connexion');
    await sees(page, 'Connectez-vous pour accéder à « Espace numérique de travail ».');
    expect(await pageLanguage(page)).toBe('fr');
    await suite.visit.shot('sign-in-page');

    await page.getByLabel(/^Identifiant/).fill(suite.d.memberA.username);
    await page.getByLabel(/^Mot de passe/).fill('pas le bon mot de passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await sees(page, 'L’identifiant ou le mot de passe est incorrect.');
    // The login is kept, the focus is on the password.
    expect(await page.getByLabel(/^Identifiant/).inputValue()).toBe(suite.d.memberA.username);
    await suite.visit.shot('wrong-password');

    await tabTo(page, 'Mot de passe');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await headingIs(page, `Bonjour ${suite.d.memberA.displayName}`);
    await sees(page, `${suite.d.memberA.username} — 0750001U`);
    await suite.visit.shot('signed-in-at-the-tool');
  });

  it('a pupil activates their account from the letter on the way to a tool', async () => {
    const student = await suite.d.student(suite.d.schoolA, { firstName: 'Inès', lastName: 'Bernard' });
    const { activationCode } = (await suite.d.asManager.get(`/api/v1/users/${student.id}`)).body as { activationCode: string };
    const page = await suite.open('activate-through-a-tool');
    await page.goto(`${tool.url}/start`);
    await page.getByRole('link', { name: 'Première connexion ? Activez votre compte avec le code de votre courrier.' }).click();
    await headingIs(page, 'Activer mon compte');
    await page.getByLabel(/^Identifiant/).fill(student.username);
    await page.getByLabel(/^Code d’activation/).fill('zzzzzzzz');
    await page.getByLabel(/^Nouveau mot de passe/).fill('la mer est calme ce matin');
    await page.getByLabel(/^Confirmez le nouveau mot de passe/).fill('la mer est calme ce matin');
    await page.getByRole('button', { name: 'Activer et se connecter' }).click();
    await sees(page, 'L’identifiant ou le code d’activation est incorrect, ou le compte est déjà activé.');
    await suite.visit.shot('wrong-code');

    // A weak password is refused on its field, with the rule's sentence.
    await page.getByLabel(/^Code d’activation/).fill(activationCode);
    await page.getByLabel(/^Nouveau mot de passe/).fill('azertyuiop123456');
    await page.getByLabel(/^Confirmez le nouveau mot de passe/).fill('azertyuiop123456');
    await page.getByRole('button', { name: 'Activer et se connecter' }).click();
    await until(() => page.getByLabel(/^Nouveau mot de passe/).getAttribute('aria-invalid'), (value) => value === 'true', 'the password marked invalid');
    await suite.visit.shot('weak-password');

    await page.getByLabel(/^Code d’activation/).fill(activationCode);
    await page.getByLabel(/^Nouveau mot de passe/).fill('la mer est calme ce matin');
    await page.getByLabel(/^Confirmez le nouveau mot de passe/).fill('la mer est calme ce matin');
    await page.getByRole('button', { name: 'Activer et se connecter' }).click();
    await headingIs(page, 'Bonjour Inès Bernard');
    await suite.visit.shot('activated-and-signed-in');
    // Activated for good: the password works at the API too.
    expect((await suite.stack.api.post('/api/v1/auth/login', { username: student.username, password: 'la mer est calme ce matin' })).status).toBe(200);
  });

  it('asks for consent where the manager required it, in English when chosen, and remembers the answer', async () => {
    const page = await suite.open('consent');
    await page.goto(`${consentTool.url}/start`);
    await headingIs(page, 'Connexion');
    await page.getByRole('button', { name: 'English' }).click();
    await headingIs(page, 'Sign in');
    expect(await pageLanguage(page)).toBe('en');
    await page.getByLabel(/^Username/).fill(suite.d.memberB.username);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await headingIs(page, 'Authorisation');
    await sees(page, '“Plateforme vidéo” asks to receive the following information from your account.');
    await sees(page, 'Your name and your username.');
    await suite.visit.shot('consent-page');
    await page.getByRole('button', { name: 'Allow' }).click();
    await headingIs(page, `Bonjour ${suite.d.memberB.displayName}`);

    // The session and the grant stand: the next visit goes straight through.
    await page.goto(`${consentTool.url}/start`);
    await headingIs(page, `Bonjour ${suite.d.memberB.displayName}`);
    // And the same session opens the other tool without a password (one sign-in for every tool).
    await page.goto(`${tool.url}/start`);
    await headingIs(page, `Bonjour ${suite.d.memberB.displayName}`);
    await suite.visit.shot('single-sign-on');
  });

  it('the console signs in through the same page, and signing out ends the session for the tools too', async () => {
    const admin = await suite.d.staff('administrator', { schoolIds: [suite.d.schoolA.id], username: uniqueName('admin') });
    const page = await suite.open('console-and-tools');
    await suite.visit.goto('/');
    await headingIs(page, 'Connexion');
    await sees(page, 'Connectez-vous pour accéder à « Sesame ».');
    await page.getByLabel(/^Identifiant/).fill(admin.username);
    await page.getByLabel(/^Mot de passe/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await sees(page, 'Vous êtes administrateur de vos établissements.');
    // Already signed in at Sesame: the tool opens without a password.
    await page.goto(`${tool.url}/start`);
    await headingIs(page, `Bonjour ${admin.username}`);

    await suite.visit.goto('/');
    await page.getByRole('button', { name: /Profil|Mon compte/ }).first().click();
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await headingIs(page, 'Déconnexion');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    // Back at the console, signed out: it offers Sesame's sign-in page again.
    await page.waitForURL(onSignInPage);
    await headingIs(page, 'Connexion');
    await suite.visit.shot('signed-out');
    // The tool now asks for a password again.
    await page.goto(`${tool.url}/start`);
    await headingIs(page, 'Connexion');
  });
});
