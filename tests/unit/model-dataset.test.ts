import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, RUN_TYPE_CODES, featuresFor, featuresForHistory, type FeatureName } from '@/lib/features';
import { buildDataset, featureRow, fitImputer, imputeRow, imputeRows, labelledRows } from '@/lib/model/dataset';
import { RUN_TYPES } from '@/lib/plan';
import type { Run } from '@/lib/runs';

/** A run on day `day` of March 2026, 8 km at 6:00/km with cadence and heart rate unless told. */
function run(day: number, extra: Partial<Run> = {}): Run {
  const date = new Date(Date.UTC(2026, 2, day, 7));
  return {
    id: `run-${String(day).padStart(2, '0')}`,
    name: 'Morning Run',
    sportType: 'Run',
    isTreadmill: false,
    startTime: date.getTime(),
    startLocal: date.toISOString().slice(0, 16),
    distanceMeters: 8000,
    movingTimeSeconds: 2880 + (day % 5) * 60,
    elapsedTimeSeconds: 2950,
    elevationGainMeters: 40,
    averageCadenceSpm: 166 + (day % 4),
    averageHeartRate: 148,
    maxHeartRate: 180,
    sources: ['api-json'],
    processed: {},
    updatedAt: 0,
    ...extra,
  };
}

const history = () => Array.from({ length: 20 }, (_, i) => run(i + 1));

describe('buildDataset', () => {
  it('has one row per run, oldest first, features in FEATURE_NAMES order, whatever order the runs come in', () => {
    const runs = history();
    const dataset = buildDataset([...runs].reverse());
    const features = featuresForHistory(runs);
    expect(dataset.runIds).toEqual(runs.map((r) => r.id));
    expect(dataset.startTimes).toEqual(runs.map((r) => r.startTime));
    expect(dataset.featureNames).toEqual(FEATURE_NAMES);
    dataset.rows.forEach((row, i) => {
      expect(row).toEqual(FEATURE_NAMES.map((name) => features.get(runs[i]!.id)![name]));
    });
  });

  it('takes the features processing stored on a run as they are; a name it lacks is unknown', () => {
    const runs = history();
    runs[5] = { ...runs[5]!, features: { paceSecondsPerKm: 301, distanceKm: 8 } };
    const row = buildDataset(runs).rows[5]!;
    expect(row[FEATURE_NAMES.indexOf('paceSecondsPerKm')]).toBe(301);
    expect(row[FEATURE_NAMES.indexOf('distanceKm')]).toBe(8);
    expect(row[FEATURE_NAMES.indexOf('hourOfDay')]).toBeNaN();
  });

  it('keeps each label with its source, null where a run has none, and leaves out runs with no label at all', () => {
    const runs = history();
    runs[2] = { ...runs[2]!, averageCadenceSpm: undefined };
    // No cadence, no heart rate, no distance: nothing to learn from.
    runs[3] = { ...runs[3]!, averageCadenceSpm: undefined, averageHeartRate: undefined, distanceMeters: undefined };
    const dataset = buildDataset(runs);
    expect(dataset.unlabelledRuns).toBe(1);
    expect(dataset.runIds).not.toContain(runs[3]!.id);
    const row = dataset.runIds.indexOf(runs[2]!.id);
    expect(dataset.labels.tempo[row]).toBeNull();
    expect(dataset.labels.energy[row]?.source).toBe('heart rate');
    expect(dataset.labels.tempo[0]).toEqual({ value: runs[0]!.averageCadenceSpm, source: 'cadence' });
    expect(dataset.labels.valence.every((label) => label === null)).toBe(true);
    expect(labelledRows(dataset, 'tempo')).not.toContain(row);
    expect(labelledRows(dataset, 'energy')).toHaveLength(19);
  });
});

describe('encoding: a category has the same code in training and in prediction', () => {
  const column = FEATURE_NAMES.indexOf('runTypeCode');
  it.each(RUN_TYPES.map((type) => ({ type, code: RUN_TYPE_CODES[type] })))('$type is $code', ({ type, code }) => {
    const runs = history();
    runs[19] = { ...runs[19]!, runTypeCorrection: type };
    const trainingRow = buildDataset(runs).rows[19]!;
    const plannedRow = featureRow(
      featuresFor({ startLocal: '2026-03-20T07:00', distanceMeters: 8000, paceSecondsPerKm: 360, runType: type }, runs.slice(0, 19)),
    );
    expect(trainingRow[column]).toBe(code);
    expect(plannedRow[column]).toBe(code);
  });
});

describe('imputation', () => {
  const names: FeatureName[] = ['distanceKm', 'runTypeCode'];
  it.each([
    { name: 'the median of the known values', column: [1, Number.NaN, 3, 10], fill: [3, 3] },
    { name: 'between the middle two for a measurement, the lower one for a code', column: [1, 2, 3, 4], fill: [2.5, 2] },
    { name: 'infinite counts as unknown', column: [Number.POSITIVE_INFINITY, 5, 7, 9], fill: [7, 7] },
    { name: 'a column never known is 0', column: [Number.NaN, Number.NaN], fill: [0, 0] },
  ])('$name', ({ column, fill }) => {
    const rows = column.map((value) => [value, value]);
    expect(fitImputer(rows, names).fill).toEqual(fill);
  });

  it('learns from the training rows only: test rows never move what unknowns are filled with', () => {
    const train = [[5], [7], [Number.NaN], [9]];
    const test = [[Number.NaN], [500], [900]];
    const imputer = fitImputer(train, ['distanceKm']);
    expect(imputer.fill).toEqual([7]);
    expect(imputeRows(imputer, test)).toEqual([[7], [500], [900]]);
    expect(imputeRows(imputer, train)).toEqual([[5], [7], [7], [9]]);
  });

  it('fills every unknown of a full row and keeps known values', () => {
    const dataset = buildDataset(history());
    const imputer = fitImputer(dataset.rows.slice(0, 16));
    const filled = imputeRows(imputer, dataset.rows);
    // No weather was fetched for these runs: the weather columns are unknown everywhere, hence 0.
    expect(filled.every((row) => row.every(Number.isFinite))).toBe(true);
    expect(filled[0]![FEATURE_NAMES.indexOf('temperatureC')]).toBe(0);
    expect(filled[10]![FEATURE_NAMES.indexOf('distanceKm')]).toBe(8);
  });

  it('survives a JSON round trip and refuses a row of another shape', () => {
    const imputer = fitImputer(buildDataset(history()).rows);
    const stored = JSON.parse(JSON.stringify(imputer)) as typeof imputer;
    expect(stored).toEqual(imputer);
    expect(stored.featureNames).toEqual([...FEATURE_NAMES]);
    expect(() => imputeRow(stored, [1, 2, 3])).toThrow(RangeError);
  });
});
