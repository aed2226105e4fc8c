/**
 * The runner's main paths with the keyboard alone (page.keyboard only, no clicks): the first run
 * on the dashboard, the planner in the popup, and the panel on a Strava activity page.
 */
import type { Locator, Page } from '@playwright/test';
import { FAKE_CLIENT_ID } from '../fixtures/spotify';
import { activityPageHtml, dashboardHtml } from '../fixtures/strava-pages';
import { fakeHistory } from '../fixtures/strava-session';
import { expect, test } from './extension';

/** The element with the keyboard's focus, through open shadow roots, in words: "BUTTON Generate playlist". */
function focusedInWords(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active || active === document.body) return 'nothing';
    const labelled = active.getAttribute('aria-label') ?? (active as HTMLInputElement).labels?.[0]?.textContent ?? active.textContent ?? '';
    return `${active.tagName} ${labelled.replace(/\s+/g, ' ').trim().slice(0, 60)}`;
  });
}

/** Whether `target` has the keyboard's focus (through open shadow roots). */
async function isFocused(target: Locator): Promise<boolean> {
  if (!(await target.count())) return false;
  return target.first().evaluate((element) => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active === element;
  });
}

/** Presses Tab until `target` has the focus; fails, naming every stop on the way, after `most` presses. */
async function tabTo(page: Page, target: Locator, most = 40): Promise<void> {
  const stops: string[] = [];
  for (let presses = 0; presses < most; presses++) {
    if (await isFocused(target)) return;
    await page.keyboard.press('Tab');
    stops.push(await focusedInWords(page));
  }
  if (!(await isFocused(target))) throw new Error(`Tab never reached ${target}; it stopped on:\n${stops.join('\n')}`);
}

test('the first run from the keyboard: Strava synced, Spotify connected, a run planned, the steps shown again and put away', async ({
  context,
  extensionId,
  strava,
  stravaSession,
  music,
}) => {
  void strava;
  void music;
  // The runner is not logged in to strava.com yet.
  stravaSession.history = fakeHistory(6);
  stravaSession.options.loggedOut = 'login-page';
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const steps = options.getByTestId('first-run');
  await expect(steps).toBeVisible();
  const step = (id: string) => options.getByTestId(`first-run-${id}`);
  await expect(step('strava')).toHaveAttribute('data-done', 'false');

  // 1. Strava: Sync now finds the runner logged out and offers strava.com's login; once logged in there, Sync now again.
  const syncNow = steps.getByRole('button', { name: 'Sync now' });
  await expect(syncNow).toBeVisible({ timeout: 15_000 });
  await tabTo(options, syncNow);
  await options.keyboard.press('Enter');
  const login = steps.getByRole('link', { name: /Log in to strava\.com/ });
  await expect(login).toBeVisible({ timeout: 15_000 });
  await tabTo(options, login);
  stravaSession.options.loggedOut = undefined;
  await tabTo(options, syncNow, 5);
  await options.keyboard.press('Enter');
  await expect(step('strava')).toHaveAttribute('data-done', 'true', { timeout: 20_000 });

  // 2. Spotify: the Client ID typed, Connect pressed.
  await tabTo(options, steps.getByLabel('Client ID'));
  await options.keyboard.type(FAKE_CLIENT_ID);
  await tabTo(options, steps.getByRole('button', { name: 'Connect' }), 10);
  await options.keyboard.press('Enter');
  await expect(step('spotify')).toHaveAttribute('data-done', 'true', { timeout: 15_000 });

  // 3. A run planned in the popup.
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await tabTo(popup, popup.getByLabel(/Distance/));
  await popup.keyboard.press('ControlOrMeta+A');
  await popup.keyboard.type('14');
  // All three done: the steps put themselves away, and the Overview offers them again.
  await expect(steps).toHaveCount(0);
  await options.bringToFront();
  await tabTo(options, options.getByRole('link', { name: 'Show the getting-started steps' }), 60);
  await options.keyboard.press('Enter');
  for (const id of ['strava', 'spotify', 'plan']) await expect(step(id)).toHaveAttribute('data-done', 'true');
  await tabTo(options, steps.getByRole('button', { name: 'Hide these steps' }));
  await options.keyboard.press('Enter');
  await expect(steps).toHaveCount(0);
});

