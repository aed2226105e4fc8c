/**
 * How well the model predicts runs it has not seen, measured the honest way for a history:
 *
 * - Holdout, time-ordered, per target over its own labelled runs: the oldest 80 % of the runs
 *   labelled for that target train, the newest 20 % test, so every target is tested on runs that
 *   came after everything it learned from, and a target whose labels began late (valence from
 *   ratings) or stopped early (cadence missing from a new watch) is still split and scored.
 *   Each target's imputer is fitted on its own training rows.
 * - Cross-validation: k = 5 contiguous time blocks of the target's labelled runs (no shuffling),
 *   each block tested once by a forest trained on the other four, past and future; neighbouring
 *   runs share a lot (form, season, shoes), and a shuffled split would let the model see a test
 *   run's neighbours.
 * - Beside each error, the naive baseline: the median of the training labels, predicted for
 *   every test run. The model is worth something only when it beats that.
 * - Permutation importance on the holdout: how much the test MAE grows when one column is shuffled.
 *
 * Each target is learned as lib/model/learner.ts says (tempo as the difference from the recent
 * cadence), exactly as the extension learns it. The work comes in pieces (evaluateHoldout,
 * evaluateImportance, evaluateFold) so the extension can spread one target over several short
 * steps; evaluateDataset does them all at once. Everything is seeded: the same dataset and seed
 * give the same numbers (training seconds aside).
 */
import { RECENT_RUNS, type FeatureName } from '../features';
import { median } from '../training-load';
import { fitImputer, imputeRows, labelledRows, type Dataset, type Imputer } from './dataset';
import { FOREST_DEFAULTS, type ForestOptions } from './forest';
import { fitTarget, predictTarget, type TargetModel } from './learner';
import { MIN_LABELLED_RUNS, TARGETS, type Target, type TargetMetrics } from './types';
import { seededRandom } from '../random';

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

/**
 * Rows right after a test block are left out of that fold's training: their history features
 * (recent cadence, recent pace, km and load of the days before) are made of the test block's
 * runs, so training on them would let the test leak in. RECENT_RUNS runs is how far back
 * "recent" reaches.
 */
export const CROSS_VALIDATION_PURGE = RECENT_RUNS;

