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
    await page.getByRole('switch', { name: 'État' }).or(page.getByRole('checkbox', { name: 'État' })).first().click();
    await page.keyboard.press('Escape');
    await page.getByRole('columnheader', { name: 'État' }).waitFor();
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
    await page.getByRole('button', { name: 'Réinitialiser' }).click();
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
});
