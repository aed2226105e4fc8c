/**
 * A runner on Firefox gets what a runner on Chrome gets, as far as it goes without the outside
 * world: the dashboard opens on install with its getting-started steps, the popup plans a run and
 * shows its profile, and the settings give Firefox's own Spotify redirect URI.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardTab, goWithin, launchWithRunSound, textOf } from './firefox';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchWithRunSound();
  page = await dashboardTab(browser);
});
afterAll(async () => {
  await browser?.close();
});

describe('RunSound in Firefox', () => {
  it('opens its dashboard on install, on the getting-started steps', async () => {
    expect(await textOf(page, 'h2')).toBe('Overview');
    expect(await textOf(page, '[data-testid="first-run"]')).toMatch(/Getting started/);
    expect(await textOf(page, '[data-testid="first-run-spotify"]')).toMatch(/Connect your Spotify/);
  });

  it('plans a run in the popup: its profile in one line, following the pace', async () => {
    await goWithin(page, '/popup.html');
    expect(await textOf(page, '[data-testid="profile-line"]')).toMatch(/^\d{3} BPM · (Low|Moderate|High|Very high) energy · \w+/);
    const easy = Number(await textOf(page, '[data-testid="tempo-bpm"]'));
    const pace = (await page.waitForSelector('[data-testid="plan-pace"]'))!;
    await pace.click({ count: 3 });
    await pace.type('4:30');
    await page.waitForFunction((before) => Number(document.querySelector('[data-testid="tempo-bpm"]')?.textContent) > before, {}, easy);
    // Offline, the forecast is the stand-in, said as such.
    expect(await textOf(page, 'body')).toMatch(/No forecast/);
  });

  it('shows Firefox’s own Spotify redirect URI in the settings', async () => {
    await goWithin(page, '/options.html#settings');
    await page.waitForFunction(() => document.body.innerText.includes('extensions.allizom.org'), { timeout: 15_000 });
    expect(await page.evaluate(() => document.body.innerText)).toMatch(/https:\/\/[0-9a-f]{40}\.extensions\.allizom\.org\//);
  });
});
