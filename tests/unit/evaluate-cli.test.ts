import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '@/lib/features';
import { main } from '../../scripts/evaluate';
import { API_HISTORY_FILE, EXPORT_HISTORY_FILE, EXPORT_TIME_ZONE } from '../fixtures/real-histories';

const RUNS = 60;

/** Strava API activities of one runner: runs every other day, cadence and heart rate rising with speed, and a few walks. */
function apiActivities(): object[] {
  const activities: object[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = new Date(Date.UTC(2025, 0, 1 + 2 * i, 6, 30));
    const pace = 280 + ((i * 37) % 120);
    const speed = 1000 / pace;
    const distance = 6000 + ((i * 7) % 6) * 1000;
    const cadenceSpm = 160 + 12 * (speed - 2.8);
    activities.push({
      id: 9_000_000 + i,
      name: 'Morning Run',
      sport_type: 'Run',
      type: 'Run',
      start_date: start.toISOString().replace('.000', ''),
      start_date_local: new Date(start.getTime() + 3600_000).toISOString().replace('.000', ''),
      utc_offset: 3600,
      distance,
      moving_time: Math.round((distance / 1000) * pace),
      elapsed_time: Math.round((distance / 1000) * pace) + 40,
      total_elevation_gain: 30,
      // Strava's run cadence is per leg.
      average_cadence: cadenceSpm / 2,
      average_heartrate: 125 + 28 * (speed - 2.4),
      max_heartrate: 186,
      trainer: false,
      workout_type: 0,
      start_latlng: [52.52, 13.405],
    });
    if (i % 10 === 0) activities.push({ id: 8_000_000 + i, name: 'Walk', sport_type: 'Walk', type: 'Walk', start_date: start.toISOString(), distance: 3000 });
  }
  return activities;
}

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (text: string) => void (out.stdout += text), stderr: (text: string) => void (out.stderr += text) } };
}

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'runsound-evaluate-'));
  file = join(dir, 'activities.json');
  await writeFile(file, JSON.stringify(apiActivities()));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = text.trim().split('\n').map((line) => line.split(','));
  return { header: header!, rows };
}

describe('npm run evaluate', () => {
  it('--json prints exactly one object: runs, training seconds and each target\'s numbers, null without labels', async () => {
    const { out, io } = capture();
    expect(await main([file, '--json'], io)).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]!);
    expect(Object.keys(result)).toEqual(['runs', 'trainSeconds', 'targets']);
    expect(result.runs).toBe(RUNS);
    expect(result.trainSeconds).toBeGreaterThan(0);
    expect(Object.keys(result.targets)).toEqual(['tempo', 'energy', 'valence']);
    for (const target of ['tempo', 'energy']) {
      expect(Object.keys(result.targets[target])).toEqual(['r2', 'mae', 'baselineMae', 'nTrain', 'nTest']);
      expect(result.targets[target]).toMatchObject({ nTrain: 48, nTest: 12 });
      expect(result.targets[target].mae).toBeLessThan(result.targets[target].baselineMae);
    }
    expect(result.targets.valence).toBeNull();
    // The notes stay out of the JSON: the weather is the fallback, as no network is used.
    expect(out.stderr).toMatch(/no cache at .*activities\.json\.weather\.json; 60 runs on the fallback/);
  });

  it('--export-features writes the imputed matrix, the labels and the split, one row per run', async () => {
    const csv = join(dir, 'features.csv');
    const { io } = capture();
    expect(await main([file, '--json', '--export-features', csv], io)).toBe(0);
    const { header, rows } = parseCsv(await readFile(csv, 'utf8'));
    expect(header).toEqual([...FEATURE_NAMES, 'label_tempo', 'label_energy', 'label_valence', 'split']);
    expect(rows).toHaveLength(RUNS);
    for (const row of rows) {
      // As the forest sees them: nothing unknown left.
      expect(row.slice(0, FEATURE_NAMES.length).every((cell) => cell !== '' && Number.isFinite(Number(cell)))).toBe(true);
      expect(Number(row[FEATURE_NAMES.length])).toBeGreaterThan(150);
      expect(row[FEATURE_NAMES.length + 2]).toBe('');
    }
    const splits = rows.map((row) => row[row.length - 1]);
    expect(splits).toEqual([...Array<string>(48).fill('train'), ...Array<string>(12).fill('test')]);
    // The first run's cadence, doubled from Strava's per-leg value.
    expect(Number(rows[0]![FEATURE_NAMES.length])).toBeCloseTo(160 + 12 * (1000 / 280 - 2.8), 6);
  });

  it('takes the weather from the cache beside the file, and says so', async () => {
    const weather = Object.fromEntries(
      apiActivities()
        .filter((activity) => (activity as { sport_type: string }).sport_type === 'Run')
        .map((activity) => [
          String((activity as { id: number }).id),
          { temperatureC: 8, precipitationMm: 0, windSpeedKmh: 10, humidityPct: 70, weatherCode: 3, source: 'archive', place: { lat: 52.5, lng: 13.4, basis: 'start' } },
        ]),
    );
    await writeFile(`${file}.weather.json`, JSON.stringify(weather));
    const csv = join(dir, 'features.csv');
    const { out, io } = capture();
    expect(await main([file, '--export-features', csv], io)).toBe(0);
    expect(out.stdout).toContain(`Weather: 60 runs from the cache ${file}.weather.json; 0 runs on the fallback`);
    const { header, rows } = parseCsv(await readFile(csv, 'utf8'));
    expect(rows.every((row) => row[header.indexOf('temperatureC')] === '8')).toBe(true);
  });

  it('prints runs used, labels per source and a line per target', async () => {
    const { out, io } = capture();
    expect(await main([file], io)).toBe(0);
    expect(out.stdout).toContain('Runs: 60 imported; 60 used');
    expect(out.stdout).toContain('Labels: tempo 60 (cadence 60) · energy 60 (heart rate 60) · valence 0');
    expect(out.stdout).toMatch(/^tempo +-?\d\.\d{3} +\d+\.\d +\d+\.\d +48 +12 /m);
    expect(out.stdout).toMatch(/^energy +-?\d\.\d{3} +\d\.\d{3} +\d\.\d{3} +48 +12 /m);
    expect(out.stdout).toMatch(/^valence +none: 0 labelled runs/m);
  });

  it.each([{ args: [] }, { args: ['a.csv', 'b.csv'] }, { args: ['a.csv', '--seed', 'x'] }, { args: ['a.csv', '--bogus'] }])(
    'refuses $args with the usage',
    async ({ args }) => {
      const { out, io } = capture();
      expect(await main(args, io)).toBe(2);
      expect(out.stderr).toContain('usage: npm run evaluate');
    },
  );
});

describe.each([
  { name: 'the API history', path: API_HISTORY_FILE, args: [] as string[] },
  { name: 'the export', path: EXPORT_HISTORY_FILE, args: ['--time-zone', EXPORT_TIME_ZONE] },
])('npm run evaluate on $name', ({ path, args }) => {
  it.skipIf(!path)('beats the baseline for tempo and energy', { timeout: 300_000 }, async () => {
    const { out, io } = capture();
    expect(await main([path!, '--json', ...args], io)).toBe(0);
    const result = JSON.parse(out.stdout);
    for (const target of ['tempo', 'energy']) expect(result.targets[target].mae, target).toBeLessThan(result.targets[target].baselineMae);
    expect(result.targets.valence).toBeNull();
  });
});
