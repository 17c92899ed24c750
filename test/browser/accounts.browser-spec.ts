import type { Browser } from 'playwright-core';
import { Directory, PASSWORD, seedDirectory } from '../support/directory';
import { MANAGER, Stack, startStack } from '../support/stack';
import { TABLET, Visit, focusIsVisible, focusedName, headingIs, launchBrowser, pageLanguage, pageWidth, sees, signIn, tabTo, until } from '../support/browser';

jest.setTimeout(120_000);

/** The administrators' screens, driven in Chromium against the real gateway, identity and console. */
describe('console: accounts (browser)', () => {
  let stack: Stack;
  let browser: Browser;
  let visit: Visit;
  let d: Directory;

  beforeAll(async () => {
    stack = await startStack({ console: {} });
    // Two schools (0750001A, 0750002B) with an administrator, a supervisor and a student each.
    d = await seedDirectory(stack.api);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  afterEach(async () => {
    const problems = visit.problems;
    await visit.close();
    expect(problems).toEqual([]);
  });

  const open = async (name: string, viewport?: typeof TABLET) => {
    visit = await Visit.open(browser, stack.api.baseUrl, __filename, name, viewport);
    return visit.page;
  };

  it('the manager adds a school and a class, creates an administrator, and that administrator signs in', async () => {
    const page = await open('manager-creates-administrator');
    await signIn(visit, MANAGER.username, MANAGER.password);
    await headingIs(page, 'Accueil');
    await sees(page, 'Vous êtes le gestionnaire de l’académie.');
    await visit.shot('home');

    // A fresh install has no school: the manager adds one, then a class.
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem', { name: 'Établissements' }).click();
    await page.getByRole('link', { name: 'Ajouter un établissement' }).click();
    await page.getByLabel(/^Code UAI/).fill('0750001');
    await sees(page, 'Le code UAI doit comporter sept chiffres suivis d’une lettre (par exemple 0750001A).');
    await page.getByLabel(/^Code UAI/).fill('0690001K');
    await page.getByLabel(/^Nom de l’établissement/).fill('Lycée Ampère');
    await page.getByLabel(/^Commune/).fill('Lyon');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await sees(page, 'Code UAI : 0690001K. Commune : Lyon.');
    await page.getByLabel(/^Nom de la classe/).fill('3e B');
    await page.getByRole('button', { name: 'Ajouter la classe' }).click();
    await page.getByRole('listitem').filter({ hasText: '3e B' }).waitFor();
    await visit.shot('school');

    // The administrator: the username is checked as it is typed, the server's errors land on the fields.
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem', { name: 'Comptes' }).click();
    await page.getByRole('link', { name: 'Créer un compte' }).click();
    await page.getByRole('radio', { name: 'Administrateur' }).check();
    const username = page.getByLabel(/^Identifiant/);
    await username.fill('direction#hugo');
    await sees(page, 'Le nom d’utilisateur ne peut pas contenir le caractère « # ».');
    await visit.shot('username-rule-as-typed');
    await username.fill(MANAGER.username);
    await page.getByLabel(/^Adresse e-mail/).fill('direction@ac-lyon.fr');
    await page.getByLabel(/^Établissements/).click();
    await page.getByRole('option', { name: 'Lycée Ampère (0690001K)' }).click();
    await page.keyboard.press('Escape');
    await page.getByLabel(/^Nouveau mot de passe/).fill('court');
    await sees(page, 'Le mot de passe doit contenir au moins 12 caractères.');
    await page.getByLabel(/^Nouveau mot de passe/).fill('une phrase de passe longue');
    await page.getByLabel(/^Confirmez le nouveau mot de passe/).fill('une phrase de passe longue');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    // The login is taken (by the manager): the gateway's sentence, under the field.
    await sees(page, `Le nom d’utilisateur « ${MANAGER.username} » est déjà utilisé.`);
    await visit.shot('server-error-on-field');
    await username.fill('direction.ampere');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await headingIs(page, 'direction.ampere');
    await sees(page, 'Le compte a été créé.');
    await visit.shot('administrator-created');

    // A supervisor: the manager chooses the administrator who will manage it.
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem', { name: 'Comptes' }).click();
    await page.getByRole('link', { name: 'Créer un compte' }).click();
    await page.getByRole('radio', { name: 'Superviseur' }).check();
    await page.getByLabel(/^Identifiant/).fill('vie.scolaire.ampere');
    await page.getByLabel(/^Adresse e-mail/).fill('vie.scolaire@ac-lyon.fr');
    await page.getByLabel(/^Administrateur responsable/).fill('direction');
    await page.getByRole('option', { name: 'direction.ampere' }).click();
    await visit.shot('supervisor-form');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await headingIs(page, 'vie.scolaire.ampere');
    await page.getByRole('link', { name: 'direction.ampere' }).waitFor();

    // The list: exact count, the new rows; at tablet width too.
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem', { name: 'Comptes' }).click();
    const total = (await d.asManager.get('/api/v1/users')).body.total as number;
    await sees(page, `${total} comptes correspondent à votre sélection.`);
    expect(await page.getByRole('row').filter({ hasText: 'direction.ampere' }).innerText()).toContain('Administrateur');
    await visit.shot('accounts');
    await page.setViewportSize(TABLET);
    expect(await pageWidth(page)).toBeLessThanOrEqual(TABLET.width);
    await visit.shot('accounts-tablet');

    // The administrator signs in (another browser session).
    const created = await d.asManager.get('/api/v1/users?q=direction.ampere');
    expect(created.body.total).toBe(1);
    const manager = visit;
    visit = await Visit.open(browser, stack.api.baseUrl, __filename, 'administrator-signs-in');
    await signIn(visit, 'direction.ampere', 'une phrase de passe longue');
    await sees(visit.page, 'Vous êtes administrateur de vos établissements.');
    expect(await visit.page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem').allInnerTexts()).toEqual(['Accueil', 'Comptes', 'Établissements', 'Rapports', 'Mon compte']);
    await visit.shot('administrator-home');
    expect(manager.problems).toEqual([]);
    await manager.close();
  });

  it('a supervisor sees the accounts of its administrator’s schools, with no action to change them', async () => {
    const page = await open('supervisor-read-only');
    await signIn(visit, d.supervisorA.username, PASSWORD);
    await sees(page, 'Vous êtes superviseur : vous consultez les comptes des établissements de votre administrateur.');
    expect(await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem').allInnerTexts()).toEqual(['Accueil', 'Comptes', 'Mon compte']);
    await visit.shot('home');

    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem', { name: 'Comptes' }).click();
    const total = (await stack.api.as(d.tokens.supervisor).get('/api/v1/users')).body.total as number;
    await sees(page, total === 1 ? '1 compte correspond à votre sélection.' : `${total} comptes correspondent à votre sélection.`);
    const row = page.getByRole('row').filter({ hasText: d.memberA.username });
    await row.waitFor();
    // No creation, no row actions, no "Actions" column; another school's student is not listed.
    expect(await page.getByRole('link', { name: 'Créer un compte' }).count()).toBe(0);
    expect(await page.getByRole('columnheader', { name: 'Actions' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Actions sur le compte/ }).count()).toBe(0);
    expect(await page.getByRole('row').filter({ hasText: d.memberB.username }).count()).toBe(0);
    await visit.shot('accounts');

    // The account's page reads; it offers nothing to change.
    await row.getByRole('link').first().click();
    await sees(page, d.memberA.username);
    await sees(page, 'Identifiant');
    for (const action of ['Modifier', 'Définir le mot de passe', 'Désactiver ce compte', 'Pré-supprimer', 'Nouveau code d’activation']) {
      expect(await page.getByRole('button', { name: action }).count()).toBe(0);
      expect(await page.getByRole('link', { name: action }).count()).toBe(0);
    }
    await visit.shot('account-read-only');

    // The edit page does not exist for a supervisor: its address leads back to the list.
    await visit.goto(`/users/${d.memberA.id}`);
    await headingIs(page, 'Comptes');
    await page.getByRole('row').filter({ hasText: d.memberA.username }).waitFor();
    expect(await page.getByRole('button', { name: 'Enregistrer' }).count()).toBe(0);
    await visit.shot('no-edit-page');
  });

  it('switches to English and back: the console, the API’s messages, and the choice kept across reloads', async () => {
    const page = await open('english-switch');
    await visit.goto('/login');
    await headingIs(page, 'Connexion');
    await page.getByRole('button', { name: 'English' }).click();
    await headingIs(page, 'Sign in');
    expect(await pageLanguage(page)).toBe('en');
    await page.getByLabel(/^Username/).fill(MANAGER.username);
    await page.getByLabel(/^Password/).fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The gateway's own sentence, asked for in English (Accept-Language).
    await sees(page, 'The username or the password is wrong.');
    await visit.shot('login-error-in-english');

    await page.reload();
    await headingIs(page, 'Sign in');
    await page.getByLabel(/^Username/).fill(MANAGER.username);
    await page.getByLabel(/^Password/).fill(MANAGER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await sees(page, 'You are the académie’s manager.');
    expect(await page.getByRole('navigation', { name: 'Main menu' }).getByRole('menuitem').allInnerTexts()).toEqual(['Home', 'Accounts', 'Schools', 'Reports', 'My account']);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('menuitem', { name: 'Accounts' }).click();
    const total = (await d.asManager.get('/api/v1/users')).body.total as number;
    await sees(page, `${total} accounts match your selection.`);
    await visit.shot('accounts-in-english');

    await page.getByRole('button', { name: 'Français' }).click();
    await headingIs(page, 'Comptes');
    await sees(page, `${total} comptes correspondent à votre sélection.`);
    expect(await pageLanguage(page)).toBe('fr');
    await visit.shot('back-to-french');
  });

  it('an administrator creates a student and a parent, then edits, resets, pre-deletes, restores and deactivates; the manager reactivates', async () => {
    const page = await open('administrator-manages-members');
    await signIn(visit, d.adminA.username, PASSWORD);
    const menu = page.getByRole('navigation', { name: 'Menu principal' });
    await menu.getByRole('menuitem', { name: 'Comptes' }).click();
    await page.getByRole('link', { name: 'Créer un compte' }).click();
    // An administrator creates supervisors (assigned to itself) or members; its only school is chosen.
    await page.getByRole('radio', { name: 'Usager' }).waitFor();
    expect(await page.getByRole('radio').count()).toBe(2);
    expect(await page.getByRole('radio', { name: 'Administrateur' }).count()).toBe(0);
    await page.getByRole('radio', { name: 'Superviseur' }).check();
    await sees(page, 'Vous serez l’administrateur chargé de gérer ce superviseur.');
    await page.getByRole('radio', { name: 'Usager' }).check();
    await page.getByLabel(/^Nom\s*\*?$/).fill('Moreau');
    await page.getByLabel(/^Prénom/).fill('Inès');
    await page.getByRole('combobox', { name: 'Profil' }).click();
    await page.getByRole('option', { name: 'Élève' }).click();
    await page.getByLabel(/^Classes/).click();
    await page.getByRole('option', { name: '3A' }).click();
    await page.keyboard.press('Escape');
    await visit.shot('student-form');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await headingIs(page, 'Inès Moreau (ines.moreau)');
    await sees(page, 'Non activé');
    await visit.shot('student-created');

    // A parent linked to that student.
    await menu.getByRole('menuitem', { name: 'Comptes' }).click();
    await page.getByRole('link', { name: 'Créer un compte' }).click();
    await page.getByRole('radio', { name: 'Usager' }).check();
    await page.getByLabel(/^Nom\s*\*?$/).fill('Moreau');
    await page.getByLabel(/^Prénom/).fill('Karim');
    await page.getByRole('combobox', { name: 'Profil' }).click();
    await page.getByRole('option', { name: 'Parent' }).click();
    await page.getByLabel(/^Enfants/).fill('ines');
    await page.getByRole('option', { name: 'Inès Moreau (ines.moreau)' }).click();
    await page.keyboard.press('Escape');
    await visit.shot('parent-form');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await headingIs(page, 'Karim Moreau (karim.moreau)');
    await sees(page, '3A');

    // Edit: only what changed is sent.
    await page.getByRole('link', { name: 'Modifier' }).click();
    await page.getByLabel(/^Adresse e-mail/).fill('karim.moreau@example.org');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await sees(page, 'karim.moreau@example.org');

    // Set a password (typed twice), then a new activation code.
    await page.getByRole('button', { name: 'Définir le mot de passe' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Nouveau mot de passe/).fill('le parent a un secret');
    await dialog.getByLabel(/^Confirmez le nouveau mot de passe/).fill('le parent a un secret');
    await dialog.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await sees(page, 'Le mot de passe de Karim Moreau (karim.moreau) a été changé ; communiquez-le à son titulaire.');
    await stack.api.login('karim.moreau', 'le parent a un secret');
    const before = (await stack.api.as(d.tokens.administrator).get('/api/v1/users?q=ines.moreau')).body.items[0].activationCode as string;
    await menu.getByRole('menuitem', { name: 'Comptes' }).click();
    await page.getByRole('button', { name: 'Actions sur le compte Inès Moreau (ines.moreau)' }).click();
    await page.getByRole('menuitem', { name: 'Nouveau code d’activation' }).click();
    await page.getByRole('button', { name: 'Oui, créer un nouveau code' }).click();
    const after = await until(
      async () => (await stack.api.as(d.tokens.administrator).get('/api/v1/users?q=ines.moreau')).body.items[0].activationCode as string,
      (code) => code !== before,
      'a new activation code',
    );
    await sees(page, `Le nouveau code d’activation de Inès Moreau (ines.moreau) est ${after}.`);
    await visit.shot('new-code');

    // Pre-delete (gone from the default list), restore, deactivate.
    await page.getByRole('button', { name: 'Actions sur le compte Inès Moreau (ines.moreau)' }).click();
    await page.getByRole('menuitem', { name: 'Pré-supprimer' }).click();
    await page.getByRole('button', { name: 'Oui, pré-supprimer le compte' }).click();
    await sees(page, 'Le compte Inès Moreau (ines.moreau) est marqué pour suppression.');
    await until(() => page.getByRole('row').filter({ hasText: 'ines.moreau' }).count(), (n) => n === 0, 'the row to leave the list');
    await page.getByRole('button', { name: 'Ajouter un filtre' }).click();
    await page.getByRole('menu').getByText('Pré-suppression', { exact: true }).click();
    await page.getByRole('combobox', { name: 'Pré-suppression' }).click();
    await page.getByRole('option', { name: 'Seulement ceux-là' }).click();
    await sees(page, '1 compte correspond à votre sélection.');
    await visit.shot('pre-deleted-only');
    await page.getByRole('button', { name: 'Actions sur le compte Inès Moreau (ines.moreau)' }).click();
    await page.getByRole('menuitem', { name: 'Restaurer' }).click();
    await page.getByRole('button', { name: 'Oui, restaurer le compte' }).click();
    await sees(page, 'Le compte Inès Moreau (ines.moreau) a été restauré.');
    await sees(page, 'Aucun compte ne correspond à votre sélection.');

    // The list remembers its filters: back to the default selection.
    await visit.goto(`/users?filter=${encodeURIComponent('{}')}`);
    await page.getByRole('button', { name: 'Actions sur le compte Karim Moreau (karim.moreau)' }).click();
    await page.getByRole('menuitem', { name: 'Désactiver ce compte' }).click();
    await sees(page, 'Ce compte ne pourra plus se connecter et ses sessions seront fermées. Il ne sera pas supprimé, et seul le gestionnaire pourra le réactiver.');
    await page.getByRole('button', { name: 'Oui, désactiver le compte' }).click();
    await sees(page, 'Le compte Karim Moreau (karim.moreau) a été désactivé.');
    expect((await stack.api.post('/api/v1/auth/login', { username: 'karim.moreau', password: 'le parent a un secret' })).status).toBe(403);

    // Only the manager reactivates: the "deactivated" filter, then the row's action.
    const administrator = visit;
    visit = await Visit.open(browser, stack.api.baseUrl, __filename, 'manager-reactivates');
    await signIn(visit, MANAGER.username, MANAGER.password);
    await visit.goto(`/users?filter=${encodeURIComponent(JSON.stringify({ deactivated: 'only' }))}`);
    await visit.page.getByRole('button', { name: 'Actions sur le compte Karim Moreau (karim.moreau)' }).click();
    await visit.page.getByRole('menuitem', { name: 'Réactiver ce compte' }).click();
    await visit.page.getByRole('button', { name: 'Oui, réactiver le compte' }).click();
    await sees(visit.page, 'Le compte Karim Moreau (karim.moreau) a été réactivé.');
    await stack.api.login('karim.moreau', 'le parent a un secret');
    await visit.shot('reactivated');
    expect(administrator.problems).toEqual([]);
    await administrator.close();
  });

  it('an administrator reads the activation report of their school, as a table and a chart', async () => {
    const page = await open('activation-report');
    await signIn(visit, d.adminA.username, PASSWORD);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem', { name: 'Rapports' }).click();
    await headingIs(page, 'Rapports');
    const report = (await stack.api.as(d.tokens.administrator).get('/api/v1/reports/activation')).body.schools[0];
    await page.getByRole('heading', { name: `${report.name} (${report.uai})` }).waitFor();
    const total = report.activated + report.notActivated;
    await sees(page, `${report.activated} comptes activés sur ${total}, soit ${Math.round((100 * report.activated) / total)} %.`.replace(' %', '\u202f%'));
    await page.getByRole('table', { name: 'Par profil' }).getByRole('rowheader', { name: 'Élève' }).waitFor();
    await page.getByRole('img', { name: `Graphique : comptes activés et non activés par profil, ${report.name}.` }).locator('svg').first().waitFor();
    await visit.shot('report');

    // The manager's académie: one line per school, the detail on demand.
    for (const [uai, name] of [['0130001C', 'Collège Marcel-Pagnol'], ['0330001E', 'Lycée Montesquieu']]) {
      expect((await d.asManager.post('/api/v1/schools', { uai, name })).status).toBe(201);
    }
    const manager = visit;
    visit = await Visit.open(browser, stack.api.baseUrl, __filename, 'activation-report-manager');
    await signIn(visit, MANAGER.username, MANAGER.password);
    await visit.goto('/reports');
    await visit.page.getByRole('table', { name: 'Par établissement' }).getByRole('rowheader', { name: 'Lycée Montesquieu (0330001E)' }).waitFor();
    await sees(visit.page, 'Choisissez un établissement pour voir le détail par profil et par classe.');
    await visit.shot('overview');
    await visit.page.getByRole('button', { name: `${report.name} (${report.uai})` }).click();
    await visit.page.getByRole('table', { name: 'Par classe' }).getByRole('rowheader', { name: '3A' }).waitFor();
    await visit.shot('school-detail');
    expect(manager.problems).toEqual([]);
    await manager.close();
  });

  it('works with the keyboard alone: sign-in, skip link, menu, a row’s actions, with the focus always drawn', async () => {
    const page = await open('keyboard');
    await visit.goto('/login');
    await tabTo(page, 'Identifiant');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.type(d.adminA.username);
    await tabTo(page, 'Mot de passe');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await sees(page, 'Vous êtes administrateur de vos établissements.');

    // The first stop is the skip link; then the menu leads to the accounts.
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Aller au contenu');
    expect(await focusIsVisible(page)).toBe(true);
    await tabTo(page, 'Comptes');
    expect(await focusIsVisible(page)).toBe(true);
    await visit.shot('menu-focused');
    await page.keyboard.press('Enter');
    await headingIs(page, 'Comptes');

    // A row's actions open with Enter, are walked with the arrows, close with Escape.
    const rowActions = `Actions sur le compte ${d.memberA.displayName} (${d.memberA.username})`;
    await tabTo(page, rowActions, 80);
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    const actions = page.getByRole('menu').filter({ hasText: 'Définir le mot de passe' });
    await actions.waitFor();
    await page.keyboard.press('ArrowDown');
    expect(await focusedName(page)).toBe('Définir le mot de passe');
    await visit.shot('row-actions-by-keyboard');
    await page.keyboard.press('Escape');
    await actions.waitFor({ state: 'hidden' });
    expect(await focusedName(page)).toBe(rowActions);
  });
});
