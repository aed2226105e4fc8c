import { EVENING_RUN, exportCsv, exportRow } from '../fixtures/import/strava-export';
import { fakeHistory } from '../fixtures/strava-session';
import { expect, openSection, test } from './extension';

/** An export with `runs` runs a day apart, a walk, and one run whose row is damaged. */
function exportFile(runs: number): string {
  const rows: string[][] = [];
  for (let i = 0; i < runs; i++) {
    const date = new Date(Date.UTC(2025, 0, 1 + i, 7, 30));
    const text = date.toLocaleString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' });
    rows.push(exportRow({ ...EVENING_RUN, 'Activity ID': String(9_000_000_000 + i), 'Activity Date': text, 'Activity Name': i === 3 ? 'Tempo Tuesday' : 'Morning Run' }));
  }
  rows.push(exportRow({ ...EVENING_RUN, 'Activity ID': '8999999999', 'Activity Type': 'Walk', 'Activity Name': 'Evening Walk' }));
  rows.push(exportRow({ ...EVENING_RUN, 'Activity ID': '8999999998', 'Activity Date': 'someday' }));
  return exportCsv(rows);
}

test('importing Strava export: a report of what was added and skipped, and no duplicates on a second import', async ({ openExtensionPage, strava }) => {
  void strava;
  const options = await openExtensionPage('options.html#data');
  const file = { name: 'activities.csv', mimeType: 'text/csv', buffer: Buffer.from(exportFile(12)) };

  await options.getByLabel('Drop the file here, or choose it:').setInputFiles(file);
  const report = options.getByTestId('import-report');
  await expect(report).toContainText('12 runs read from 14 activities: 12 added, 0 updated, 0 already up to date.');
  await expect(report).toContainText('Other sports left out: 1 Walk.');
  await expect(report).toContainText('1 activities could not be read');
  await expect(options.getByTestId('runs-stored')).toHaveText('12 runs stored in this browser.');

  await options.getByLabel('Drop the file here, or choose it:').setInputFiles(file);
  await expect(report).toContainText('12 runs read from 14 activities: 0 added, 0 updated, 12 already up to date.');
  await expect(options.getByTestId('runs-stored')).toHaveText('12 runs stored in this browser.');

  // Without GPS or a home, weather is the marked fallback; the load is there.
  await openSection(options, 'training');
  await expect(options.getByTestId('weather-summary')).toHaveText('Weather known for 12 of 12 runs; 12 use the fallback (15 °C, dry, calm).');
  await expect(options.getByTestId('training')).toContainText('Your fitness (your 6-week load) is');
});

test('a file that is not a Strava export gets a plain message and changes nothing', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html#data');
  await options.getByLabel('Drop the file here, or choose it:').setInputFiles({ name: 'notes.csv', mimeType: 'text/csv', buffer: Buffer.from('Datum;Name;Typ\n1;2;3\n') });
  await expect(options.getByTestId('import-error')).toContainText('notes.csv');
  await expect(options.getByTestId('import-error')).toContainText('semicolons');
  await expect(options.getByTestId('runs-stored')).toHaveText('0 runs stored in this browser.');
});

test('a corrected run type survives a re-sync', async ({ openExtensionPage, strava, stravaSession }) => {
  void strava;
  const history = fakeHistory(6);
  stravaSession.history = history;
  const options = await openExtensionPage('options.html');
  await expect(options.getByTestId('sync-state')).toHaveAttribute('data-state', 'done', { timeout: 15_000 });
  await openSection(options, 'runs');
  const first = history.runs[0]!;
  const typeSelect = options.getByTestId(`run-${first.id}`).getByRole('combobox');
  await expect(typeSelect.locator('option').first()).not.toHaveText('Not classified yet');
  await typeSelect.selectOption('race');
  await expect(typeSelect).toHaveValue('race');

  // Strava renames the run; the sync brings the new name but keeps the runner's type.
  first.name = 'Renamed run';
  history.runs.unshift({ ...first, id: '18000000002', name: 'Newer run', start: first.start + 86_400 });
  await openSection(options, 'data');
  await options.getByRole('button', { name: 'Sync now' }).click();
  await expect(options.getByTestId('runs-stored')).toHaveText('7 runs stored in this browser.', { timeout: 15_000 });
  await openSection(options, 'runs');
  await expect(options.getByTestId(`run-${first.id}`)).toContainText('Renamed run', { timeout: 15_000 });
  await expect(options.getByTestId(`run-${first.id}`).getByRole('combobox')).toHaveValue('race');
});
