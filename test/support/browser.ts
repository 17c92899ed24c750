import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); another binary with SESAME_TEST_CHROMIUM. */
export const CHROMIUM = process.env.SESAME_TEST_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = join(__dirname, '..', '..');
const CONSOLE_BUILD = join(ROOT, 'services', 'console', 'dist', 'web', 'index.html');

export const DESKTOP = { width: 1280, height: 900 };
export const TABLET = { width: 768, height: 1024 };

/** The browser of one test file; its screenshots go to test-output/browser/<file>/. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CONSOLE_BUILD)) throw new Error(`${CONSOLE_BUILD} is missing: run \`npm run build\` before the browser tests`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Chromium (apt-get install -y chromium) or set SESAME_TEST_CHROMIUM`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * One user's browser window: its own cookies and storage, the page's errors and react-admin's
 * missing-translation warnings collected (a test fails on any), screenshots numbered in order.
 */
export class Visit {
  readonly problems: string[] = [];
  private shots = 0;

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly baseUrl: string,
    private readonly folder: string,
  ) {
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      // 4xx answers the console shows to the user are expected; everything else is a defect.
      if (/Missing translation|Warning:|Uncaught/.test(text) || (message.type() === 'error' && !/status of 4\d\d/.test(text))) {
        this.problems.push(`console.${message.type()}: ${text}`);
      }
    });
  }

  static async open(browser: Browser, baseUrl: string, spec: string, name: string, viewport = DESKTOP): Promise<Visit> {
    const folder = join(ROOT, 'test-output', 'browser', basename(spec).replace(/\..*$/, ''), name.replace(/[^\w-]+/g, '-'));
    // Only this run's screenshots are left in the folder.
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    const context = await browser.newContext({ viewport, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    return new Visit(context, await context.newPage(), baseUrl, folder);
  }

  goto(path: string) {
    return this.page.goto(`${this.baseUrl}${path}`);
  }

  /** The path of the page now shown (without the host). */
  path(): string {
    const url = new URL(this.page.url());
    return `${url.pathname}${url.search}`;
  }

  /** Where to keep a file the journey produced (a downloaded PDF), beside its screenshots. */
  file(name: string): string {
    return join(this.folder, name);
  }

  /** A full-page screenshot, named `NN-name.png`; returns its path. */
  async shot(name: string): Promise<string> {
    this.shots += 1;
    const path = join(this.folder, `${String(this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path, fullPage: true });
    return path;
  }

  /** Closes the window after a last screenshot (what the page showed when the test ended, passed or failed). */
  async close(): Promise<void> {
    await this.shot('end').catch(() => undefined);
    await this.context.close();
  }
}

/** Whether the browser is on Sesame's sign-in page (the OpenID Connect provider's). */
export const onSignInPage = (url: URL) => url.pathname.startsWith('/oidc/interaction/');
/** Whether the browser is back in the console, past the sign-in and its callback. */
export const inConsole = (url: URL) => !/^\/(login|oidc|auth\/callback)(\/|$)/.test(url.pathname);

/** Fills Sesame's sign-in page (the provider's), in French, and waits for the console. */
export async function signInOnProvider(visit: Visit, username: string, password: string): Promise<void> {
  await visit.page.waitForURL(onSignInPage);
  await visit.page.getByLabel(/^Identifiant/).fill(username);
  await visit.page.getByLabel(/^Mot de passe/).fill(password);
  await visit.page.getByRole('button', { name: 'Se connecter' }).click();
  await visit.page.waitForURL(inConsole);
}

/** Opens the console signed out: it sends the browser to Sesame's sign-in page; signs in there. */
export async function signIn(visit: Visit, username: string, password: string): Promise<void> {
  await visit.goto('/login');
  await signInOnProvider(visit, username, password);
}

/**
 * playwright-core has no auto-waiting assertions (those are @playwright/test's): these wait for the
 * page to reach a state and fail with what was last seen.
 */
export async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch {
      // The element may not be there yet.
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the page shows this exact text (a whole sentence, a label). */
export async function sees(page: Page, text: string, timeoutMs = 10_000): Promise<void> {
  await page.getByText(text, { exact: true }).first().waitFor({ state: 'visible', timeout: timeoutMs });
}

/** The page's h1, once it says `text`. */
export async function headingIs(page: Page, text: string): Promise<void> {
  await until(() => page.getByRole('heading', { level: 1 }).first().innerText(), (value) => value.trim() === text, `the heading "${text}"`);
}

/** The `lang` of the document (the tests' TypeScript has no DOM types: the page runs strings). */
export const pageLanguage = (page: Page) => page.evaluate<string>('document.documentElement.lang');

/** How wide the page is laid out; wider than the window means a horizontal scroll bar. */
export const pageWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

/** What a keyboard user has reached: the focused element's accessible name, roughly. */
export const focusedName = (page: Page) =>
  page.evaluate<string>(
    `(() => { const e = document.activeElement; if (!e) return ''; const label = e.id && document.querySelector('label[for="' + e.id + '"]'); return (e.getAttribute('aria-label') || (label && label.textContent) || e.textContent || '').replace(/\\s*\\*$/, '').trim(); })()`,
  );

/** Whether the focused element (or the text field around it) is drawn with a focus ring. */
export const focusIsVisible = (page: Page) =>
  page.evaluate<boolean>(
    `(() => { const e = document.activeElement; const ringed = (el) => { const s = getComputedStyle(el); return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none'; }; const field = e.closest('.MuiInputBase-root'); return ringed(e) || (field !== null && ringed(field)); })()`,
  );

/** Presses Tab until the element named `name` has the focus (at most `limit` times). */
export async function tabTo(page: Page, name: string | RegExp, limit = 40): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const focused = await focusedName(page);
    seen.push(focused);
    if (typeof name === 'string' ? focused === name : name.test(focused)) return;
  }
  throw new Error(`Tab never reached "${name}"; it went through: ${seen.join(' | ')}`);
}
