import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '@sesame/testing';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/directory';
import { MANAGER } from '../support/stack';
import { headingIs, sees, signIn } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

jest.setTimeout(180_000);

const HEADER = 'userName;firstName;lastName;displayName;password;email;role;profile;school;classes;externalId';
const AAF = join(__dirname, '..', '..', 'fixtures', 'feeds', 'ok', 'aaf-2d');

/**
 * Undo of an import (issue 16) in Chromium: the administrator imports a file, opens its page,
 * « Annuler l’import », reads what the undo would do, confirms, and reads what was done; the manager
 * undoes an applied feed but for the account activated since, named with its reason.
 */
describe('console: undo of an import (browser)', () => {
  const suite = browserSuite(__filename, async () => ({ overrides: { importer: { IMPORT_HASH_THREADS: '1', ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' } } }));
  const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu principal' });

  it('the administrator undoes the import they confirmed: the preview, the confirmation, the result', async () => {
    const page = await suite.open('administrator-undoes-an-import');
    await signIn(suite.visit, suite.d.adminA.username, PASSWORD);
    await menu(page).getByRole('menuitem', { name: 'Imports' }).click();
    await headingIs(page, 'Imports');

    const rows = ['yann.retour;Yann;Retour;;;;;student;0750001U;5e Z;', 'ines.retour;Inès;Retour;;;;;student;0750001U;5e Z;'];
    const choosing = page.waitForEvent('filechooser', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Choisir un fichier' }).click();
    await (await choosing).setFiles({ name: 'à-annuler.csv', mimeType: 'text/csv', buffer: Buffer.from([HEADER, ...rows].join('\n') + '\n', 'utf8') });
    await page.getByRole('button', { name: 'Charger et vérifier le fichier' }).click();
    await sees(page, 'Le fichier est valide : 2 comptes peuvent être créés.', 30_000);
    await page.getByRole('button', { name: 'Confirmer l’import' }).click();
    await sees(page, 'L’import est terminé : 2 comptes ont été créés.', 30_000);

    await page.getByRole('button', { name: 'Annuler l’import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Annuler l’import' });
    await dialog.getByText('2 comptes créés seront supprimés.').waitFor();
    await sees(page, 'L’annulation supprime les comptes créés par l’import et rétablit, tels qu’ils étaient avant, les comptes que cette opération a modifiés. Les codes d’activation donnés par cette opération ne fonctionneront plus. L’annulation ne peut se faire qu’une fois.');
    await sees(page, 'Les classes créées par l’import (1) seront supprimées si plus aucun compte n’y figure.');
    await suite.visit.shot('undo-preview');

    await dialog.getByRole('button', { name: 'Annuler l’import' }).click();
    await dialog.getByText('L’import est annulé. Comptes supprimés : 2 ; comptes rétablis : 0 ; classes supprimées : 1.').waitFor({ timeout: 30_000 });
    expect(await dialog.getByRole('button', { name: 'Annuler l’import' }).count()).toBe(0);
    await suite.visit.shot('undo-done');
    await dialog.getByRole('button', { name: 'Fermer' }).click();

    // Opened again: it says when it was undone, and offers nothing more.
    await page.getByRole('button', { name: 'Annuler l’import' }).click();
    await page.getByRole('dialog').getByText(/^Cette opération a été annulée le /).waitFor();
    expect(await page.getByRole('dialog').getByRole('button', { name: 'Annuler l’import' }).count()).toBe(0);
  });

  it('the manager undoes an applied feed but for the account activated since, which the dialog names with its reason', async () => {
    // The feed is uploaded and applied through the API (the feeds' own journey is feeds.browser-spec's).
    const manager = suite.stack.api.as(await suite.stack.api.login(MANAGER.username, MANAGER.password));
    const form = new FormData();
    form.append('kind', 'aaf');
    for (const name of readdirSync(AAF).sort()) form.append('files', new Blob([readFileSync(join(AAF, name))]), name);
    const uploaded = await manager.request('POST', '/api/v1/feeds', form);
    expect(uploaded.status).toBe(202);
    const feedIs = (status: string) => eventually(async () => ((await manager.get(`/api/v1/feeds/${uploaded.body.id}`)).body.status === status ? true : undefined), 60_000, `feed ${status}`);
    await feedIs('ready');
    expect((await manager.post(`/api/v1/feeds/${uploaded.body.id}/confirm`, { held: [] })).status).toBe(202);
    await feedIs('applied');
    const created = (await manager.get(`/api/v1/feeds/${uploaded.body.id}/changes?category=new&limit=500`)).body.items;
    const first = (await manager.get(`/api/v1/users?q=${encodeURIComponent(created[0].username)}&pageSize=5`)).body.items[0];
    const { body: account } = await manager.get(`/api/v1/users/${first.id}`);
    const activated = await suite.stack.api.request('POST', '/api/v1/auth/activate', { username: account.username, activationCode: account.activationCode, password: 'ma phrase de passe à moi' });
    expect(activated.status).toBe(200);

    const page = await suite.open('manager-undoes-a-feed');
    await signIn(suite.visit, MANAGER.username, MANAGER.password);
    await suite.visit.goto(`/feeds/${uploaded.body.id}/show`);
    await page.getByRole('button', { name: 'Annuler l’alimentation' }).click();
    const dialog = page.getByRole('dialog', { name: 'Annuler l’alimentation' });
    await dialog.getByText(`${created.length - 1} comptes créés seront supprimés.`).waitFor();
    await dialog.getByText('1 compte a changé depuis l’alimentation : il bloque l’annulation et sera laissé tel quel si vous annulez le reste.').waitFor();
    const blockers = dialog.getByRole('list', { name: 'Comptes qui bloquent l’annulation' });
    expect(await blockers.getByRole('listitem').allInnerTexts()).toEqual([`${account.firstName} ${account.lastName} (${account.username}) : son compte a été activé depuis l’alimentation.`]);
    await suite.visit.shot('feed-undo-preview-with-blocker');

    await dialog.getByRole('button', { name: 'Annuler le reste' }).click();
    await dialog.getByText(/^L’alimentation est annulée\. Comptes supprimés : \d+ ; comptes rétablis : \d+ ; classes supprimées : \d+\. Le compte qui bloquait a été laissé tel quel\.$/).waitFor({ timeout: 30_000 });
    await suite.visit.shot('feed-undone');
    expect((await manager.get(`/api/v1/users/${first.id}`)).status).toBe(200);
  });
});
