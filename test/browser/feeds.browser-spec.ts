import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/directory';
import { MANAGER } from '../support/stack';
import { headingIs, sees, signIn, until } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

jest.setTimeout(240_000);

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'feeds');
const AAF = join(FIXTURES, 'ok', 'aaf-2d');

/** The AAF 2D delivery of fixtures/feeds/ok/aaf-2d, file by file, optionally edited. */
function delivery(edit: (name: string, text: string) => string = (_name, text) => text): Array<{ name: string; bytes: Buffer }> {
  return readdirSync(AAF)
    .sort()
    .map((name) => ({ name, bytes: Buffer.from(edit(name, readFileSync(join(AAF, name), 'utf8')), 'utf8') }));
}

/**
 * A year later: student 1002 (of 0750002V) has left, and student 1001 took a second last name.
 * 0750002V loses more than 5 % of its AAF accounts: it is held.
 */
const yearTwo = () =>
  delivery((name, text) =>
    name.endsWith('_Eleve_0000.xml')
      ? text.replace(/\s*<addRequest>\s*<identifier><id>1002<\/id>[\s\S]*?<\/addRequest>/, '').replace('<value>Lenoir-Fictif</value>', '<value>Lenoir-Fictif-Dubois</value>')
      : text,
  );

/**
 * Académie feeds (issue 15) in Chromium against the gateway, identity, the importer and the console:
 * an AAF delivery uploaded, read, compared, drilled into, confirmed and applied; a year later the
 * same académie with a leaver, its school held and confirmed a second time with a reason; a school
 * export refused with the sentence that names its file and field.
 */
