/**
 * The dashboard's pictures, drawn from a synced history, a trained model, an indexed Spotify
 * library and a generated playlist: each chart is drawn (a canvas, or the playlist's SVG) under
 * its accessible name, and its text alternative carries the numbers it draws.
 */
import type { Locator, Page } from '@playwright/test';
import { fakeHistory } from '../fixtures/strava-session';
import { FAKE_CLIENT_ID } from '../fixtures/spotify';
import { expect, openSection, test } from './extension';

const DAY_MS = 86_400_000;

async function expectDrawn(figure: Locator, name: RegExp): Promise<void> {
  const chart = figure.getByRole('img', { name });
  await expect(chart).toBeVisible();
  await expect(chart.locator('canvas').first()).toBeVisible();
  const box = await chart.boundingBox();
  expect(box!.width).toBeGreaterThan(300);
}

/** The rows of a figure's table, opened with its "Show as table" toggle, as text cells. */
async function tableRows(figure: Locator): Promise<string[][]> {
  await figure.getByText('Show as table').click();
  const rows = figure.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  return rows.evaluateAll((elements) => elements.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent!.trim())));
}

/** The section as a runner sees it, light and dark (the charts redraw in the dark palette). */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `tests/artifacts/dashboard-${name}.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `tests/artifacts/dashboard-${name}-dark.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
}

test('training and model: fitness, fatigue and form over time, cadence against pace, and each target predicted against measured', async ({ openExtensionPage, strava, stravaSession }) => {
  test.setTimeout(120_000);
  void strava;
  const history = fakeHistory(18);
  stravaSession.history = history;
  const options = await openExtensionPage('options.html');
  await options.setViewportSize({ width: 1280, height: 800 });
  await openSection(options, 'model');
  // 17 of the 18 runs carry a label (the manual entry has neither cadence nor heart rate).
  await expect(options.getByTestId('active-model')).toContainText('learned from 17 runs', { timeout: 60_000 });

  await openSection(options, 'training');
  const training = options.getByTestId('training-figure');
  await expectDrawn(training, /^Chart of your fitness and fatigue day by day since/);
  await expectDrawn(options.getByTestId('form-figure'), /^Chart of your form \(fitness − fatigue\)/);
  await expect(options.getByTestId('training')).toContainText('Your fitness (your 6-week load) is');
  await expect(options.getByTestId('fatigue')).toHaveAttribute('data-level', /normal|elevated|high/);
  await options.getByRole('button', { name: 'Everything' }).click();
  // The week of the newest run, Monday 16 to Sunday 22 November 2026: its runs' distance.
  const monday = Date.UTC(2026, 10, 16);
  const weekMeters = history.runs
    .filter((run) => run.sportType !== 'Ride' && run.start * 1000 >= monday && run.start * 1000 < monday + 7 * DAY_MS)
    .reduce((sum, run) => sum + run.distanceMeters, 0);
  const rows = await tableRows(options.getByTestId('form-figure'));
  const week = rows.find((cells) => cells[0] === '16 Nov 2026');
  expect(week?.[1]).toBe(`${(weekMeters / 1000).toFixed(1)} km`);
  // Newest week first, the oldest is the first run's.
  const firstRun = new Date(Math.min(...history.runs.map((run) => run.start)) * 1000);
  const firstMonday = new Date(Date.UTC(firstRun.getUTCFullYear(), firstRun.getUTCMonth(), firstRun.getUTCDate()) - ((firstRun.getUTCDay() + 6) % 7) * DAY_MS);
  expect(rows.at(-1)![0]).toBe(firstMonday.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }));
  await screenshot(options, 'training');

  await openSection(options, 'model');
  const withCadence = history.runs.filter((run) => run.sportType !== 'Ride' && run.cadencePerLeg !== undefined).length;
  const cadence = options.getByTestId('cadence-figure');
  await expectDrawn(cadence, new RegExp(`^Chart of the cadence of your ${withCadence} runs against their pace`));
  await expect(options.getByTestId('cadence-words')).toContainText('research on runners');
  const curve = await tableRows(cadence);
  expect(curve.length).toBeGreaterThanOrEqual(5);
  for (const cells of curve) for (const cell of cells.slice(1)) expect(cell).toMatch(/^1\d\d steps\/min$/);

  // Energy is learned from heart rate: its newest runs, predicted against measured.
  const energy = options.getByTestId('model-energy');
  await expect(energy).toContainText('Always guessing your usual');
  const predicted = energy.getByTestId('predicted-actual-energy');
  await expectDrawn(predicted, /^Chart of the effort your model predicted against what 3 of your newest runs measured/);
  const points = await tableRows(predicted);
  expect(points).toHaveLength(3);
  // The bars' typical error is the table's mean error (both rounded to points out of 100).
  const meanError = points.reduce((sum, cells) => sum + Math.abs(Number(cells[1]) - Number(cells[2])), 0) / points.length;
  const typical = Number(/Your model±(\d+) points/.exec((await energy.locator('.rs-hbars').first().textContent())!)![1]);
  expect(Math.abs(typical - Math.max(1, meanError))).toBeLessThanOrEqual(1);
  await expect(energy.getByTestId('importance-energy')).toContainText('What matters most');
  await expect(energy).toContainText('your heart rate');
  await screenshot(options, 'model');
});

test('music and playlists: the library’s tempos against the runner’s cadence, and each playlist’s tempo per track', async ({ openExtensionPage, strava, stravaSession, music }) => {
  test.setTimeout(120_000);
  void strava;
  stravaSession.history = fakeHistory(6);
  const options = await openExtensionPage('options.html');
  await options.setViewportSize({ width: 1280, height: 800 });
  await openSection(options, 'settings');
  await options.getByLabel('Client ID').fill(FAKE_CLIENT_ID);
  await options.getByRole('button', { name: 'Connect' }).click();
  await expect(options.getByTestId('spotify-status')).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });

  await openSection(options, 'music');
  const library = options.getByTestId('library-status');
  await expect(library).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const withTempo = Number(/(\d+) with a tempo/.exec((await library.textContent())!)![1]);
  const figure = options.getByTestId('tempo-figure');
  await expectDrawn(figure, new RegExp(`^Histogram of the tempos of your ${withTempo} tracks, with the tempos that fit your cadence of \\d+–\\d+ steps/min shaded`));
  await expect(options.getByTestId('music-words')).toContainText(`of your ${withTempo} tracks with a known tempo fit your usual cadence`);
  const bins = await tableRows(figure);
  expect(bins.reduce((sum, cells) => sum + Number(cells[1]), 0)).toBe(withTempo);
  const fitting = Number(/^(\d+) of your/.exec((await options.getByTestId('music-words').textContent())!)![1]);
  expect(bins.reduce((sum, cells) => sum + Number(cells[2]), 0)).toBe(fitting);
  await screenshot(options, 'music');

  const popup = await openExtensionPage('popup.html');
  await popup.getByRole('button', { name: 'Generate playlist' }).click();
  await expect(popup.getByTestId('generation-status')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const made = music.playlists[0]!;
  await openSection(options, 'playlists');
  const chart = options.getByRole('img', { name: `Tempo chart of “${made.name}”: each track’s tempo against the run’s target` });
  await expect(chart).toBeVisible();
  await options.getByText('Track by track').first().click();
  await expect(options.locator('.rs-chart-details').first().locator('tbody tr')).toHaveCount(made.uris.length);
  await screenshot(options, 'playlists');
});
