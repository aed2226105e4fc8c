/**
 * RunSound's Firefox build in Debian's Firefox ESR, over WebDriver BiDi (puppeteer-core; no browser
 * download). The add-on is installed as a temporary add-on with a fixed internal UUID. The driver
 * may not navigate a tab to moz-extension:// pages, but RunSound opens its dashboard on install,
 * and a page of the add-on's own origin may go to another of its pages: the tests start there.
 *
 * The outside world is unreachable: every request leaves through a proxy on a closed port, so
 * nothing reaches the real Strava, Spotify or Open-Meteo, and RunSound's offline answers show.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { FIREFOX_ADDON_ID } from '../../wxt.config';

export const FIREFOX = process.env.RUNSOUND_FIREFOX ?? '/usr/bin/firefox-esr';
export const BUILD = resolve('.output/firefox-mv2');
export const ADDON_UUID = '5b1c3c4e-8f0a-4c1e-9d6e-2a7b3c4d5e6f';
export const ORIGIN = `moz-extension://${ADDON_UUID}`;

export async function launchWithRunSound(): Promise<Browser> {
  if (!existsSync(join(BUILD, 'manifest.json'))) throw new Error(`${BUILD} is missing: run npm run build:firefox first`);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: mkdtempSync(join(tmpdir(), 'runsound-firefox-')),
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: ADDON_UUID }),
      // No request leaves this machine (port 9 is closed).
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 9,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
    },
  });
  await browser.installExtension(BUILD);
  return browser;
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
