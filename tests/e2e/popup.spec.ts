import type { Locator, Page } from '@playwright/test';
import { expect, test } from './extension';

/** Whether the whole of `target` is inside the page's viewport, where the runner sees it without scrolling. */
async function inViewport(page: Page, target: Locator): Promise<boolean> {
  const box = await target.boundingBox();
  const viewport = page.viewportSize()!;
  return box !== null && box.y >= 0 && box.x >= 0 && box.y + box.height <= viewport.height && box.x + box.width <= viewport.width;
}

async function openPopup(context: import('@playwright/test').BrowserContext, extensionId: string): Promise<Page> {
  const popup = await context.newPage();
  // The size of Chrome's largest popup.
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  return popup;
}

test('the popup leads with its answer: the profile in one line and Generate playlist, both in view without scrolling', async ({ context, extensionId }) => {
  const popup = await openPopup(context, extensionId);
  await expect(popup.getByLabel('Run type')).toHaveValue('easy');
  await expect(popup.getByLabel(/Target pace/)).toHaveValue('6:00');
  await expect(popup.getByLabel(/Distance/)).toHaveValue('8.0');
  // 6:00/km is 2.78 m/s: 157 + 12 × (2.78 − 2.65) ≈ 159 steps/min; an easy run is low-energy, upbeat music.
  await expect(popup.getByTestId('profile-line')).toHaveText('159 BPM · Low energy · Upbeat');
  await expect(popup.getByTestId('profile-source').first()).toHaveText('research prior');

  const generate = popup.getByRole('button', { name: 'Generate playlist' });
  expect(await inViewport(popup, popup.getByTestId('profile-line'))).toBe(true);
  expect(await inViewport(popup, generate)).toBe(true);
  // The reasons wait behind "Why?".
  await expect(popup.getByTestId('profile-why')).toBeHidden();
  await popup.screenshot({ path: 'tests/artifacts/popup.png' });

  // Scrolled to the end, the action is still there.
  await popup.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  expect(await inViewport(popup, generate)).toBe(true);
});

test('"Why?" opens the honest reasons: where each number comes from, how good that is, what set it, and what valence means', async ({ context, extensionId }) => {
  const popup = await openPopup(context, extensionId);
  const why = popup.getByRole('button', { name: 'Why?' });
  await expect(why).toHaveAttribute('aria-expanded', 'false');
  await why.click();
  await expect(why).toHaveAttribute('aria-expanded', 'true');
  const reasons = popup.getByTestId('profile-why');
  await expect(reasons).toBeVisible();
  const tempo = popup.getByTestId('profile-tempo');
  await expect(tempo).toContainText('159 BPM');
  await expect(popup.getByTestId('tempo-half')).toHaveText('80');
  await expect(reasons).toContainText('All three come from research on runners, not yet from your own runs');
  await expect(tempo).toContainText('runners typically take about 159 steps per minute');
  await expect(popup.getByTestId('profile-energy')).toContainText('Low energy (45 / 100)');
  await expect(popup.getByTestId('profile-energy')).toContainText('An easy run calls for low-energy music.');
  await expect(popup.getByTestId('profile-valence')).toContainText('How positive the music sounds (its valence)');
  await expect(popup.getByTestId('profile-tempo').getByTestId('profile-source')).toHaveText('prior');
  await popup.screenshot({ path: 'tests/artifacts/popup-why.png' });

  await why.press('Enter');
  await expect(reasons).toBeHidden();
});

test('the profile follows the plan as the runner edits it, a screen reader hears only what changed, and bad paces are refused in plain words', async ({
  context,
  extensionId,
}) => {
  const popup = await openPopup(context, extensionId);
  const pace = popup.getByLabel(/Target pace/);
  await expect(popup.getByTestId('tempo-bpm')).toHaveText('159');
  // The profile itself is no live region: one short status speaks.
  await expect(popup.locator('[aria-live], [role="status"]').filter({ hasText: 'BPM' })).toHaveCount(0);

  await pace.fill('5:7');
  await expect(popup.getByTestId('error-pace')).toHaveText('Seconds need two digits: write 5:07, not 5:7.');
  await expect(pace).toHaveAttribute('aria-invalid', 'true');

  await pace.fill('-1');
  await expect(popup.getByTestId('error-pace')).toContainText('minutes:seconds');

  await pace.fill('4:30/km');
  await expect(popup.getByTestId('error-pace')).toHaveCount(0);
  // 4:30/km is 3.70 m/s: 157 + 12 × 0.85 + 5.6 × 0.20 ≈ 168 steps/min.
  await expect(popup.getByTestId('tempo-bpm')).toHaveText('168');
  await expect(popup.getByTestId('profile-change')).toHaveText('Tempo 168 BPM');
  await expect(popup.getByTestId('profile-change')).toHaveAttribute('role', 'status');

  await popup.getByLabel('Run type').selectOption('interval');
  await expect(popup.getByTestId('profile-line')).toHaveText('168 BPM · High energy · Upbeat');
  await expect(popup.getByTestId('profile-change')).toHaveText('High energy');
  await expect(popup.getByTestId('profile-energy')).toContainText('(85 / 100)');

  await popup.getByLabel(/Distance/).fill('0');
  await expect(popup.getByTestId('error-distance')).toHaveText('A run needs to be at least 0.1 km long.');
});

test('the plan survives closing the popup', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await popup.getByLabel(/Target pace/).fill('5:15');
  await popup.getByLabel(/Distance/).fill('12');
  await popup.getByLabel('Run type').selectOption('tempo');
  await expect(popup.getByTestId('tempo-bpm')).not.toHaveText('159');
  await popup.close();

  const again = await openExtensionPage('popup.html');
  await expect(again.getByLabel(/Target pace/)).toHaveValue('5:15');
  await expect(again.getByLabel(/Distance/)).toHaveValue('12.0');
  await expect(again.getByLabel('Run type')).toHaveValue('tempo');
});

test('choosing miles in the settings switches the planner to miles and min/mi', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html#settings');
  await options.getByRole('radio', { name: /Miles/ }).check();

  const popup = await openExtensionPage('popup.html');
  await expect(popup.getByLabel('Target pace (min/mi)')).toHaveValue('9:39');
  await expect(popup.getByLabel('Distance (mi)')).toHaveValue('5.0');
  await expect(popup.getByTestId('profile-tempo')).toContainText('9:39/mi');

  await options.getByRole('radio', { name: /Kilometres/ }).check();
  await expect(popup.getByLabel('Target pace (min/km)')).toHaveValue('6:00');
});

test('the popup says how many runs are stored and offers the sync it speaks of; its links land on the section they name', async ({ context, extensionId }) => {
  const popup = await openPopup(context, extensionId);
  const history = popup.getByTestId('history-line');
  await expect(history).toContainText('runs stored in this browser.');
  // Whatever the line says of syncing, the button is there.
  const sync = popup.getByTestId('sync-now');
  if (/sync/i.test((await history.textContent()) ?? '')) await expect(sync).toBeVisible();

  const links = await popup.locator('a[href*="options.html"]').evaluateAll((anchors) => anchors.map((anchor) => new URL((anchor as HTMLAnchorElement).href).hash));
  expect(links.length).toBeGreaterThan(0);
  for (const hash of links) expect(hash).toMatch(/^#(overview|training|model|music|runs|playlists|settings|data)$/);
  const opened = context.waitForEvent('page');
  await popup.getByRole('link', { name: 'Settings' }).click();
  await expect(await opened).toHaveURL(/options\.html#settings$/);
});
