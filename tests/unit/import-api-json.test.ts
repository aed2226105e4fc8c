import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportError, importApiJson } from '@/lib/import';
import { requestSchemas } from '@/lib/messages';
import type { RunFacts } from '@/lib/runs';
import { API_HISTORY_FILE } from '../fixtures/real-histories';

/** An item as GET /athlete/activities gives it (fields trimmed to the ones that matter here). */
const LONG_RUN = {
  resource_state: 2,
  name: 'Long Run',
  distance: 19800.4,
  moving_time: 6440,
  elapsed_time: 6502,
  total_elevation_gain: 85.3,
  type: 'Run',
  sport_type: 'Run',
  workout_type: 2,
  id: 239013937,
  start_date: '2015-01-10T05:00:00Z',
  start_date_local: '2015-01-10T07:00:00Z',
  timezone: '(GMT+02:00) Asia/Jerusalem',
  utc_offset: 7200,
  trainer: false,
  start_latlng: [32.08, 34.78],
  average_cadence: 84.5,
  average_heartrate: 151.2,
  max_heartrate: 172,
};

const toJson = (items: unknown) => new TextEncoder().encode(JSON.stringify(items));

describe('importApiJson: one run', () => {
  it('reads an API activity into run facts, cadence doubled, local start from start_date_local', async () => {
    const { runs, report } = await importApiJson(toJson([LONG_RUN]));
    expect(report).toEqual({ format: 'api-json', rowsRead: 1, runs: 1, skipped: [], skippedBySport: {}, warnings: [] });
    expect(runs).toEqual<RunFacts[]>([
      {
        id: '239013937',
        name: 'Long Run',
        sportType: 'Run',
        isTreadmill: false,
        startTime: Date.UTC(2015, 0, 10, 5, 0, 0),
        // start_date_local ends with a "Z" but is the runner's wall clock.
        startLocal: '2015-01-10T07:00',
        distanceMeters: 19800.4,
        movingTimeSeconds: 6440,
        elapsedTimeSeconds: 6502,
        elevationGainMeters: 85.3,
        averageCadenceSpm: 169,
        averageHeartRate: 151.2,
        maxHeartRate: 172,
        start: { lat: 32.08, lng: 34.78 },
        workoutType: 2,
      },
    ]);
  });

  const fieldCases: Array<[string, Record<string, unknown>, Partial<RunFacts>]> = [
    ['no start for an empty start_latlng', { start_latlng: [] }, { start: undefined }],
    ['no start for a null start_latlng', { start_latlng: null }, { start: undefined }],
    [
      'no cadence or heart rate when absent',
      { average_cadence: undefined, average_heartrate: undefined, max_heartrate: undefined },
      { averageCadenceSpm: undefined, averageHeartRate: undefined, maxHeartRate: undefined },
    ],
    ['no workout type when null', { workout_type: null }, { workoutType: undefined }],
    ['a race keeps workout_type 1', { workout_type: 1 }, { workoutType: 1 }],
    ['a treadmill when trainer is true', { trainer: true }, { isTreadmill: true, sportType: 'Run' }],
    ['a treadmill for a VirtualRun', { type: 'VirtualRun', sport_type: 'VirtualRun' }, { isTreadmill: true, sportType: 'VirtualRun' }],
    ['sport_type wins over type', { type: 'Run', sport_type: 'TrailRun' }, { sportType: 'TrailRun' }],
    ['type when sport_type is missing (files from before 2024)', { type: 'TrailRun', sport_type: undefined }, { sportType: 'TrailRun' }],
    ['an id given as a string', { id: '12345678901' }, { id: '12345678901' }],
    [
      'the local start from utc_offset when start_date_local is missing',
      { start_date_local: undefined, utc_offset: -18000 },
      { startLocal: '2015-01-10T00:00' },
    ],
  ];
  it.each(fieldCases)('%s', async (_, change, expected) => {
    const { runs, report } = await importApiJson(toJson([{ ...LONG_RUN, ...change }]));
    expect(report.skipped).toEqual([]);
    for (const [key, value] of Object.entries(expected)) expect(runs[0]![key as keyof RunFacts]).toEqual(value);
  });
});