test('the planner from the keyboard: fields in order, a plan typed, Generate playlist pressed (without Spotify: Open settings)', async ({
  context,
  extensionId,
}) => {
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.getByTestId('tempo-bpm')).toHaveText(/^\d{3}$/);

  // The fields, in the order a runner fills them.
  await tabTo(popup, popup.getByLabel('Run type'));
  await popup.keyboard.type('Tempo');
  await expect(popup.getByLabel('Run type')).toHaveValue('tempo');
  await popup.keyboard.press('Tab');
  await expect(popup.getByLabel(/Target pace/)).toBeFocused();
  await popup.keyboard.press('ControlOrMeta+A');
  await popup.keyboard.type('4:50');
  await popup.keyboard.press('Tab');
  await expect(popup.getByLabel(/Distance/)).toBeFocused();
  await popup.keyboard.press('ControlOrMeta+A');
  await popup.keyboard.type('12');
  await expect(popup.getByLabel(/Target pace/)).toHaveValue('4:50');
  await expect(popup.getByLabel(/Distance/)).toHaveValue('12');
  // 4:50/km: the profile follows the typed plan.
  await expect(popup.getByTestId('tempo-bpm')).not.toHaveText('159');

  const generate = popup.getByRole('button', { name: 'Generate playlist' });
  await tabTo(popup, generate);
  await popup.keyboard.press('Enter');
  // Spotify is not connected: the popup offers the way there, and Enter takes it.
  const openSettings = popup.getByRole('button', { name: 'Open settings' }).or(popup.getByRole('link', { name: 'Open settings' }));
  await expect(openSettings).toBeVisible();
  await tabTo(popup, openSettings, 10);
  const dashboard = context.waitForEvent('page');
  await popup.keyboard.press('Enter');
  await expect(await dashboard).toHaveURL(/options\.html/);
});

test('the panel from the keyboard: Tab to its entry, Enter opens it, Tab stays inside, Escape closes it and gives the focus back', async ({
  context,
  strava,
}) => {
  strava.set('/dashboard', dashboardHtml());
  strava.set('/activities/111', activityPageHtml({ id: '111', name: 'Tuesday tempo', distanceMeters: 10_000, movingTimeSeconds: 3070, elevationGainMeters: 42 }));
  const page = await context.newPage();
  await page.goto('https://www.strava.com/activities/111');
  // The panel's entry is its first button (its words are the panel's own).
  const entry = page.locator('runsound-panel').getByRole('button').first();
  await expect(entry).toBeVisible();

  await tabTo(page, entry, 60);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'RunSound' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('tempo-bpm')).toHaveText(/^\d{3}$/);
  const insideDialog = () => dialog.evaluate((element) => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return element.contains(active);
  });
  expect(await insideDialog(), `the focus is in the dialog, not on ${await focusedInWords(page)}`).toBe(true);

  // Round the dialog, past its end and back to where it started: the focus never leaves it.
  const first = await focusedInWords(page);
  let cameBack = false;
  for (let presses = 1; presses <= 80 && !cameBack; presses++) {
    await page.keyboard.press('Tab');
    expect(await insideDialog(), `Tab ${presses} left the dialog for ${await focusedInWords(page)}`).toBe(true);
    cameBack = presses > 1 && (await focusedInWords(page)) === first;
  }
  expect(cameBack, `Tab goes round the dialog back to ${first}`).toBe(true);
  for (let presses = 0; presses < 4; presses++) {
    await page.keyboard.press('Shift+Tab');
    expect(await insideDialog(), `Shift+Tab left the dialog for ${await focusedInWords(page)}`).toBe(true);
  }

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(await isFocused(entry), `the focus is back on the entry, not on ${await focusedInWords(page)}`).toBe(true);
});
