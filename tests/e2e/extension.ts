/**
 * Playwright fixtures that start the system Chromium with the production build of RunSound
 * loaded, and fake strava.com at the browser. Set RUNSOUND_CHROMIUM to use another browser.
 */
import { test as base, chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DashboardSection } from '../../lib/messages';
import { openMeteoAnswer } from '../fixtures/open-meteo';
import { createFakeMusicServices, type FakeMusicOptions, type FakeMusicServices, type FakePlay } from '../fixtures/spotify';
import { stravaSessionAnswer, type FakeAnswer, type FakeHistory, type SessionOptions } from '../fixtures/strava-session';

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

/** The runner's session on the fake strava.com: their history, and how the site misbehaves. */
export interface StravaSession {
  history?: FakeHistory;
  options: SessionOptions;
  /** Every URL the extension asked strava.com for. */
  requests: string[];
  /** Lets a test delay or replace an answer (a 429, a slow stream). */
  intercept?: (url: URL) => Promise<FakeAnswer | undefined> | FakeAnswer | undefined;
}

interface Fixtures {
  context: BrowserContext;
  extensionId: string;
  strava: StravaSite;
  stravaSession: StravaSession;
  /** Every URL the extension asked Open-Meteo for; the fake answers like the real service. */
  weatherRequests: string[];
  /**
   * Spotify, ReccoBeats and Deezer faked at the browser: their APIs through Playwright routes, and
   * the sign-in page (which launchWebAuthFlow opens in a window Playwright does not route) through
   * the browser's DevTools protocol.
   */
  music: FakeMusicServices & { plays: FakePlay[] };
  /** The runner's Spotify library and the catalogue behind it (`test.use({ musicOptions })`); by default the small fake library. */
  musicOptions: FakeMusicOptions;
  /** Opens one of the extension's pages, e.g. "popup.html". */
  openExtensionPage: (path: string) => Promise<Page>;
}

/** Chromium with the production build loaded, in the new profile `profile`, in London's English. */
export function launchWithRunSound(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: chromiumArgs(EXTENSION_DIR),
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
}

export const test = base.extend<Fixtures>({
  context: async ({}, use) => {
    const profile = await mkdtemp(join(tmpdir(), 'runsound-e2e-'));
    const context = await launchWithRunSound(profile);
    await use(context);
    await context.close();
    await rm(profile, { recursive: true, force: true });
  },
  extensionId: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await use(new URL(worker.url()).host);
  },
  weatherRequests: [
    async ({ context }, use) => {
      const requests: string[] = [];
      const answer = (route: import('@playwright/test').Route) => {
        requests.push(route.request().url());
        const fake = openMeteoAnswer(route.request().url(), { now: Date.now() });
        return fake ? route.fulfill(fake) : route.fulfill({ status: 404, body: '' });
      };
      await context.route('https://api.open-meteo.com/**', answer);
      await context.route('https://archive-api.open-meteo.com/**', answer);
      await use(requests);
    },
    { auto: true },
  ],
  musicOptions: [{}, { option: true }],
  music: async ({ context, musicOptions }, use) => {
    // What the runner plays on Spotify: a test adds to it, and recently-played answers with it.
    const plays: FakePlay[] = [];
    const services = Object.assign(createFakeMusicServices({ ...musicOptions, plays }), { plays });
    for (const host of ['https://accounts.spotify.com/api/**', 'https://api.spotify.com/**', 'https://api.reccobeats.com/**', 'https://api.deezer.com/**']) {
      await context.route(host, async (route) => {
        const request = route.request();
        const outcome = services.answer({ url: request.url(), method: request.method(), headers: await request.allHeaders(), body: request.postData() });
        if (outcome === 'network-error') return route.abort('failed');
        if (!outcome) return route.fulfill({ status: 404, body: '' });
        return route.fulfill({ status: outcome.status, contentType: outcome.contentType, body: outcome.body, headers: outcome.headers });
      });
    }
    const cdp = await context.browser()!.newBrowserCDPSession();
    await cdp.send('Fetch.enable', { patterns: [{ urlPattern: 'https://accounts.spotify.com/authorize*' }] });
    cdp.on('Fetch.requestPaused', (event) => {
      const answer = services.authorize(event.request.url);
      void cdp.send('Fetch.fulfillRequest', {
        requestId: event.requestId,
        responseCode: answer.status,
        responseHeaders: Object.entries({ 'content-type': answer.contentType, ...answer.headers }).map(([name, value]) => ({ name, value })),
        body: Buffer.from(answer.body).toString('base64'),
      });
    });
    await use(services);
    await cdp.detach().catch(() => {});
  },
  stravaSession: async ({}, use) => {
    await use({ options: {}, requests: [] });
  },
  strava: async ({ context, stravaSession }, use) => {
    const site: StravaSite = new Map();
    await context.route('https://www.strava.com/**', async (route) => {
      const url = new URL(route.request().url());
      stravaSession.requests.push(url.href);
      if (process.env.DEBUG_ROUTES) console.log('ROUTE', Date.now() % 100000, url.pathname);
      const answer =
        (await stravaSession.intercept?.(url)) ??
        (stravaSession.history && !site.has(url.pathname) ? stravaSessionAnswer(stravaSession.history, url.href, stravaSession.options) : undefined);
      if (answer) return route.fulfill({ status: answer.status, contentType: answer.contentType, body: answer.body, headers: answer.headers });
      const html = site.get(url.pathname);
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

/** The dashboard's section addresses (options.html#overview …). */
export type { DashboardSection } from '../../lib/messages';

/** Opens a section of the dashboard as a runner does, by its link in the nav, and waits until it shows. */
export async function openSection(page: Page, id: DashboardSection): Promise<void> {
  await page.getByRole('navigation', { name: 'Dashboard' }).locator(`a[href="#${id}"]`).click();
  await expect(page.locator(`section#${id}`)).toBeVisible();
}