describe('importApiJson: runs only, nothing lost silently', () => {
  it('counts other sports by their sport type', async () => {
    const items = [
      LONG_RUN,
      { ...LONG_RUN, id: 2, type: 'Ride', sport_type: 'Ride' },
      { ...LONG_RUN, id: 3, type: 'Swim', sport_type: undefined },
      { ...LONG_RUN, id: 4, type: 'Ride', sport_type: 'Ride' },
    ];
    const { runs, report } = await importApiJson(toJson(items));
    expect(runs).toHaveLength(1);
    expect(report.skippedBySport).toEqual({ Ride: 2, Swim: 1 });
    expect(report.rowsRead).toBe(4);
  });

  const badItems: Array<[string, unknown, RegExp]> = [
    ['no start_date', { ...LONG_RUN, start_date: undefined }, /start_date/],
    ['a start_date without a zone', { ...LONG_RUN, start_date: '2015-01-10T05:00:00' }, /start_date: expected a UTC date/],
    ['a distance as text', { ...LONG_RUN, distance: '19.8 km' }, /distance: /],
    ['a start_latlng of one number', { ...LONG_RUN, start_latlng: [32.08] }, /start_latlng/],
    ['no id', { ...LONG_RUN, id: undefined }, /\(id: /],
    ['no local start at all', { ...LONG_RUN, start_date_local: undefined, utc_offset: undefined }, /local start time is unknown/],
    ['null', null, /Not an activity object/],
    ['a number', 42, /Not an activity object/],
    ['an array', [LONG_RUN], /Not an activity object/],
  ];
  it.each(badItems)('skips an item with %s, says which and why, keeps the rest', async (_, bad, reason) => {
    const { runs, report } = await importApiJson(toJson([{ ...LONG_RUN, id: 1 }, bad, { ...LONG_RUN, id: 3 }]));
    expect(runs.map((run) => run.id)).toEqual(['1', '3']);
    expect(report.skipped).toEqual([{ row: 2, reason: expect.stringMatching(reason) }]);
  });

  const repeats: Array<[string, Record<string, unknown>, RegExp]> = [
    ['the same', {}, /Activity 239013937 again, the same as item 1: read once\./],
    ['with other values', { name: 'Renamed' }, /Activity 239013937 again, with other values than item 1: the first one was kept\./],
  ];
  it.each(repeats)('reads an activity repeated %s once', async (_, change, reason) => {
    const { runs, report } = await importApiJson(toJson([LONG_RUN, { ...LONG_RUN, ...change }]));
    expect(runs).toHaveLength(1);
    expect(runs[0]!.name).toBe('Long Run');
    expect(report.skipped).toEqual([{ row: 2, reason: expect.stringMatching(reason) }]);
  });
});

describe('importApiJson: bad files', () => {
  const fileErrors: Array<[string, string, RegExp]> = [
    ['an empty file', '', /empty/],
    ['malformed JSON', '[{"id": 1,', /not valid JSON/],
    ['an object', '{"models": []}', /holds an object, not a list of activities/],
    ['a number', '42', /holds a number, not a list/],
    ['null', 'null', /holds null, not a list/],
  ];
  it.each(fileErrors)('refuses %s with a plain message', async (_, text, message) => {
    const error = await importApiJson(text).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toMatch(message);
  });

  it('imports an empty list with a warning', async () => {
    const { runs, report } = await importApiJson('[]');
    expect(runs).toEqual([]);
    expect(report.warnings).toEqual([expect.stringMatching(/empty list/)]);
  });

  it('reads Windows-1252 bytes and says the file was not UTF-8', async () => {
    const [before, after] = JSON.stringify([{ ...LONG_RUN, name: 'Caf#' }]).split('#') as [string, string];
    const bytes = new Uint8Array([...new TextEncoder().encode(before), 0xe9, ...new TextEncoder().encode(` Run${after}`)]);
    const { runs, report } = await importApiJson(bytes);
    expect(runs[0]!.name).toBe('Café Run');
    expect(report.warnings).toEqual([expect.stringMatching(/Windows-1252/)]);
  });

  it('yields to the event loop between chunks of a long list, with progress', async () => {
    const items = Array.from({ length: 9000 }, (_, index) => ({ ...LONG_RUN, id: index + 1 }));
    const progress: number[] = [];
    let yields = 0;
    const { report } = await importApiJson(toJson(items), {
      onProgress: (fraction) => progress.push(fraction),
      yieldToEventLoop: async () => {
        yields += 1;
      },
    });
    expect(report.runs).toBe(9000);
    expect(yields).toBeGreaterThanOrEqual(4);
    expect(progress).toHaveLength(yields);
    expect(progress.at(-1)).toBe(1);
  });
});

describe('importApiJson: the real file in ../shared/data', () => {
  it.skipIf(!API_HISTORY_FILE)('imports all 858 activities: 784 run items, one of them a repeat (absent: skipped)', async () => {
    const { runs, report } = await importApiJson(readFileSync(API_HISTORY_FILE!));
    expect(report).toEqual({
      format: 'api-json',
      rowsRead: 858,
      runs: 783,
      // Items 54-60 of the file appear again as 61-67 (overlapping pages); one of them is a run.
      skipped: [{ row: 61, reason: 'Activity 261399999 again, the same as item 54: read once.' }],
      skippedBySport: { Ride: 36, Swim: 18, Walk: 14, Workout: 5, Hike: 1 },
      warnings: [],
    });
    expect(runs.filter((run) => run.start !== undefined).length).toBeGreaterThan(700);
    const cadences = runs.flatMap((run) => (run.averageCadenceSpm === undefined ? [] : [run.averageCadenceSpm]));
    expect(Math.min(...cadences)).toBeGreaterThan(110);
    expect(runs.filter((run) => run.workoutType === 1).length).toBe(6);
    expect(runs.every((run) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(run.startLocal))).toBe(true);
  });
});

describe('importApiJson: one bad value among a thousand good runs', () => {
  // Each of these once rejected the whole import: the background's importRuns schema refused the
  // array for one item, or reading the item threw. Now the item is skipped with its reason.
  const badValues: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a negative distance', { distance: -5 }, /distance .*negative/i],
    ['a negative moving time', { moving_time: -1 }, /moving time .*negative/i],
    ['a negative elapsed time', { elapsed_time: -60 }, /elapsed time .*negative/i],
    ['a distance too large to be a run', { distance: 1e300 }, /distance/i],
    ['a name over 500 characters', { name: 'x'.repeat(501) }, /name .*500 characters/i],
    ['a latitude out of range', { start_latlng: [91, 34.78] }, /latitude/i],
    ['a longitude out of range', { start_latlng: [32.08, 181] }, /longitude/i],
    ['a utc_offset that makes the date invalid', { start_date_local: undefined, utc_offset: 1e15 }, /utc_offset/],
    ['a utc_offset of more than 14 hours', { start_date_local: undefined, utc_offset: 86_400 }, /utc_offset/],
    ['the year 0099', { start_date: '0099-01-10T05:00:00Z', start_date_local: '0099-01-10T07:00:00Z' }, /year/i],
    ['a start_date of February 30th', { start_date: '2022-02-30T05:00:00Z', start_date_local: '2022-02-30T07:00:00Z' }, /not a real date/],
    ['a start_date_local of February 30th', { start_date: '2022-03-02T05:00:00Z', start_date_local: '2022-02-30T07:00:00Z' }, /local start .*not a real date/i],
    ['a start_date_local two days from start_date', { start_date_local: '2015-01-12T07:00:00Z' }, /local start .*14 hours/i],
    ['a heart rate no heart beats at', { average_heartrate: 9000 }, /heart rate/i],
  ];
  it.each(badValues)('skips the one with %s, imports the others, and the background accepts them', async (_, change, reason) => {
    const items = Array.from({ length: 1000 }, (_, index) => ({ ...LONG_RUN, id: index + 1 }));
    items[499] = { ...items[499]!, ...change };
    const { runs, report } = await importApiJson(toJson(items));
    expect(report.skipped).toEqual([{ row: 500, reason: expect.stringMatching(reason) }]);
    expect(runs).toHaveLength(999);
    expect(runs.map((run) => run.id)).not.toContain('500');
    expect(requestSchemas.importRuns.safeParse({ runs, source: 'api-json' }).success).toBe(true);
  });
});
