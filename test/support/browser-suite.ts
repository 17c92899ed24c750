import type { Browser, Page } from 'playwright-core';
import { DESKTOP, Visit, launchBrowser } from './browser';
import { type Directory, seedDirectory } from './directory';
import { type Stack, type StackOverrides, startStack } from './stack';

/** Services a test file adds to the stack (mailmerge, the importer) and what to tidy after them. */
export interface SuiteServices {
  overrides?: Omit<StackOverrides, 'console'>;
  close?: () => Promise<void>;
}

export interface BrowserSuite {
  stack: Stack;
  /** Two schools with an administrator, a supervisor and a student each (test/support/directory). */
  d: Directory;
  browser: Browser;
  /** The window most recently opened by the running test. */
  visit: Visit;
  /** Opens a new window (another user, or the same one elsewhere); closed after the test. */
  open(name: string, viewport?: typeof DESKTOP): Promise<Page>;
}

/**
 * Hooks of a browser test file: gateway, identity and the console service (and whatever
 * `services` adds) on their own databases, a small académie, one Chromium. After each test every window it opened is closed
 * (with a last screenshot) and the test fails if a page reported an error or a missing translation.
 */
export function browserSuite(spec: string, services: () => Promise<SuiteServices> = async () => ({})): BrowserSuite {
  const windows: Visit[] = [];
  let extra: SuiteServices = {};
  const suite = {
    async open(name: string, viewport = DESKTOP) {
      const visit = await Visit.open(suite.browser, suite.stack.api.baseUrl, spec, name, viewport);
      windows.push(visit);
      suite.visit = visit;
      return visit.page;
    },
  } as BrowserSuite;

  beforeAll(async () => {
    extra = await services();
    suite.stack = await startStack({ ...extra.overrides, console: {} });
    suite.d = await seedDirectory(suite.stack.api);
    suite.browser = await launchBrowser();
  });
  afterEach(async () => {
    const problems = windows.flatMap((visit) => visit.problems);
    for (const visit of windows.splice(0)) await visit.close();
    expect(problems).toEqual([]);
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.stack?.close();
    await extra.close?.();
  });
  return suite;
}
