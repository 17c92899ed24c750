import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/directory';
import { TABLET, headingIs, pageWidth, sees, signIn, until } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

jest.setTimeout(180_000);

/** The screen of the walk that found the table too wide (issue 14). */
const LAPTOP = { width: 1366, height: 768 };

/** Where an element lies horizontally, in the page's pixels. */
const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

/**
 * The accounts list as a school's administrator uses it on a laptop and a tablet: the columns of the
 * ENT's list fit, the others are chosen; rows ticked for letters or emails to a few people.
 */
describe('console: the accounts list (browser)', () => {
  let documents: string;
  const suite = browserSuite(__filename, async () => {
    documents = await mkdtemp(join(tmpdir(), 'sesame-browser-documents-'));
    return {
      overrides: { mailmerge: { DOCUMENTS_DIR: documents, PUBLIC_URL: 'https://sesame.ac-test.fr' } },
      close: () => rm(documents, { recursive: true, force: true }),
    };
  });
  const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu principal' });
  const students: Array<{ id: string; username: string; displayName: string }> = [];

  beforeAll(async () => {
    const admin = suite.stack.api.as(suite.d.tokens.administrator);
    const cls = (await admin.post(`/api/v1/schools/${suite.d.schoolA.id}/classes`, { name: '4e Jean-de-La-Fontaine' })).body as { id: string };
    // Long names and addresses, as a real school has: they must wrap, not widen the table.
    for (const [firstName, lastName] of [
      ['Marie-Christine', 'de La Rochefoucauld-Montmorency'],
      ['Jean-Baptiste', 'Abdelkader-Vandenberghe'],
      ['Anne-Sophie', 'Ngo Nguyen Thi'],
    ]) {
      const email = `${firstName}.${lastName}@parents.ac-versailles.example.org`.toLowerCase().replace(/[^a-z.@-]/g, '');
      const answer = await admin.post('/api/v1/users', { role: 'member', profile: 'student', firstName, lastName, email, schoolIds: [suite.d.schoolA.id], classIds: [cls.id] });
      if (answer.status !== 201) throw new Error(JSON.stringify(answer.body));
      students.push(answer.body);
    }
  });

  async function openAccounts(page: Page): Promise<void> {
    await menu(page).getByRole('menuitem', { name: 'Comptes' }).click();
    await headingIs(page, 'Comptes');
    await page.getByRole('row').filter({ hasText: students[0].username }).waitFor();
  }

  it('at 1366 pixels the ENT’s columns fit and every row’s actions are in view; other columns are chosen', async () => {
    const page = await suite.open('laptop', LAPTOP);
    await signIn(suite.visit, suite.d.adminA.username, PASSWORD);
    await openAccounts(page);
    const headers = await page.getByRole('columnheader').allInnerTexts();
    console.log(`columns at 1366 px: ${headers.map((h) => h.trim()).filter(Boolean).join(' | ')}`);
    for (const name of ['Nom', 'Prénom', 'Profil', 'Identifiant', 'Code d’activation', 'Courriel', 'Classes', 'Date de création', 'Actions']) {
      expect(headers.map((h) => h.replace(/\s+/g, ' ').trim())).toContain(name);
    }
    const width = await pageWidth(page);
    const table = await box(page, 'table');
    console.log(`at 1366 px: page ${width} px wide, table from ${Math.round(table.x)} to ${Math.round(table.x + table.width)} px`);
    expect(width).toBeLessThanOrEqual(LAPTOP.width);
    expect(table.x + table.width).toBeLessThanOrEqual(LAPTOP.width);
    // No scrolling sideways inside the table either.
    expect(await page.evaluate<boolean>(`(() => { const t = document.querySelector('table').parentElement; return t.scrollWidth <= t.clientWidth; })()`)).toBe(true);
    const actions = page.getByRole('button', { name: `Actions sur le compte ${students[0].displayName} (${students[0].username})` });
    const button = (await actions.boundingBox())!;
    expect(button.x + button.width).toBeLessThanOrEqual(LAPTOP.width);
    await suite.visit.shot('accounts-1366');

    // « Dernière distribution » and « État » are a choice away, and the choice is kept.
    expect(await page.getByRole('columnheader', { name: 'État' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Colonnes' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Dernière distribution' }).waitFor();
    expect(await page.getByRole('menuitemcheckbox', { name: 'Courriel' }).getAttribute('aria-checked')).toBe('true');
    expect(await page.getByRole('menuitemcheckbox', { name: 'État' }).getAttribute('aria-checked')).toBe('false');
    await page.getByRole('menuitemcheckbox', { name: 'État' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('columnheader', { name: 'État' }).waitFor();
    // The chooser's entries exist only while it is open: a column's name never doubles a filter's label.
    expect(await page.getByLabel(/^Classes/).count()).toBe(1);
    // One state per account: a new student is « Non activé », nothing beside it.
    expect((await page.getByRole('row').filter({ hasText: students[0].username }).innerText()).match(/Activé|Non activé|Désactivé|Pré-supprimé/g)).toEqual(['Non activé']);
    await suite.visit.shot('state-column-chosen');
    await page.reload();
    await page.getByRole('columnheader', { name: 'État' }).waitFor();
    // Ten columns still fit, the actions too.
    expect(await pageWidth(page)).toBeLessThanOrEqual(LAPTOP.width);
    expect((await actions.boundingBox())!.x + 40).toBeLessThanOrEqual(LAPTOP.width);
    const actionsHeader = (await page.getByRole('columnheader', { name: 'Actions' }).boundingBox())!;
    expect(actionsHeader.x + actionsHeader.width).toBeLessThanOrEqual(LAPTOP.width);
    await page.getByRole('button', { name: 'Colonnes' }).click();
    await page.getByRole('menuitem', { name: 'Revenir aux colonnes par défaut' }).click();
    await page.keyboard.press('Escape');
    await until(() => page.getByRole('columnheader', { name: 'État' }).count(), (n) => n === 0, 'the default columns back');

    // A tablet (a fresh window: nobody chose columns there): no page-wide scroll bar, the address
    // column whole and in view, the actions in view.
    const tablet = await suite.open('tablet', TABLET);
    await signIn(suite.visit, suite.d.adminA.username, PASSWORD);
    await openAccounts(tablet);
    expect(await pageWidth(tablet)).toBeLessThanOrEqual(TABLET.width);
    const tabletHeaders = (await tablet.getByRole('columnheader').allInnerTexts()).map((h) => h.replace(/\s+/g, ' ').trim()).filter(Boolean);
    console.log(`columns at 768 px: ${tabletHeaders.join(' | ')}`);
    expect(tabletHeaders).toEqual(['Nom', 'Prénom', 'Identifiant', 'Code d’activation', 'Courriel', 'Classes', 'Actions']);
    const onTablet = (await tablet.getByRole('button', { name: `Actions sur le compte ${students[0].displayName} (${students[0].username})` }).boundingBox())!;
    console.log(`at 768 px: the first row's actions button spans ${Math.round(onTablet.x)}–${Math.round(onTablet.x + onTablet.width)} px`);
    expect(onTablet.x + onTablet.width).toBeLessThanOrEqual(TABLET.width);
    const email = (await tablet.getByRole('columnheader', { name: 'Courriel' }).boundingBox())!;
    expect(email.x + email.width).toBeLessThanOrEqual(onTablet.x);
    expect(await tablet.evaluate<boolean>(`(() => { const t = document.querySelector('table').parentElement; return t.scrollWidth <= t.clientWidth; })()`)).toBe(true);
    // Scrolled to the end, the floating « Créer un compte » leaves the last row's actions uncovered.
    await tablet.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    const lastActions = (await tablet.getByRole('button', { name: /^Actions sur le compte/ }).last().boundingBox())!;
    const create = (await tablet.getByRole('link', { name: 'Créer un compte' }).boundingBox())!;
    expect(lastActions.y + lastActions.height <= create.y || lastActions.x + lastActions.width <= create.x).toBe(true);
    await suite.visit.shot('accounts-768');
  });

  it('the administrator ticks two students and prints their letters only', async () => {
    const page = await suite.open('ticked-rows', LAPTOP);
    await signIn(suite.visit, suite.d.adminA.username, PASSWORD);
    await openAccounts(page);
    for (const student of students.slice(0, 2)) {
      await page.getByRole('row').filter({ hasText: student.username }).getByRole('checkbox').check();
    }
    await sees(page, '2 comptes choisis');
    await suite.visit.shot('two-ticked');
    // Emails: the addresses are counted among the two ticked accounts only (GET /users?id=…).
    await page.getByRole('button', { name: 'Leur envoyer un courriel' }).click();
    const emailDialog = page.getByRole('dialog', { name: 'Envoyer les informations de connexion par courriel' });
    await until(
      () => emailDialog.locator('#distribute-summary').innerText(),
      (text) => text.includes('à chacun des 2 comptes de votre sélection qui peuvent en recevoir un.'),
      'the summary for two emails',
    );
    await suite.visit.shot('email-dialog-for-two');
    await emailDialog.getByRole('button', { name: 'Annuler' }).click();
    await emailDialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Imprimer leurs courriers' }).click();
    const dialog = page.getByRole('dialog', { name: 'Générer les courriers en PDF' });
    await until(() => dialog.locator('#distribute-summary').innerText(), (text) => text.includes('Sesame va produire un PDF de 2 courriers'), 'the summary for two letters');
    await suite.visit.shot('dialog-for-two');
    await dialog.getByRole('button', { name: 'Générer le PDF' }).click();
    await sees(page, 'Le PDF est prêt ; il contient 2 courriers.', 30_000);
    for (const student of students.slice(0, 2)) await page.getByRole('row').filter({ hasText: student.username }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: students[2].username }).count()).toBe(0);
    await suite.visit.shot('campaign-of-two');
  });

  it('filters say what they are: whole labels, removable profiles, dates as dd/mm/yyyy, remembered filters announced and reset', async () => {
    const page = await suite.open('filters', LAPTOP);
    await signIn(suite.visit, suite.d.adminA.username, PASSWORD);
    await openAccounts(page);
    const admin = suite.stack.api.as(suite.d.tokens.administrator);
    const total = (await admin.get('/api/v1/users')).body.total as number;
    const pupils = `${(await admin.get('/api/v1/users?profile=student')).body.total as number} comptes correspondent à votre sélection.`;
    await sees(page, `${total} comptes correspondent à votre sélection.`);
    // No notice on a first visit, nothing to reset.
    expect(await page.getByRole('button', { name: 'Réinitialiser les filtres' }).count()).toBe(0);

    // The optional date filter: a text field read as dd/mm/yyyy, whatever the browser's language.
    await page.getByRole('button', { name: 'Ajouter un filtre' }).click();
    await page.getByRole('menu').getByText('Créés à partir du').click();
    const from = page.getByLabel('Créés à partir du');
    expect(await from.getAttribute('type')).toBe('text');
    expect(await from.getAttribute('placeholder')).toBe('jj/mm/aaaa');
    await from.fill('31/02/2026');
    await sees(page, 'Saisissez une date au format jj/mm/aaaa, par exemple 05/09/2026.');
    await from.fill('01/01/2020');
    await until(() => Promise.resolve(decodeURIComponent(suite.visit.path())), (path) => path.includes('"createdFrom":"2020-01-01"'), 'the date in the list’s address');
    expect(await from.inputValue()).toBe('01/01/2020');
    await sees(page, `${total} comptes correspondent à votre sélection.`);

    // Every filter's label is whole.
    const cut = await page.evaluate<string[]>(
      `[...document.querySelectorAll('.RaList-actions form label')].filter((l) => l.scrollWidth > l.clientWidth + 1).map((l) => l.textContent)`,
    );
    expect(cut).toEqual([]);

    // Profiles are chips one removes one by one.
    await page.getByLabel('Profils').click();
    await page.getByRole('option', { name: 'Élève' }).click();
    await page.getByLabel('Profils').click();
    await page.getByRole('option', { name: 'Parent' }).click();
    await page.keyboard.press('Escape');
    await sees(page, pupils);
    const chip = (name: string) => page.locator('.MuiChip-root').filter({ hasText: name });
    await chip('Élève').locator('.MuiChip-deleteIcon').click();
    await until(() => chip('Élève').count(), (n) => n === 0, 'the « Élève » chip gone');
    await chip('Parent').waitFor();
    await sees(page, 'Aucun compte ne correspond à votre sélection.');
    await chip('Parent').locator('.MuiChip-deleteIcon').click();
    await page.getByLabel('Profils').click();
    await page.getByRole('option', { name: 'Élève' }).click();
    await page.keyboard.press('Escape');
    await sees(page, pupils);
    await suite.visit.shot('filters-set');

    // Away and back through the menu: the list says the filters are remembered, and clears them.
    await menu(page).getByRole('menuitem', { name: 'Accueil' }).click();
    await headingIs(page, 'Accueil');
    await menu(page).getByRole('menuitem', { name: 'Comptes' }).click();
    await sees(page, 'Les filtres de votre dernière visite sont appliqués ; réinitialisez-les pour voir tous les comptes.');
    await sees(page, pupils);
    await suite.visit.shot('remembered-filters');
    await page.getByRole('status').filter({ hasText: 'dernière visite' }).getByRole('button', { name: 'Réinitialiser les filtres' }).click();
    await sees(page, `${total} comptes correspondent à votre sélection.`);
    expect(await page.getByText('Les filtres de votre dernière visite sont appliqués', { exact: false }).count()).toBe(0);
    expect(await chip('Élève').count()).toBe(0);
    expect(await page.getByLabel('Créés à partir du').count()).toBe(0);

    // The toolbar's button does the same at any time.
    await page.getByLabel(/^Rechercher/).fill('Rochefoucauld');
    await sees(page, '1 compte correspond à votre sélection.');
    await page.getByRole('button', { name: 'Réinitialiser les filtres' }).click();
    await sees(page, `${total} comptes correspondent à votre sélection.`);
    expect(await page.getByLabel(/^Rechercher/).inputValue()).toBe('');
    await suite.visit.shot('filters-reset');
  });

  it('the edit form can be left with « Annuler », back to the account unchanged', async () => {
    const page = await suite.open('edit-cancel', LAPTOP);
    await signIn(suite.visit, suite.d.adminA.username, PASSWORD);
    await suite.visit.goto(`/users/${students[1].id}`);
    await page.getByLabel(/^Prénom/).fill('Jean-Baptiste-Marie');
    await suite.visit.shot('edit-form');
    await page.getByRole('link', { name: 'Annuler' }).click();
    await page.waitForURL((url) => url.pathname === `/users/${students[1].id}/show`);
    await sees(page, 'Jean-Baptiste');
    expect((await suite.stack.api.as(suite.d.tokens.administrator).get(`/api/v1/users/${students[1].id}`)).body.firstName).toBe('Jean-Baptiste');
  });
});
