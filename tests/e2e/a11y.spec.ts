/**
 * axe-core on every screen a runner sees, light and dark: the popup, each section of the
 * dashboard, and the panel open on a Strava activity page. No critical or serious violation
 * passes; the failure message lists each one (rule, element, what is wrong).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { FAKE_CLIENT_ID } from '../fixtures/spotify';
import { activityPageHtml, dashboardHtml } from '../fixtures/strava-pages';
import { fakeHistory } from '../fixtures/strava-session';
import { expect, openSection, test, type DashboardSection } from './extension';

type Scheme = 'light' | 'dark';
const SCHEMES: readonly Scheme[] = ['light', 'dark'];

/** The dashboard's sections, by address (RULES: one <section id> with an h2 each). */
const SECTIONS: readonly DashboardSection[] = ['overview', 'training', 'model', 'music', 'runs', 'playlists', 'settings', 'data'];

/** axe's critical and serious violations of `include` (the whole page by default), one line per element. */
async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  if (include) builder.include(include);
  const results = await builder.analyze();
  // axe really looked: rules passed on what it was given.
  expect(results.passes.length, 'axe checked nothing').toBeGreaterThan(0);
  return results.violations
    .filter((violation) => violation.impact === 'critical' || violation.impact === 'serious')
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `${violation.impact} ${violation.id} at ${JSON.stringify(node.target)}: ${(node.failureSummary ?? violation.help).replace(/\s+/g, ' ').trim()}`,
      ),
    );
}

/** Opens a section of the dashboard from its nav and waits for what it reads to arrive. */
async function showSection(options: Page, section: DashboardSection): Promise<void> {
  await openSection(options, section);
  await options.waitForLoadState('networkidle');
  await options.waitForTimeout(300);
}

async function expectNoSeriousViolations(page: Page, where: string, include?: string): Promise<void> {
  const violations = await seriousViolations(page, include);
  expect(violations, `${where}:\n${violations.join('\n')}`).toEqual([]);
}

for (const scheme of SCHEMES) {
  test.describe(`${scheme} mode`, () => {
    test(`the popup has no serious accessibility problem (${scheme})`, async ({ context, extensionId }) => {
      const popup = await context.newPage();
      await popup.emulateMedia({ colorScheme: scheme });
      await popup.setViewportSize({ width: 380, height: 600 });
      await popup.goto(`chrome-extension://${extensionId}/popup.html`);
      await expect(popup.getByTestId('tempo-bpm')).toHaveText(/^\d{3}$/);
      await expectNoSeriousViolations(popup, `popup, ${scheme}`);
    });

    test(`the privacy policy has no serious accessibility problem (${scheme})`, async ({ context, extensionId }) => {
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`chrome-extension://${extensionId}/privacy.html`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('RunSound’s privacy policy');
      await expectNoSeriousViolations(page, `privacy policy, ${scheme}`);
    });

    // A new runner's dashboard: every section's empty state.
    for (const section of SECTIONS) {
      test(`the dashboard's ${section} section has no serious accessibility problem (${scheme})`, async ({ context, extensionId }) => {
        const options = await context.newPage();
        await options.emulateMedia({ colorScheme: scheme });
        await options.goto(`chrome-extension://${extensionId}/options.html#${section}`);
        await expect(options.locator(`section#${section} h2`).first(), `options.html#${section} shows its section`).toBeVisible();
        // Whatever the section reads from storage has arrived.
        await options.waitForLoadState('networkidle');
        await expectNoSeriousViolations(options, `options.html#${section}, ${scheme}`);
      });
    }

    test(`the panel open on a Strava activity has no serious accessibility problem and stays light (${scheme})`, async ({ context, strava }) => {
      strava.set('/dashboard', dashboardHtml());
      const html = activityPageHtml({ id: '111', name: 'Tuesday tempo', distanceMeters: 10_000, movingTimeSeconds: 3070, elevationGainMeters: 42 });
      strava.set('/activities/111', html);
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('https://www.strava.com/activities/111');
      // The panel's entry is its first button (its words are the panel's own).
      await page.locator('runsound-panel').getByRole('button').first().click();
      const dialog = page.getByRole('dialog', { name: 'RunSound' });
      await expect(dialog.getByTestId('tempo-bpm')).toHaveText(/^\d{3}$/);
      // Strava's white look, in a dark system too (the page does see the dark system): the sheet is white with dark text.
      expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(scheme === 'dark');
      const colours = await dialog.evaluate((sheet) => {
        const style = getComputedStyle(sheet);
        return { background: style.backgroundColor, text: style.color };
      });
      expect(colours).toEqual({ background: 'rgb(255, 255, 255)', text: 'rgb(36, 36, 40)' });
      await expectNoSeriousViolations(page, `panel on a Strava activity, ${scheme}`, 'runsound-panel');
    });
  });
}

test('every screen with a history, a model, Spotify and a playlist, light and dark', async ({ context, extensionId, strava, stravaSession, music }) => {
  test.setTimeout(120_000);
  void strava;
  void music;
  stravaSession.history = fakeHistory(18);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html#model`);
  await expect(options.getByTestId('active-model')).toContainText('learned from', { timeout: 60_000 });
  await showSection(options, 'settings');
  await options.getByLabel('Client ID').fill(FAKE_CLIENT_ID);
  await options.getByRole('button', { name: 'Connect' }).click();
  await expect(options.getByTestId('spotify-status')).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await popup.getByRole('button', { name: 'Generate playlist' }).click();
  await expect(popup.getByTestId('generation-status')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await showSection(options, 'music');
  await expect(options.getByTestId('library-status')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });

  // Every screen, then the list of what is wrong on each: one failure names them all.
  const problems: string[] = [];
  for (const scheme of SCHEMES) {
    await popup.emulateMedia({ colorScheme: scheme });
    problems.push(...(await seriousViolations(popup)).map((line) => `popup, ${scheme}: ${line}`));
    await options.emulateMedia({ colorScheme: scheme });
    for (const section of SECTIONS) {
      await showSection(options, section);
      if (section === 'runs') await expect(options.getByTestId('run-16000000000')).toBeVisible();
      problems.push(...(await seriousViolations(options)).map((line) => `options.html#${section}, ${scheme}: ${line}`));
    }
  }
  expect(problems, problems.join('\n')).toEqual([]);
});
