import type { Locator, Page } from '@playwright/test';
import { FAKE_CLIENT_ID } from '../fixtures/spotify';
import { activityPageHtml, dashboardHtml, routePageHtml, type FakeActivity } from '../fixtures/strava-pages';
import { expect, test, type StravaSite } from './extension';

const tempo: FakeActivity = { id: '111', name: 'Tuesday tempo', distanceMeters: 10_000, movingTimeSeconds: 3070, elevationGainMeters: 42 };
const longRun: FakeActivity = { id: '222', name: 'Sunday long run', distanceMeters: 21_100, movingTimeSeconds: 7596, elevationGainMeters: 180 };

function serveActivity(strava: StravaSite, activity: FakeActivity) {
  const html = activityPageHtml(activity);
  for (const view of ['', '/overview', '/analysis']) strava.set(`/activities/${activity.id}${view}`, html);
}

test.beforeEach(({ strava }) => {
  strava.set('/dashboard', dashboardHtml());
});

const panels = (page: Page) => page.locator('runsound-panel');
/** The page's entry names what it does; "Generate playlist" is the action inside. */
const ENTRY = { activity: 'Music for a run like this', route: 'Music for this route', plan: 'Plan a run’s music' } as const;
const openPanel = async (page: Page, entry: string = ENTRY.activity) => {
  await page.getByRole('button', { name: entry }).click();
  return page.getByRole('dialog', { name: 'RunSound' });
};
/** Whether the whole of `target` is inside the page's viewport. */
async function inViewport(page: Page, target: Locator): Promise<boolean> {
  const box = await target.boundingBox();
  const viewport = page.viewportSize()!;
  return box !== null && box.y >= 0 && box.x >= 0 && box.y + box.height <= viewport.height && box.x + box.width <= viewport.width;
}

test('an activity page gets one button next to its stats, and the panel plans a run like it', async ({ context, strava }) => {
  serveActivity(strava, tempo);
  const page = await context.newPage();
  await page.goto('https://www.strava.com/activities/111');

  await expect(panels(page)).toHaveCount(1);
  // Anchored right after Strava's stats list, where Elevate puts its panel too.
  expect(await panels(page).evaluate((host) => host.previousElementSibling?.matches('ul.inline-stats.section'))).toBe(true);

  const statsBefore = await page.locator('ul.inline-stats.section').boundingBox();
  const panel = await openPanel(page);
  await expect(panel.getByTestId('planner-note')).toHaveText('A run like “Tuesday tempo”: 10.0 km at 5:07/km.');
  await expect(panel.getByLabel('Run type')).toHaveValue('tempo');
  await expect(panel.getByLabel(/Target pace/)).toHaveValue('5:07');
  await expect(panel.getByLabel(/Distance/)).toHaveValue('10.0');
  await expect(panel.getByTestId('tempo-bpm')).toHaveText(/^\d{3}$/);
  await expect(panel.getByTestId('profile-line')).toHaveText(/^\d{3} BPM · (Low|Moderate|High) energy · \w+$/);
  await expect(panel.getByTestId('profile-source').first()).toHaveText('research prior');
  // The answer and the action inside are in view as the panel opens.
  await expect(panel.getByRole('button', { name: 'Generate playlist' })).toBeVisible();
  expect(await inViewport(page, panel.getByTestId('profile-line'))).toBe(true);
  expect(await inViewport(page, panel.getByRole('button', { name: 'Generate playlist' }))).toBe(true);
  // The panel opens over the page: Strava's own layout does not move.
  expect(await page.locator('ul.inline-stats.section').boundingBox()).toEqual(statsBefore);
  await page.screenshot({ path: 'tests/artifacts/activity-panel.png' });

  // Editing in the panel updates the profile, through the background, like the popup.
  const bpm = await panel.getByTestId('tempo-bpm').textContent();
  await panel.getByLabel(/Target pace/).fill('4:00');
  await expect(panel.getByTestId('tempo-bpm')).not.toHaveText(bpm!);
});

test('a sub-view of an activity gets the panel too', async ({ context, strava }) => {
  serveActivity(strava, tempo);
  const page = await context.newPage();
  await page.goto('https://www.strava.com/activities/111/analysis');
  await expect(panels(page)).toHaveCount(1);
});

test('a route page pre-fills the route distance and reports its climb', async ({ context, strava }) => {
  strava.set('/routes/9', routePageHtml({ id: '9', name: 'Lakeside loop', distanceText: '12.34 km', elevationGainText: '156 m' }));
  const page = await context.newPage();
  await page.goto('https://www.strava.com/routes/9');

  await expect(panels(page)).toHaveCount(1);
  const panel = await openPanel(page, ENTRY.route);
  await expect(panel.getByTestId('planner-note')).toHaveText('A run of “Lakeside loop”: 12.3 km with 156 m of climbing. Choose your type and pace.');
  await expect(panel.getByLabel(/Distance/)).toHaveValue('12.3');
  await expect(panel.getByLabel('Run type')).toHaveValue('easy');
  await page.screenshot({ path: 'tests/artifacts/route-panel.png' });
});

