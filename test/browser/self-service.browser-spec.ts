import { IdentityEvents } from '@sesame/contracts';
import { PASSWORD, uniqueName } from '../support/directory';
import { EventTap, resetTokenIn } from '../support/events';
import { TABLET, headingIs, pageWidth, sees, signIn, until } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

jest.setTimeout(120_000);

/** The end users' pages (reached from letters and emails, without signing in) and the own profile. */
describe('console: end users’ pages (browser)', () => {
  const suite = browserSuite(__filename);
  const open = (name: string, viewport?: typeof TABLET) => suite.open(name, viewport);
  let tap: EventTap;

  beforeAll(async () => {
    // What the mail sender receives: the reset link's token, sealed for it.
    tap = await EventTap.listen(suite.stack.isolation.services.amqpUrl, suite.stack.isolation.namespace, 'identity.user.#');
  });
  afterAll(() => tap?.close());

  it('a student activates their account with the code of their letter and is signed in at once', async () => {
    // The account as an import or the enrolment stream makes it: no password, an activation code.
    const student = await suite.d.student(suite.d.schoolA, { firstName: 'Chloé', lastName: 'Lefèvre', classIds: [suite.d.classA.id] });
    const { activationCode } = (await suite.d.asManager.get(`/api/v1/users/${student.id}`)).body as { activationCode: string };
    expect(activationCode).toMatch(/^[a-z0-9]{8}$/);

    // The letter's link (and QR code) pre-fills the login.
    const page = await open('student-activates', TABLET);
    await suite.visit.goto(`/activate?login=${encodeURIComponent(student.username)}`);
    await headingIs(page, 'Activer mon compte');
    expect(await page.getByLabel(/^Identifiant/).inputValue()).toBe(student.username);
    await sees(page, 'Choisissez un mot de passe d’au moins 12 caractères, sans votre identifiant et hors des mots de passe les plus courants ; une phrase de plusieurs mots est facile à retenir et difficile à deviner.');
    await suite.visit.shot('activation-page');

    // The password policy, checked as typed with the rules the API applies.
    const password = page.getByLabel(/^Nouveau mot de passe/);
    await password.fill('chat');
    await sees(page, 'Le mot de passe doit contenir au moins 12 caractères.');
    await password.fill(`mon ${student.username} à moi`);
    await sees(page, 'Le mot de passe ne doit pas contenir l’identifiant du compte.');
    // The list of common passwords stays on the server (too large for the bundle); the patterns are checked here.
    await password.fill('azertyuiop123456');
    await sees(page, 'Ce mot de passe est trop prévisible : il est fait surtout de caractères répétés ou de suites (1234, abcd, azerty).');
    await suite.visit.shot('password-rules-as-typed');

    // A wrong code: the gateway's sentence; nothing changes.
    await page.getByLabel(/^Code d’activation/).fill('zzzzzzzz');
    await password.fill('la mer est calme ce matin');
    await page.getByLabel(/^Confirmez le nouveau mot de passe/).fill('la mer est calme ce matin');
    await page.getByRole('button', { name: 'Activer mon compte' }).click();
    await sees(page, 'L’identifiant ou le code d’activation est incorrect, ou le compte est déjà activé.');
    await suite.visit.shot('wrong-code');

    await page.getByLabel(/^Code d’activation/).fill(activationCode);
    await page.getByRole('button', { name: 'Activer mon compte' }).click();

    // The API answered with a session: no second sign-in; a member lands on their own account's page.
    await headingIs(page, 'Mon compte');
    await sees(page, 'Votre compte est activé : votre session est ouverte avec le mot de passe que vous venez de choisir.');
    expect(suite.visit.path()).toBe('/profile');
    expect(await pageWidth(page)).toBeLessThanOrEqual(TABLET.width);
    await suite.visit.shot('activated-and-signed-in');
    expect((await suite.d.asManager.get(`/api/v1/users/${student.id}`)).body).toEqual(expect.objectContaining({ activated: true, activationCode: null }));
    await until(() => page.getByLabel(/^Identifiant/).inputValue(), (value) => value === student.username, 'the student’s own account');
    await sees(page, 'Vous pouvez modifier votre nom affiché, votre adresse e-mail et la langue de vos courriers et e-mails.');
    expect(await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem').allInnerTexts()).toEqual(['Mon compte']);
    await suite.visit.shot('member-signed-in');
  });

  it('a supervisor activating their account lands on the console’s home page, signed in', async () => {
    const created = await suite.d.asManager.post('/api/v1/users', {
      role: 'supervisor',
      username: uniqueName('sup'),
      email: `${uniqueName('sup')}@ac-test.fr`,
      managedBy: suite.d.adminA.id,
    });
    expect(created.status).toBe(201);
    const supervisor = created.body as { username: string; activationCode: string };
    const page = await open('supervisor-activates');
    await suite.visit.goto(`/activate?login=${encodeURIComponent(supervisor.username)}`);
    await page.getByLabel(/^Code d’activation/).fill(supervisor.activationCode);
    await page.getByLabel(/^Nouveau mot de passe/).fill('le superviseur choisit le sien');
    await page.getByLabel(/^Confirmez le nouveau mot de passe/).fill('le superviseur choisit le sien');
    await page.getByRole('button', { name: 'Activer mon compte' }).click();
    await sees(page, 'Vous êtes superviseur : vous consultez les comptes des établissements de votre administrateur.');
    await sees(page, 'Votre compte est activé : votre session est ouverte avec le mot de passe que vous venez de choisir.');
    expect(suite.visit.path()).toBe('/');
    expect(await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem').allInnerTexts()).toEqual(['Accueil', 'Comptes', 'Distribution', 'Calendrier des départs', 'Mon compte']);
    await suite.visit.shot('supervisor-home');
  });

  it('the letter of a deactivated account says so, and whom to ask', async () => {
    const student = await suite.d.student(suite.d.schoolA, { firstName: 'Noé', lastName: 'Garnier' });
    const { activationCode } = (await suite.d.asManager.get(`/api/v1/users/${student.id}`)).body as { activationCode: string };
    expect((await suite.d.asManager.post(`/api/v1/users/${student.id}/deactivate`)).status).toBe(200);

    const page = await open('deactivated-account-activates');
    await suite.visit.goto(`/activate?login=${encodeURIComponent(student.username)}`);
    await headingIs(page, 'Activer mon compte');
    await page.getByLabel(/^Code d’activation/).fill(activationCode);
    await page.getByLabel(/^Nouveau mot de passe/).fill('la mer est calme ce matin');
    await page.getByLabel(/^Confirmez le nouveau mot de passe/).fill('la mer est calme ce matin');
    await page.getByRole('button', { name: 'Activer mon compte' }).click();
    await sees(page, 'Ce compte a été désactivé : adressez-vous au secrétariat de votre établissement.');
    await suite.visit.shot('deactivated');
    expect(suite.visit.path()).toContain('/activate');

    // In English, the same in English.
    await page.getByRole('button', { name: 'English' }).click();
    await headingIs(page, 'Activate my account');
    // The page is drawn again in the new language: the form is typed again.
    await page.getByLabel(/^Username/).fill(student.username);
    await page.getByLabel(/^Activation code/).fill(activationCode);
    await page.getByLabel(/^New password/).fill('la mer est calme ce matin');
    await page.getByLabel(/^Confirm the new password/).fill('la mer est calme ce matin');
    await page.getByRole('button', { name: 'Activate my account' }).click();
    await sees(page, 'This account has been deactivated: ask your school’s office.');
    await suite.visit.shot('deactivated-in-english');
  });

  it('a forgotten password gets the same answer for an unknown login, and the emailed link sets a new password', async () => {
    const member = await suite.d.student(suite.d.schoolA, { username: uniqueName('lina'), email: `${uniqueName('lina')}@example.org`, password: PASSWORD });
    const page = await open('forgotten-password');
    const ask = async (username: string) => {
      // The console's page (the sign-in page of Sesame has its own, see oidc.browser-spec).
      await suite.visit.goto('/password/forgot');
      await headingIs(page, 'Mot de passe oublié');
      await sees(page, 'Si aucune adresse e-mail n’est enregistrée sur votre compte, seul l’administrateur de votre établissement peut vous donner un nouveau mot de passe : adressez-vous à lui.');
      await page.getByLabel(/^Identifiant/).fill(username);
      await page.getByRole('button', { name: 'Recevoir un lien' }).click();
      return until(() => page.getByRole('status').filter({ hasText: 'Si ce compte existe' }).innerText(), (text) => text.length > 0, 'the answer');
    };
    const unknown = await ask(uniqueName('personne'));
    await suite.visit.shot('answer-unknown-login');
    const known = await ask(member.username);
    await suite.visit.shot('answer-known-login');
    expect(known).toBe(unknown);
    expect(known).toBe(
      'Si ce compte existe et qu’une adresse e-mail y est associée, un lien pour choisir un nouveau mot de passe vient d’y être envoyé ; il est valable 30 minutes. Sinon, adressez-vous à l’administrateur de votre établissement.',
    );

    // The link of the email (identity publishes it for the mail sender).
    const sent = await tap.waitFor(IdentityEvents.userPasswordResetRequested.type, (data) => data.userId === member.id);
    const token = await resetTokenIn(sent, suite.stack.isolation.mailSealKey);
    await suite.visit.goto(`/password/reset?token=${token}`);
    await headingIs(page, 'Choisir un nouveau mot de passe');
    // One mistake, one message: on its field, in the screen's words (the page does not know the
    // login, so only the API can refuse it); no generic sentence above, no notice below.
    await page.getByLabel(/^Nouveau mot de passe/).fill(`${member.username} mon secret`);
    await page.getByLabel(/^Confirmez le nouveau mot de passe/).fill(`${member.username} mon secret`);
    await page.getByRole('button', { name: 'Enregistrer le nouveau mot de passe' }).click();
    await sees(page, 'Le mot de passe ne doit pas contenir l’identifiant du compte.');
    // Whatever else would come arrives with the answer: give it a moment to show.
    await page.waitForTimeout(500);
    expect(await page.getByText('La requête contient des valeurs incorrectes.').count()).toBe(0);
    expect(await page.getByText('Le formulaire contient des erreurs ; corrigez les champs signalés.').count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    await suite.visit.shot('one-mistake-one-message');
    await page.getByLabel(/^Nouveau mot de passe/).fill('un nouveau secret bien long');
    await page.getByLabel(/^Confirmez le nouveau mot de passe/).fill('un autre secret bien long');
    await sees(page, 'Les deux mots de passe saisis ne sont pas identiques.');
    await page.getByLabel(/^Confirmez le nouveau mot de passe/).fill('un nouveau secret bien long');
    await page.getByRole('button', { name: 'Enregistrer le nouveau mot de passe' }).click();
    await sees(page, 'Votre mot de passe a été changé. Vous pouvez maintenant vous connecter avec ce nouveau mot de passe.');
    await suite.visit.shot('password-reset');
    expect(await suite.stack.api.login(member.username, 'un nouveau secret bien long')).toEqual(expect.any(String));

    // The link works once.
    await suite.visit.goto(`/password/reset?token=${token}`);
    await page.getByLabel(/^Nouveau mot de passe/).fill('encore un autre secret');
    await page.getByLabel(/^Confirmez le nouveau mot de passe/).fill('encore un autre secret');
    await page.getByRole('button', { name: 'Enregistrer le nouveau mot de passe' }).click();
    await sees(page, 'Ce lien de réinitialisation n’est plus valable ; faites une nouvelle demande.');
    await suite.visit.shot('link-spent');
  });

  it('a member changes their display name, email, language and password from their own page', async () => {
    const member = await suite.d.student(suite.d.schoolA, { username: uniqueName('yanis'), password: PASSWORD });
    const page = await open('own-profile');
    await signIn(suite.visit, member.username, PASSWORD);
    await headingIs(page, 'Mon compte');

    // The form fills itself in once the profile has loaded: typing before would be overwritten.
    await until(() => page.getByLabel(/^Nom affiché/).inputValue(), (value) => value === member.displayName, 'the profile in the form');
    await page.getByLabel(/^Nom affiché/).fill('Yanis B.');
    await page.getByLabel(/^Adresse e-mail/).fill('yanis@example.org, autre@example.org');
    await sees(page, 'Indiquez une seule adresse e-mail, sans espace ni virgule.');
    await page.getByLabel(/^Adresse e-mail/).fill('yanis@example.org');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await sees(page, 'Vos informations ont été enregistrées.');
    expect((await suite.stack.api.as(await suite.stack.api.login(member.username, PASSWORD)).get('/api/v1/me')).body).toEqual(
      expect.objectContaining({ displayName: 'Yanis B.', email: 'yanis@example.org' }),
    );
    await suite.visit.shot('details-saved');

    // The password, with the current one: a wrong one is said on its field, by the API.
    await page.getByLabel(/^Mot de passe actuel/).fill('pas le bon mot de passe');
    await page.getByLabel(/^Nouveau mot de passe/).fill('mon nouveau mot de passe');
    await page.getByLabel(/^Confirmez le nouveau mot de passe/).fill('mon nouveau mot de passe');
    await page.getByRole('button', { name: 'Changer mon mot de passe' }).click();
    await sees(page, 'Le mot de passe actuel est incorrect.');
    await suite.visit.shot('wrong-current-password');
    await page.getByLabel(/^Mot de passe actuel/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Changer mon mot de passe' }).click();
    await sees(page, 'Votre mot de passe a été changé ; vos autres sessions ont été fermées.');
    await suite.stack.api.login(member.username, 'mon nouveau mot de passe');

    // The account's language is the console's too; the session goes on with the new token.
    await page.getByRole('combobox', { name: 'Langue' }).click();
    await page.getByRole('option', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await headingIs(page, 'My account');
    await sees(page, 'Your details have been saved.');
    expect((await suite.stack.api.as(await suite.stack.api.login(member.username, 'mon nouveau mot de passe')).get('/api/v1/me')).body.locale).toBe('en');
    await suite.visit.shot('profile-in-english');
  });
});
