import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportError, importExportCsv, parseExportDate, type ImportResult } from '@/lib/import';
import { requestSchemas } from '@/lib/messages';
import type { RunFacts } from '@/lib/runs';
import { EVENING_RUN, EXPORT_HEADER, exportCsv, exportRow } from '../fixtures/import/strava-export';
import { EXPORT_HISTORY_FILE, EXPORT_TIME_ZONE } from '../fixtures/real-histories';

const CHICAGO = { timeZone: 'America/Chicago' };

const encode = (text: string) => new TextEncoder().encode(text);

async function importRows(rows: Array<Record<string, string>>, timeZone = 'America/Chicago'): Promise<ImportResult> {
  return importExportCsv(encode(exportCsv(rows.map((values) => exportRow(values)))), { timeZone });
}

async function importError(promise: Promise<unknown>): Promise<ImportError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describe('importExportCsv: one run of the export', () => {
  it('reads the metre and second columns, doubles the per-leg cadence and keeps the rest undefined', async () => {
    const { runs, report } = await importRows([EVENING_RUN]);
    expect(report).toEqual({
      format: 'export-csv',
      rowsRead: 1,
      runs: 1,
      skipped: [],
      skippedBySport: {},
      warnings: [],
    });
    expect(runs).toEqual<RunFacts[]>([
      {
        id: '7926971219',
        name: 'Evening Run',
        sportType: 'Run',
        isTreadmill: false,
        startTime: Date.UTC(2022, 9, 6, 23, 19, 20),
        startLocal: '2022-10-06T18:19',
        distanceMeters: 2432.77001953125,
        movingTimeSeconds: 971,
        elapsedTimeSeconds: 979,
        elevationGainMeters: 16.2,
        averageCadenceSpm: 173,
        averageHeartRate: 165.5,
        maxHeartRate: 177,
      },
    ]);
    // The export has neither workout types nor coordinates.
    expect(runs[0]).not.toHaveProperty('workoutType');
    expect(runs[0]).not.toHaveProperty('start');
  });

  const columnCases: Array<[string, Record<string, string>, Partial<RunFacts>]> = [
    ['the unrounded second Elapsed Time wins', { 'Elapsed Time': '979', 'Elapsed Time#2': '979.4' }, { elapsedTimeSeconds: 979.4 }],
    ['the first Elapsed Time when the second is empty', { 'Elapsed Time': '979', 'Elapsed Time#2': '' }, { elapsedTimeSeconds: 979 }],
    ['the first Max Heart Rate when the second is empty', { 'Max Heart Rate': '177.0', 'Max Heart Rate#2': '' }, { maxHeartRate: 177 }],
    ['the second Max Heart Rate when both are there', { 'Max Heart Rate': '177.0', 'Max Heart Rate#2': '178.0' }, { maxHeartRate: 178 }],
    ['no cadence when the column is empty', { 'Average Cadence': '' }, { averageCadenceSpm: undefined }],
    [
      'no cadence or heart rate when Strava wrote 0',
      { 'Average Cadence': '0.0', 'Average Heart Rate': '0' },
      { averageCadenceSpm: undefined, averageHeartRate: undefined },
    ],
    ['a treadmill for a Virtual Run', { 'Activity Type': 'Virtual Run' }, { sportType: 'VirtualRun', isTreadmill: true }],
    ['a Trail Run outdoors', { 'Activity Type': 'Trail Run' }, { sportType: 'TrailRun', isTreadmill: false }],
    [
      'an older ISO date',
      { 'Activity Date': '2019-05-12 14:23:11' },
      { startTime: Date.UTC(2019, 4, 12, 14, 23, 11), startLocal: '2019-05-12T09:23' },
    ],
  ];
  it.each(columnCases)('%s', async (_, values, expected) => {
    const { runs } = await importRows([{ ...EVENING_RUN, ...values }]);
    expect(runs).toHaveLength(1);
    for (const [key, value] of Object.entries(expected)) expect(runs[0]![key as keyof RunFacts]).toEqual(value);
  });

  const timeZones: Array<[string, string]> = [
    ['UTC', '2022-10-06T23:19'],
    ['America/Chicago', '2022-10-06T18:19'],
    ['Europe/Paris', '2022-10-07T01:19'],
    ['Asia/Kolkata', '2022-10-07T04:49'],
    ['Pacific/Auckland', '2022-10-07T12:19'],
  ];
  it.each(timeZones)('gives the local start in %s as %s, the same UTC instant', async (timeZone, startLocal) => {
    const { runs } = await importRows([EVENING_RUN], timeZone);
    expect(runs[0]).toMatchObject({ startTime: Date.UTC(2022, 9, 6, 23, 19, 20), startLocal });
  });

  it('refuses a time zone that is not an IANA name', async () => {
    const error = await importError(importExportCsv(encode(exportCsv([exportRow(EVENING_RUN)])), { timeZone: 'Mars/Olympus' }));
    expect(error.message).toMatch(/"Mars\/Olympus" is not a time zone/);
  });

  it('keeps a multi-line quoted description and a name with commas and quotes', async () => {
    const values = { ...EVENING_RUN, 'Activity Name': 'Hard "starts", then easy', 'Activity Description': 'Line one\nLine, two' };
    const { runs, report } = await importRows([values, { ...EVENING_RUN, 'Activity ID': '2' }]);
    expect(report.runs).toBe(2);
    expect(runs[0]!.name).toBe('Hard "starts", then easy');
  });
});

