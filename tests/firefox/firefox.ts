/**
 * RunSound's Firefox build in Debian's Firefox ESR, over WebDriver BiDi (puppeteer-core; no browser
 * download). The add-on is installed as a temporary add-on with a fixed internal UUID. The driver
 * may not navigate a tab to moz-extension:// pages, but RunSound opens its dashboard on install,
 * and a page of the add-on's own origin may go to another of its pages: the tests start there.
 *
 * The outside world is faked by an intercepting HTTPS proxy (mockttp) that every request of the
 * browser, the add-on's background included, goes through: strava.com's session endpoints and
 * pages and Open-Meteo answer as the same fakes as the Chromium suite's (tests/fixtures), shaped
 * like the real services; anything else is answered 503, as if offline. The proxy's certificate
 * authority is its own, so the browser is told to accept it (WebDriver's acceptInsecureCerts).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as mockttp from 'mockttp';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { openMeteoAnswer } from '../fixtures/open-meteo';
import type { FakeMusicServices } from '../fixtures/spotify';
import { stravaSessionAnswer, type FakeHistory } from '../fixtures/strava-session';
import { FIREFOX_ADDON_ID } from '../../wxt.config';

export const FIREFOX = process.env.RUNSOUND_FIREFOX ?? '/usr/bin/firefox-esr';
export const BUILD = resolve('.output/firefox-mv2');
export const ADDON_UUID = '5b1c3c4e-8f0a-4c1e-9d6e-2a7b3c4d5e6f';
export const ORIGIN = `moz-extension://${ADDON_UUID}`;

export interface FakeWorld {
  /** The runner's Strava history behind the faked session. */
  history: FakeHistory;
  /** Strava pages by path (an activity's page, say), served as HTML. */
  stravaPages: Map<string, string>;
  /** Every URL asked through the proxy. */
  requests: string[];
  /** Spotify (its sign-in included), ReccoBeats and Deezer. */
  music: FakeMusicServices;
}

const MUSIC_HOSTS = new Set(['accounts.spotify.com', 'api.spotify.com', 'api.reccobeats.com', 'api.deezer.com']);

/** Starts the proxy that fakes the outside world, answering from `world`. */
async function startFakeWorld(world: FakeWorld): Promise<mockttp.Mockttp> {
  const proxy = mockttp.getLocal({ https: await mockttp.generateCACertificate() });
  await proxy.start();
  await proxy.forAnyRequest().thenCallback(async (request) => {
    world.requests.push(request.url);
    const { hostname, pathname } = new URL(request.url);
    if (MUSIC_HOSTS.has(hostname)) {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
      const outcome = world.music.answer({ url: request.url, method: request.method, headers, body: (await request.body.getText()) || null });
      if (!outcome || outcome === 'network-error') return { statusCode: 599, headers: { 'content-type': 'text/plain' }, body: 'not served by the fake' };
      return { statusCode: outcome.status, headers: { 'content-type': outcome.contentType, ...outcome.headers }, body: outcome.body };
    }
    const page = hostname === 'www.strava.com' ? world.stravaPages.get(pathname) : undefined;
    if (page !== undefined) return { statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: page };
    const answer =
      hostname === 'www.strava.com' ? stravaSessionAnswer(world.history, request.url) : hostname.endsWith('open-meteo.com') ? openMeteoAnswer(request.url) : undefined;
    if (!answer) return { statusCode: 503, headers: { 'content-type': 'text/plain' }, body: 'offline' };
    return { statusCode: answer.status, headers: { 'content-type': answer.contentType, ...answer.headers }, body: answer.body };
  });
  return proxy;
}

/** Firefox with RunSound installed, its requests through the fake world; `close` stops both. */
export async function launchWithRunSound(world: FakeWorld): Promise<{ browser: Browser; close: () => Promise<void> }> {
  if (!existsSync(join(BUILD, 'manifest.json'))) throw new Error(`${BUILD} is missing: run npm run build:firefox first`);
  const proxy = await startFakeWorld(world);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    acceptInsecureCerts: true,
    userDataDir: mkdtempSync(join(tmpdir(), 'runsound-firefox-')),
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: ADDON_UUID }),
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxy.port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxy.port,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
    },
  });
  await browser.installExtension(BUILD);
  return {
    browser,
    close: async () => {
      await browser.close();
      await proxy.stop();
    },
  };
}

/** The tab RunSound opened on install (BiDi reports its URL as about:blank: its document says where it is). */
export async function dashboardTab(browser: Browser, timeoutMs = 15_000): Promise<Page> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith(`${ORIGIN}/options.html`)) return page;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('RunSound did not open its dashboard on install');
}

/** Goes to another of RunSound's pages from one of its own (the driver may not). */
export async function goWithin(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    location.href = to;
  }, path);
  await page.waitForFunction((to) => location.pathname + location.hash === to && document.readyState === 'complete', {}, path);
}

/** The text of the first element matching `selector`, once there. */
export async function textOf(page: Page, selector: string): Promise<string> {
  const element = await page.waitForSelector(selector, { timeout: 15_000 });
  return (await element!.evaluate((node) => node.textContent ?? '')).trim();
}