test('a route page plans the forecast for the route start, from its GPX', async ({ context, strava }) => {
  strava.set('/routes/9', routePageHtml({ id: '9', name: 'Lakeside loop', distanceText: '12.34 km', elevationGainText: '156 m' }));
  strava.set('/routes/9/export_gpx', '<?xml version="1.0"?><gpx version="1.1" creator="StravaGPX"><trk><name>Lakeside loop</name><trkseg><trkpt lat="45.1901" lon="5.7203"><ele>212.0</ele></trkpt></trkseg></trk></gpx>');
  const page = await context.newPage();
  await page.goto('https://www.strava.com/routes/9');
  const panel = await openPanel(page, ENTRY.route);
  await expect(panel.getByTestId('planner-note')).toContainText('The forecast is for its start.');
  await expect(panel.getByTestId('weather-forecast')).toContainText(/Forecast: -?\d+ °C/);
});

test('client-side navigation between two activities leaves exactly one panel, for the new activity', async ({ context, strava }) => {
  serveActivity(strava, tempo);
  serveActivity(strava, longRun);
  const page = await context.newPage();
  await page.goto('https://www.strava.com/activities/111');
  await expect(panels(page)).toHaveCount(1);

  await page.evaluate(() => (window as unknown as { fakeStravaNavigate: (path: string) => Promise<void> }).fakeStravaNavigate('/activities/222'));
  await expect(page).toHaveURL(/\/activities\/222$/);
  await expect(panels(page)).toHaveCount(1);
  const panel = await openPanel(page);
  await expect(panel.getByTestId('planner-note')).toHaveText('A run like “Sunday long run”: 21.1 km at 6:00/km.');
  await expect(panel.getByLabel('Run type')).toHaveValue('long');
  await expect(panels(page)).toHaveCount(1);

  // And on to a page RunSound does not know: the panel goes.
  strava.set('/athlete/training', dashboardHtml());
  await page.evaluate(() => (window as unknown as { fakeStravaNavigate: (path: string) => Promise<void> }).fakeStravaNavigate('/athlete/training'));
  await expect(page).toHaveURL(/\/athlete\/training$/);
  await expect(panels(page)).toHaveCount(0);
});

test('pages RunSound does not know get no panel', async ({ context, strava }) => {
  strava.set('/routes/new', dashboardHtml());
  const page = await context.newPage();
  strava.set('/athlete/training', dashboardHtml());
  strava.set('/segments/123', dashboardHtml());
  for (const path of ['/routes/new', '/athlete/training', '/segments/123']) {
    await page.goto(`https://www.strava.com${path}`);
    // Give the content script time to have acted if it were going to.
    await page.waitForTimeout(1000);
    await expect(panels(page)).toHaveCount(0);
  }
});

test('when Strava moved its stats, the button floats in a corner and still works', async ({ context, strava }) => {
  strava.set('/activities/333', activityPageHtml({ ...tempo, id: '333' }).replace(/<ul class="inline-stats section">[\s\S]*?<\/ul>/, ''));
  const page = await context.newPage();
  await page.goto('https://www.strava.com/activities/333');

  await expect(panels(page)).toHaveCount(1);
  expect(await panels(page).evaluate((host) => host.parentElement?.tagName)).toBe('BODY');
  const panel = await openPanel(page);
  // The numbers still come from the page's inline scripts.
  await expect(panel.getByLabel(/Distance/)).toHaveValue('10.0');
});

test('the panel works from the keyboard alone', async ({ context, strava }) => {
  serveActivity(strava, tempo);
  const page = await context.newPage();
  await page.goto('https://www.strava.com/activities/111');
  const button = page.getByRole('button', { name: ENTRY.activity });
  await expect(button).toBeVisible();

  await button.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('dialog', { name: 'RunSound' });
  await expect(panel.getByLabel('Run type')).toBeFocused();
  await expect(button).toHaveAttribute('aria-expanded', 'true');

  await page.keyboard.press('Tab');
  await expect(panel.getByLabel(/Target pace/)).toBeFocused();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('4:45');
  await expect(panel.getByLabel(/Target pace/)).toHaveValue('4:45');

  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(button).toBeFocused();
});

test('the dashboard and the training calendar get a compact "Plan a run’s music" entry that opens the planner', async ({ context, strava }) => {
  strava.set('/athlete/calendar/2026', dashboardHtml());
  const page = await context.newPage();
  for (const path of ['/dashboard', '/athlete/calendar/2026']) {
    await page.goto(`https://www.strava.com${path}`);
    await expect(panels(page)).toHaveCount(1);
    await page.getByRole('button', { name: ENTRY.plan }).click();
    const panel = page.getByRole('dialog', { name: 'RunSound' });
    await expect(panel.getByTestId('planner-note')).toHaveText('Plan your next run.');
    await expect(panel.getByTestId('tempo-bpm')).toHaveText(/^\d{3}$/);
    await page.screenshot({ path: `tests/artifacts/${path === '/dashboard' ? 'dashboard' : 'calendar'}-panel.png` });
  }
});

