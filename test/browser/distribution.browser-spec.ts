import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '@sesame/database';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { type MailmergeDatabase, DocumentsRetentionProcessor, slotsOf, flatTextIn, readPdfText, TestSmtpServer } from '@sesame/mailmerge/testing';
import { PASSWORD } from '../support/directory';
import { TABLET, headingIs, pageWidth, sees, signIn, until } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

jest.setTimeout(180_000);

/** What letters print as the address of the activation page; the test maps it onto the gateway. */
const PUBLIC_URL = 'https://sesame.ac-test.fr';

interface Student {
  id: string;
  username: string;
  displayName: string;
  activationCode: string;
}

/**
 * Distribution (the ENT's step 3) in Chromium against the gateway, identity, mailmerge (letters to
 * a temporary folder, emails to a real SMTP server) and the console: from the accounts list's
 * selection to the PDF in hand, the letter used by a student, and emails with their outcomes.
 */
describe('console: distribution (browser)', () => {
  const smtp = new TestSmtpServer();
  let documents: string;
  const suite = browserSuite(__filename, async () => {
    documents = await mkdtemp(join(tmpdir(), 'sesame-browser-documents-'));
    const smtpUrl = await smtp.start();
    return {
      overrides: { mailmerge: { DOCUMENTS_DIR: documents, PUBLIC_URL, SMTP_URL: smtpUrl, SMTP_TIMEOUT_MS: '3000', CAMPAIGN_EMAILS_PER_SECOND: '50' } },
      close: async () => {
        await smtp.stop();
        await rm(documents, { recursive: true, force: true });
      },
    };
  });
  const open = (name: string, viewport?: typeof TABLET) => suite.open(name, viewport);
  const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu principal' });
  const students: Record<string, Student> = {};
  /** The letters' text, read from the PDF the administrator downloaded, by student. */
  const letters: Record<string, string> = {};

  let sixB: { id: string };

  beforeAll(async () => {
    // The administrator has a name: campaigns name their launcher by it, not by login.
    const named = await suite.d.asManager.patch(`/api/v1/users/${suite.d.adminA.id}`, { firstName: 'Claire', lastName: 'Moreau' });
    if (named.status !== 200) throw new Error(JSON.stringify(named.body));
    const admin = suite.stack.api.as(suite.d.tokens.administrator);
    sixB = (await admin.post(`/api/v1/schools/${suite.d.schoolA.id}/classes`, { name: '6e B' })).body as { id: string };
    const add = async (key: string, firstName: string, lastName: string, email?: string) => {
      const answer = await admin.post('/api/v1/users', { role: 'member', profile: 'student', firstName, lastName, schoolIds: [suite.d.schoolA.id], classIds: [sixB.id], email });
      if (answer.status !== 201) throw new Error(JSON.stringify(answer.body));
      students[key] = answer.body;
    };
    await add('zoe', 'Zoé', 'Abadie');
    await add('ines', 'Inès', 'Bernard', 'ines.bernard@example.org');
    await add('emile', 'Émile', 'Éluard');
    await add('francois', 'François', 'Œuvray');
    await add('hugo', 'Hugo', 'Roux', 'hugo.roux@refus.example.org');
    // Two more of 6e B whose letters could not work: one deactivated, one who left (pre-deleted).
    await add('dana', 'Dana', 'Carpentier', 'dana@example.org');
    await add('eve', 'Ève', 'Dupuis');
    expect((await admin.post(`/api/v1/users/${students.dana.id}/deactivate`)).status).toBe(200);
    expect((await admin.post(`/api/v1/users/${students.eve.id}/pre-delete`)).status).toBe(200);
  });

  /** Chooses the class 6e B and the accounts not activated in the accounts list's filters. */
  async function selectSixB(page: Page): Promise<void> {
    await menu(page).getByRole('menuitem', { name: 'Comptes' }).click();
    await headingIs(page, 'Comptes');
    await page.getByLabel(/^Classes/).click();
    await page.getByRole('option', { name: '6e B' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: 'Activation' }).click();
    await page.getByRole('option', { name: 'Utilisateurs non activés' }).click();
    await sees(page, '5 comptes correspondent à votre sélection.');
  }

  it('the administrator generates an 8-per-sheet PDF of the selection and downloads it', async () => {
    const page = await open('administrator-generates-pdf');
    await signIn(suite.visit, suite.d.adminA.username, PASSWORD);
    await sees(page, 'Vous êtes administrateur de vos établissements.');
    expect(await menu(page).getByRole('menuitem').allInnerTexts()).toEqual(['Accueil', 'Comptes', 'Imports', 'Alimentations académiques', 'Distribution', 'Établissements', 'Rapports', 'Calendrier des départs', 'Rentrée scolaire', 'Mon compte']);
    await selectSixB(page);
    await page.getByLabel(/^Profils/).click();
    await page.getByRole('option', { name: 'Élève' }).click();
    await page.keyboard.press('Escape');
    await sees(page, '5 comptes correspondent à votre sélection.');
    await suite.visit.shot('selection');

    await page.getByRole('button', { name: 'Générer en PDF' }).click();
    const dialog = page.getByRole('dialog', { name: 'Générer les courriers en PDF' });
    await dialog.getByRole('radio', { name: 'Huit courriers par feuille (à découper)' }).check();
    // The list's order comes first; the letters are to be handed out class by class.
    expect(await dialog.getByRole('radio', { name: 'Par ordre alphabétique des noms' }).isChecked()).toBe(true);
    await dialog.getByRole('radio', { name: 'Par classe, puis par nom (une page de garde avant chaque classe)' }).check();
    const summary = dialog.locator('#distribute-summary');
    await until(
      () => summary.innerText(),
      (text) =>
        text.includes(
          'Sesame va produire un PDF de 5 courriers en français, à raison de huit par feuille A4, avec des traits de coupe, classés par classe puis par nom, chaque classe précédée d’une page de garde.',
        ),
      'the sentence saying what will happen',
    );
    expect(await dialog.getByText(/seront? écartés? :/).count()).toBe(0);
    await suite.visit.shot('pdf-dialog');
    await dialog.getByRole('button', { name: 'Générer le PDF' }).click();

    // The campaign's page follows it to the end.
    await sees(page, 'Le PDF est prêt ; il contient 5 courriers.', 30_000);
    expect(await page.getByRole('progressbar', { name: 'Avancement de la distribution' }).getAttribute('aria-valuenow')).toBe('100');
    await sees(page, '5 courriers imprimés dans le PDF.');
    const emileRow = page.getByRole('row').filter({ hasText: students.emile.username });
    expect(await emileRow.innerText()).toContain('Courrier imprimé dans le PDF.');
    await suite.visit.shot('campaign-completed');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Télécharger le PDF \(2 pages, \d+ Ko\)$/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^sesame-courriers-\d{4}-\d\d-\d\d-[0-9a-f]{8}\.pdf$/);
    const pdf = suite.visit.file('courriers.pdf');
    await download.saveAs(pdf);

    // A cover sheet for 6e B, then one sheet of eight slots: five letters, in alphabetical order.
    const pages = await readPdfText(pdf);
    expect(pages).toHaveLength(2);
    const slots = slotsOf(8).map((slot) => flatTextIn(pages[1], slot));
    ['zoe', 'ines', 'emile', 'francois', 'hugo'].forEach((key, i) => {
      expect(slots[i]).toContain(`Identifiant : ${students[key].username}`);
      expect(slots[i]).toContain(`Code d’activation : ${students[key].activationCode}`);
      letters[key] = slots[i];
    });
    expect(slots[5]).toBe('');

    // The history has it, with the download at hand; at tablet width too.
    await menu(page).getByRole('menuitem', { name: 'Distribution' }).click();
    await headingIs(page, 'Distribution');
    const row = page.getByRole('row').filter({ hasText: 'Courriers PDF, huit par feuille' });
    expect(await row.innerText()).toContain('Terminée');
    expect(await row.innerText()).toContain('par Claire Moreau');
    await row.getByRole('button', { name: /^Télécharger le PDF de la distribution du/ }).waitFor();
    await suite.visit.shot('history');
    await page.setViewportSize(TABLET);
    expect(await pageWidth(page)).toBeLessThanOrEqual(TABLET.width);
    await suite.visit.shot('history-tablet');
    await row.getByRole('link').click();
    await sees(page, 'Le PDF est prêt ; il contient 5 courriers.');
    await page.getByText(/^Lancée par Claire Moreau le .+, en français\. Terminée le /).waitFor();
    await sees(page, 'Par classe, puis par nom');
    expect(await pageWidth(page)).toBeLessThanOrEqual(TABLET.width);
    await suite.visit.shot('campaign-tablet');
  });

  it('a student activates their account with the login and code printed on that letter, then signs in', async () => {
    const letter = letters.emile;
    expect(letter).toBeDefined();
    expect(letter).toContain('Émile Éluard');
    const login = /Identifiant : (\S+)/.exec(letter)![1];
    const code = /Code d’activation : (\S+)/.exec(letter)![1];
    expect(letter).toContain(`${PUBLIC_URL}/activate`);

    const page = await open('student-activates-from-letter', TABLET);
    // The address printed on the letter.
    await suite.visit.goto('/activate');
    await headingIs(page, 'Activer mon compte');
    await page.getByLabel(/^Identifiant/).fill(login);
    await page.getByLabel(/^Code d’activation/).fill(code);
    await page.getByLabel(/^Nouveau mot de passe/).fill('émile aime les volcans');
    await page.getByLabel(/^Confirmez le nouveau mot de passe/).fill('émile aime les volcans');
    await suite.visit.shot('letter-typed-in');
    await page.getByRole('button', { name: 'Activer mon compte' }).click();
    // Activation opens the session: the student is on their own account's page, signed in.
    await headingIs(page, 'Mon compte');
    await sees(page, 'Votre compte est activé : votre session est ouverte avec le mot de passe que vous venez de choisir.');
    // The profile fills its form once loaded.
    await until(() => page.getByLabel(/^Identifiant/).inputValue(), (value) => value === students.emile.username, 'Émile’s own account');
    await suite.visit.shot('student-signed-in');
  });

  it('a supervisor emails its administrator’s class, sends itself a test, and reads each outcome; no import, no edit', async () => {
    smtp.clear();
    smtp.refuse = (address) => (address.endsWith('@refus.example.org') ? { code: 550, message: '5.1.1 Mailbox unknown' } : null);
    const page = await open('supervisor-emails');
    await signIn(suite.visit, suite.d.supervisorA.username, PASSWORD);
    await sees(page, 'Vous êtes superviseur : vous consultez les comptes des établissements de votre administrateur.');
    expect(await menu(page).getByRole('menuitem').allInnerTexts()).toEqual(['Accueil', 'Comptes', 'Distribution', 'Calendrier des départs', 'Mon compte']);
    await sees(page, 'distribuer les comptes que vous sélectionnez, par courrier PDF ou par courriel ;');
    await menu(page).getByRole('menuitem', { name: 'Comptes' }).click();
    await page.getByLabel(/^Classes/).click();
    await page.getByRole('option', { name: '6e B' }).click();
    await page.keyboard.press('Escape');
    await sees(page, '5 comptes correspondent à votre sélection.');
    // Read-only: no creation, no row actions.
    expect(await page.getByRole('link', { name: 'Créer un compte' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Actions sur le compte/ }).count()).toBe(0);
    await suite.visit.shot('selection');

    await page.getByRole('button', { name: 'Envoyer par courriel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Envoyer les informations de connexion par courriel' });
    await sees(page, '3 comptes de votre sélection seront écartés :');
    await sees(page, '3 comptes sans adresse e-mail : remettez-leur plutôt un courrier PDF.');
    await dialog.getByRole('button', { name: 'M’envoyer un essai' }).click();
    // The sample is an account of the selection that has an email (the first one mailmerge reads).
    const sample = await dialog.getByText(/^Un essai a été envoyé à /).innerText();
    expect([students.ines.username, students.hugo.username].map((username) => `Un essai a été envoyé à ${suite.d.supervisorA.email} : c’est le courriel que recevrait le compte ${username}.`)).toContain(sample);
    await until(async () => smtp.received.length, (n) => n === 1, 'the test email');
    expect(smtp.received[0].to).toEqual([suite.d.supervisorA.email]);
    expect(await dialog.locator('#distribute-summary').innerText()).toContain(
      'Sesame va envoyer aussitôt un courriel en français à chacun des 2 comptes de votre sélection qui peuvent en recevoir un.',
    );
    await suite.visit.shot('email-dialog');
    await dialog.getByRole('button', { name: 'Envoyer les courriels' }).click();

    await sees(page, 'La distribution est terminée : 1 courriel a été accepté par le serveur de messagerie.', 30_000);
    await sees(page, '1 courriel refusé définitivement.');
    await sees(page, '3 comptes écartés (désactivés, pré-supprimés, sans adresse e-mail ou sans code d’activation valable).');
    const outcome = (key: string) => page.getByRole('row').filter({ hasText: students[key].username }).innerText();
    expect(await outcome('ines')).toContain('Courriel accepté par le serveur de messagerie.');
    expect(await outcome('zoe')).toContain('Écarté : ce compte n’a pas d’adresse e-mail.');
    expect(await outcome('hugo')).toMatch(/Non envoyé : le serveur de messagerie a refusé définitivement le courriel en répondant « 550 [^»]*5\.1\.1 Mailbox unknown[^»]* »\./);
    await suite.visit.shot('campaign-outcomes');

    // Only the failures.
    await page.getByRole('combobox', { name: 'Afficher' }).click();
    await page.getByRole('option', { name: 'En échec' }).click();
    await until(() => page.getByRole('row').count(), (n) => n === 2, 'the failed recipient alone');
    await suite.visit.shot('failures-only');

    // The same page in English: the state, the counts, each outcome.
    await page.getByRole('button', { name: 'English' }).click();
    await sees(page, 'The distribution has ended: 1 email was accepted by the mail server.');
    await sees(page, '3 accounts left out (deactivated, pre-deleted, without an email address or without a valid activation code).');
    expect(await outcome('hugo')).toMatch(/Not sent: the mail server refused the email for good, answering “550 [^”]*5\.1\.1 Mailbox unknown[^”]*”\./);
    await suite.visit.shot('outcomes-in-english');
    await page.getByRole('button', { name: 'Français' }).click();
    await sees(page, 'La distribution est terminée : 1 courriel a été accepté par le serveur de messagerie.');

    // No import section, and no way to one by its address.
    await suite.visit.goto('/imports');
    expect(await menu(page).getByRole('menuitem', { name: 'Imports' }).count()).toBe(0);
    await sees(page, 'Page introuvable');
    expect(await page.getByRole('button', { name: /^(Choisir un fichier|Charger et vérifier le fichier|Confirmer l’import)$/ }).count()).toBe(0);
    await suite.visit.shot('no-import');
  });

  it('tells the administrator, before launching, which accounts will be left out and why, and lets them choose the order', async () => {
    const page = await open('left-out-before-launching');
    await signIn(suite.visit, suite.d.adminA.username, PASSWORD);
    await sees(page, 'Vous êtes administrateur de vos établissements.');
    // 6e B with its deactivated and pre-deleted accounts, which the filter includes.
    await suite.visit.goto(`/users?filter=${encodeURIComponent(JSON.stringify({ classId: [sixB.id], deactivated: 'include', preDeleted: 'include' }))}`);
    await sees(page, '7 comptes correspondent à votre sélection.');
    await suite.visit.shot('selection-with-deactivated');

    await page.getByRole('button', { name: 'Générer en PDF' }).click();
    const dialog = page.getByRole('dialog', { name: 'Générer les courriers en PDF' });
    await sees(page, '2 comptes de votre sélection seront écartés :');
    await sees(page, '1 compte désactivé (il ne peut ni se connecter ni être activé).');
    await sees(page, '1 compte pré-supprimé (la personne a quitté l’établissement).');
    // Émile activated his account from his letter: a reminder, not a code.
    await sees(page, '1 compte est déjà activé : il recevra un rappel de la façon de choisir un nouveau mot de passe, et non un code.');
    await dialog.getByRole('radio', { name: 'Par profil (Élève, Enseignant, Invité, Parent, Personnel), puis par nom' }).check();
    await until(
      () => dialog.locator('#distribute-summary').innerText(),
      (text) => text.includes('Sesame va produire un PDF de 5 courriers en français, à raison d’un par feuille A4, classés par profil (Élève, Enseignant, Invité, Parent, Personnel), puis par nom.'),
      'the letters counted without the accounts left out, in the order chosen',
    );
    await suite.visit.shot('pdf-left-out');
    await dialog.getByRole('button', { name: 'Annuler' }).click();

    await page.getByRole('button', { name: 'Envoyer par courriel' }).click();
    const email = page.getByRole('dialog', { name: 'Envoyer les informations de connexion par courriel' });
    await sees(page, '5 comptes de votre sélection seront écartés :');
    await sees(page, '3 comptes sans adresse e-mail : remettez-leur plutôt un courrier PDF.');
    expect(await email.locator('#distribute-summary').innerText()).toContain('Sesame va envoyer aussitôt un courriel en français à chacun des 2 comptes de votre sélection qui peuvent en recevoir un.');
    await suite.visit.shot('email-left-out');
    await email.getByRole('button', { name: 'Annuler' }).click();

    // A campaign of accounts chosen one by one says so, rather than "no filter".
    const chosen = await suite.stack.api.as(suite.d.tokens.administrator).post('/api/v1/campaigns', { filter: { ids: [students.ines.id] }, channel: 'email' });
    expect(chosen.status).toBe(202);
    await suite.visit.goto(`/campaigns/${chosen.body.id}/show`);
    await sees(page, '1 compte choisi dans la liste');
    expect(await page.getByText('Aucun filtre : tous les comptes de votre périmètre ont été sélectionnés.').count()).toBe(0);
    await suite.visit.shot('chosen-accounts');
  });

  it('says when a document was deleted after the retention delay, and offers no download', async () => {
    // The administrator's letters, written 91 days ago for the retention job.
    const admin = suite.stack.api.as(suite.d.tokens.administrator);
    const pdf = ((await admin.get('/api/v1/campaigns')).body.items as Array<{ id: string; channel: string }>).find((c) => c.channel === 'pdf')!;
    const db = createDatabase<MailmergeDatabase>({ url: suite.stack.env.mailmerge!.DATABASE_URL });
    try {
      await sql`UPDATE campaigns SET finished_at = now() - interval '91 days' WHERE id = ${pdf.id}`.execute(db);
    } finally {
      await db.destroy();
    }
    expect((await suite.stack.mailmerge!.get(DocumentsRetentionProcessor).purge()).documents).toBe(1);

    const page = await open('document-deleted');
    await signIn(suite.visit, suite.d.adminA.username, PASSWORD);
    await menu(page).getByRole('menuitem', { name: 'Distribution' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Courriers PDF, huit par feuille' });
    await until(() => row.innerText(), (text) => /Document supprimé le .+ \(délai de conservation écoulé\)\./.test(text), 'the deletion said');
    expect(await row.getByRole('button', { name: /^Télécharger/ }).count()).toBe(0);
    await suite.visit.shot('document-deleted');
  });
});