describe('importExportCsv: runs only', () => {
  it('counts the other sports by their name and lists nothing as lost', async () => {
    const sports = ['Run', 'Walk', 'Weight Training', 'Trail Run', 'Walk', 'Virtual Ride', 'Virtual Run'];
    const { runs, report } = await importRows(
      sports.map((sport, index) => ({ ...EVENING_RUN, 'Activity ID': String(index + 1), 'Activity Type': sport })),
    );
    expect(runs.map((run) => run.sportType)).toEqual(['Run', 'TrailRun', 'VirtualRun']);
    expect(report.skippedBySport).toEqual({ Walk: 2, 'Weight Training': 1, 'Virtual Ride': 1 });
    expect(report.skipped).toEqual([]);
    expect(report.rowsRead).toBe(7);
  });

  it('reads an activity that appears twice once, saying so', async () => {
    const { runs, report } = await importRows([EVENING_RUN, EVENING_RUN]);
    expect(runs).toHaveLength(1);
    expect(report.skipped).toEqual([{ row: 2, reason: 'Activity 7926971219 again, the same as row 1: read once.' }]);
  });
});

describe('importExportCsv: distances in display units', () => {
  it('reads the only Distance column of an older export in the units the other rows show (miles here)', async () => {
    const miles = { ...EVENING_RUN, Distance: '1.51', 'Distance#2': '2430.1' };
    const noMetres = { ...EVENING_RUN, 'Activity ID': '2', Distance: '2.00', 'Distance#2': '' };
    const { runs, report } = await importRows([miles, noMetres]);
    expect(runs[1]!.distanceMeters).toBeCloseTo(3218.688, 3);
    expect(report.warnings).toEqual([]);
  });

  const unitCases: Array<['metric' | 'imperial' | undefined, number, RegExp]> = [
    [undefined, 5000, /kilometres/],
    ['metric', 5000, /kilometres/],
    ['imperial', 5 * 1609.344, /miles/],
  ];
  it.each(unitCases)('with no row to tell, reads it in the runner\'s units (%s) and warns', async (units, meters, warning) => {
    const header = EXPORT_HEADER.slice(0, 13);
    const row = exportRow({ 'Activity ID': '1', 'Activity Date': 'Oct 6, 2022, 11:19:20 PM', 'Activity Type': 'Run', Distance: '5' }, header);
    const { runs, report } = await importExportCsv(exportCsv([row], header), { timeZone: 'UTC', units });
    expect(runs[0]!.distanceMeters).toBeCloseTo(meters, 6);
    expect(report.warnings).toEqual([expect.stringMatching(warning)]);
  });
});