test('an activity page shows a one-line summary of the music profile before the panel is opened', async ({ context, strava }) => {
  serveActivity(strava, tempo);
  const page = await context.newPage();
  await page.goto('https://www.strava.com/activities/111');
  await expect(page.getByTestId('panel-summary')).toHaveText(/^\d{3} BPM · (Low|Moderate|High) energy · (Moody|Neutral|Upbeat|Joyful)$/);
});

test('the panel is a modal dialog: Tab stays inside, Escape and a click outside close it and give the focus back to the entry', async ({ context, strava }) => {
  serveActivity(strava, tempo);
  const page = await context.newPage();
  await page.goto('https://www.strava.com/activities/111');
  const entry = page.getByRole('button', { name: ENTRY.activity });
  const panel = await openPanel(page);
  await expect(panel).toHaveAttribute('aria-modal', 'true');
  await expect(panel.getByTestId('tempo-bpm')).toHaveText(/^\d{3}$/);
  // Centred over the page.
  const box = (await panel.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(Math.abs(box.x + box.width / 2 - viewport.width / 2)).toBeLessThan(2);

  const insidePanel = () =>
    panel.evaluate((dialog) => {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return dialog.contains(active);
    });
  // From the last stop (the pinned "Generate playlist"), Tab goes round to the first; Shift+Tab back.
  await panel.getByRole('button', { name: 'Generate playlist' }).focus();
  await page.keyboard.press('Tab');
  expect(await insidePanel()).toBe(true);
  await expect(panel.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(panel.getByRole('button', { name: 'Generate playlist' })).toBeFocused();

  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(entry).toBeFocused();

  // A click on the page around it closes it too; a click inside does not.
  await openPanel(page);
  await panel.getByTestId('profile-line').click();
  await expect(panel).toBeVisible();
  await page.mouse.click(5, viewport.height - 5);
  await expect(panel).toHaveCount(0);
  await expect(entry).toBeFocused();
});


test('the panel shows only the playlist made for the plan on screen, never the last one made for another run', async ({ context, openExtensionPage, music, strava }) => {
  test.setTimeout(60_000);
  serveActivity(strava, tempo);
  const options = await openExtensionPage('options.html#settings');
  await options.getByLabel('Client ID').fill(FAKE_CLIENT_ID);
  await options.getByRole('button', { name: 'Connect' }).click();
  await expect(options.getByTestId('spotify-status')).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });

  // The popup's easy run gets its playlist.
  const popup = await openExtensionPage('popup.html');
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.getByRole('button', { name: 'Generate playlist' }).click();
  await expect(popup.getByTestId('playlist-card')).toBeVisible({ timeout: 30_000 });
  // The card came into view above the pinned action.
  await expect(popup.getByTestId('playlist-facts')).toBeInViewport();
  await popup.screenshot({ path: 'tests/artifacts/popup-playlist-card.png' });
  const easy = music.playlists[0]!.name;
  await expect(popup.getByTestId('playlist-card')).toContainText(easy);
  await expect(popup.getByTestId('playlist-facts')).toHaveText(/^\d+ min · \d+ of \d+ tracks on the beat$/);
  // No request budgets in the runner's face.
  await expect(popup.getByText(/requests? to Spotify/)).toHaveCount(0);

  // A tempo run on Strava: that easy playlist is not its own.
  const page = await context.newPage();
  await page.goto('https://www.strava.com/activities/111');
  const panel = await openPanel(page);
  await expect(panel.getByTestId('tempo-bpm')).toHaveText(/^\d{3}$/);
  await page.waitForTimeout(1000);
  await expect(panel.getByTestId('playlist-card')).toHaveCount(0);
  await expect(panel.getByTestId('generation-status')).toHaveAttribute('data-state', 'idle');
  await expect(panel).not.toContainText(easy);

  // Its own, once made, with its steps on the way.
  await panel.getByRole('button', { name: 'Generate playlist' }).click();
  await expect(panel.getByTestId('playlist-card')).toBeVisible({ timeout: 30_000 });
  const tempoRun = music.playlists[1]!.name;
  await expect(panel.getByTestId('playlist-card')).toContainText(tempoRun);
  await expect(panel).not.toContainText(easy);
  await expect(panel.getByRole('img', { name: /Tempo chart/ })).toBeVisible();
  await page.screenshot({ path: 'tests/artifacts/activity-panel-playlist.png' });

  // The panel planned like the popup's run shows that run's playlist again; the popup kept its own.
  await panel.getByLabel('Run type').selectOption('easy');
  await panel.getByLabel(/Target pace/).fill('6:00');
  await panel.getByLabel(/Distance/).fill('8');
  await panel.getByLabel('Start').fill(await popup.getByLabel('Start').inputValue());
  await expect(panel.getByTestId('playlist-card')).toContainText(easy);
  await expect(panel).not.toContainText(tempoRun);
  await popup.reload();
  await expect(popup.getByTestId('playlist-card')).toContainText(easy);
});
