import type { Page } from '@playwright/test';
import { activityPageHtml } from '../fixtures/strava-pages';
import { fakeHistory } from '../fixtures/strava-session';
import { expect, openSection, test } from './extension';

const runsStored = (options: Page) => options.getByTestId('runs-stored');
const syncState = (options: Page) => options.getByTestId('sync-state');
/** The sync's words once it is done, as every screen says them. */
const upToDate = (added: string) => new RegExp(`^Up to date with strava\\.com \\(checked today at \\d\\d:\\d\\d\\): ${added}\\.$`);

test('a first sync brings the runner history in, with its weather and load, and only their runs', async ({ openExtensionPage, strava, stravaSession, weatherRequests }) => {
  void strava;
  // 18 runs fit in one minute's budget of 30 requests with the listing pages around them.
  stravaSession.history = fakeHistory(18);
  const options = await openExtensionPage('options.html');
  await openSection(options, 'data');
  await options.getByRole('button', { name: 'Sync now' }).click();

  await expect(syncState(options)).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await expect(runsStored(options)).toHaveText('18 runs stored in this browser.');
  // The sync that starts on install may have read them all before "Sync now": that one adds none.
  await expect(syncState(options)).toHaveText(upToDate('(18 runs added|no new runs)'));
  // The ride and the club mate's run were not stored, and no run's streams were asked for twice.
  const streams = stravaSession.requests.filter((url) => url.includes('/streams'));
  expect(new Set(streams).size).toBe(streams.length);
  expect(streams.some((url) => url.includes('15999999999'))).toBe(false);

  // Then the weather of every run, from a handful of batched requests (treadmill runs use home).
  await openSection(options, 'training');
  await expect(options.getByTestId('weather-summary')).toHaveText('Weather known for 18 of 18 runs.', { timeout: 15_000 });
  expect(weatherRequests.length).toBeGreaterThan(0);
  expect(weatherRequests.length).toBeLessThanOrEqual(3);
  await expect(options.getByText('Weather data by Open-Meteo.com')).toBeVisible();
  await openSection(options, 'settings');
  await expect(options.getByTestId('home')).toContainText('45.20, 5.70 (most frequent start of your runs)');

  // The Overview answers at a glance, with the same words as the sections.
  await openSection(options, 'overview');
  await expect(options.getByTestId('overview-history').getByTestId('runs-stored')).toHaveText('18 runs stored in this browser.');
  await expect(options.getByTestId('overview-history').getByTestId('sync-state')).toHaveText(upToDate('(18 runs added|no new runs)'));
  await expect(options.getByTestId('overview-training-line')).toHaveText(/^Fitness \d+ \(your 6-week load\) · Fatigue (normal|raised|high) · Form: (fresh|steady|training hard|tired|very tired)$/);
  await expect(options.getByTestId('overview-model-verdict')).toHaveAttribute('data-state', /good|partly|not-yet/);
  await expect(options.getByTestId('overview-spotify')).toHaveText('Not connected yet.');
  await expect(options.getByTestId('overview-playlist')).toContainText('None yet');
  // Runs are in, Spotify and a plan are left.
  await expect(options.getByTestId('first-run-strava')).toHaveAttribute('data-done', 'true');
  await expect(options.getByTestId('first-run-spotify')).toHaveAttribute('data-done', 'false');
  await options.setViewportSize({ width: 1280, height: 800 });
  await options.screenshot({ path: 'tests/artifacts/overview.png', fullPage: true });
});

test('logged out of strava.com: a clear state, and nothing stored', async ({ openExtensionPage, strava, stravaSession }) => {
  void strava;
  stravaSession.history = fakeHistory(5);
  stravaSession.options.loggedOut = 'login-page';
  const options = await openExtensionPage('options.html');
  await openSection(options, 'data');
  await options.getByRole('button', { name: 'Sync now' }).click();
  await expect(syncState(options)).toHaveAttribute('data-state', 'logged-out', { timeout: 15_000 });
  await expect(syncState(options)).toContainText('You are logged out of strava.com.');
  await expect(options.getByRole('link', { name: 'Log in to strava.com' })).toHaveAttribute('href', 'https://www.strava.com/login');
  await expect(runsStored(options)).toHaveText('0 runs stored in this browser.');
  // The Overview's first step says the same, with the same action.
  await openSection(options, 'overview');
  await expect(options.getByTestId('first-run-strava')).toContainText('You are logged out of strava.com.');
  await expect(options.getByTestId('first-run-next').getByRole('link', { name: 'Log in to strava.com' })).toBeVisible();
});

