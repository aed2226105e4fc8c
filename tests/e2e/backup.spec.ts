/**
 * Carrying a whole history to another browser in one file, as a runner does: some data (a
 * small Strava export imported), "Back up everything" (the download caught), then a fresh
 * browser profile: the file chosen, what it holds shown, Replace confirmed, and the runs there.
 */
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENING_RUN, exportCsv, exportRow } from '../fixtures/import/strava-export';
import { openMeteoAnswer } from '../fixtures/open-meteo';
import { expect, launchWithRunSound, test } from './extension';

/** An export of `runs` runs, a day apart. */
function exportFile(runs: number): string {
  const rows: string[][] = [];
  for (let i = 0; i < runs; i++) {
    const date = new Date(Date.UTC(2025, 0, 1 + i, 7, 30));
    const text = date.toLocaleString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' });
    rows.push(exportRow({ ...EVENING_RUN, 'Activity ID': String(9_000_000_000 + i), 'Activity Date': text, 'Activity Name': i === 3 ? 'Tempo Tuesday' : 'Morning Run' }));
  }
  return exportCsv(rows);
}

/** axe's critical and serious violations inside the backup card. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('[data-testid="backup"]').analyze();
  return results.violations.filter((violation) => violation.impact === 'critical' || violation.impact === 'serious').map((violation) => `${violation.id}: ${violation.help}`);
}

/** Another browser with RunSound just installed: its own profile, strava.com logged out, Open-Meteo faked like the real one. */
async function freshBrowser(): Promise<{ context: BrowserContext; extensionId: string; close: () => Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'runsound-e2e-restore-'));
  const context = await launchWithRunSound(profile);
  await context.route('https://www.strava.com/**', (route) =>
    route.fulfill({ status: 404, contentType: 'text/html', body: '<!doctype html><title>Not found | Strava</title><h1>Not found</h1>' }),
  );
  for (const host of ['https://api.open-meteo.com/**', 'https://archive-api.open-meteo.com/**']) {
    await context.route(host, (route) => {
      const fake = openMeteoAnswer(route.request().url(), { now: Date.now() });
      return fake ? route.fulfill(fake) : route.fulfill({ status: 404, body: '' });
    });
  }
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return {
    context,
    extensionId: new URL(worker.url()).host,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

test('a backup made here restores into a fresh browser: what it holds, Replace, and the runs are there', async ({ openExtensionPage, strava }) => {
  test.setTimeout(60_000);
  void strava;
  const options = await openExtensionPage('options.html#data');
  await options.getByLabel('Drop the file here, or choose it:').setInputFiles({ name: 'activities.csv', mimeType: 'text/csv', buffer: Buffer.from(exportFile(12)) });
  await expect(options.getByTestId('import-report')).toContainText('12 added');

  const [download] = await Promise.all([options.waitForEvent('download'), options.getByRole('button', { name: 'Back up everything' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^runsound-backup-\d{4}-\d{2}-\d{2}\.json\.gz$/);
  await expect(options.getByTestId('backup-result')).toContainText('12 runs');
  const file = { name: download.suggestedFilename(), mimeType: 'application/gzip', buffer: await readFile((await download.path())!) };

  const other = await freshBrowser();
  try {
    const restoring = await other.context.newPage();
    await restoring.goto(`chrome-extension://${other.extensionId}/options.html#data`);
    const chooser = restoring.getByLabel('Restore from a backup: drop the file here, or choose it');

    // A file cut off on the way changes nothing, and says so.
    await chooser.setInputFiles({ ...file, buffer: file.buffer.subarray(0, Math.floor(file.buffer.length / 2)) });
    await expect(restoring.getByRole('alert')).toContainText('This backup file is damaged');
    await expect(restoring.getByRole('alert')).toContainText('Nothing was changed');

    await chooser.setInputFiles(file);
    const preview = restoring.getByTestId('restore-preview');
    await expect(preview).toContainText('Made on');
    await expect(preview).toContainText('by RunSound');
    await expect(preview.getByRole('definition').first()).toContainText('12 from 1 January 2025 to 12 January 2025');
    // The keyboard lands on what the file holds; nothing in it is hard to use.
    await expect(preview.getByRole('heading', { name: `In ${file.name}` })).toBeFocused();
    expect(await seriousViolations(restoring)).toEqual([]);

    await preview.getByRole('button', { name: 'Replace everything here…' }).click();
    const confirm = restoring.getByRole('dialog', { name: 'Replace everything RunSound holds in this browser?' });
    await expect(confirm).toContainText('Its 0 runs');
    // Enter right away would keep everything.
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    expect(await seriousViolations(restoring)).toEqual([]);
    await confirm.getByRole('button', { name: 'Replace everything' }).click();
    await expect(restoring.getByTestId('restore-result')).toContainText('Restored your backup of');
    await expect(restoring.getByTestId('restore-result')).toContainText('12 runs');

    await restoring.getByRole('link', { name: 'See your runs' }).click();
    await expect(restoring.getByTestId('run-9000000000')).toBeVisible();
    await expect(restoring.getByTestId('run-9000000003')).toContainText('Tempo Tuesday');
  } finally {
    await other.close();
  }
});
