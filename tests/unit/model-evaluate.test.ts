import { describe, expect, it } from 'vitest';
import { buildDataset } from '@/lib/model/dataset';
import { CROSS_VALIDATION_PURGE, evaluateDataset, evaluateHoldout, scores, timeBlockFolds, timeOrderedSplit } from '@/lib/model/evaluate';
import { MIN_LABELLED_RUNS } from '@/lib/model/types';
import type { Run } from '@/lib/runs';
import { seededRandom as random } from '@/lib/random';


/**
 * A runner whose answer is known: a run every other day at a pace drawn from 4:30-7:00/km, with
 * cadence rising 12 steps/min per m/s (API-NOTES §4) and heart rate rising with speed, plus a
 * little noise. Pace is a plan-time feature, so a model should find both.
 */
function knownHistory(count = 150, seed = 7): Run[] {
  const next = random(seed);
  return Array.from({ length: count }, (_, i) => {
    const date = new Date(Date.UTC(2025, 0, 1 + 2 * i, 7));
    const pace = 270 + next() * 150;
    const speed = 1000 / pace;
    const distance = 5000 + Math.round(next() * 10) * 1000;
    return {
      id: String(5000 + i),
      name: 'Morning Run',
      sportType: 'Run',
      isTreadmill: false,
      startTime: date.getTime(),
      startLocal: date.toISOString().slice(0, 16),
      distanceMeters: distance,
      movingTimeSeconds: Math.round((distance / 1000) * pace),
      elapsedTimeSeconds: Math.round((distance / 1000) * pace) + 30,
      elevationGainMeters: 20,
      averageCadenceSpm: 162 + 12 * (speed - 2.8) + (next() - 0.5) * 2,
      averageHeartRate: 125 + 28 * (speed - 2.4) + (next() - 0.5) * 4,
      maxHeartRate: 188,
      sources: ['api-json'],
      processed: {},
      updatedAt: 0,
    } satisfies Run;
  });
}

/** Training times aside, a fixed clock makes two evaluations comparable as a whole. */
const clock = () => 0;

describe('timeOrderedSplit', () => {
  it.each([
    { rows: 10, train: 8, test: 2 },
    { rows: 100, train: 80, test: 20 },
    { rows: 12, train: 10, test: 2 },
    { rows: 2, train: 1, test: 1 },
    { rows: 1, train: 1, test: 0 },
  ])('$rows rows → the oldest $train to train, the newest $test to test', ({ rows, train, test }) => {
    const split = timeOrderedSplit(rows);
    expect(split.train).toEqual(Array.from({ length: train }, (_, i) => i));
    expect(split.test).toEqual(Array.from({ length: test }, (_, i) => train + i));
  });
});

describe('timeBlockFolds', () => {
  it.each([{ rows: 100 }, { rows: 23 }, { rows: 5 }])('tests each of $rows rows exactly once, in contiguous time blocks', ({ rows }) => {
    const folds = timeBlockFolds(rows, 5);
    expect(folds).toHaveLength(5);
    expect(folds.flatMap((fold) => fold.test)).toEqual(Array.from({ length: rows }, (_, i) => i));
    for (const fold of folds) {
      expect(fold.test[fold.test.length - 1]! - fold.test[0]!).toBe(fold.test.length - 1);
      // Every other row trains, except the CROSS_VALIDATION_PURGE rows right after the test block,
      // whose history features are made of the test runs.
      const end = fold.test[fold.test.length - 1]! + 1;
      const purged = Array.from({ length: Math.min(CROSS_VALIDATION_PURGE, rows - end) }, (_, i) => end + i);
      expect([...fold.train, ...fold.test, ...purged].sort((a, b) => a - b)).toEqual(Array.from({ length: rows }, (_, i) => i));
      expect(fold.train.some((row) => row >= end && row < end + CROSS_VALIDATION_PURGE)).toBe(false);
    }
  });
});

describe('scores', () => {
  it.each([
    { name: 'a perfect model', actual: [1, 2, 3], predicted: [1, 2, 3], baseline: 2, r2: 1, mae: 0, baselineMae: 2 / 3 },
    { name: 'the mean everywhere', actual: [1, 2, 3], predicted: [2, 2, 2], baseline: 2, r2: 0, mae: 2 / 3, baselineMae: 2 / 3 },
    { name: 'worse than the mean', actual: [1, 3], predicted: [3, 1], baseline: 1, r2: -3, mae: 2, baselineMae: 1 },
  ])('$name', ({ actual, predicted, baseline, r2, mae, baselineMae }) => {
    const result = scores(actual, predicted, baseline);
    expect(result.r2).toBeCloseTo(r2, 10);
    expect(result.mae).toBeCloseTo(mae, 10);
    expect(result.baselineMae).toBeCloseTo(baselineMae, 10);
  });

  it('has no R² when every test label is the same', () => {
    expect(scores([5, 5], [4, 6], 5).r2).toBeNaN();
  });
});