describe('console: académie feeds (browser)', () => {
  const suite = browserSuite(__filename, async () => ({ overrides: { importer: { IMPORT_HASH_THREADS: '1', ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' } } }));
  const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu principal' });

  /** Drops files on the zone as a file manager would (a real `drop` event carrying them). */
  async function dropFiles(page: Page, files: Array<{ name: string; bytes: Buffer }>): Promise<void> {
    const list = JSON.stringify(files.map((file) => ({ name: file.name, data: file.bytes.toString('base64') })));
    const dataTransfer = await page.evaluateHandle(
      `(() => { const data = new DataTransfer(); for (const f of ${list}) data.items.add(new File([Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0))], f.name, { type: 'application/xml' })); return data; })()`,
    );
    await page.getByTestId('feed-drop-zone').dispatchEvent('dragenter', { dataTransfer });
    await page.getByTestId('feed-drop-zone').dispatchEvent('drop', { dataTransfer });
  }

  /**
   * Back to the top of the page before a full-page screenshot: a drill-down scrolls to its table,
   * and the fixed bar would then be drawn in the middle of the picture.
   */
  async function toTop(page: Page): Promise<void> {
    await until(
      async () => {
        await page.evaluate('window.scrollTo({ top: 0, behavior: "instant" })');
        await new Promise((resolve) => setTimeout(resolve, 200));
        return page.evaluate<number>('window.scrollY');
      },
      (y) => y === 0,
      'the page scrolled to its top',
    );
  }

  /** The number in the totals' row of a category. */
  const total = async (page: Page, category: string) => Number((await page.getByRole('table', { name: /pour toute l’alimentation/ }).getByRole('row', { name: new RegExp(`^${category}`) }).getByRole('cell').first().innerText()).replace(/\D/g, ''));

  it('the manager uploads an AAF delivery, reads the comparison, drills into it and confirms; a year later a held school needs its second confirmation', async () => {
    const page = await suite.open('manager-feeds');
    await signIn(suite.visit, MANAGER.username, MANAGER.password);
    await sees(page, 'Vous êtes le gestionnaire de l’académie.');
    await menu(page).getByRole('menuitem', { name: 'Alimentations académiques' }).click();
    await headingIs(page, 'Alimentations académiques');
    await sees(page, 'Aucune alimentation n’a encore été chargée.');
    expect(await page.getByRole('radio', { name: 'Livraison AAF de l’académie' }).isChecked()).toBe(true);

    // Year 1: the seven files of the delivery, dropped at once.
    await dropFiles(page, delivery());
    await page.getByText(/^7 fichiers choisis : ENTAAF_Complet_20260901_Eleve_0000\.xml, .* \(\d+,\d Ko en tout\)\.$/).waitFor();
    await until(() => page.getByRole('button', { name: 'Charger et comparer' }).isEnabled(), (enabled) => enabled, 'the upload button to be enabled');
    await suite.visit.shot('files-chosen');
    await page.getByRole('button', { name: 'Charger et comparer' }).click();
    await page.getByText(/^La comparaison est prête : \d+ changements attendent votre confirmation\. Rien n’a encore changé\.$/).waitFor({ timeout: 60_000 });
    expect(suite.visit.path()).toMatch(/^\/feeds\/[0-9a-f-]{36}\/show$/);
    await sees(page, 'Livraison AAF de toute l’académie.');
    await page.getByText(new RegExp(`^Chargée par ${MANAGER.username} le \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d\\.$`)).waitFor();
    expect(await total(page, 'Nouveaux comptes')).toBeGreaterThanOrEqual(3);
    expect(await total(page, 'Départs')).toBe(0);
    const schools = page.getByRole('table', { name: /établissement par établissement/ });
    expect(await schools.getByRole('row').filter({ hasText: '0750001U' }).count()).toBe(1);
    expect(await schools.getByText('Retenu', { exact: true }).count()).toBe(0);
    await suite.visit.shot('year-one-ready');

    // The drill-down: the new accounts of 0750001U, Zoé among them, before → after.
    await schools
      .getByRole('button', { name: /^Nouveaux comptes, .*0750001U.* : voir (le changement|les \d+ changements)\.$/ })
      .click();
    const changes = page.getByRole('table', { name: /^Changements de la catégorie « Nouveaux comptes », établissement .*0750001U.*, page 1\.$/ });
    const zoe = changes.getByRole('row').filter({ hasText: 'Zoé' });
    await zoe.waitFor();
    expect(await zoe.innerText()).toMatch(/Zoé/);
    expect(await zoe.innerText()).toMatch(/Nom : — → Lenoir-Fictif/);
    await toTop(page);
    await suite.visit.shot('drill-down');

    // The CSV of every change.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger tous les changements (CSV)' }).click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    expect(readFileSync((await csv.path())!, 'utf8')).toMatch(/Lenoir-Fictif/);

    // No school held: « Confirmer » applies at once.
    await page.getByRole('button', { name: 'Confirmer', exact: true }).click();
    await page.getByText(/^L’alimentation est appliquée : \d+ changements ont été faits\.$/).waitFor({ timeout: 60_000 });
    await page.getByText(new RegExp(`^Confirmée par ${MANAGER.username} le \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d\\.$`)).waitFor();
    expect(await page.getByRole('button', { name: 'Confirmer', exact: true }).count()).toBe(0);
    await suite.visit.shot('year-one-applied');
    // Zoé and her relative, both created.
    const lenoirs = (await suite.d.asManager.get('/api/v1/users?q=Lenoir-Fictif')).body as { items: Array<{ firstName: string; lastName: string }> };
    expect(lenoirs.items.map((account) => account.firstName)).toContain('Zoé');

    // Year 2: a leaver in 0750002V (held), a changed name in 0750001U.
    await page.getByRole('link', { name: 'Charger une autre alimentation' }).click();
    await headingIs(page, 'Alimentations académiques');
    await dropFiles(page, yearTwo());
    await page.getByRole('button', { name: 'Charger et comparer' }).click();
    await page
      .getByText(/^La comparaison est prête : \d+ changements? attend(ent)? votre confirmation, et des établissements perdraient beaucoup de comptes\. Rien n’a encore changé\.$/)
      .waitFor({ timeout: 60_000 });
    expect(await total(page, 'Départs')).toBeGreaterThanOrEqual(1);
    expect(await total(page, 'Noms changés')).toBe(1);
    expect(await total(page, 'Nouveaux comptes')).toBe(0);
    const held = page.getByRole('table', { name: /établissement par établissement/ }).getByRole('row').filter({ hasText: '0750002V' });
    expect(await held.innerText()).toMatch(/Retenu : [\d,]+\s% de ses comptes partiraient\./);
    await suite.visit.shot('year-two-held');

    // The changed name, as before → after.
    await page.getByRole('button', { name: 'Noms changés : voir le détail.' }).click();
    const renamed = page.getByRole('table', { name: /^Changements de la catégorie « Noms changés », dans tous les établissements, page 1\.$/ }).getByRole('row').filter({ hasText: 'Zoé' });
    await renamed.waitFor();
    expect(await renamed.innerText()).toMatch(/Nom : Lenoir-Fictif → Lenoir-Fictif-Dubois/);
    // Only what changed: her first name stays out of it.
    expect(await renamed.innerText()).not.toMatch(/Prénom :/);
    await toTop(page);
    await suite.visit.shot('names-changed');

    // « Confirmer » asks for the held school's second confirmation: a box and a reason of ten characters.
    await page.getByRole('button', { name: 'Confirmer', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirmer les établissements retenus' });
    await dialog.getByText(/0750002V.* : [\d,]+\s% de ses \d+ comptes partiraient \(\d+ départs?\)\./).waitFor();
    await dialog.getByRole('button', { name: 'Confirmer l’alimentation' }).click();
    await dialog.getByText('Confirmez chaque établissement retenu et donnez sa raison pour continuer.').waitFor();
    await dialog.getByRole('checkbox', { name: 'Je confirme les départs de l’établissement 0750002V.' }).check();
    await dialog.getByLabel('Raison des départs').fill('Départ');
    await dialog.getByText('La raison doit compter au moins 10 caractères.').waitFor();
    await dialog.getByLabel('Raison des départs').fill('Élias Martin a déménagé à Lyon en juillet.');
    await until(() => page.evaluate<string>("getComputedStyle(document.querySelector('.MuiDialog-container')).opacity"), (opacity) => opacity === '1', 'the dialog to be drawn');
    await toTop(page);
    await suite.visit.shot('held-confirmation');
    await dialog.getByRole('button', { name: 'Confirmer l’alimentation' }).click();
    await page.getByText(/^L’alimentation est appliquée : \d+ changements? (a|ont) été faits?\.$/).waitFor({ timeout: 60_000 });
    await sees(page, 'Raison donnée pour l’établissement 0750002V : « Élias Martin a déménagé à Lyon en juillet. ».');
    await suite.visit.shot('year-two-applied');

    // The leaver is not deleted (the lifecycle deactivates it); the rename landed.
    const renamedAccounts = (await suite.d.asManager.get('/api/v1/users?q=Lenoir-Fictif-Dubois')).body as { items: Array<{ firstName: string; lastName: string }> };
    expect(renamedAccounts.items.map((account) => `${account.firstName} ${account.lastName}`)).toEqual(['Zoé Lenoir-Fictif-Dubois']);

    // The history: both feeds applied, newest first.
    await menu(page).getByRole('menuitem', { name: 'Alimentations académiques' }).click();
    const rows = page.getByRole('row').filter({ hasText: 'Appliquée' });
    await until(() => rows.count(), (count) => count === 2, 'both feeds in the history');
    expect(await page.getByRole('row').filter({ hasText: 'Toute l’académie' }).count()).toBe(2);
    await suite.visit.shot('history');

    // The same delivery again changes nothing: nothing to confirm.
    await dropFiles(page, yearTwo());
    await page.getByRole('button', { name: 'Charger et comparer' }).click();
    await page.getByText(/^Cette alimentation ne change rien : les \d+ personnes qu’elle contient sont déjà à jour dans Sesame\.$/).waitFor({ timeout: 60_000 });
    await sees(page, 'Il n’y a rien à confirmer : cette alimentation ne change rien.');
    expect(await page.getByRole('button', { name: 'Confirmer', exact: true }).isDisabled()).toBe(true);
  });

  it('an administrator uploads an export of their school only, and a file of another school is refused with its file and field named', async () => {
    const page = await suite.open('administrator-feed-refused');
    await signIn(suite.visit, suite.d.adminA.username, PASSWORD);
    await sees(page, 'Vous êtes administrateur de vos établissements.');
    await menu(page).getByRole('menuitem', { name: 'Alimentations académiques' }).click();
    await headingIs(page, 'Alimentations académiques');
    await sees(page, 'Vous chargez les exports de vos établissements ; les livraisons AAF sont chargées par le gestionnaire de l’académie.');
    expect(await page.getByRole('radio', { name: 'Livraison AAF de l’académie' }).count()).toBe(0);
    // Their one school is already chosen.
    expect(await page.getByRole('combobox', { name: 'Établissement' }).innerText()).toContain('0750001U');

    await dropFiles(page, [{ name: 'ElevesSansAdresses.xml', bytes: readFileSync(join(FIXTURES, 'not-ok', 'wrong-uai', 'ElevesSansAdresses.xml')) }]);
    await page.getByText(/^Fichier choisi : ElevesSansAdresses\.xml \([\d,]+ Ko\)\.$/).waitFor();
    await page.getByRole('button', { name: 'Charger et comparer' }).click();
    await sees(page, 'Les fichiers ont été refusés et rien n’a changé. Corrigez la livraison, puis chargez-la à nouveau.', 60_000);
    const error = await page.getByTestId('feed-error').innerText();
    expect(error).toContain('ElevesSansAdresses.xml');
    expect(error).toContain('0750002V');
    expect(error).toContain('0750001U');
    expect(await page.getByRole('button', { name: 'Confirmer', exact: true }).isDisabled()).toBe(true);
    await sees(page, 'Cette alimentation ne peut pas être confirmée : chargez-la à nouveau.');
    await suite.visit.shot('refused');
  });
});