/** k contiguous blocks of rows in time order, each the test set of one fold (sizes differ by at most one). */
export function timeBlockFolds(rowCount: number, folds = CROSS_VALIDATION_FOLDS, purge = CROSS_VALIDATION_PURGE): RowSplit[] {
  const indices = Array.from({ length: rowCount }, (_, index) => index);
  return Array.from({ length: folds }, (_, fold) => {
    const from = Math.round((fold * rowCount) / folds);
    const to = Math.round(((fold + 1) * rowCount) / folds);
    return { train: [...indices.slice(0, from), ...indices.slice(to + purge)], test: indices.slice(from, to) };
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
  /** Folds scored (a fold with too few training labels is skipped). */
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
  crossValidation: CrossValidation | null;
  /** Every feature, most important first. */
  importance: FeatureImportance[];
  /**
   * The holdout's test runs, oldest first: what the screens picture as predicted against actual.
   * Models trained before they were kept have none.
   */
  holdoutPoints?: HoldoutPoint[];
}

export interface Evaluation {
  /** Rows of the dataset: runs with at least one label. */
  runs: number;
  /**
   * One time-ordered split of all the dataset's rows, for the feature matrix `--export-features`
   * writes. Each target is split over its own labelled rows, which is this split exactly when
   * the target is labelled on every row (see the file comment).
   */
  split: RowSplit;
  /** Fitted on `split`'s training rows: what the exported feature matrix was imputed with. */
  imputer: Imputer;
  /** Seconds to train the holdout forests of all targets together. */
  trainSeconds: number;
  targets: Record<Target, TargetEvaluation | null>;
  /** Why a target has no evaluation. */
  notes: Partial<Record<Target, string>>;
}

export interface EvaluateOptions {
  /** Only these targets (the others are null, with a note). */
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


function targetSeed(target: Target, options: EvaluateOptions): number {
  return (options.seed ?? DEFAULT_SEED) + 1000 * (TARGETS.indexOf(target) + 1);
}

function forestOptions(options: EvaluateOptions, seed: number): ForestOptions {
  return { ...FOREST_DEFAULTS, ...options.forest, seed };
}

/** One target's rows, split over its own labelled rows (dataset row indices, oldest first). */
export interface TargetSplit {
  labelled: number[];
  holdout: RowSplit;
  folds: RowSplit[];
}

/** How `target` is split, or why it cannot be evaluated. */
export function targetSplit(dataset: Dataset, target: Target, options: EvaluateOptions = {}): TargetSplit | { note: string } {
  const labelled = labelledRows(dataset, target);
  if (labelled.length < MIN_LABELLED_RUNS) {
    return { note: `${labelled.length} labelled runs; at least ${MIN_LABELLED_RUNS} are needed` };
  }
  const rowsOf = (split: RowSplit): RowSplit => ({ train: split.train.map((i) => labelled[i]!), test: split.test.map((i) => labelled[i]!) });
  const holdout = rowsOf(timeOrderedSplit(labelled.length, options.testShare));
  if (holdout.train.length < MIN_TRAINING_ROWS || holdout.test.length === 0) {
    return { note: `${labelled.length} labelled runs, but the holdout cannot split them into older and newer runs` };
  }
  return { labelled, holdout, folds: timeBlockFolds(labelled.length, options.folds).map(rowsOf) };
}

/** Cross-validation folds `target` has (0 when it cannot be evaluated). */
export function foldCount(dataset: Dataset, target: Target, options: EvaluateOptions = {}): number {
  const split = targetSplit(dataset, target, options);
  return 'note' in split ? 0 : split.folds.length;
}

/** One test run of a holdout: what it measured and what the model trained without it predicted. */
export interface HoldoutPoint {
  /** The run's start, UTC epoch milliseconds. */
  startTime: number;
  actual: number;
  predicted: number;
}

interface Scored extends TargetMetrics {
  model: TargetModel;
  imputer: Imputer;
  seconds: number;
  points: HoldoutPoint[];
}

/** One target's model trained on `split.train` (imputed with what those rows know) and scored on `split.test`. */
function fitAndScore(dataset: Dataset, target: Target, split: RowSplit, forest: ForestOptions, clock: () => number): Scored {
  const imputer = fitImputer(split.train.map((row) => dataset.rows[row]!), dataset.featureNames);
  const rowsOf = (rows: readonly number[]) => imputeRows(imputer, rows.map((row) => dataset.rows[row]!));
  const labelsOf = (rows: readonly number[]) => rows.map((row) => dataset.labels[target][row]!.value);
  const trainY = labelsOf(split.train);
  const started = clock();
  const model = fitTarget(target, rowsOf(split.train), trainY, forest, dataset.featureNames);
  const seconds = (clock() - started) / 1000;
  const testX = rowsOf(split.test);
  const testY = labelsOf(split.test);
  const predictions = testX.map((row) => predictTarget(model, row));
  return {
    model,
    imputer,
    seconds,
    points: split.test.map((row, i) => ({ startTime: dataset.startTimes[row]!, actual: testY[i]!, predicted: predictions[i]! })),
    ...scores(testY, predictions, median(trainY)),
    nTrain: split.train.length,
    nTest: split.test.length,
  };
}

/** The holdout's scores, and its forest (for evaluateImportance). */
export interface HoldoutResult extends TargetMetrics {
  /** Seconds to train the holdout forest. */
  trainSeconds: number;
  model: TargetModel;
  /** Fitted on the target's own training rows. */
  imputer: Imputer;
  /** Its test runs, oldest first (a job saved before they were kept has none). */
  points?: HoldoutPoint[];
}

/** Trains `target` on its older labelled runs and scores it on its newest (the first step). */
export function evaluateHoldout(dataset: Dataset, target: Target, options: EvaluateOptions = {}): HoldoutResult | { note: string } {
  const split = targetSplit(dataset, target, options);
  if ('note' in split) return split;
  const scored = fitAndScore(dataset, target, split.holdout, forestOptions(options, targetSeed(target, options)), options.clock ?? (() => performance.now()));
  const { r2, mae, baselineMae, nTrain, nTest, model, imputer, seconds, points } = scored;
  return { r2, mae, baselineMae, nTrain, nTest, trainSeconds: seconds, model, imputer, points };
}

/** Permutation importance of the holdout forest (from evaluateHoldout) on the holdout's test runs. */
export function evaluateImportance(
  dataset: Dataset,
  target: Target,
  { model, imputer }: Pick<HoldoutResult, 'model' | 'imputer'>,
  options: EvaluateOptions = {},
): FeatureImportance[] {
  const split = targetSplit(dataset, target, options);
  if ('note' in split) return [];
  const testRows = imputeRows(imputer, split.holdout.test.map((row) => dataset.rows[row]!));
  const actual = split.holdout.test.map((row) => dataset.labels[target][row]!.value);
  const random = seededRandom(targetSeed(target, options) + 500);
  const repeats = options.permutationRepeats ?? PERMUTATION_REPEATS;
  const maeOf = (rows: readonly number[][]) =>
    rows.reduce((sum, row, i) => sum + Math.abs(actual[i]! - predictTarget(model, row)), 0) / rows.length;
  const base = maeOf(testRows);
  return dataset.featureNames
    .map((feature, column) => {
      let increase = 0;
      for (let repeat = 0; repeat < repeats; repeat++) {
        const shuffled = testRows.map((row) => row[column]!);
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        increase += maeOf(testRows.map((row, i) => row.map((value, c) => (c === column ? shuffled[i]! : value)))) - base;
      }
      return { feature, maeIncrease: increase / repeats };
    })
    .sort((a, b) => b.maeIncrease - a.maeIncrease);
}

/** Cross-validation fold `fold` of `target` (0-based); null when it cannot be scored. */
export function evaluateFold(dataset: Dataset, target: Target, fold: number, options: EvaluateOptions = {}): TargetMetrics | null {
  const split = targetSplit(dataset, target, options);
  if ('note' in split) return null;
  const rows = split.folds[fold];
  if (!rows || rows.train.length < MIN_TRAINING_ROWS || rows.test.length === 0) return null;
  const forest = forestOptions(options, targetSeed(target, options) + fold + 1);
  const { r2, mae, baselineMae, nTrain, nTest } = fitAndScore(dataset, target, rows, forest, options.clock ?? (() => performance.now()));
  return { r2, mae, baselineMae, nTrain, nTest };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The pieces of one target's evaluation, put together. */
export function targetEvaluation(holdout: HoldoutResult, importance: FeatureImportance[], folds: ReadonlyArray<TargetMetrics | null>): TargetEvaluation {
  const perFold = folds.filter((fold): fold is TargetMetrics => fold !== null);
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
  const { r2, mae, baselineMae, nTrain, nTest, trainSeconds, points } = holdout;
  return { r2, mae, baselineMae, nTrain, nTest, trainSeconds, crossValidation, importance, ...(points ? { holdoutPoints: points } : {}) };
}

/**
 * Evaluates one forest per target on the dataset (see the file comment). A target with fewer
 * than MIN_LABELLED_RUNS labelled runs is null, with the reason in `notes`.
 */
export function evaluateDataset(dataset: Dataset, options: EvaluateOptions = {}): Evaluation {
  const split = timeOrderedSplit(dataset.rows.length, options.testShare);
  const imputer = fitImputer(split.train.map((row) => dataset.rows[row]!), dataset.featureNames);
  const targets = {} as Record<Target, TargetEvaluation | null>;
  const notes: Evaluation['notes'] = {};
  let trainSeconds = 0;
  for (const target of TARGETS) {
    targets[target] = null;
    if (options.targets && !options.targets.includes(target)) {
      notes[target] = 'not evaluated in this call';
      continue;
    }
    const holdout = evaluateHoldout(dataset, target, options);
    if ('note' in holdout) {
      notes[target] = holdout.note;
      continue;
    }
    trainSeconds += holdout.trainSeconds;
    const importance = evaluateImportance(dataset, target, holdout, options);
    const folds = Array.from({ length: foldCount(dataset, target, options) }, (_, fold) => evaluateFold(dataset, target, fold, options));
    targets[target] = targetEvaluation(holdout, importance, folds);
  }
  return { runs: dataset.rows.length, split, imputer, trainSeconds, targets, notes };
}
