/**
 * A runner on Firefox gets what a runner on Chrome gets: on install the dashboard opens on its
 * getting-started steps and the history syncs from the (faked) strava.com session, the popup plans
 * a run and shows its profile, the settings give Firefox's own Spotify redirect URI, and the panel
 * comes up on a Strava activity page.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityPageHtml } from '../fixtures/strava-pages';
import { createFakeMusicServices, FAKE_CLIENT_ID } from '../fixtures/spotify';
import { fakeHistory } from '../fixtures/strava-session';
import { dashboardTab, goWithin, launchWithRunSound, textOf, type FakeWorld } from './firefox';

const world: FakeWorld = { history: fakeHistory(6), stravaPages: new Map(), requests: [], music: createFakeMusicServices() };
let browser: Browser;
let close: () => Promise<void>;
let page: Page;

beforeAll(async () => {
  ({ browser, close } = await launchWithRunSound(world));
  page = await dashboardTab(browser);
});
afterAll(async () => {
  await close?.();
});

describe('RunSound in Firefox', () => {
  it('opens its dashboard on install, and syncs the runner’s history from their strava.com session', async () => {
    expect(await textOf(page, 'h2')).toBe('Overview');
    // The runner's runs, not their ride.
    const runs = world.history.runs.filter((run) => run.sportType !== 'Ride').length;
    await page.waitForFunction(
      (expected) => {
        const step = document.querySelector('[data-testid="first-run-strava"]')?.textContent ?? '';
        return step.includes(`${expected} runs stored in this browser`) && step.includes('Up to date with strava.com');
      },
      { timeout: 30_000 },
      runs,
    );
    expect(await textOf(page, '[data-testid="first-run-strava"]')).toMatch(new RegExp(`${runs} runs added`));
    expect(world.requests.some((url) => url.startsWith('https://www.strava.com/dashboard/feed'))).toBe(true);
    expect(await textOf(page, '[data-testid="first-run-spotify"]')).toMatch(/Connect your Spotify/);
  });

  it('plans a run in the popup: its profile in one line, following the pace', async () => {
    await goWithin(page, '/popup.html');
    expect(await textOf(page, '[data-testid="profile-line"]')).toMatch(/^\d{3} BPM · \w+( \w+)? energy · \w+/);
    const before = Number(await textOf(page, '[data-testid="tempo-bpm"]'));
    const pace = (await page.waitForSelector('[data-testid="plan-pace"]'))!;
    await pace.click({ count: 3 });
    await pace.type('4:30');
    await page.waitForFunction((bpm) => Number(document.querySelector('[data-testid="tempo-bpm"]')?.textContent) > bpm, {}, before);
  });

  it('shows Firefox’s own Spotify redirect URI in the settings', async () => {
    await goWithin(page, '/options.html#settings');
    await page.waitForFunction(() => document.body.innerText.includes('extensions.allizom.org'), { timeout: 15_000 });
    expect(await page.evaluate(() => document.body.innerText)).toMatch(/https:\/\/[0-9a-f]{40}\.extensions\.allizom\.org\//);
  });

  it('connects Spotify through Firefox’s sign-in window, and makes one playlist from the popup', async () => {
    await goWithin(page, '/options.html#settings');
    const clientId = (await page.waitForSelector('#spotify-client-id'))!;
    await clientId.type(FAKE_CLIENT_ID);
    await (await page.waitForSelector('button::-p-text(Connect)'))!.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="spotify-status"]')?.getAttribute('data-state') === 'connected', { timeout: 30_000 });
    // The sign-in went back to Firefox's own redirect URI.
    const authorize = world.requests.find((url) => url.startsWith('https://accounts.spotify.com/authorize'));
    expect(new URL(authorize!).searchParams.get('redirect_uri')).toMatch(/^https:\/\/[0-9a-f]{40}\.extensions\.allizom\.org\/$/);

    await goWithin(page, '/popup.html');
    await page.waitForSelector('[data-testid="profile-line"]');
    await (await page.waitForSelector('button.rs-generate-button'))!.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="generation-status"]')?.getAttribute('data-state') === 'done', { timeout: 60_000 });
    expect(await textOf(page, '[data-testid="playlist-facts"]')).toMatch(/\d+ min · \d+ of \d+ tracks on the beat/);
    expect(world.music.playlists).toHaveLength(1);
  });

  it('puts its panel on a Strava activity page, and opens it over the page', async () => {
    world.stravaPages.set('/activities/111', activityPageHtml({ id: '111', name: 'Tuesday tempo', distanceMeters: 10_000, movingTimeSeconds: 3070, elevationGainMeters: 42 }));
    const strava = await browser.newPage();
    await strava.goto('https://www.strava.com/activities/111');
    const entry = await strava.waitForSelector('::-p-text(Music for a run like this)', { timeout: 20_000 });
    await entry!.click();
    await strava.waitForFunction(
      () => {
        const host = [...document.querySelectorAll('*')].find((element) => element.shadowRoot?.querySelector('[data-testid="profile-line"]'));
        return /^\d{3} BPM/.test(host?.shadowRoot?.querySelector('[data-testid="profile-line"]')?.textContent ?? '');
      },
      { timeout: 15_000 },
    );
    await strava.close();
  });
});
