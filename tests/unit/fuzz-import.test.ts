/**
 * The importers, fuzzed: whatever file the runner picks (any bytes, any text, Strava's columns
 * shuffled or repeated, any value in any cell, API items with any field mutated), an import never
 * throws anything but ImportError, and every run it returns is one the background takes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImportError, importActivitiesFile, importApiJson, importExportCsv, type ImportResult } from '@/lib/import';
import { runFactsSchema } from '@/lib/runs';
import { EVENING_RUN, EXPORT_HEADER, exportCsv } from '../fixtures/import/strava-export';
import { mutated, oddText, oddValue } from './fuzz-shapes';

const noPause = { yieldToEventLoop: async () => {} };
const CSV_OPTIONS = { timeZone: 'America/Chicago', ...noPause };
const RUNS = { numRuns: 200 };

/** The result of an import, or the ImportError it refused the file with; anything else fails. */
async function importedOrRefused(importing: Promise<ImportResult>): Promise<ImportResult | undefined> {
  try {
    return await importing;
  } catch (error) {
    if (error instanceof ImportError) return undefined;
    throw error;
  }
}

/** Every run passes runFactsSchema, and the report accounts for every row. */
function expectSound(result: ImportResult | undefined): void {
  if (!result) return;
  for (const run of result.runs) {
    const parsed = runFactsSchema.safeParse(run);
    expect(parsed.success, `${JSON.stringify(run)}: ${parsed.error?.message}`).toBe(true);
  }
  const { report } = result;
  const otherSports = Object.values(report.skippedBySport).reduce((sum, count) => sum + count, 0);
  expect(report.runs).toBe(result.runs.length);
  expect(report.rowsRead).toBe(report.runs + report.skipped.length + otherSports);
  expect(new Set(result.runs.map((run) => run.id)).size).toBe(result.runs.length);
}

// --- The export CSV

/** Values a cell of Strava's export may hold, real or not. */
const cellValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...Object.values(EVENING_RUN)),
  fc.constantFrom('Run', 'Trail Run', 'Virtual Run', 'Ride', ''),
  fc.constantFrom('Oct 6, 2022, 11:19:20 PM', 'Feb 30, 2022, 7:00:00 AM', '0099-05-12 14:23:11', '9999-12-31 23:59:59', '2019-05-12 24:00:00', 'Jan 1, 2023, 12:05:00 AM'),
  fc.double().map(String),
  fc.integer().map(String),
  fc.constantFrom('-5', '1e300', '1e400', 'NaN', 'Infinity', '0', '  7 ', '"', ',', '\n', '\r\n'),
  fc.string(),
);

/** The activity columns RunSound reads, and Strava's others, in any order, some repeated or missing. */
const header: fc.Arbitrary<string[]> = fc
  .tuple(
    fc.shuffledSubarray(EXPORT_HEADER, { minLength: 1 }),
    fc.subarray(['Activity ID', 'Activity Date', 'Activity Type', 'Distance', 'Distance', 'Moving Time', 'Elapsed Time', 'Max Heart Rate']),
    fc.boolean(),
  )
  .chain(([columns, always, repeat]) => fc.shuffledSubarray([...columns, ...always, ...(repeat ? always : [])], { minLength: columns.length + always.length }));

/** A header and rows: each a real evening run for that header, with some cells changed, or any row. */
const shapedCsv: fc.Arbitrary<string> = header.chain((names) => {
  const realRow = names.map((name, index) => {
    const occurrence = names.slice(0, index).filter((other) => other === name).length;
    return EVENING_RUN[occurrence === 0 ? name : `${name}#${occurrence + 1}`] ?? '';
  });
  const row = fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.tuple(fc.nat(names.length - 1), cellValue), { maxLength: 4 }).map((changes) => changes.reduce((cells, [index, value]) => cells.with(index, value), realRow)) },
    { weight: 1, arbitrary: fc.array(cellValue, { maxLength: names.length + 2 }) },
  );
  return fc.tuple(fc.array(row, { maxLength: 5 }), fc.constantFrom('\n', '\r\n')).map(([rows, newline]) => exportCsv(rows, names).replace(/\n/g, newline));
});