describe('parseExportDate', () => {
  const dates: Array<[string, number | undefined]> = [
    ['Oct 6, 2022, 11:19:20 PM', Date.UTC(2022, 9, 6, 23, 19, 20)],
    ['May 3, 2026, 11:30:28 AM', Date.UTC(2026, 4, 3, 11, 30, 28)],
    ['Jan 1, 2023, 12:05:00 AM', Date.UTC(2023, 0, 1, 0, 5, 0)],
    ['Jan 1, 2023, 12:05:00 PM', Date.UTC(2023, 0, 1, 12, 5, 0)],
    ['Jan 1, 2023, 9:05:00\u202fPM', Date.UTC(2023, 0, 1, 21, 5, 0)],
    ['2019-05-12 14:23:11', Date.UTC(2019, 4, 12, 14, 23, 11)],
    ['Feb 30, 2023, 1:00:00 PM', undefined],
    // Date.UTC reads the years 0 to 99 as 1900 to 1999: 0099 is a typo, never 1999.
    ['0099-05-12 14:23:11', undefined],
    ['May 12, 0099, 2:23:11 PM', undefined],
    ['Oct 6, 2022, 13:19:20 PM', undefined],
    ['6 oct. 2022, 23:19:20', undefined],
    ['', undefined],
  ];
  it.each(dates)('reads %j as %s', (text, expected) => {
    expect(parseExportDate(text)).toBe(expected);
  });
});

describe('importExportCsv: bad files', () => {
  const fileErrors: Array<[string, string | Uint8Array, RegExp]> = [
    ['an empty file', '', /empty/],
    ['a file of blank lines', '\n \r\n\n', /empty/],
    ['semicolons', `${EXPORT_HEADER.join(';')}\n1;"Oct 6, 2022, 11:19:20 PM";Run\n`, /separated by semicolons, not by commas/],
    ['tabs', `${EXPORT_HEADER.join('\t')}\n`, /separated by tabs/],
    [
      'French headers',
      "ID de l'activité,Date de l'activité,Nom de l'activité,Type d'activité,Description de l'activité,Temps écoulé,Distance\n" +
        '1,"6 oct. 2022, 23:19:20",Course,Course,,979,2.43\n',
      /not the ones of Strava's English export: missing Activity ID, Activity Date, Activity Type\. .*English/,
    ],
    ['a header without distance', 'Activity ID,Activity Date,Activity Type\n1,x,Run\n', /missing Distance\./],
    ['a zip archive', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), /zip archive.*activities\.csv/],
  ];
  it.each(fileErrors)('refuses %s with a plain message', async (_, content, message) => {
    const error = await importError(importExportCsv(typeof content === 'string' ? encode(content) : content, CHICAGO));
    expect(error.message).toMatch(message);
  });

  it('imports a header with no activities, with a warning', async () => {
    const { runs, report } = await importExportCsv(exportCsv([]), CHICAGO);
    expect(runs).toEqual([]);
    expect(report.rowsRead).toBe(0);
    expect(report.warnings).toEqual([expect.stringMatching(/no activities/)]);
  });

  const cutOff: Array<[string, (lastRow: string) => string, RegExp]> = [
    [
      'in the middle of a number',
      (lastRow) => lastRow.slice(0, lastRow.indexOf('2432.7') + 4),
      /Only \d+ of the 94 columns: the file looks cut off/,
    ],
    ['inside a quoted date', (lastRow) => lastRow.slice(0, lastRow.indexOf('2022')), /quoted value never ends/],
  ];
  it.each(cutOff)('skips a last row cut off %s, keeps the rest and says which row', async (_, cut, reason) => {
    const rows = [1, 2, 3].map((id) => exportRow({ ...EVENING_RUN, 'Activity ID': String(id) }));
    const text = exportCsv(rows);
    const lines = text.split('\n');
    const truncated = [...lines.slice(0, -1), cut(lines.at(-1)!)].join('\n');
    const { runs, report } = await importExportCsv(encode(truncated), CHICAGO);
    expect(runs.map((run) => run.id)).toEqual(['1', '2']);
    expect(report.rowsRead).toBe(3);
    expect(report.skipped).toEqual([{ row: 3, reason: expect.stringMatching(reason) }]);
  });

  const badRows: Array<[string, Record<string, string>, RegExp]> = [
    ['an unreadable date', { 'Activity Date': 'someday' }, /Activity Date "someday" is not a date/],
    ['no activity id', { 'Activity ID': '' }, /No Activity ID/],
    ['a non-numeric id', { 'Activity ID': 'abc' }, /Activity ID "abc" is not a number/],
  ];
  it.each(badRows)('skips a run with %s and keeps the others', async (_, values, reason) => {
    const { runs, report } = await importRows([
      { ...EVENING_RUN, 'Activity ID': '1' },
      { ...EVENING_RUN, ...values },
      { ...EVENING_RUN, 'Activity ID': '3' },
    ]);
    expect(runs.map((run) => run.id)).toEqual(['1', '3']);
    expect(report.skipped).toEqual([{ row: 2, reason: expect.stringMatching(reason) }]);
  });

  it('skips a row with more columns than the header', async () => {
    const longRow = exportCsv([[...exportRow({ ...EVENING_RUN, 'Activity ID': '2' }), 'extra']], [...EXPORT_HEADER, 'Extra']).split('\n')[1];
    const text = `${exportCsv([exportRow(EVENING_RUN)])}\n${longRow}`;
    const { runs, report } = await importExportCsv(text, CHICAGO);
    expect(runs).toHaveLength(1);
    expect(report.skipped).toEqual([{ row: 2, reason: expect.stringMatching(/95 columns where the header has 94/) }]);
  });

  it('reads Windows-1252 bytes ("Caf\\xe9 Run") and says the file was not UTF-8', async () => {
    const [before, after] = exportCsv([exportRow({ ...EVENING_RUN, 'Activity Name': 'Caf#Run' })]).split('#') as [string, string];
    const bytes = new Uint8Array([...encode(before), 0xe9, ...encode(` ${after}`)]);
    const { runs, report } = await importExportCsv(bytes, CHICAGO);
    expect(runs[0]!.name).toBe('Café Run');
    expect(report.warnings).toEqual([expect.stringMatching(/not UTF-8.*Windows-1252/)]);
  });

  it('reads UTF-8 with a byte-order mark, in an ArrayBuffer, without a warning', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encode(exportCsv([exportRow({ ...EVENING_RUN, 'Activity Name': 'Café Run' })]))]);
    const { runs, report } = await importExportCsv(bytes.buffer, CHICAGO);
    expect(runs[0]!.name).toBe('Café Run');
    expect(report.warnings).toEqual([]);
  });
});

