/**
 * axe-core on every screen a runner sees, light and dark: the popup, each section of the
 * dashboard, and the panel open on a Strava activity page. No critical or serious violation
 * passes; the failure message lists each one (rule, element, what is wrong).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { activityPageHtml, dashboardHtml } from '../fixtures/strava-pages';
import { expect, test } from './extension';

type Scheme = 'light' | 'dark';
const SCHEMES: readonly Scheme[] = ['light', 'dark'];

/** The dashboard's sections, by address (RULES: one <section id> with an h2 each). */
const SECTIONS = ['overview', 'training', 'model', 'music', 'runs', 'playlists', 'settings', 'data'] as const;

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

    for (const section of SECTIONS) {
      test(`the dashboard's ${section} section has no serious accessibility problem (${scheme})`, async ({ context, extensionId }) => {
        const options = await context.newPage();
        await options.emulateMedia({ colorScheme: scheme });
        await options.goto(`chrome-extension://${extensionId}/options.html#${section}`);
        await expect(options.locator('h1, h2').first()).toBeVisible();
        const shown = options.locator(`section#${section}`);
        if (await shown.count()) {
          await expect(shown.locator('h2').first()).toBeVisible();
        } else {
          // Until the dashboard has this section, its address shows the page as it is: that is checked.
          test.info().annotations.push({ type: 'missing section', description: `options.html#${section} has no <section id="${section}">: checked the page as it is` });
        }
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
      // Strava's white look, in a dark system too: the sheet is white with dark text.
      const colours = await dialog.evaluate((sheet) => {
        const style = getComputedStyle(sheet);
        return { background: style.backgroundColor, text: style.color };
      });
      expect(colours).toEqual({ background: 'rgb(255, 255, 255)', text: 'rgb(36, 36, 40)' });
      await expectNoSeriousViolations(page, `panel on a Strava activity, ${scheme}`, 'runsound-panel');
    });
  });
}
