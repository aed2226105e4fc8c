/**
 * The dashboard's shell, Overview and Settings as a runner uses them: sections at their own
 * address, the getting-started steps, the home found by a city search (Open-Meteo's geocoding,
 * faked at the browser like the real answer), their heart rates and load method reaching the
 * training, and deleting everything.
 */
import type { Page } from '@playwright/test';
import { fakeHistory } from '../fixtures/strava-session';
import { expect, openSection, test } from './extension';

const nav = (page: Page) => page.getByRole('navigation', { name: 'Dashboard' });

/** What geocoding-api.open-meteo.com/v1/search answers for "Grenoble" (fields as the real service sends them). */
const GRENOBLE = {
  results: [
    {
      id: 3014728,
      name: 'Grenoble',
      latitude: 45.16667,
      longitude: 5.71667,
      elevation: 223,
      feature_code: 'PPLA3',
      country_code: 'FR',
      admin1_id: 11071625,
      admin2_id: 3012715,
      admin3_id: 3014727,
      admin4_id: 6455950,
      timezone: 'Europe/Paris',
      population: 158552,
      postcodes: ['38000', '38100'],
      country_id: 3017382,
      country: 'France',
      admin1: 'Auvergne-Rhône-Alpes',
      admin2: 'Isère',
      admin3: 'Grenoble',
      admin4: 'Grenoble',
    },
    {
      id: 4695350,
      name: 'Grenoble',
      latitude: 33.30956,
      longitude: -97.55924,
      elevation: 279,
      feature_code: 'PPL',
      country_code: 'US',
      admin1_id: 4736286,
      timezone: 'America/Chicago',
      country_id: 6252001,
      country: 'United States',
      admin1: 'Texas',
    },
  ],
  generationtime_ms: 0.8790493,
};

async function syncRuns(options: Page, count: number) {
  await openSection(options, 'data');
  await options.getByRole('button', { name: 'Sync now' }).click();
  await expect(options.getByTestId('runs-stored')).toHaveText(`${count} runs stored in this browser.`, { timeout: 20_000 });
  await expect(options.getByTestId('sync-state')).toHaveAttribute('data-state', 'done');
}

test('a fresh install opens the dashboard on its getting-started steps', async ({ context, extensionId }) => {
  await expect.poll(() => context.pages().map((page) => page.url()), { timeout: 10_000 }).toContain(`chrome-extension://${extensionId}/options.html#overview`);
  const dashboard = context.pages().find((page) => page.url().endsWith('options.html#overview'))!;
  const steps = dashboard.getByTestId('first-run');
  await expect(steps.getByTestId('first-run-strava')).toHaveAttribute('data-done', 'false');
  await expect(steps.getByTestId('first-run-spotify')).toContainText('Connect your Spotify');
  await expect(steps.getByTestId('first-run-plan')).toContainText('toolbar');
});