describe('importExportCsv: a 20 MB file', () => {
  // About 44,000 activities: more than a decade of daily runs and rides.
  function bigExport(): { bytes: Uint8Array; activities: number; runs: number } {
    const template = exportCsv([
      exportRow({ ...EVENING_RUN, 'Activity ID': 'ID', 'Activity Type': 'TYPE', 'Activity Description': 'Intervals,\nthen "easy"' }),
    ]).split('\n');
    const header = template[0]!;
    const row = template.slice(1).join('\n');
    const lines = [header];
    let size = header.length;
    let runs = 0;
    while (size < 20 * 1024 * 1024) {
      const isRun = lines.length % 4 !== 0;
      if (isRun) runs += 1;
      const line = row.replace(/^ID/, String(1_000_000 + lines.length)).replace(',TYPE,', isRun ? ',Run,' : ',Ride,');
      lines.push(line);
      size += line.length + 1;
    }
    return { bytes: encode(lines.join('\n')), activities: lines.length - 1, runs };
  }

  it('parses in chunks, yielding to the event loop between them and reporting progress', { timeout: 60_000 }, async () => {
    const { bytes, activities, runs } = bigExport();
    const progress: number[] = [];
    let yields = 0;
    const result = await importExportCsv(bytes, {
      timeZone: 'UTC',
      onProgress: (fraction) => progress.push(fraction),
      yieldToEventLoop: async () => {
        yields += 1;
      },
    });
    expect(result.report).toMatchObject({ rowsRead: activities, runs, skipped: [], skippedBySport: { Ride: activities - runs } });
    expect(yields).toBeGreaterThanOrEqual(20);
    expect(progress.length).toBe(yields);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(1);
  });

  it('lets timers run while it parses (the page stays responsive)', { timeout: 60_000 }, async () => {
    const { bytes } = bigExport();
    let ticks = 0;
    const ticker = setInterval(() => {
      ticks += 1;
    }, 0);
    try {
      await importExportCsv(bytes, { timeZone: 'UTC' });
    } finally {
      clearInterval(ticker);
    }
    expect(ticks).toBeGreaterThanOrEqual(10);
  });
});

