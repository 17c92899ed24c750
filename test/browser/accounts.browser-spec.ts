import { PASSWORD } from '../support/directory';
import { MANAGER } from '../support/stack';
import { TABLET, focusIsVisible, focusedName, headingIs, onSignInPage, pageLanguage, pageWidth, sees, signIn, tabTo, until } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

jest.setTimeout(120_000);

/** The administrators' screens, driven in Chromium against the real gateway, identity and console. */
describe('console: accounts (browser)', () => {
  const suite = browserSuite(__filename);
  const open = (name: string, viewport?: typeof TABLET) => suite.open(name, viewport);

  it('the manager adds a school and a class, creates an administrator, and that administrator signs in', async () => {
    const page = await open('manager-creates-administrator');
    await signIn(suite.visit, MANAGER.username, MANAGER.password);
    await headingIs(page, 'Accueil');
    await sees(page, 'Vous êtes le gestionnaire de l’académie.');
    await suite.visit.shot('home');

    // A fresh install has no school: the manager adds one, then a class.
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem', { name: 'Établissements' }).click();
    await page.getByRole('link', { name: 'Ajouter un établissement' }).click();
    await page.getByLabel(/^Code UAI/).fill('0750001');
    await sees(page, 'Le code UAI doit comporter sept chiffres suivis d’une lettre (par exemple 0750654D).');
    // Seven digits and a letter, but not their check letter: said before sending, with the right one.
    await page.getByLabel(/^Code UAI/).fill('0690001K');
    await sees(page, 'Ce code UAI n’existe pas : avec ces sept chiffres, la lettre de contrôle est B.');
    await page.getByLabel(/^Code UAI/).fill('0690001B');
    await page.getByLabel(/^Nom de l’établissement/).fill('Lycée Ampère');
    await page.getByLabel(/^Commune/).fill('Lyon');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await sees(page, 'Code UAI : 0690001B. Commune : Lyon.');
    await page.getByLabel(/^Nom de la classe/).fill('3e B');
    await page.getByRole('button', { name: 'Ajouter la classe' }).click();
    await page.getByRole('listitem').filter({ hasText: '3e B' }).waitFor();
    await suite.visit.shot('school');

    // The administrator: the username is checked as it is typed, the server's errors land on the fields.
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem', { name: 'Comptes' }).click();
    await page.getByRole('link', { name: 'Créer un compte' }).click();
    await page.getByRole('radio', { name: 'Administrateur' }).check();
    const username = page.getByLabel(/^Identifiant/);
    await username.fill('direction#hugo');
    await sees(page, 'L’identifiant ne peut pas contenir le caractère « # ».');
    await suite.visit.shot('username-rule-as-typed');
    await username.fill(MANAGER.username);
    await page.getByLabel(/^Adresse e-mail/).fill('direction@ac-lyon.fr');
    // By its role: the menu's entry has the same name when the menu is folded.
    await page.getByRole('combobox', { name: /^Établissements/ }).click();
    await page.getByRole('option', { name: 'Lycée Ampère (0690001B)' }).click();
    await page.keyboard.press('Escape');
    await page.getByLabel(/^Nouveau mot de passe/).fill('court');
    await sees(page, 'Le mot de passe doit contenir au moins 12 caractères.');
    await page.getByLabel(/^Nouveau mot de passe/).fill('une phrase de passe longue');
    await page.getByLabel(/^Confirmez le nouveau mot de passe/).fill('une phrase de passe longue');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    // The login is taken (by the manager): the gateway's sentence, under the field.
    await sees(page, `L’identifiant « ${MANAGER.username} » est déjà utilisé.`);
    await suite.visit.shot('server-error-on-field');
    await username.fill('direction.ampere');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await headingIs(page, 'direction.ampere');
    await sees(page, 'Le compte a été créé.');
    await suite.visit.shot('administrator-created');

    // A supervisor: the manager chooses the administrator who will manage it.
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem', { name: 'Comptes' }).click();
    await page.getByRole('link', { name: 'Créer un compte' }).click();
    await page.getByRole('radio', { name: 'Superviseur' }).check();
    await page.getByLabel(/^Identifiant/).fill('vie.scolaire.ampere');
    await page.getByLabel(/^Adresse e-mail/).fill('vie.scolaire@ac-lyon.fr');
    await page.getByLabel(/^Administrateur responsable/).fill('direction');
    await page.getByRole('option', { name: 'direction.ampere' }).click();
    await suite.visit.shot('supervisor-form');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await headingIs(page, 'vie.scolaire.ampere');
    await page.getByRole('link', { name: 'direction.ampere' }).waitFor();

    // The list: exact count, the new rows; at tablet width too.
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem', { name: 'Comptes' }).click();
    const total = (await suite.d.asManager.get('/api/v1/users')).body.total as number;
    await sees(page, `${total} comptes correspondent à votre sélection.`);
    expect(await page.getByRole('row').filter({ hasText: 'direction.ampere' }).innerText()).toContain('Administrateur');
    await suite.visit.shot('accounts');
    await page.setViewportSize(TABLET);
    expect(await pageWidth(page)).toBeLessThanOrEqual(TABLET.width);
    await suite.visit.shot('accounts-tablet');
    // On a tablet the menu folds to its icons, opens with its button, and folds again once a page is chosen.
    const menu = page.getByRole('navigation', { name: 'Menu principal' });
    const menuWidth = async () => (await menu.boundingBox())!.width;
    await until(menuWidth, (width) => width < 100, 'the menu folded');
    await page.getByRole('button', { name: 'Ouvrir le menu' }).click();
    await until(menuWidth, (width) => width > 150, 'the menu open');
    await suite.visit.shot('menu-open-tablet');
    await menu.getByRole('menuitem', { name: 'Établissements' }).click();
    await headingIs(page, 'Établissements');
    await until(menuWidth, (width) => width < 100, 'the menu folded again');

    // The administrator signs in (another browser session).
    const created = await suite.d.asManager.get('/api/v1/users?q=direction.ampere');
    expect(created.body.total).toBe(1);
    await open('administrator-signs-in');
    await signIn(suite.visit, 'direction.ampere', 'une phrase de passe longue');
    await sees(suite.visit.page, 'Vous êtes administrateur de vos établissements.');
    expect(await suite.visit.page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem').allInnerTexts()).toEqual(['Accueil', 'Comptes', 'Imports', 'Alimentations académiques', 'Distribution', 'Établissements', 'Rapports', 'Calendrier des départs', 'Rentrée scolaire', 'Mon compte']);
    await suite.visit.shot('administrator-home');
  });

  it('a supervisor sees the accounts of its administrator’s schools, with no action to change them', async () => {
    const page = await open('supervisor-read-only');
    await signIn(suite.visit, suite.d.supervisorA.username, PASSWORD);
    await sees(page, 'Vous êtes superviseur : vous consultez les comptes des établissements de votre administrateur.');
    expect(await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem').allInnerTexts()).toEqual(['Accueil', 'Comptes', 'Distribution', 'Calendrier des départs', 'Mon compte']);
    await suite.visit.shot('home');

    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem', { name: 'Comptes' }).click();
    const total = (await suite.stack.api.as(suite.d.tokens.supervisor).get('/api/v1/users')).body.total as number;
    await sees(page, total === 1 ? '1 compte correspond à votre sélection.' : `${total} comptes correspondent à votre sélection.`);
    const row = page.getByRole('row').filter({ hasText: suite.d.memberA.username });
    await row.waitFor();
    // No creation, no row actions, no "Actions" column; another school's student is not listed.
    expect(await page.getByRole('link', { name: 'Créer un compte' }).count()).toBe(0);
    expect(await page.getByRole('columnheader', { name: 'Actions' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Actions sur le compte/ }).count()).toBe(0);
    expect(await page.getByRole('row').filter({ hasText: suite.d.memberB.username }).count()).toBe(0);
    await suite.visit.shot('accounts');

    // The account's page reads; it offers nothing to change.
    await row.getByRole('link').first().click();
    await sees(page, suite.d.memberA.username);
    await sees(page, 'Identifiant');
    for (const action of ['Modifier', 'Définir le mot de passe', 'Désactiver ce compte', 'Pré-supprimer', 'Nouveau code d’activation']) {
      expect(await page.getByRole('button', { name: action }).count()).toBe(0);
      expect(await page.getByRole('link', { name: action }).count()).toBe(0);
    }
    await suite.visit.shot('account-read-only');

    // The edit page does not exist for a supervisor: its address leads back to the list.
    await suite.visit.goto(`/users/${suite.d.memberA.id}`);
    await headingIs(page, 'Comptes');
    await page.getByRole('row').filter({ hasText: suite.d.memberA.username }).waitFor();
    expect(await page.getByRole('button', { name: 'Enregistrer' }).count()).toBe(0);
    await suite.visit.shot('no-edit-page');
  });

  it('switches to English and back: the console, the API’s messages, and the choice kept across reloads', async () => {
    const page = await open('english-switch');
    await suite.visit.goto('/login');
    await headingIs(page, 'Connexion');
    await page.getByRole('button', { name: 'English' }).click();
    await headingIs(page, 'Sign in');
    expect(await pageLanguage(page)).toBe('en');
    await page.getByLabel(/^Username/).fill(MANAGER.username);
    await page.getByLabel(/^Password/).fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The gateway's own sentence, asked for in English (Accept-Language).
    await sees(page, 'The username or the password is wrong.');
    await suite.visit.shot('login-error-in-english');

    await page.reload();
    await headingIs(page, 'Sign in');
    await page.getByLabel(/^Username/).fill(MANAGER.username);
    await page.getByLabel(/^Password/).fill(MANAGER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await sees(page, 'You are the académie’s manager.');
    expect(await page.getByRole('navigation', { name: 'Main menu' }).getByRole('menuitem').allInnerTexts()).toEqual(['Home', 'Accounts', 'Imports', 'Académie feeds', 'Distribution', 'Schools', 'Reports', 'Leavers’ calendar', 'School year', 'Connected applications', 'My account']);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('menuitem', { name: 'Accounts' }).click();
    const total = (await suite.d.asManager.get('/api/v1/users')).body.total as number;
    await sees(page, `${total} accounts match your selection.`);
    await suite.visit.shot('accounts-in-english');

    await page.getByRole('button', { name: 'Français' }).click();
    await headingIs(page, 'Comptes');
    await sees(page, `${total} comptes correspondent à votre sélection.`);
    expect(await pageLanguage(page)).toBe('fr');
    await suite.visit.shot('back-to-french');
  });

  it('works with the keyboard alone: sign-in, skip link, menu, a row’s actions, with the focus always drawn', async () => {
    const page = await open('keyboard');
    await suite.visit.goto('/login');
    // Sesame's sign-in page (the provider's), where the console sends the browser.
    await page.waitForURL(onSignInPage);
    await tabTo(page, 'Identifiant');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.type(suite.d.adminA.username);
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
    await suite.visit.shot('menu-focused');
    await page.keyboard.press('Enter');
    await headingIs(page, 'Comptes');

    // A row's actions open with Enter, are walked with the arrows, close with Escape.
    const rowActions = `Actions sur le compte ${suite.d.memberA.displayName} (${suite.d.memberA.username})`;
    await tabTo(page, rowActions, 80);
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    const actions = page.getByRole('menu').filter({ hasText: 'Définir le mot de passe' });
    await actions.waitFor();
    await page.keyboard.press('ArrowDown');
    expect(await focusedName(page)).toBe('Définir le mot de passe');
    await suite.visit.shot('row-actions-by-keyboard');
    await page.keyboard.press('Escape');
    await actions.waitFor({ state: 'hidden' });
    expect(await focusedName(page)).toBe(rowActions);
  });
});