describe('evaluateDataset', () => {
  it('beats the baseline by far where the answer is known, for tempo and energy', () => {
    const evaluation = evaluateDataset(buildDataset(knownHistory()), { clock });
    for (const target of ['tempo', 'energy'] as const) {
      const result = evaluation.targets[target]!;
      expect(result, target).not.toBeNull();
      expect(result.mae, target).toBeLessThan(0.5 * result.baselineMae);
      expect(result.r2, target).toBeGreaterThan(0.7);
      expect(result.crossValidation!.folds, target).toBe(5);
      expect(result.crossValidation!.mae, target).toBeLessThan(0.5 * result.crossValidation!.baselineMae);
      // The pace of the run is what the labels were made from: shuffling it hurts most.
      expect(['paceSecondsPerKm', 'durationMinutes', 'paceVsRecentMedian'], target).toContain(result.importance[0]!.feature);
    }
    expect(evaluation.targets.valence).toBeNull();
  });

  it('trains on older runs and tests on the newest 20 %, whatever order the runs come in', () => {
    const runs = knownHistory(60);
    const shuffled = [...runs].sort((a, b) => (a.id.split('').reverse().join('') < b.id.split('').reverse().join('') ? -1 : 1));
    const dataset = buildDataset(shuffled);
    const evaluation = evaluateDataset(dataset, { clock });
    const newestTrain = Math.max(...evaluation.split.train.map((row) => dataset.startTimes[row]!));
    const oldestTest = Math.min(...evaluation.split.test.map((row) => dataset.startTimes[row]!));
    expect(newestTrain).toBeLessThan(oldestTest);
    expect(evaluation.split.test.map((row) => dataset.runIds[row])).toEqual(runs.slice(48).map((r) => r.id));
    expect(evaluation.targets.tempo).toMatchObject({ nTrain: 48, nTest: 12 });
  });

  it.each([
    { name: 'labels only among the newest runs (ratings began late)', hasCadence: (i: number) => i >= 45, train: 12, test: 3 },
    { name: 'labels missing from the newest runs (a new watch without cadence)', hasCadence: (i: number) => i < 40, train: 32, test: 8 },
  ])('splits each target over its own labelled runs, so $name are scored', ({ hasCadence, train, test }) => {
    const runs = knownHistory(60).map((r, i) => (hasCadence(i) ? r : { ...r, averageCadenceSpm: undefined }));
    const dataset = buildDataset(runs);
    const evaluation = evaluateDataset(dataset, { clock });
    expect(evaluation.targets.tempo).toMatchObject({ nTrain: train, nTest: test });
    // Energy, labelled on every run, keeps the split of all runs.
    expect(evaluation.targets.energy).toMatchObject({ nTrain: 48, nTest: 12 });
    expect(evaluation.targets.tempo!.mae).toBeLessThan(evaluation.targets.tempo!.baselineMae);
  });

  it("fits a target's imputer on its own training runs, not on runs labelled only for other targets", () => {
    // Cadence on the 20 oldest runs, all of 5 km; the 40 newer runs are 20 km and have none.
    const runs = knownHistory(60).map((r, i) => (i < 20 ? { ...r, distanceMeters: 5000 } : { ...r, distanceMeters: 20_000, averageCadenceSpm: undefined }));
    const dataset = buildDataset(runs);
    const distance = dataset.featureNames.indexOf('distanceKm');
    const tempo = evaluateHoldout(dataset, 'tempo', { clock });
    const energy = evaluateHoldout(dataset, 'energy', { clock });
    if ('note' in tempo || 'note' in energy) throw new Error('both targets have enough labels');
    expect(tempo).toMatchObject({ nTrain: 16, nTest: 4 });
    expect(tempo.imputer.fill[distance]).toBe(5);
    // Energy trains on the 48 oldest runs, 28 of them of 20 km.
    expect(energy.imputer.fill[distance]).toBe(20);
  });

  it('gives null, and says why, for a target with too few labelled runs', () => {
    const runs = knownHistory(30).map((r, i) => (i % 3 === 0 && i < 27 ? r : { ...r, averageCadenceSpm: undefined }));
    const evaluation = evaluateDataset(buildDataset(runs), { clock });
    expect(runs.filter((r) => r.averageCadenceSpm !== undefined)).toHaveLength(MIN_LABELLED_RUNS - 1);
    expect(evaluation.targets.tempo).toBeNull();
    expect(evaluation.notes.tempo).toMatch(/9 labelled runs/);
    expect(evaluation.targets.valence).toBeNull();
    expect(evaluation.targets.energy).not.toBeNull();
  });

  it('gives the same numbers for the same history and seed, and other forests for another seed', () => {
    const dataset = buildDataset(knownHistory(80));
    const first = evaluateDataset(dataset, { clock, seed: 3 });
    expect(evaluateDataset(dataset, { clock, seed: 3 })).toEqual(first);
    expect(evaluateDataset(dataset, { clock, seed: 4 }).targets.tempo!.mae).not.toBe(first.targets.tempo!.mae);
  });

  it('imputes with what the training rows know: the newest runs never shape the fill values', () => {
    const dataset = buildDataset(knownHistory(50));
    const distance = dataset.featureNames.indexOf('distanceKm');
    for (const row of dataset.rows.slice(40)) row[distance] = Number.NaN;
    const trainDistances = dataset.rows.slice(0, 40).map((row) => row[distance]!).sort((a, b) => a - b);
    const evaluation = evaluateDataset(dataset, { clock });
    expect(evaluation.imputer.fill[distance]).toBe((trainDistances[19]! + trainDistances[20]!) / 2);
  });
});