describe('fuzz: the export CSV importer', () => {
  it('takes any text without throwing anything but ImportError, and returns only sound runs', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string(), oddText), async (text) => expectSound(await importedOrRefused(importExportCsv(text, CSV_OPTIONS)))), RUNS);
  });

  it('takes Strava-shaped files with shuffled and repeated columns and any cell values', async () => {
    await fc.assert(
      fc.asyncProperty(shapedCsv, fc.constantFrom<'metric' | 'imperial'>('metric', 'imperial'), async (text, units) =>
        expectSound(await importedOrRefused(importExportCsv(text, { ...CSV_OPTIONS, units }))),
      ),
      RUNS,
    );
  });
});

// --- The API JSON

/** An item as GET /athlete/activities gives it. */
const apiActivity = fc.record({
  id: fc.oneof(fc.nat(), fc.nat().map(String)),
  name: fc.string({ maxLength: 40 }),
  sport_type: fc.constantFrom('Run', 'TrailRun', 'VirtualRun', 'Ride'),
  type: fc.constantFrom('Run', 'TrailRun', 'Walk'),
  start_date: fc.date({ min: new Date('2009-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((date) => date.toISOString().replace(/\.\d+Z$/, 'Z')),
  utc_offset: fc.integer({ min: -12 * 3600, max: 14 * 3600 }),
  distance: fc.double({ min: 0, max: 100_000, noNaN: true }),
  moving_time: fc.nat(40_000),
  elapsed_time: fc.nat(50_000),
  total_elevation_gain: fc.double({ min: 0, max: 3000, noNaN: true }),
  average_cadence: fc.double({ min: 0, max: 110, noNaN: true }),
  average_heartrate: fc.double({ min: 0, max: 220, noNaN: true }),
  max_heartrate: fc.nat(230),
  trainer: fc.boolean(),
  workout_type: fc.option(fc.nat(3)),
  start_latlng: fc.oneof(fc.constant([]), fc.tuple(fc.double({ min: -90, max: 90, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true }))),
});

/** With its local start from the offset, or written out as Strava does (wall clock ending in "Z"). */
const apiItem = apiActivity.chain((activity) =>
  fc.boolean().map((withLocal) =>
    withLocal ? { ...activity, start_date_local: new Date(Date.parse(activity.start_date) + activity.utc_offset * 1000).toISOString() } : activity,
  ),
);

describe('fuzz: the API JSON importer', () => {
  it('takes any text without throwing anything but ImportError, and returns only sound runs', async () => {
    await fc.assert(fc.asyncProperty(oddText, async (text) => expectSound(await importedOrRefused(importApiJson(text, noPause)))), RUNS);
  });

  it('takes lists of API activities with any field mutated, and any odd items among them', async () => {
    const item = fc.oneof({ weight: 2, arbitrary: apiItem }, { weight: 5, arbitrary: mutated(apiItem) }, { weight: 1, arbitrary: oddValue });
    await fc.assert(fc.asyncProperty(fc.array(item, { maxLength: 6 }), async (items) => expectSound(await importedOrRefused(importApiJson(JSON.stringify(items), noPause)))), RUNS);
  });
});

describe('fuzz: any file the runner picks', () => {
  it('takes any bytes, in either format, without throwing anything but ImportError', async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      oddText.map((text) => new TextEncoder().encode(text)),
      fc.tuple(fc.constantFrom([0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb, 0xbf], [0x50, 0x4b, 0x03, 0x04]), fc.uint8Array({ maxLength: 100 })).map(([start, rest]) => new Uint8Array([...start, ...rest])),
    );
    await fc.assert(fc.asyncProperty(bytes, async (content) => expectSound(await importedOrRefused(importActivitiesFile('activities', content, CSV_OPTIONS)))), RUNS);
  });
});
