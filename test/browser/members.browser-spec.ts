import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/directory';
import { MANAGER } from '../support/stack';
import { headingIs, sees, signIn, until } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

jest.setTimeout(120_000);

/** An administrator's work on members' accounts, and the activation reports, in Chromium. */
describe('console: members and reports (browser)', () => {
  let documents: string;
  // Mailmerge too: an account's page prints that account's letter right after a new password.
  const suite = browserSuite(__filename, async () => {
    documents = await mkdtemp(join(tmpdir(), 'sesame-browser-members-'));
    return {
      overrides: { mailmerge: { DOCUMENTS_DIR: documents } },
      close: () => rm(documents, { recursive: true, force: true }),
    };
  });
  const open = (name: string) => suite.open(name);
  /** The accessible labels given to anything inside the report's charts. */
  const chartLabels = (page: Page) => page.evaluate<string[]>(`[...document.querySelectorAll('[role=img] [aria-label], [role=img] [role]')].map((e) => e.getAttribute('aria-label') || e.getAttribute('role'))`);

  it('an administrator creates a student and a parent, then edits, resets, pre-deletes, restores and deactivates; the manager reactivates', async () => {
    const page = await open('administrator-manages-members');
    await signIn(suite.visit, suite.d.adminA.username, PASSWORD);
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
    await suite.visit.shot('student-form');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await headingIs(page, 'Inès Moreau (ines.moreau)');
    await sees(page, 'Non activé');
    await suite.visit.shot('student-created');

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
    await suite.visit.shot('parent-form');
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
    await suite.stack.api.login('karim.moreau', 'le parent a un secret');

    // Right after, the page offers this account's letter or email, for this account alone.
    await sees(page, 'Pour prévenir Karim Moreau (karim.moreau), imprimez son courrier ou envoyez-lui un courriel.');
    await suite.visit.shot('distribute-this-account');
    await page.getByRole('button', { name: 'Envoyer le courriel' }).click();
    const email = page.getByRole('dialog', { name: 'Envoyer les informations de connexion par courriel' });
    await until(
      () => email.locator('#distribute-summary').innerText(),
      (text) => text.startsWith('Sesame va envoyer aussitôt un courriel') && text.includes('au seul compte de votre sélection qui peut en recevoir un.'),
      'the sentence saying one email will leave',
    );
    await email.getByRole('button', { name: 'Annuler' }).click();
    await page.getByRole('button', { name: 'Imprimer le courrier' }).click();
    const letter = page.getByRole('dialog', { name: 'Générer les courriers en PDF' });
    await until(
      () => letter.locator('#distribute-summary').innerText(),
      (text) => text.startsWith('Sesame va produire un PDF de 1 courrier en français'),
      'the sentence saying what will happen',
    );
    await suite.visit.shot('this-account-letter');
    await letter.getByRole('button', { name: 'Générer le PDF' }).click();
    await sees(page, 'Le PDF est prêt ; il contient 1 courrier.', 30_000);
    // The recipients' table is asked again after the tallies: wait for its row to say the same.
    await until(() => page.getByRole('row').filter({ hasText: 'karim.moreau' }).innerText(), (text) => text.includes('Courrier imprimé dans le PDF.'), 'Karim’s letter printed');
    expect(await page.getByRole('row').filter({ hasText: '.moreau' }).count()).toBe(1);
    await sees(page, '1 compte sélectionné.');
    await suite.visit.shot('this-account-letter-printed');
    const before = (await suite.stack.api.as(suite.d.tokens.administrator).get('/api/v1/users?q=ines.moreau')).body.items[0].activationCode as string;
    await menu.getByRole('menuitem', { name: 'Comptes' }).click();
    await page.getByRole('button', { name: 'Actions sur le compte Inès Moreau (ines.moreau)' }).click();
    await page.getByRole('menuitem', { name: 'Nouveau code d’activation' }).click();
    await page.getByRole('button', { name: 'Oui, créer un nouveau code' }).click();
    const after = await until(
      async () => (await suite.stack.api.as(suite.d.tokens.administrator).get('/api/v1/users?q=ines.moreau')).body.items[0].activationCode as string,
      (code) => code !== before,
      'a new activation code',
    );
    await sees(page, `Le nouveau code d’activation de Inès Moreau (ines.moreau) est ${after}.`);
    await suite.visit.shot('new-code');

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
    await suite.visit.shot('pre-deleted-only');
    await page.getByRole('button', { name: 'Actions sur le compte Inès Moreau (ines.moreau)' }).click();
    await page.getByRole('menuitem', { name: 'Restaurer' }).click();
    await page.getByRole('button', { name: 'Oui, restaurer le compte' }).click();
    await sees(page, 'Le compte Inès Moreau (ines.moreau) a été restauré.');
    await sees(page, 'Aucun compte ne correspond à votre sélection.');

    // The list remembers its filters: back to the default selection.
    await suite.visit.goto(`/users?filter=${encodeURIComponent('{}')}`);
    await page.getByRole('button', { name: 'Actions sur le compte Karim Moreau (karim.moreau)' }).click();
    await page.getByRole('menuitem', { name: 'Désactiver ce compte' }).click();
    await sees(page, 'Ce compte ne pourra plus se connecter et ses sessions seront fermées. Il ne sera pas supprimé, et seul le gestionnaire pourra le réactiver.');
    await page.getByRole('button', { name: 'Oui, désactiver le compte' }).click();
    await sees(page, 'Le compte Karim Moreau (karim.moreau) a été désactivé.');
    expect((await suite.stack.api.post('/api/v1/auth/login', { username: 'karim.moreau', password: 'le parent a un secret' })).status).toBe(403);

    // Only the manager reactivates: the "deactivated" filter, then the row's action.
    await open('manager-reactivates');
    await signIn(suite.visit, MANAGER.username, MANAGER.password);
    await suite.visit.goto(`/users?filter=${encodeURIComponent(JSON.stringify({ deactivated: 'only' }))}`);
    await suite.visit.page.getByRole('button', { name: 'Actions sur le compte Karim Moreau (karim.moreau)' }).click();
    await suite.visit.page.getByRole('menuitem', { name: 'Réactiver ce compte' }).click();
    await suite.visit.page.getByRole('button', { name: 'Oui, réactiver le compte' }).click();
    await sees(suite.visit.page, 'Le compte Karim Moreau (karim.moreau) a été réactivé.');
    await suite.stack.api.login('karim.moreau', 'le parent a un secret');
    await suite.visit.shot('reactivated');
  });

  it('an administrator reads the activation report of their school, as a table and a chart', async () => {
    const page = await open('activation-report');
    await signIn(suite.visit, suite.d.adminA.username, PASSWORD);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem', { name: 'Rapports' }).click();
    await headingIs(page, 'Rapports');
    const report = (await suite.stack.api.as(suite.d.tokens.administrator).get('/api/v1/reports/activation')).body.schools[0];
    await page.getByRole('heading', { name: `${report.name} (${report.uai})` }).waitFor();
    const total = report.activated + report.notActivated;
    await sees(page, `${report.activated} comptes activés sur ${total}, soit ${Math.round((100 * report.activated) / total)} %.`.replace(' %', '\u202f%'));
    await page.getByRole('table', { name: 'Par profil' }).getByRole('rowheader', { name: 'Élève' }).waitFor();
    const graphique = page.getByRole('img', { name: `Graphique : comptes activés et non activés par profil, ${report.name}.` });
    await graphique.locator('svg').first().waitFor();
    // Nothing inside the chart is labelled in another language (recharts says "… legend icon").
    expect(await chartLabels(page)).toEqual([]);
    expect(await graphique.getByRole('listitem').allInnerTexts()).toEqual(['Activés', 'Non activés']);
    await suite.visit.shot('report');

    // A class's accounts not activated: one click to the list of exactly those, ready to print again.
    const threeA = report.byClass.find((row: { name: string }) => row.name === '3A') as { classId: string; notActivated: number };
    expect(threeA.notActivated).toBeGreaterThan(0);
    const accounts = threeA.notActivated === 1 ? 'le compte non activé' : `les ${threeA.notActivated} comptes non activés`;
    await page.getByRole('table', { name: 'Par classe' }).getByRole('link', { name: `3A : voir ${accounts}` }).click();
    await headingIs(page, 'Comptes');
    const counted = threeA.notActivated === 1 ? '1 compte correspond à votre sélection.' : `${threeA.notActivated} comptes correspondent à votre sélection.`;
    await sees(page, counted);
    const listed = (await suite.stack.api.as(suite.d.tokens.administrator).get(`/api/v1/users?classId=${threeA.classId}&activation=not_activated`)).body;
    expect(listed.total).toBe(threeA.notActivated);
    for (const row of listed.items as Array<{ username: string }>) await page.getByRole('row').filter({ hasText: row.username }).first().waitFor();
    await suite.visit.shot('class-not-activated');
    await page.getByRole('button', { name: 'Générer en PDF' }).click();
    await until(
      () => page.getByRole('dialog', { name: 'Générer les courriers en PDF' }).locator('#distribute-summary').innerText(),
      (text) => text.startsWith(`Sesame va produire un PDF de ${threeA.notActivated} courrier`),
      'the letters of those accounts',
    );
    await page.getByRole('dialog').getByRole('button', { name: 'Annuler' }).click();

    // In English, what a screen reader says of the charts is English too.
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem', { name: 'Rapports' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await headingIs(page, 'Reports');
    const chart = page.getByRole('img', { name: `Chart: accounts activated and not activated by profile, ${report.name}.` });
    await chart.locator('svg').first().waitFor();
    expect(await chartLabels(page)).toEqual([]);
    expect(await chart.getByRole('listitem').allInnerTexts()).toEqual(['Activated', 'Not activated']);
    await suite.visit.shot('report-in-english');

    // The manager's académie: one line per school, the detail on demand.
    for (const [uai, name] of [['0130001F', 'Collège Marcel-Pagnol'], ['0330001X', 'Lycée Montesquieu']]) {
      expect((await suite.d.asManager.post('/api/v1/schools', { uai, name })).status).toBe(201);
    }
    await open('activation-report-manager');
    await signIn(suite.visit, MANAGER.username, MANAGER.password);
    await suite.visit.goto('/reports');
    await suite.visit.page.getByRole('table', { name: 'Par établissement' }).getByRole('rowheader', { name: 'Lycée Montesquieu (0330001X)' }).waitFor();
    await sees(suite.visit.page, 'Choisissez un établissement pour voir le détail par profil et par classe.');
    await suite.visit.shot('overview');
    await suite.visit.page.getByRole('button', { name: `${report.name} (${report.uai})` }).click();
    await suite.visit.page.getByRole('table', { name: 'Par classe' }).getByRole('rowheader', { name: '3A' }).waitFor();
    await suite.visit.shot('school-detail');
  });
});
