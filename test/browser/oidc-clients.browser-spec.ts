import type { Page } from 'playwright-core';
import { MANAGER } from '../support/stack';
import { PASSWORD } from '../support/directory';
import { headingIs, sees, signIn, until } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

jest.setTimeout(180_000);

interface Problem {
  errors?: Array<{ field: string; code: string; message: string }>;
}

/**
 * « Applications connectées » (issue 17) in Chromium against the gateway, identity and the console:
 * the manager registers a web application, reads its secret once (and copies it), finds it in the
 * list, edits it, gives it a new secret, deletes it; the API's refusals (a machine without scope, a
 * web application without return address) are said on the fields they name. Nobody else has the menu.
 */
describe('console: connected applications (browser)', () => {
  const suite = browserSuite(__filename);
  const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu principal' });
  const dialog = (page: Page) => page.getByRole('dialog');
  const row = (page: Page, clientId: string) => page.locator(`tr[data-client="${clientId}"]`);
  const valueOf = (page: Page, label: string) => page.getByLabel(label, { exact: true }).inputValue();

  /** What a field's description says (its helper text, where react-admin puts an error) and whether it is marked invalid. */
  const describedBy = async (page: Page, label: string) => {
    const input = page.getByLabel(label);
    const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
    const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()));
    return { text: texts.join(' '), invalid: await input.getAttribute('aria-invalid') };
  };
  /** A group of checkboxes: its legend, and what is said under it. */
  const group = (page: Page, legend: string) => page.locator('fieldset', { has: page.locator('legend', { hasText: legend }) });

  /** Inputs on the page that no label names (a screen reader would say "edit text", nothing more). */
  const unlabelled = (page: Page) =>
    page.evaluate<string[]>(
      `[...document.querySelectorAll('main input, main textarea')].filter((e) => e.type !== 'hidden' && e.getAttribute('aria-hidden') !== 'true' && !e.closest('[aria-hidden="true"]') && !(e.id && document.querySelector('label[for="' + e.id + '"]')) && !e.closest('label') && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby')).map((e) => e.outerHTML.slice(0, 120))`,
    );

  it('the manager registers a web application, sees its secret once, edits it, gives it a new secret and deletes it', async () => {
    const page = await suite.open('manager-registers');
    await suite.visit.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.visit.baseUrl });
    await signIn(suite.visit, MANAGER.username, MANAGER.password);
    await headingIs(page, 'Accueil');
    expect(await menu(page).getByRole('menuitem').allInnerTexts()).toEqual([
      'Accueil',
      'Comptes',
      'Imports',
      'Alimentations académiques',
      'Distribution',
      'Établissements',
      'Rapports',
      'Calendrier des départs',
      'Rentrée scolaire',
      'Applications connectées',
      'Mon compte',
    ]);
    await menu(page).getByRole('menuitem', { name: 'Applications connectées' }).click();
    await headingIs(page, 'Applications connectées');
    // The addresses a tool is configured with, on the console's own address.
    expect(await valueOf(page, 'Adresse de découverte (discovery)')).toBe(`${suite.visit.baseUrl}/oidc/.well-known/openid-configuration`);
    expect(await valueOf(page, 'Adresse de l’émetteur (issuer)')).toBe(`${suite.visit.baseUrl}/oidc`);
    await suite.visit.shot('list-empty');

    await page.getByRole('link', { name: 'Enregistrer une application' }).click();
    await headingIs(page, 'Enregistrer une application');
    expect(await page.getByRole('radio', { name: 'Application web' }).isChecked()).toBe(true);
    await sees(page, 'Un site web qui a son propre serveur : il reçoit un secret, qu’il garde pour lui.');
    await page.getByLabel('Nom de l’application', { exact: false }).fill('ENT du collège');
    await page.getByLabel('Adresses de retour après connexion', { exact: false }).fill('https://ent.example.org/callback\nhttps://ent.example.org/autre-retour');
    await page.getByLabel('Adresses de retour après déconnexion').fill('https://ent.example.org/au-revoir');
    await page.getByLabel('Adresse de déconnexion de l’outil (back-channel)').fill('https://ent.example.org/backchannel');
    await page.getByRole('checkbox', { name: 'email — adresse e-mail' }).check();
    await page.getByRole('checkbox', { name: 'Élève' }).check();
    await page.getByRole('checkbox', { name: 'Enseignant' }).check();
    await page.getByLabel('Établissements autorisés').click();
    await page.getByRole('option', { name: new RegExp(suite.d.schoolA.name) }).click();
    await page.keyboard.press('Escape');
    await page.getByLabel('Demander l’accord de l’usager').check();
    expect(await unlabelled(page)).toEqual([]);
    await suite.visit.shot('form');
    await page.getByRole('button', { name: 'Enregistrer l’application' }).click();

    // The secret, once, with a plain sentence, and a button that copies it.
    await until(() => dialog(page).getByRole('heading').innerText(), (text) => text === 'Identifiants de « ENT du collège »', 'the secret dialog');
    await sees(page, 'Copiez maintenant le secret dans la configuration de l’outil : il ne sera plus jamais affiché. Si vous le perdez, il faudra en créer un nouveau.');
    const clientId = await valueOf(page, 'Identifiant de l’application (client_id)');
    const secret = await valueOf(page, 'Secret de l’application (client_secret)');
    expect(clientId).not.toBe('');
    expect(secret.length).toBeGreaterThanOrEqual(20);
    await dialog(page).getByRole('button', { name: 'Copier le secret' }).click();
    await sees(page, 'Copié dans le presse-papiers.');
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(secret);
    await suite.visit.shot('secret-once');
    await dialog(page).getByRole('button', { name: 'J’ai copié le secret, fermer' }).click();

    // The list: what it is, what it may ask for, who may use it; the secret is nowhere any more.
    await headingIs(page, 'Applications connectées');
    const registered = row(page, clientId);
    await until(() => registered.innerText(), (text) => text.includes('ENT du collège'), 'the new application in the list');
    const cells = await registered.locator('th, td').allInnerTexts();
    expect(cells[1]).toBe('Application web');
    expect(cells[2]).toBe('openid, profile, email');
    expect(cells[3]).toContain('Élève, Enseignant');
    expect(cells[3]).toContain(suite.d.schoolA.name);
    expect(cells[4]).toBe('Oui');
    expect(await page.content()).not.toContain(secret);
    const stored = await suite.d.asManager.get(`/api/v1/oidc/clients/${clientId}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      kind: 'confidential',
      redirectUris: ['https://ent.example.org/callback', 'https://ent.example.org/autre-retour'],
      postLogoutRedirectUris: ['https://ent.example.org/au-revoir'],
      backchannelLogoutUri: 'https://ent.example.org/backchannel',
      allowedSchoolIds: [suite.d.schoolA.id],
      consentRequired: true,
      hasSecret: true,
    });
    expect(JSON.stringify(stored.body)).not.toContain(secret);
    await suite.visit.shot('list');

    // Edited: a new name, no consent, an id of its own per user.
    await registered.getByRole('link', { name: 'ENT du collège' }).click();
    await headingIs(page, 'Application « ENT du collège »');
    await sees(page, `Identifiant de l’application (client_id) : ${clientId}.`);
    await page.getByLabel('Nom de l’application', { exact: false }).fill('ENT du collège Victor-Hugo');
    await page.getByLabel('Demander l’accord de l’usager').uncheck();
    await page.getByLabel('Identifiant propre à cet outil').check();
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await sees(page, 'Les modifications de l’application « ENT du collège Victor-Hugo » sont enregistrées.');
    await headingIs(page, 'Applications connectées');
    await until(() => row(page, clientId).locator('th, td').allInnerTexts(), (texts) => texts[0] === 'ENT du collège Victor-Hugo' && texts[4] === 'Non', 'the edited row');
    expect((await suite.d.asManager.get(`/api/v1/oidc/clients/${clientId}`)).body).toMatchObject({ name: 'ENT du collège Victor-Hugo', consentRequired: false, subjectType: 'pairwise' });

    // A new secret, after saying what it does to the tool.
    await row(page, clientId).getByRole('link').click();
    await headingIs(page, 'Application « ENT du collège Victor-Hugo »');
    await page.getByRole('button', { name: 'Nouveau secret' }).click();
    await sees(page, 'L’ancien secret cessera de fonctionner immédiatement : l’outil ne pourra plus utiliser Sesame tant que vous ne lui aurez pas donné le nouveau.');
    await suite.visit.shot('rotate-confirm');
    await dialog(page).getByRole('button', { name: 'Oui, créer un nouveau secret' }).click();
    await sees(page, 'Copiez maintenant le secret dans la configuration de l’outil : il ne sera plus jamais affiché. Si vous le perdez, il faudra en créer un nouveau.');
    const renewed = await valueOf(page, 'Secret de l’application (client_secret)');
    expect(renewed.length).toBeGreaterThanOrEqual(20);
    expect(renewed).not.toBe(secret);
    expect(await valueOf(page, 'Identifiant de l’application (client_id)')).toBe(clientId);
    await suite.visit.shot('secret-renewed');
    // Escape closes it as the button does (a stray click outside does not).
    await page.keyboard.press('Escape');
    await until(() => dialog(page).count(), (count) => count === 0, 'the secret dialog closed');
    expect(await page.content()).not.toContain(renewed);

    // Deleted, after being told its users are signed out of it.
    await page.getByRole('button', { name: 'Supprimer l’application' }).click();
    await sees(page, 'Les utilisateurs de l’outil en seront déconnectés, et l’outil ne pourra plus utiliser Sesame. Cette suppression est définitive.');
    await suite.visit.shot('delete-confirm');
    await dialog(page).getByRole('button', { name: 'Oui, supprimer l’application' }).click();
    await sees(page, 'L’application « ENT du collège Victor-Hugo » a été supprimée.');
    await headingIs(page, 'Applications connectées');
    await until(() => row(page, clientId).count(), (count) => count === 0, 'the row gone');
    expect((await suite.d.asManager.get(`/api/v1/oidc/clients/${clientId}`)).status).toBe(404);
  });

  it('the API’s refusals are said on their fields: a machine without scope, a web application without return address', async () => {
    const page = await suite.open('refusals');
    await signIn(suite.visit, MANAGER.username, MANAGER.password);
    await headingIs(page, 'Accueil');
    await menu(page).getByRole('menuitem', { name: 'Applications connectées' }).click();
    await page.getByRole('link', { name: 'Enregistrer une application' }).click();
    await headingIs(page, 'Enregistrer une application');

    // With the keyboard: the kind is a group of radio buttons, the arrows move in it.
    await page.getByRole('radio', { name: 'Application web' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: 'Système (machine)' }).isChecked()).toBe(true);
    await sees(page, 'Un logiciel qui appelle Sesame pour son propre compte, sans personne connectée, par exemple pour lire ou alimenter l’annuaire.');
    // A machine has no user: no addresses, no people to allow; only its own scopes.
    expect(await page.getByLabel('Adresses de retour après connexion', { exact: false }).count()).toBe(0);
    expect(await page.getByRole('checkbox', { name: 'openid — se connecter avec Sesame' }).count()).toBe(0);
    expect(await group(page, 'Portées (scopes)').getByRole('checkbox').count()).toBe(2);
    await page.getByLabel('Nom de l’application', { exact: false }).fill('Logiciel de vie scolaire');
    await page.getByRole('button', { name: 'Enregistrer l’application' }).click();

    const machine = (await suite.d.asManager.post('/api/v1/oidc/clients', { kind: 'machine', name: 'Logiciel de vie scolaire', scopes: [] })) as { status: number; body: Problem };
    expect(machine.status).toBe(400);
    const scopeMessage = machine.body.errors?.find((issue) => issue.field.startsWith('scopes'))?.message;
    expect(scopeMessage).toBeTruthy();
    await until(() => group(page, 'Portées (scopes)').innerText(), (text) => text.includes(scopeMessage as string), 'the scopes’ refusal under the scopes');
    expect(await group(page, 'Portées (scopes)').locator('.Mui-error').count()).toBeGreaterThan(0);
    await suite.visit.shot('machine-without-scope');

    // A web application without any return address.
    await page.getByRole('radio', { name: 'Application web' }).check();
    await page.getByRole('button', { name: 'Enregistrer l’application' }).click();
    const web = (await suite.d.asManager.post('/api/v1/oidc/clients', { kind: 'confidential', name: 'Logiciel de vie scolaire', scopes: ['openid', 'profile'] })) as { status: number; body: Problem };
    expect(web.status).toBe(400);
    const addressMessage = web.body.errors?.find((issue) => issue.field.startsWith('redirectUris'))?.message;
    expect(addressMessage).toBeTruthy();
    await until(() => describedBy(page, 'Adresses de retour après connexion'), (said) => said.text.includes(addressMessage as string) && said.invalid === 'true', 'the address’s refusal under the addresses');
    await suite.visit.shot('web-without-address');
    // Nothing was registered.
    const list = await suite.d.asManager.get('/api/v1/oidc/clients');
    expect((list.body as { items: Array<{ name: string }> }).items.map((client) => client.name)).not.toContain('Logiciel de vie scolaire');
  });

  it('nobody but the manager has the screen', async () => {
    const page = await suite.open('administrator');
    await signIn(suite.visit, suite.d.adminA.username, PASSWORD);
    await sees(page, 'Vous êtes administrateur de vos établissements.');
    expect(await menu(page).getByRole('menuitem', { name: 'Applications connectées' }).count()).toBe(0);
    await suite.visit.goto('/oidc-clients');
    await headingIs(page, 'Page introuvable');
  });
});