test('the dashboard links the privacy policy: what is read, where it is kept, what goes to whom, how to delete it', async ({ context, openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  await options.getByRole('link', { name: 'Privacy' }).click();
  // Its own tab (the dashboard RunSound opened on install may be another new one).
  const policyTab = () => context.pages().find((page) => page.url().endsWith('/privacy.html'));
  await expect.poll(() => policyTab()?.url()).toMatch(/privacy\.html$/);
  const policy = policyTab()!;
  await expect(policy.getByRole('heading', { level: 1 })).toHaveText('RunSound’s privacy policy');
  for (const heading of ['What RunSound reads', 'Where RunSound keeps it', 'What RunSound sends, and to whom', 'How to see, move and delete your data']) {
    await expect(policy.getByRole('heading', { name: heading })).toBeVisible();
  }
  const services = policy.getByRole('table').getByRole('row');
  await expect(services).toHaveText([/Service/, /^\s*Strava/, /^\s*Spotify/, /^\s*Open-Meteo/, /^\s*ReccoBeats/, /^\s*Deezer/]);
  await expect(policy.getByText('Delete all data')).toBeVisible();
});

test('each section has its own address: the nav marks it, the heading takes the focus, back returns', async ({ openExtensionPage, extensionId }) => {
  const options = await openExtensionPage('options.html');
  await expect(options.locator('section#overview h2')).toHaveText('Overview');
  await expect(nav(options).getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');

  await nav(options).getByRole('link', { name: 'Training' }).click();
  await expect(options).toHaveURL(/options\.html#training$/);
  await expect(options.locator('section#training h2').first()).toHaveText('Training');
  await expect(options.locator('section#training h2').first()).toBeFocused();
  await expect(nav(options).getByRole('link', { name: 'Training' })).toHaveAttribute('aria-current', 'page');
  await expect(nav(options).getByRole('link', { name: 'Overview' })).not.toHaveAttribute('aria-current', /.*/);
  // One section at a time.
  await expect(options.locator('section#overview')).toHaveCount(0);

  await options.goBack();
  await expect(options.locator('section#overview')).toBeVisible();

  // An address opens its section directly, as a link from the popup does.
  await options.goto(`chrome-extension://${extensionId}/options.html#settings`);
  await expect(options.locator('section#settings h2').first()).toHaveText('Settings');
  await expect(nav(options).getByRole('link', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');
  await options.setViewportSize({ width: 1280, height: 800 });
  await options.screenshot({ path: 'tests/artifacts/settings.png', fullPage: true });
});

test('the home is found by a city search, or is the most frequent start again', async ({ context, openExtensionPage, strava, stravaSession }) => {
  void strava;
  stravaSession.history = fakeHistory(5);
  const searches: URL[] = [];
  await context.route('https://geocoding-api.open-meteo.com/**', (route) => {
    const url = new URL(route.request().url());
    searches.push(url);
    // Nothing found: the real service leaves out `results`.
    const body = url.searchParams.get('name') === 'Grenoble' ? GRENOBLE : { generationtime_ms: 0.41 };
    return route.fulfill({ status: 200, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) });
  });
  const options = await openExtensionPage('options.html');
  await syncRuns(options, 5);
  await openSection(options, 'settings');
  const home = options.getByTestId('settings-home');
  await expect(home.getByTestId('home')).toContainText('most frequent start');

  await home.getByLabel('Town or city').fill('Grenoblx');
  await home.getByRole('button', { name: 'Search' }).click();
  await expect(home.getByTestId('place-none')).toContainText('No place called “Grenoblx” was found');

  await home.getByLabel('Town or city').fill('Grenoble');
  await home.getByRole('button', { name: 'Search' }).click();
  const results = home.getByTestId('place-results');
  await expect(results.getByRole('button')).toHaveText(['Use Grenoble, Auvergne-Rhône-Alpes, France', 'Use Grenoble, Texas, United States']);
  expect(Object.fromEntries(searches.at(-1)!.searchParams)).toEqual({ name: 'Grenoble', count: '5', language: 'en', format: 'json' });
  await results.getByRole('button', { name: 'Use Grenoble, Auvergne-Rhône-Alpes, France' }).click();
  await expect(home.getByTestId('home')).toHaveText('Home now: Grenoble, Auvergne-Rhône-Alpes, France (45.17, 5.72)', { timeout: 15_000 });

  await home.getByRole('button', { name: 'Use my most frequent start' }).click();
  await expect(home.getByTestId('home')).toContainText('(most frequent start of your runs)', { timeout: 15_000 });
});

test('the runner’s heart rates and load method reach their training', async ({ openExtensionPage, strava, stravaSession }) => {
  void strava;
  stravaSession.history = fakeHistory(12);
  const options = await openExtensionPage('options.html');
  await syncRuns(options, 12);
  await openSection(options, 'overview');
  const load = options.getByTestId('overview-load');
  // Most fake runs recorded a heart rate; a few have only their pace.
  await expect(load).toHaveText(/^Training load from heart rate for \d+ runs, from pace for \d runs?\.$/, { timeout: 15_000 });
  const line = options.getByTestId('overview-training-line');
  await expect(line).toHaveText(/^Fitness \d+ \(your 6-week load\) · Fatigue (normal|raised|high) · Form: (fresh|steady|training hard|tired|very tired)$/);

  await openSection(options, 'settings');
  const settings = options.getByTestId('settings-training-load');
  await expect(settings.getByTestId('load-basis')).toContainText('resting 60 bpm (typical; set yours if you know it)');
  await settings.getByLabel('Resting heart rate').fill('300');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings.getByRole('alert')).toContainText('between 30 and 110');
  await settings.getByLabel('Resting heart rate').fill('45');
  await settings.getByLabel('Maximum heart rate').fill('182');
  await settings.getByLabel(/Pace only/).check();
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings.getByTestId('load-saved')).toBeVisible();
  await expect(settings.getByTestId('load-basis')).toHaveText('Now: resting 45 bpm (yours), maximum 182 bpm (yours).', { timeout: 15_000 });

  await openSection(options, 'overview');
  await expect(load).toHaveText('Training load from pace for 12 runs (you chose pace only).', { timeout: 15_000 });
});

test('delete all data asks to confirm, then leaves RunSound as just installed', async ({ openExtensionPage, strava, stravaSession }) => {
  void strava;
  stravaSession.history = fakeHistory(4);
  const options = await openExtensionPage('options.html');
  await syncRuns(options, 4);
  await openSection(options, 'settings');
  await options.getByRole('button', { name: 'Delete all data…' }).click();
  const dialog = options.getByRole('dialog', { name: 'Delete all of RunSound’s data?' });
  await expect(dialog).toContainText('your 4 runs');
  const erase = dialog.getByRole('button', { name: 'Delete everything' });
  await expect(erase).toBeDisabled();
  // Cancel keeps everything.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  await options.getByRole('button', { name: 'Delete all data…' }).click();
  await dialog.getByLabel('Type DELETE to confirm').fill('DELETE');
  await erase.click();
  await expect(options.getByTestId('deleted')).toBeVisible({ timeout: 15_000 });
  await expect(dialog).toBeHidden();

  await options.getByTestId('deleted').getByRole('link', { name: 'the getting-started steps' }).click();
  await expect(options.getByTestId('runs-stored')).toHaveText('0 runs stored in this browser.');
  await expect(options.getByTestId('first-run-strava')).toHaveAttribute('data-done', 'false');
  await expect(options.getByTestId('first-run-strava')).toContainText('RunSound has not read your Strava history yet.');
  // Nothing comes back: no sync or training was left to write it again.
  await options.waitForTimeout(1500);
  await expect(options.getByTestId('runs-stored')).toHaveText('0 runs stored in this browser.');
});
