import type { Page } from '@playwright/test';
import { activityPageHtml } from '../fixtures/strava-pages';
import { fakeHistory } from '../fixtures/strava-session';
import { expect, test } from './extension';

const runsStored = (options: Page) => options.getByTestId('runs-stored');
const syncState = (options: Page) => options.getByTestId('sync-state');

test('a first sync brings the runner history in, with its weather and load, and only their runs', async ({ openExtensionPage, strava, stravaSession, weatherRequests }) => {
  void strava;
  // 18 runs fit in one minute's budget of 30 requests with the listing pages around them.
  stravaSession.history = fakeHistory(18);
  const options = await openExtensionPage('options.html');
  await options.getByRole('button', { name: 'Sync now' }).click();

  await expect(syncState(options)).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await expect(runsStored(options)).toHaveText('18 runs stored in this browser.');
  await expect(syncState(options)).toHaveText('Your Strava history is up to date: 18 runs.');
  // The ride and the club mate's run were not stored, and no run's streams were asked for twice.
  const streams = stravaSession.requests.filter((url) => url.includes('/streams'));
  expect(new Set(streams).size).toBe(streams.length);
  expect(streams.some((url) => url.includes('15999999999'))).toBe(false);

  // Then the weather of every run, from a handful of batched requests (treadmill runs use home).
  await expect(options.getByTestId('weather-summary')).toHaveText('Weather known for 18 of 18 runs.', { timeout: 15_000 });
  expect(weatherRequests.length).toBeGreaterThan(0);
  expect(weatherRequests.length).toBeLessThanOrEqual(3);
  await expect(options.getByTestId('home')).toContainText('45.20, 5.70 (most frequent start)');
  await expect(options.getByTestId('training')).toContainText('Fitness (CTL)');
  await expect(options.getByTestId('fatigue')).toHaveAttribute('data-level', /normal|elevated|high/);
  await expect(options.getByText('Weather data by Open-Meteo.com')).toBeVisible();
  await options.screenshot({ path: 'tests/artifacts/options.png', fullPage: true });
});

test('logged out of strava.com: a clear state, and nothing stored', async ({ openExtensionPage, strava, stravaSession }) => {
  void strava;
  stravaSession.history = fakeHistory(5);
  stravaSession.options.loggedOut = 'login-page';
  const options = await openExtensionPage('options.html');
  await options.getByRole('button', { name: 'Sync now' }).click();
  await expect(syncState(options)).toHaveAttribute('data-state', 'logged-out', { timeout: 15_000 });
  await expect(syncState(options)).toContainText('Log in to strava.com');
  await expect(runsStored(options)).toHaveText('0 runs stored in this browser.');
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
  const options = await openExtensionPage('options.html');
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
  await expect(syncState(options)).toHaveText('Your Strava history is up to date: 16 runs.');
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
  const options = await openExtensionPage('options.html');
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
  const options = await openExtensionPage('options.html');
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
  await page.getByRole('button', { name: 'Generate playlist' }).click();
  await expect(page.getByRole('dialog', { name: 'RunSound' }).getByTestId('planner-note')).toContainText('A run like “Fresh run” from your history');
});

test("the runner's units on Strava become RunSound's, and the popup shows the history", async ({ openExtensionPage, strava, stravaSession }) => {
  void strava;
  stravaSession.history = { ...fakeHistory(4), measurementPreference: 'feet' };
  const options = await openExtensionPage('options.html');
  await expect(syncState(options)).toHaveAttribute('data-state', 'done', { timeout: 15_000 });
  await expect(options.getByRole('radio', { name: /Miles/ })).toBeChecked();
  const popup = await openExtensionPage('popup.html');
  await expect(popup.getByLabel('Distance (mi)')).toBeVisible();
  await expect(popup.getByTestId('history-line')).toHaveText('Learned from 4 runs on Strava.');
});
