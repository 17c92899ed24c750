import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/directory';
import { MANAGER } from '../support/stack';
import { headingIs, sees, signIn } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

jest.setTimeout(180_000);

/** The year the wizard offers first: this calendar year's until September, the next from October. */
const today = new Date();
const year = today.getMonth() >= 9 ? today.getFullYear() + 1 : today.getFullYear();
const label = `${year}-${year + 1}`;
const shown = (iso: string) => new Date(iso).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
const csv = (text: string) => ({ name: 'classes.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

/**
 * The rentrée (issue 16) in Chromium against the gateway, identity and the console: the manager
 * opens the year for a school with a class list (a file with an unknown pupil refused with its line,
 * then a good one), reads the preview's counts, confirms, and restores the previous year; an
 * administrator is offered their own school only.
 */
describe('console: the rentrée wizard (browser)', () => {
  const suite = browserSuite(__filename);
  const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu principal' });
  const classesOfA = async () => ((await suite.d.asManager.get(`/api/v1/schools/${suite.d.schoolA.id}/classes`)).body as Array<{ id: string; name: string }>).map((c) => `${c.name}:${c.id}`);

  it('the manager opens the year with a class list, reads the counts, confirms, then restores the previous year', async () => {
    const yearN = await classesOfA();
    const page = await suite.open('manager-rentree');
    await signIn(suite.visit, MANAGER.username, MANAGER.password);
    await sees(page, 'Vous êtes le gestionnaire de l’académie.');
    await menu(page).getByRole('menuitem', { name: 'Rentrée scolaire' }).click();
    await headingIs(page, 'Rentrée scolaire');
    expect(suite.visit.path()).toBe('/rentree');
    await page.getByRole('heading', { level: 2, name: 'Ouvrir une nouvelle année scolaire' }).waitFor();
    await sees(page, 'Aucune rentrée n’a encore été ouverte.');

    // Step 1: the year and the school.
    expect(await page.getByRole('combobox', { name: 'Année scolaire à ouvrir' }).innerText()).toBe(label);
    await page.getByRole('checkbox', { name: new RegExp(`${suite.d.schoolA.name}`) }).check();
    await page.getByRole('button', { name: 'Suivant' }).click();

    // Step 2: a class list naming somebody unknown is refused with its line, and nothing is opened.
    await page.locator('input[type=file]').setInputFiles(csv(`identifiant;classe\n${suite.d.memberA.username};4A\nnobody;4B\n`));
    await sees(page, 'Le fichier « classes.csv » compte 2 lignes d’élèves.');
    await page.getByRole('button', { name: 'Suivant' }).click();
    await sees(page, 'Ligne 3 : aucun usager de vos établissements n’a l’identifiant ou l’INE « nobody ».');
    await suite.visit.shot('class-list-refused');
    await page.getByRole('button', { name: 'Retour' }).click();
    await page.locator('input[type=file]').setInputFiles(csv(`Identifiant;Classe\n${suite.d.memberA.username};4A\n`));
    await sees(page, 'Le fichier « classes.csv » compte 1 ligne d’élève.');
    await page.getByRole('button', { name: 'Suivant' }).click();

    // Step 3: the counts, in sentences.
    await sees(page, `Voici ce que l’ouverture de l’année ${label} fera :`);
    const counts = page.locator('li[data-count]');
    await counts.first().waitFor();
    expect(await counts.allInnerTexts()).toEqual([
      '1 classe de l’année qui se termine sera archivée.',
      '1 élève reste : il garde son identifiant, son mot de passe et son activation.',
      'Tous les élèves qui restent ont une classe dans la liste.',
      'Aucun nouvel arrivant.',
      'La liste crée 1 classe de la nouvelle année.',
    ]);
    expect(await classesOfA()).toEqual(yearN);
    await suite.visit.shot('preview');

    // Step 4: confirmed; the new year's class is there, year N's archived.
    await page.getByRole('button', { name: `Ouvrir l’année ${label}` }).click();
    const rentrees = async () => (await suite.d.asManager.get('/api/v1/rentrees')).body.items as Array<{ restorableUntil: string; restoredAt: string | null }>;
    await page.getByText(/^L’année .* est ouverte\./).waitFor();
    const [opened] = await rentrees();
    await sees(page, `L’année ${label} est ouverte. Vous pouvez restaurer l’année précédente jusqu’au ${shown(opened.restorableUntil)}.`);
    expect((await classesOfA()).map((c) => c.split(':')[0])).toEqual(['4A']);
    await suite.visit.shot('opened');

    // Year N's letters were all handed out; a pupil arrives: the accounts list's « Arrivés depuis la rentrée » finds her alone.
    await sql`UPDATE accounts SET last_distributed_at = now() - interval '100 days'`.execute(suite.stack.identityDb);
    const nina = await suite.d.asManager.post('/api/v1/users', { role: 'member', profile: 'student', firstName: 'Nina', lastName: 'Nouvelle', schoolIds: [suite.d.schoolA.id] });
    expect(nina.status).toBe(201);
    await menu(page).getByRole('menuitem', { name: 'Comptes' }).click();
    await page.getByRole('button', { name: 'Ajouter un filtre' }).click();
    await page.getByRole('menu').getByText('Arrivés depuis la rentrée').click();
    const arrived = page.getByLabel('Arrivés depuis la rentrée');
    if (!(await arrived.isChecked())) await arrived.check();
    await sees(page, '1 compte correspond à votre sélection.');
    await page.getByRole('row').filter({ hasText: 'Nouvelle' }).waitFor();
    await suite.visit.shot('arrived-since-rentree');
    await menu(page).getByRole('menuitem', { name: 'Rentrée scolaire' }).click();

    // The list of rentrées: restorable until its deadline, then restored after a confirmation.
    const row = page.getByRole('row', { name: new RegExp(label) });
    await row.getByText(`Restaurable jusqu’au ${shown(opened.restorableUntil)}`).waitFor();
    await row.getByRole('button', { name: 'Restaurer l’année précédente' }).click();
    const dialog = page.getByRole('dialog', { name: 'Restaurer l’année précédente ?' });
    await dialog.getByText(`Les classes de l’année ${label} seront supprimées`, { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Restaurer' }).click();
    await sees(page, 'L’année précédente est restaurée.');
    await row.getByText(/^Restaurée le \d\d\/\d\d\/\d{4}$/).waitFor();
    expect(await classesOfA()).toEqual(yearN);
    expect((await rentrees())[0].restoredAt).not.toBeNull();
    await suite.visit.shot('restored');
  });

  it('an administrator finds the rentrée in the menu, for their own school only', async () => {
    const page = await suite.open('administrator-rentree');
    await signIn(suite.visit, suite.d.adminA.username, PASSWORD);
    await menu(page).getByRole('menuitem', { name: 'Rentrée scolaire' }).click();
    await headingIs(page, 'Rentrée scolaire');
    await page.getByRole('heading', { level: 2, name: 'Ouvrir une nouvelle année scolaire' }).waitFor();
    const schools = page.getByRole('group', { name: 'Établissements concernés' }).getByRole('checkbox');
    await schools.first().waitFor();
    expect(await schools.count()).toBe(1);
    expect(await page.getByRole('checkbox', { name: 'Tous les établissements de l’académie' }).count()).toBe(0);
    // The manager's rentrée of their school, restored, is in their list.
    await page.getByText(/^Restaurée le /).waitFor();
  });
});
