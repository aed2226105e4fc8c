/**
 * How well the model predicts runs it has not seen, measured the honest way for a history:
 *
 * - Holdout, time-ordered: the dataset's rows are split once for all targets, the oldest 80 % of
 *   labelled runs to train and the newest 20 % to test, so every target is tested on runs that
 *   came after everything it learned from, and one imputer and one feature matrix serve all three
 *   forests (the one `--export-features` writes). Each target trains on its labelled training rows
 *   and is tested on its labelled test rows, so a target whose labels began late has a larger test
 *   share (and one whose labels are all among the newest runs is not scored until some are older).
 * - Cross-validation: k = 5 contiguous time blocks (no shuffling), each block tested once by a
 *   forest trained on the other four, past and future; neighbouring runs share a lot (form,
 *   season, shoes), and a shuffled split would let the model see a test run's neighbours.
 * - Beside each error, the naive baseline: the median of the training labels, predicted for
 *   every test run. The model is worth something only when it beats that.
 * - Permutation importance on the holdout: how much the test MAE grows when one column is shuffled.
 *
 * Each target is learned as lib/model/learner.ts says (tempo as the difference from the recent
 * cadence), exactly as the extension learns it. Imputation is fitted on the training rows of each split only. Everything is seeded: the same
 * dataset and seed give the same numbers (training seconds aside).
 */
import type { FeatureName } from '../features';
import { median } from '../training-load';
import { fitImputer, imputeRows, labelledRows, type Dataset, type Imputer } from './dataset';
import { FOREST_DEFAULTS, type ForestOptions } from './forest';
import { fitTarget, predictTarget, type TargetModel } from './learner';
import { MIN_LABELLED_RUNS, TARGETS, type Target, type TargetMetrics } from './types';

export const HOLDOUT_TEST_SHARE = 0.2;
export const CROSS_VALIDATION_FOLDS = 5;
export const PERMUTATION_REPEATS = 5;
export const DEFAULT_SEED = 42;
/** A forest needs a few runs to learn from; fewer in a split (or fold) and that split is not scored. */
const MIN_TRAINING_ROWS = 2;

export interface RowSplit {
  /** Row indices, oldest first. */
  train: number[];
  test: number[];
}

/** The oldest rows to train, the newest `testShare` of them (at least one, when there are two) to test. */
export function timeOrderedSplit(rowCount: number, testShare = HOLDOUT_TEST_SHARE): RowSplit {
  const testCount = rowCount < 2 ? 0 : Math.min(rowCount - 1, Math.max(1, Math.round(rowCount * testShare)));
  const indices = Array.from({ length: rowCount }, (_, index) => index);
  return { train: indices.slice(0, rowCount - testCount), test: indices.slice(rowCount - testCount) };
}

/** k contiguous blocks of rows in time order, each the test set of one fold (sizes differ by at most one). */
export function timeBlockFolds(rowCount: number, folds = CROSS_VALIDATION_FOLDS): RowSplit[] {
  const indices = Array.from({ length: rowCount }, (_, index) => index);
  return Array.from({ length: folds }, (_, fold) => {
    const from = Math.round((fold * rowCount) / folds);
    const to = Math.round(((fold + 1) * rowCount) / folds);
    return { train: [...indices.slice(0, from), ...indices.slice(to)], test: indices.slice(from, to) };
  }).filter((split) => split.test.length > 0);
}

export interface Scores {
  /** 1 − SSres/SStot around the test mean; NaN when every test label is the same. */
  r2: number;
  mae: number;
  /** MAE of predicting `baseline` for every test row. */
  baselineMae: number;
}

export function scores(actual: readonly number[], predicted: readonly number[], baseline: number): Scores {
  const n = actual.length;
  const mean = actual.reduce((sum, value) => sum + value, 0) / n;
  let absolute = 0;
  let baselineAbsolute = 0;
  let residual = 0;
  let total = 0;
  actual.forEach((value, i) => {
    absolute += Math.abs(value - predicted[i]!);
    baselineAbsolute += Math.abs(value - baseline);
    residual += (value - predicted[i]!) ** 2;
    total += (value - mean) ** 2;
  });
  return { r2: total > 0 ? 1 - residual / total : Number.NaN, mae: absolute / n, baselineMae: baselineAbsolute / n };
}

