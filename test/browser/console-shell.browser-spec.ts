import { PASSWORD } from '../support/directory';
import { headingIs, sees, signIn, signInOnProvider } from '../support/browser';
import { browserSuite } from '../support/browser-suite';

jest.setTimeout(120_000);

interface Arrival {
  /** Milliseconds from the page's first byte to the sign-in form on screen. */
  toForm: number;
  /** History entries the console pushed on the way (a redirect loop shows as thousands). */
  pushes: number;
}

/** The console's shell: what a signed-out visitor meets first, and how a session ends. */
describe('console: shell (browser)', () => {
  const suite = browserSuite(__filename);

  /** Counts history entries and notes when the sign-in form appears, from the page's first script on. */
  const watchArrival = () =>
    suite.visit.context.addInitScript(`(() => {
      window.__pushes = 0;
      const push = history.pushState.bind(history);
      history.pushState = (...args) => { window.__pushes += 1; return push(...args); };
      new MutationObserver((_, observer) => {
        // Sesame's sign-in form, or the console's sign-in button after a session ended.
        if (document.querySelector('input[autocomplete="username"], #sign-in')) {
          window.__formAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    })()`);

  const arrival = async (): Promise<Arrival> => {
    await suite.visit.page.locator('input[autocomplete="username"], #sign-in').first().waitFor({ state: 'visible', timeout: 60_000 });
    return suite.visit.page.evaluate<Arrival>(
      `({ toForm: Math.round(window.__formAt - performance.getEntriesByType('navigation')[0].responseStart), pushes: window.__pushes })`,
    );
  };

  it('signed out, any address shows the sign-in form at once, and signing in leads there', async () => {
    const page = await suite.open('signed-out');
    await watchArrival();
    for (const path of ['/login', '/', '/users', '/campaigns']) {
      await suite.visit.goto(path);
      const { toForm, pushes } = await arrival();
      console.log(`signed out, ${path}: the sign-in form ${toForm} ms after the first byte, ${pushes} history entries pushed`);
      await headingIs(page, 'Connexion');
      expect(pushes).toBeLessThanOrEqual(1);
      // A sanity bound (the machine may be busy): a loop took 11 to 20 s.
      expect(toForm).toBeLessThan(5_000);
      // Nobody's session ended here: no notice.
      expect(await page.getByText('Votre session a pris fin, reconnectez-vous.').count()).toBe(0);
    }
    await suite.visit.shot('login');
    await page.getByLabel(/^Identifiant/).fill(suite.d.adminA.username);
    await page.getByLabel(/^Mot de passe/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await headingIs(page, 'Distribution');
  });

  it('with a token the API no longer takes, the sign-in form comes at once and says the session ended', async () => {
    const page = await suite.open('stale-token');
    await watchArrival();
    // A page of the console that needs no session (the sign-in page leaves for the provider's).
    await suite.visit.goto('/activate');
    // What a tab keeps after its session expired, or was ended by a password change elsewhere.
    await page.evaluate(`sessionStorage.setItem('sesame.accessToken', 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl')`);
    await suite.visit.goto('/users');
    const { toForm, pushes } = await arrival();
    console.log(`stale token, /users: the sign-in form ${toForm} ms after the first byte, ${pushes} history entries pushed`);
    expect(pushes).toBeLessThanOrEqual(1);
    expect(toForm).toBeLessThan(5_000);
    await sees(page, 'Votre session a pris fin, reconnectez-vous. Vous reviendrez à la page où vous étiez.');
    await suite.visit.shot('session-ended');
  });

  it('a session that ends while working: the person is told, signs in again and is back on the same page', async () => {
    const admin = await suite.d.staff('administrator', { schoolIds: [suite.d.schoolA.id] });
    const page = await suite.open('session-ends');
    await signIn(suite.visit, admin.username, PASSWORD);
    await suite.visit.goto(`/users/${suite.d.memberA.id}/show`);
    await headingIs(page, `${suite.d.memberA.displayName} (${suite.d.memberA.username})`);

    // The manager sets this administrator's password: every session of theirs ends.
    const reset = await suite.d.asManager.put(`/api/v1/users/${admin.id}/password`, { password: 'une toute nouvelle phrase de passe' });
    expect(reset.status).toBe(204);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('menuitem', { name: 'Comptes' }).click();
    await sees(page, 'Votre session a pris fin, reconnectez-vous. Vous reviendrez à la page où vous étiez.');
    expect(suite.visit.path()).toBe('/login');
    await suite.visit.shot('told');

    // The new password is asked for: the provider's session ended with the old one.
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await signInOnProvider(suite.visit, admin.username, 'une toute nouvelle phrase de passe');
    await headingIs(page, 'Comptes');
    expect(suite.visit.path()).toMatch(/^\/users/);
    await suite.visit.shot('back');
  });

  it('an address that leads nowhere: one sentence, a fitting icon, and ways on', async () => {
    const page = await suite.open('not-found');
    await signIn(suite.visit, suite.d.adminA.username, PASSWORD);
    await suite.visit.goto('/comptes-eleves');
    await headingIs(page, 'Page introuvable');
    await sees(page, 'Cette adresse ne correspond à aucune page ; vérifiez le lien que vous avez suivi.');
    expect(await page.locator('main').innerText()).not.toContain('..');
    // A broken link, not react-admin's hot tub.
    expect(await page.locator('.RaNotFound-icon').count()).toBe(0);
    expect(await page.locator('main section svg').count()).toBe(3);
    await suite.visit.shot('not-found');
    await page.getByRole('link', { name: 'Aller à l’accueil' }).click();
    await headingIs(page, 'Accueil');
  });
});