describe('importExportCsv: the real export in ../shared/data', () => {
  it.skipIf(!EXPORT_HISTORY_FILE)('imports all 610 activities: 439 runs, the other sports counted (absent: skipped)', async () => {
    const { runs, report } = await importExportCsv(readFileSync(EXPORT_HISTORY_FILE!), { timeZone: EXPORT_TIME_ZONE });
    expect(report).toEqual({
      format: 'export-csv',
      rowsRead: 610,
      runs: 439,
      skipped: [],
      skippedBySport: { Walk: 64, Workout: 59, 'Weight Training': 44, Hike: 4 },
      warnings: [],
    });
    expect(runs.every((run) => run.distanceMeters !== undefined && run.startLocal.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/))).toBe(true);
    const cadences = runs.flatMap((run) => (run.averageCadenceSpm === undefined ? [] : [run.averageCadenceSpm]));
    expect(cadences.length).toBe(412);
    expect(Math.min(...cadences)).toBeGreaterThan(120);
    expect(Math.max(...cadences)).toBeLessThan(200);
    expect(runs.filter((run) => run.averageHeartRate !== undefined)).toHaveLength(437);
    expect(runs[0]).toMatchObject({ id: '7926971219', startLocal: '2022-10-06T18:19', distanceMeters: 2432.77001953125 });
  });
});

describe('importExportCsv: one bad value among a thousand good runs', () => {
  // Each of these once rejected the whole import: the background's importRuns schema refused the
  // array for one row. Now the row is skipped with its reason.
  const badValues: Array<[string, Record<string, string>, RegExp]> = [
    ['a negative distance', { 'Distance#2': '-5' }, /distance .*negative/i],
    ['a negative rounded distance and no metres', { Distance: '-2.4', 'Distance#2': '' }, /distance .*negative/i],
    ['a negative moving time', { 'Moving Time': '-1' }, /moving time .*negative/i],
    ['a negative elapsed time', { 'Elapsed Time': '-979', 'Elapsed Time#2': '-979.0' }, /elapsed time .*negative/i],
    ['a distance too large to be a run', { 'Distance#2': '1e300' }, /distance/i],
    ['a name over 500 characters', { 'Activity Name': 'x'.repeat(501) }, /name .*500 characters/i],
    ['the year 0099', { 'Activity Date': '0099-05-12 14:23:11' }, /Activity Date "0099-05-12 14:23:11"/],
    ['February 30th', { 'Activity Date': 'Feb 30, 2022, 7:00:00 AM' }, /Activity Date "Feb 30, 2022, 7:00:00 AM" is not a date/],
    ['a heart rate no heart beats at', { 'Average Heart Rate': '9000' }, /heart rate/i],
  ];
  it.each(badValues)('skips the one with %s, imports the others, and the background accepts them', async (_, values, reason) => {
    const rows = Array.from({ length: 1000 }, (_, index) => ({ ...EVENING_RUN, 'Activity ID': String(index + 1) }));
    rows[499] = { ...rows[499]!, ...values };
    const { runs, report } = await importRows(rows);
    expect(report.skipped).toEqual([{ row: 500, reason: expect.stringMatching(reason) }]);
    expect(runs).toHaveLength(999);
    expect(runs.map((run) => run.id)).not.toContain('500');
    expect(requestSchemas.importRuns.safeParse({ runs, source: 'export-csv' }).success).toBe(true);
  });
});