export interface CrossValidation extends Scores {
  scheme: 'time blocks';
  /** Folds scored (a fold without test labels, or with too few training labels, is skipped). */
  folds: number;
  /** The per-fold numbers the means above are taken over. */
  perFold: TargetMetrics[];
}

export interface FeatureImportance {
  feature: FeatureName;
  /** Mean growth of the holdout MAE when the column is shuffled (in the target's unit). */
  maeIncrease: number;
}

export interface TargetEvaluation extends TargetMetrics {
  /** Seconds to train this target's holdout forest. */
  trainSeconds: number;
  /** The holdout model's prediction for each test run: to compare with another model on the same runs. */
  holdout: { runIds: string[]; predicted: number[] };
  crossValidation: CrossValidation | null;
  /** Every feature, most important first. */
  importance: FeatureImportance[];
}

export interface Evaluation {
  /** Rows of the dataset: runs with at least one label. */
  runs: number;
  /** The holdout split of the dataset's rows, shared by all targets. */
  split: RowSplit;
  /** Fitted on the holdout's training rows: what the exported feature matrix was imputed with. */
  imputer: Imputer;
  /** Seconds to train the holdout forests of all targets together. */
  trainSeconds: number;
  targets: Record<Target, TargetEvaluation | null>;
  /** Why a target has no evaluation. */
  notes: Partial<Record<Target, string>>;
}

export interface EvaluateOptions {
  /** Only these targets (the others are null, with a note): lets a caller spread the work out. */
  targets?: readonly Target[];
  seed?: number;
  /** Overrides of the forest's defaults (FOREST_DEFAULTS). */
  forest?: Partial<ForestOptions>;
  testShare?: number;
  folds?: number;
  permutationRepeats?: number;
  /** Milliseconds, for training times; `performance.now` unless a test hands in its own. */
  clock?: () => number;
}

/** Deterministic random numbers (mulberry32). */
function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Fitted {
  model: TargetModel;
  baseline: number;
  seconds: number;
}

/** What one target's model does on one split: trained on `train` rows, predicting `test` rows (both imputed). */
function fitAndScore(
  target: Target,
  X: readonly number[][],
  labels: readonly number[],
  train: readonly number[],
  test: readonly number[],
  forestOptions: ForestOptions,
  clock: () => number,
  featureNames: readonly FeatureName[],
): Fitted & Scores & { predictions: number[] } {
  const started = clock();
  const model = fitTarget(
    target,
    train.map((row) => X[row]!),
    train.map((row) => labels[row]!),
    forestOptions,
    featureNames,
  );
  const seconds = (clock() - started) / 1000;
  const baseline = median(train.map((row) => labels[row]!));
  const predictions = test.map((row) => predictTarget(model, X[row]!));
  return { model, baseline, seconds, predictions, ...scores(test.map((row) => labels[row]!), predictions, baseline) };
}