test('the service worker stopped mid-sync resumes without duplicates or gaps', async ({ context, openExtensionPage, strava, stravaSession }) => {
  void strava;
  const history = fakeHistory(16);
  stravaSession.history = history;
  // Streams come slowly, so the worker can be stopped in the middle of reading them.
  stravaSession.intercept = async (url) => {
    if (url.pathname.endsWith('/streams')) await new Promise((resolve) => setTimeout(resolve, 250));
    return undefined;
  };
  // The sync that starts on install reads the history; the runner only watches.
  const options = await openExtensionPage('options.html#data');
  const streamRequests = () => stravaSession.requests.filter((url) => url.includes('/streams'));
  await expect.poll(() => streamRequests().length, { timeout: 15_000 }).toBeGreaterThanOrEqual(5);

  // Stop the worker as Chrome does when it decides to.
  const cdp = await context.newCDPSession(options);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((target) => target.type === 'service_worker' && target.url.endsWith('/background.js'))!;
  await cdp.send('Target.closeTarget', { targetId: worker.targetId });
  // Stopped for real: a second later, nothing more has been asked, and the history is half read.
  const readAtStop = streamRequests().length;
  await options.waitForTimeout(1000);
  expect(streamRequests().length).toBeLessThanOrEqual(readAtStop + 1);
  expect(streamRequests().length).toBeLessThan(15);

  // The runner only opens the planner: the worker wakes for it, finds the sync it was in the
  // middle of, and resumes it by itself.
  await openExtensionPage('popup.html');
  await expect(syncState(options)).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await expect(runsStored(options)).toHaveText('16 runs stored in this browser.');
  // What the sync added is counted from its start, across the stop.
  await expect(syncState(options)).toHaveText(upToDate('16 runs added'));
  // Every run's streams were read, none more than twice (only the one in flight at the stop is asked again).
  const perRun = new Map<string, number>();
  for (const url of streamRequests()) perRun.set(url, (perRun.get(url) ?? 0) + 1);
  // (A manual entry's streams are asked for too: Strava answers 404 and its numbers come from the list.)
  expect(perRun.size).toBe(history.runs.filter((run) => run.sportType !== 'Ride').length);
  expect(Math.max(...perRun.values())).toBeLessThanOrEqual(2);
  expect([...perRun.values()].filter((count) => count === 2).length).toBeLessThanOrEqual(1);
});

test('a 429 in the middle of a sync backs off, then the sync completes', async ({ openExtensionPage, strava, stravaSession }) => {
  test.setTimeout(120_000);
  void strava;
  stravaSession.history = fakeHistory(10);
  let streamsAsked = 0;
  stravaSession.intercept = (url) => {
    if (url.pathname.endsWith('/streams') && ++streamsAsked === 4) {
      return { status: 429, contentType: 'application/json', body: '{"message":"Rate Limit Exceeded"}' };
    }
    return undefined;
  };
  const options = await openExtensionPage('options.html#data');
  await options.getByRole('button', { name: 'Sync now' }).click();
  await expect(syncState(options)).toHaveAttribute('data-state', 'waiting', { timeout: 15_000 });
  await expect(syncState(options)).toContainText('goes on by itself');
  // The back-off is 30 s; the alarm then resumes the sync without the runner doing anything.
  await expect(syncState(options)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(runsStored(options)).toHaveText('10 runs stored in this browser.');
});

test('visiting the page of a run RunSound does not know makes it sync', async ({ context, openExtensionPage, strava, stravaSession }) => {
  const history = fakeHistory(5);
  stravaSession.history = history;
  const options = await openExtensionPage('options.html#data');
  await options.getByRole('button', { name: 'Sync now' }).click();
  await expect(runsStored(options)).toHaveText('5 runs stored in this browser.', { timeout: 15_000 });
  await expect(syncState(options)).toHaveAttribute('data-state', 'done');

  // The runner uploads a new run and opens it on strava.com.
  const fresh = { ...fakeHistory(1, Date.UTC(2026, 10, 24, 7, 0) / 1000).runs[0]!, id: '18000000001', name: 'Fresh run' };
  history.runs.unshift(fresh);
  strava.set(`/activities/${fresh.id}`, activityPageHtml({ id: fresh.id, name: fresh.name, distanceMeters: fresh.distanceMeters, movingTimeSeconds: fresh.movingTimeSeconds, elevationGainMeters: 20 }));
  const page = await context.newPage();
  await page.goto(`https://www.strava.com/activities/${fresh.id}`);
  await expect(runsStored(options)).toHaveText('6 runs stored in this browser.', { timeout: 15_000 });

  // Once stored, its page plans "a run like this one" from the history: its time and place too.
  await page.reload();
  await page.getByRole('button', { name: 'Music for a run like this' }).click();
  await expect(page.getByRole('dialog', { name: 'RunSound' }).getByTestId('planner-note')).toContainText('A run like “Fresh run” from your history');
});

test("the runner's units on Strava become RunSound's, and the popup shows the history", async ({ openExtensionPage, strava, stravaSession }) => {
  void strava;
  stravaSession.history = { ...fakeHistory(4), measurementPreference: 'feet' };
  const options = await openExtensionPage('options.html');
  await expect(syncState(options)).toHaveAttribute('data-state', 'done', { timeout: 15_000 });
  await openSection(options, 'settings');
  await expect(options.getByRole('radio', { name: /Miles/ })).toBeChecked();
  const popup = await openExtensionPage('popup.html');
  await expect(popup.getByLabel('Distance (mi)')).toBeVisible();
  await expect(popup.getByTestId('history-line')).toContainText('4 runs stored in this browser.');
});
