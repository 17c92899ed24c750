import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/directory';
import { MANAGER } from '../support/stack';
import { TABLET, focusIsVisible, headingIs, pageWidth, sees, signIn, tabTo, until } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

jest.setTimeout(180_000);

const HEADER = 'userName;firstName;lastName;displayName;password;email;role;profile;school;classes;externalId';

/** A class list as a French spreadsheet saves it: Windows-1252, semicolons, CRLF. */
function spreadsheet(rows: string[]): Buffer {
  return iconv.encode([HEADER, ...rows].join('\r\n') + '\r\n', 'windows-1252');
}

/**
 * Imports (SPEC §5) in Chromium against the gateway, identity, the importer and the console: a file
 * with an error, its report, the fixed file, the confirmation and the accounts that follow.
 */
describe('console: imports (browser)', () => {
  // mailmerge too: an import's accounts are distributed from its page.
  const suite = browserSuite(__filename, async () => {
    const documents = await mkdtemp(join(tmpdir(), 'sesame-browser-imports-'));
    return {
      overrides: {
        importer: { IMPORT_HASH_THREADS: '1', ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' },
        mailmerge: { DOCUMENTS_DIR: documents, PUBLIC_URL: 'https://sesame.ac-test.fr' },
      },
      close: () => rm(documents, { recursive: true, force: true }),
    };
  });
  const open = (name: string, viewport?: typeof TABLET) => suite.open(name, viewport);
  const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu principal' });

  /** Drops a file on the upload zone as a file manager would (a real `drop` event with the file). */
  async function dropFile(page: Page, name: string, bytes: Buffer): Promise<void> {
    const dataTransfer = await page.evaluateHandle(
      `(() => { const bytes = Uint8Array.from(atob('${bytes.toString('base64')}'), (c) => c.charCodeAt(0)); const data = new DataTransfer(); data.items.add(new File([bytes], ${JSON.stringify(name)}, { type: 'text/csv' })); return data; })()`,
    );
    await page.getByTestId('import-drop-zone').dispatchEvent('dragenter', { dataTransfer });
    await page.getByTestId('import-drop-zone').dispatchEvent('drop', { dataTransfer });
  }

  it('the administrator imports a file with an error, fixes it, uploads it again, confirms, and the accounts appear', async () => {
    const page = await open('administrator-imports');
    await signIn(suite.visit, suite.d.adminA.username, PASSWORD);
    await sees(page, 'Vous êtes administrateur de vos établissements.');
    await menu(page).getByRole('menuitem', { name: 'Imports' }).click();
    await headingIs(page, 'Imports');
    await sees(page, 'Les superviseurs importés (rôle S) seront gérés par vous.');
    await sees(page, 'Aucun fichier n’a encore été chargé.');

    // Line 3 has an email that is not one; the other two are valid.
    const rows = [
      'zoe.lefevre;Zoé;Lefèvre;;;;;student;0750001U;4e C;',
      'noel.benard;Noël;Bénard;;;pas-une-adresse;;student;0750001U;4e C;',
      'maelle.ozil;Maëlle;Özil;;;;;student;0750001U;4e C;',
    ];
    await dropFile(page, 'élèves-4e C.csv', spreadsheet(rows));
    await page.getByText(/^Fichier choisi : élèves-4e C\.csv \(0,\d Ko\)\.$/).waitFor();
    await suite.visit.shot('file-dropped');
    await page.getByRole('button', { name: 'Charger et vérifier le fichier' }).click();

    // The report: the error by line, column and value, confirm disabled with the reason.
    await sees(page, 'Le fichier contient 1 erreur : corrigez-la dans votre tableur, puis chargez le fichier corrigé. Rien n’a été créé.', 30_000);
    await headingIs(page, 'Import de élèves-4e C.csv');
    await sees(page, 'Fichier lu en Windows-1252, séparateur : point-virgule.');
    const errors = page.getByRole('table', { name: /^1 erreur, ligne par ligne/ });
    const errorRow = errors.getByRole('row').filter({ hasText: 'pas-une-adresse' });
    expect((await errorRow.getByRole('cell').allInnerTexts()).slice(0, 2)).toEqual(['email', 'pas-une-adresse']);
    expect(await errorRow.getByRole('rowheader').innerText()).toBe('3');
    expect(await errorRow.innerText()).toMatch(/adresse/);
    const confirm = page.getByRole('button', { name: 'Confirmer l’import' });
    expect(await confirm.isDisabled()).toBe(true);
    await sees(page, 'Vous ne pouvez pas confirmer : le fichier contient encore des erreurs. Corrigez-les dans votre tableur, puis chargez le fichier à nouveau.');
    // The valid rows as they will be created, accents read right from Windows-1252; the new class.
    const preview = page.getByRole('table', { name: /^Les 2 premières lignes valides sur 2/ });
    expect(await preview.getByRole('row').filter({ hasText: 'maelle.ozil' }).innerText()).toMatch(/Maëlle\s+Özil/);
    expect(await preview.getByRole('row').filter({ hasText: 'zoe.lefevre' }).innerText()).toMatch(/Zoé\s+Lefèvre/);
    await sees(page, '4e C (établissement 0750001U)');
    await suite.visit.shot('report-with-error');

    // The annotated file: the same rows and separator, UTF-8 with a BOM (Excel reads its accents), the reason on line 3.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger le fichier annoté (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('élèves-4e C-rapport.csv');
    const annotatedBytes = await readFile((await download.path())!);
    expect(annotatedBytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const annotated = annotatedBytes.toString('utf8').split('\r\n');
    expect(annotated[0]).toBe(`\ufeff${HEADER};erreurs`);
    expect(annotated[2]).toMatch(/^noel\.benard;Noël;Bénard;.*;pas-une-adresse;.*email/);
    expect(annotated[1]).toMatch(/^zoe\.lefevre;Zoé;Lefèvre;/);

    // The annotated file, corrected in the spreadsheet and loaded as it is (its error column too),
    // chosen with the button from the keyboard this time. (Playwright intercepts the file chooser
    // once a listener has been set up, which takes a moment: it is set up early.)
    const fixed = Buffer.from(annotatedBytes.toString('utf8').replace(';pas-une-adresse;', ';noel.benard@example.org;'), 'utf8');
    const choosing = page.waitForEvent('filechooser', { timeout: 60_000 });
    await page.getByRole('link', { name: 'Charger un autre fichier' }).click();
    await headingIs(page, 'Imports');
    await tabTo(page, 'Choisir un fichier', 60);
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    const chooser = await choosing;
    await chooser.setFiles({ name: 'élèves-4e C-rapport.csv', mimeType: 'text/csv', buffer: fixed });
    await page.getByText(/^Fichier choisi : élèves-4e C-rapport\.csv \(0,\d Ko\)\.$/).waitFor();
    await page.getByRole('button', { name: 'Charger et vérifier le fichier' }).click();
    await sees(page, 'Le fichier est valide : 3 comptes peuvent être créés.', 30_000);
    await sees(page, 'Fichier lu en UTF-8 avec BOM, séparateur : point-virgule.');
    await sees(page, 'En confirmant, vous créez les 3 comptes de ce fichier en une seule fois (tous ou aucun), chacun avec un code d’activation s’il n’a pas de mot de passe.');
    expect(await page.getByRole('table', { name: /erreur/ }).count()).toBe(0);
    await suite.visit.shot('report-valid');

    // Confirmed: the progress runs to its end.
    await confirm.click();
    await sees(page, 'L’import est terminé : 3 comptes ont été créés.', 30_000);
    expect(await page.getByRole('progressbar').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Confirmer l’import' }).count()).toBe(0);
    await suite.visit.shot('import-done');

    // « Voir les comptes »: this import's accounts only, said so above the list, with their accents and an activation code each.
    await page.getByRole('link', { name: 'Voir les comptes' }).click();
    await headingIs(page, 'Comptes');
    await sees(page, '3 comptes correspondent à votre sélection.');
    await sees(page, 'Comptes créés par l’import de élèves-4e C-rapport.csv');
    for (const [username, lastName] of [['zoe.lefevre', 'Lefèvre'], ['noel.benard', 'Bénard'], ['maelle.ozil', 'Özil']]) {
      const row = page.getByRole('row').filter({ hasText: username });
      expect(await row.innerText()).toContain(lastName);
      expect(await row.innerText()).toMatch(/\b[a-z0-9]{8}\b/);
    }
    await suite.visit.shot('accounts-of-the-import');

    // « Exporter »: the same three accounts as a spreadsheet reads them.
    const [exportFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter' }).click()]);
    expect(exportFile.suggestedFilename()).toMatch(/^comptes-\d{4}-\d\d-\d\d\.csv$/);
    const exportedBytes = await readFile((await exportFile.path())!);
    expect(exportedBytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const exportedLines = exportedBytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(exportedLines[0]).toBe('Nom;Prénom;Profil;Identifiant;Code d’activation;Adresse e-mail;Classes;Date de création');
    expect(exportedLines.slice(1).map((line) => line.split(';').slice(0, 4).join(';'))).toEqual([
      'Bénard;Noël;Élève;noel.benard',
      'Lefèvre;Zoé;Élève;zoe.lefevre',
      'Özil;Maëlle;Élève;maelle.ozil',
    ]);

    // The import's filter comes off like the others: the whole list again.
    await page.getByTestId('import-filter').locator('.MuiChip-deleteIcon').click();
    await page.getByText(/^\d+ comptes correspondent à votre sélection\.$/).filter({ hasNotText: /^3 / }).waitFor();

    // « Distribuer ces comptes », from the import itself: the letters of these three accounts.
    await menu(page).getByRole('menuitem', { name: 'Imports' }).click();
    await page.getByRole('row').filter({ hasText: 'Importé' }).getByRole('link').click();
    await sees(page, 'L’import est terminé : 3 comptes ont été créés.');
    await page.getByRole('button', { name: 'Distribuer ces comptes' }).click();
    await page.getByRole('menuitem', { name: 'Générer en PDF' }).click();
    const dialog = page.getByRole('dialog', { name: 'Générer les courriers en PDF' });
    await dialog.getByText(/Sesame va produire un PDF de 3 courriers/).waitFor();
    // The menu gone and the dialog's fade-in over before the picture.
    await page.getByRole('menu').waitFor({ state: 'hidden' });
    await until(() => page.evaluate<string>("getComputedStyle(document.querySelector('.MuiDialog-container')).opacity"), (opacity) => opacity === '1', 'the dialog to be drawn');
    await suite.visit.shot('distribute-the-import');
    await dialog.getByRole('button', { name: 'Générer le PDF' }).click();
    await sees(page, 'Le PDF est prêt ; il contient 3 courriers.', 60_000);
    // The campaign keeps its selection in words: this import's accounts, not "everybody".
    await sees(page, 'Les comptes créés par un import de fichier CSV');
    await suite.visit.shot('import-letters');

    // The history keeps both uploads; the same file again is recognised.
    await menu(page).getByRole('menuitem', { name: 'Imports' }).click();
    await page.getByRole('row').filter({ hasText: 'Importé' }).filter({ hasText: '3 lignes (valides : 3 ; erreurs : 0).' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Erreurs à corriger' }).filter({ hasText: '3 lignes (valides : 2 ; erreurs : 1).' }).waitFor();
    await suite.visit.shot('history');
    await page.setViewportSize(TABLET);
    expect(await pageWidth(page)).toBeLessThanOrEqual(TABLET.width);
    await suite.visit.shot('imports-tablet');
    await dropFile(page, 'élèves-4e C-rapport.csv', fixed);
    await page.getByRole('button', { name: 'Charger et vérifier le fichier' }).click();
    await sees(page, 'Le fichier contient 3 erreurs : corrigez-les dans votre tableur, puis chargez le fichier corrigé. Rien n’a été créé.', 30_000);
    await page.getByText(/^Ce fichier, au contenu identique, a déjà été importé le \d\d\/\d\d\/\d{4} \d\d:\d\d\./).waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(TABLET.width);
    await suite.visit.shot('already-imported-tablet');
  });

  it('the manager starts from a template, is stopped before uploading supervisors without their administrator, chooses one and imports', async () => {
    const page = await open('manager-imports-supervisor');
    await signIn(suite.visit, MANAGER.username, MANAGER.password);
    await sees(page, 'Vous êtes le gestionnaire de l’académie.');
    await menu(page).getByRole('menuitem', { name: 'Imports' }).click();
    await headingIs(page, 'Imports');

    // The templates: exactly the importer's header, with a BOM and semicolons, for members and for staff.
    const template = async (name: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
    };
    const members = await template('Modèle pour des usagers');
    expect(members.name).toBe('modele-usagers.csv');
    expect(members.bytes.toString('utf8')).toBe(`\ufeff${HEADER}\r\n`);
    const staff = await template('Modèle pour des superviseurs et administrateurs');
    expect(staff.name).toBe('modele-personnels.csv');
    expect(staff.bytes.toString('utf8')).toBe('\ufeffuserName;firstName;lastName;displayName;password;email;role\r\n');
    await suite.visit.shot('templates');
    // The importer takes its header as it is: the only finding is that there is no row yet.
    await dropFile(page, members.name, members.bytes);
    await page.getByRole('button', { name: 'Charger et vérifier le fichier' }).click();
    await sees(page, 'Le fichier ne contient que la ligne d’en-tête : il n’y a aucun compte à importer.', 30_000);
    await page.getByRole('link', { name: 'Charger un autre fichier' }).click();
    await headingIs(page, 'Imports');

    // A supervisor row and no administrator chosen: said when the file is chosen, refused on the field when sent.
    const file = Buffer.from('userName,firstName,lastName,displayName,password,email,role\nvie.scolaire.condorcet,Hélène,Dupré,,une phrase de passe longue,vie.scolaire@ac-test.fr,S\n');
    await dropFile(page, 'superviseurs.csv', file);
    await sees(page, 'Fichier choisi : superviseurs.csv (0,1 Ko).');
    await sees(page, 'Ce fichier contient un superviseur (rôle S) : choisissez ci-dessous l’administrateur qui le gérera.');
    await page.getByRole('button', { name: 'Charger et vérifier le fichier' }).click();
    await sees(page, 'Choisissez l’administrateur qui gérera le superviseur de ce fichier.');
    await headingIs(page, 'Imports');
    await suite.visit.shot('supervisors-without-administrator');

    await page.getByLabel(/^Administrateur des superviseurs importés/).fill(suite.d.adminB.username.slice(0, 12));
    await page.getByRole('option', { name: suite.d.adminB.username }).click();
    expect(await page.getByTestId('supervisors-need-administrator').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Charger et vérifier le fichier' }).isEnabled()).toBe(true);
    await suite.visit.shot('supervisor-file');
    await page.getByRole('button', { name: 'Charger et vérifier le fichier' }).click();
    await sees(page, 'Le fichier est valide : 1 compte peut être créé.', 30_000);
    await sees(page, 'Fichier lu en UTF-8, séparateur : virgule.');
    expect(await page.getByRole('row').filter({ hasText: 'vie.scolaire.condorcet' }).innerText()).toMatch(/Hélène\s+Dupré[\s\S]*Superviseur[\s\S]*Mot de passe fourni/);
    await page.getByRole('button', { name: 'Confirmer l’import' }).click();
    await sees(page, 'L’import est terminé : 1 compte a été créé.', 30_000);
    // Once created, the row still says the account was given its password (not an activation code).
    expect(await page.getByRole('row').filter({ hasText: 'vie.scolaire.condorcet' }).innerText()).toMatch(/Mot de passe fourni/);
    await suite.visit.shot('supervisor-imported');
    const created = (await suite.d.asManager.get('/api/v1/users?q=vie.scolaire.condorcet')).body.items as Array<{ id: string }>;
    expect(created).toHaveLength(1);
    const supervisor = (await suite.d.asManager.get(`/api/v1/users/${created[0].id}`)).body as { managedBy: string };
    expect(supervisor.managedBy).toBe(suite.d.adminB.id);
    await until(() => suite.stack.api.login('vie.scolaire.condorcet', 'une phrase de passe longue'), (token) => typeof token === 'string', 'the supervisor to sign in');
  });

  it('a report whose supervisors lack their administrator sends back to the form, not to the spreadsheet', async () => {
    // Sent without the form (a script): the importer's report says it on the row.
    const file = Buffer.from('userName,firstName,lastName,displayName,password,email,role\nsurveillance.hugo,Paul,Hugo,,une phrase de passe longue,surveillance@ac-test.fr,S\n');
    const form = new FormData();
    form.append('file', new Blob([file], { type: 'text/csv' }), 'surveillants.csv');
    const sent = await fetch(`${suite.stack.api.baseUrl}/api/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${suite.d.tokens.manager}` }, body: form });
    expect(sent.status).toBe(202);
    const { id } = (await sent.json()) as { id: string };
    const page = await open('manager-report-administrator-missing');
    await signIn(suite.visit, MANAGER.username, MANAGER.password);
    await sees(page, 'Vous êtes le gestionnaire de l’académie.');
    await menu(page).getByRole('menuitem', { name: 'Imports' }).click();
    await page.getByRole('row').filter({ hasText: 'surveillants.csv' }).getByRole('link').click();
    await sees(page, 'Les superviseurs de ce fichier n’ont pas d’administrateur : il n’y a rien à corriger pour eux dans votre tableur. Chargez le même fichier à nouveau en choisissant, dans le formulaire, l’« Administrateur des superviseurs importés ».', 30_000);
    expect(page.url()).toContain(`/imports/${id}/show`);
    await sees(page, 'Le fichier est juste, mais il manque l’administrateur de ses superviseurs : rien n’a été créé.');
    await sees(page, 'Vous ne pouvez pas confirmer : chargez ce fichier à nouveau en choisissant l’administrateur des superviseurs.');
    await suite.visit.shot('administrator-missing');
    await page.getByRole('link', { name: 'Retour au formulaire' }).click();
    await headingIs(page, 'Imports');
    await sees(page, 'Administrateur des superviseurs importés');
  });
});