function permutationImportance(
  model: TargetModel,
  testRows: readonly number[][],
  actual: readonly number[],
  featureNames: readonly FeatureName[],
  repeats: number,
  seed: number,
): FeatureImportance[] {
  const random = seededRandom(seed);
  const maeOf = (rows: readonly number[][]) =>
    rows.reduce((sum, row, i) => sum + Math.abs(actual[i]! - predictTarget(model, row)), 0) / rows.length;
  const base = maeOf(testRows);
  return featureNames
    .map((feature, column) => {
      let increase = 0;
      for (let repeat = 0; repeat < repeats; repeat++) {
        const column_ = testRows.map((row) => row[column]!);
        for (let i = column_.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [column_[i], column_[j]] = [column_[j]!, column_[i]!];
        }
        increase += maeOf(testRows.map((row, i) => row.map((value, c) => (c === column ? column_[i]! : value)))) - base;
      }
      return { feature, maeIncrease: increase / repeats };
    })
    .sort((a, b) => b.maeIncrease - a.maeIncrease);
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Evaluates one forest per target on the dataset (see the file comment). A target with fewer
 * than MIN_LABELLED_RUNS labelled runs, or without labelled runs on both sides of the split, is
 * null, with the reason in `notes`.
 */
export function evaluateDataset(dataset: Dataset, options: EvaluateOptions = {}): Evaluation {
  const seed = options.seed ?? DEFAULT_SEED;
  const clock = options.clock ?? (() => performance.now());
  const repeats = options.permutationRepeats ?? PERMUTATION_REPEATS;
  const forestFor = (forestSeed: number): ForestOptions => ({ ...FOREST_DEFAULTS, ...options.forest, seed: forestSeed });

  const split = timeOrderedSplit(dataset.rows.length, options.testShare);
  const imputer = fitImputer(split.train.map((row) => dataset.rows[row]!), dataset.featureNames);
  const X = imputeRows(imputer, dataset.rows);
  const folds = timeBlockFolds(dataset.rows.length, options.folds).map((fold) => {
    const foldImputer = fitImputer(fold.train.map((row) => dataset.rows[row]!), dataset.featureNames);
    return { ...fold, X: imputeRows(foldImputer, dataset.rows) };
  });

  const targets = {} as Record<Target, TargetEvaluation | null>;
  const notes: Evaluation['notes'] = {};
  let trainSeconds = 0;
  TARGETS.forEach((target, targetIndex) => {
    const labels = dataset.labels[target].map((label) => label?.value ?? Number.NaN);
    const labelled = labelledRows(dataset, target).length;
    const train = labelledRows(dataset, target, split.train);
    const test = labelledRows(dataset, target, split.test);
    targets[target] = null;
    if (options.targets && !options.targets.includes(target)) {
      notes[target] = 'not evaluated in this call';
      return;
    }
    if (labelled < MIN_LABELLED_RUNS) {
      notes[target] = `${labelled} labelled runs; at least ${MIN_LABELLED_RUNS} are needed (the prior answers until then)`;
      return;
    }
    if (train.length < MIN_TRAINING_ROWS || test.length === 0) {
      notes[target] = `${labelled} labelled runs, but ${train.length} among the older runs and ${test.length} among the newest: the holdout cannot score it`;
      return;
    }
    const targetSeed = seed + 1000 * (targetIndex + 1);
    const holdout = fitAndScore(target, X, labels, train, test, forestFor(targetSeed), clock, dataset.featureNames);
    trainSeconds += holdout.seconds;

    const perFold: TargetMetrics[] = [];
    folds.forEach((fold, foldIndex) => {
      const foldTrain = labelledRows(dataset, target, fold.train);
      const foldTest = labelledRows(dataset, target, fold.test);
      if (foldTrain.length < MIN_TRAINING_ROWS || foldTest.length === 0) return;
      const scored = fitAndScore(target, fold.X, labels, foldTrain, foldTest, forestFor(targetSeed + foldIndex + 1), clock, dataset.featureNames);
      perFold.push({ r2: scored.r2, mae: scored.mae, baselineMae: scored.baselineMae, nTrain: foldTrain.length, nTest: foldTest.length });
    });
    const crossValidation: CrossValidation | null = perFold.length
      ? {
          scheme: 'time blocks',
          folds: perFold.length,
          r2: mean(perFold.map((fold) => fold.r2)),
          mae: mean(perFold.map((fold) => fold.mae)),
          baselineMae: mean(perFold.map((fold) => fold.baselineMae)),
          perFold,
        }
      : null;

    targets[target] = {
      r2: holdout.r2,
      mae: holdout.mae,
      baselineMae: holdout.baselineMae,
      nTrain: train.length,
      nTest: test.length,
      trainSeconds: holdout.seconds,
      holdout: { runIds: test.map((row) => dataset.runIds[row]!), predicted: holdout.predictions },
      crossValidation,
      importance: permutationImportance(
        holdout.model,
        test.map((row) => X[row]!),
        test.map((row) => labels[row]!),
        dataset.featureNames,
        repeats,
        targetSeed + 500,
      ),
    };
  });
  return { runs: dataset.rows.length, split, imputer, trainSeconds, targets, notes };
}
