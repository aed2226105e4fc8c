/**
 * Playwright fixtures that start the system Chromium with the production build of RunSound
 * loaded, and fake strava.com at the browser. Set RUNSOUND_CHROMIUM to use another browser.
 */
import { test as base, chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const EXTENSION_DIR = resolve('.output/chrome-mv3');
export const CHROMIUM = process.env.RUNSOUND_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumArgs = (extensionDir: string) => [
  `--disable-extensions-except=${extensionDir}`,
  `--load-extension=${extensionDir}`,
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Pages of the fake strava.com, by path; anything else answers 404 like Strava does. */
export type StravaSite = Map<string, string>;

interface Fixtures {
  context: BrowserContext;
  extensionId: string;
  strava: StravaSite;
  /** Opens one of the extension's pages, e.g. "popup.html". */
  openExtensionPage: (path: string) => Promise<Page>;
}

export const test = base.extend<Fixtures>({
  context: async ({}, use) => {
    const profile = await mkdtemp(join(tmpdir(), 'runsound-e2e-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: chromiumArgs(EXTENSION_DIR),
      locale: 'en-GB',
      timezoneId: 'Europe/London',
    });
    await use(context);
    await context.close();
    await rm(profile, { recursive: true, force: true });
  },
  extensionId: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await use(new URL(worker.url()).host);
  },
  strava: async ({ context }, use) => {
    const site: StravaSite = new Map();
    await context.route('https://www.strava.com/**', (route) => {
      const html = site.get(new URL(route.request().url()).pathname);
      return route.fulfill(
        html === undefined
          ? { status: 404, contentType: 'text/html', body: '<!doctype html><title>Not found | Strava</title><h1>Not found</h1>' }
          : { status: 200, contentType: 'text/html; charset=utf-8', body: html },
      );
    });
    await use(site);
  },
  openExtensionPage: async ({ context, extensionId }, use) => {
    await use(async (path) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    });
  },
});

export { expect } from '@playwright/test';
