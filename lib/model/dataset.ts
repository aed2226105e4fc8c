/**
 * The runner's history as the model sees it: one row of plan-time features per labelled run, in
 * FEATURE_NAMES order, oldest first, with each target's label (or null) beside it.
 *
 * Encoding: every feature is already a number. Categories are integer codes made where the
 * features are made (lib/features/names.ts), so a past run and a planned run are encoded by the
 * same code: runTypeCode (RUN_TYPE_CODES, calmest 0 to hardest 6), temperatureBin, lengthBin,
 * fatigueLevel (FATIGUE_LEVEL_CODES), dayOfWeek (0 = Sunday) and hourOfDay. The codes are ordered,
 * so a tree splits them like any number ("tempo or harder" is one cut).
 *
 * Imputation: the forest library silently accepts NaN, so every unknown value (NaN or infinite)
 * is filled before training and before prediction, with what `fitImputer` learned from the
 * training rows only: the column's median, or 0 for a column with no known value. For code
 * columns the median is taken as an observed value (the lower middle one), so a filled code is
 * always a real code. A model keeps its Imputer beside its forests and imputes a planned run with it.
 */
import { FEATURE_NAMES, featuresForHistory, type FeatureName } from '../features';
import type { Run } from '../runs';
import { labelsForHistory, type LabelOptions } from './labels';
import { TARGETS, type Label, type RunLabels, type Target } from './types';

/** The features that are category codes rather than measurements. */
export const CODE_FEATURES: ReadonlySet<FeatureName> = new Set<FeatureName>([
  'temperatureBin',
  'hourOfDay',
  'dayOfWeek',
  'runTypeCode',
  'lengthBin',
  'fatigueLevel',
]);

export interface Dataset {
  featureNames: readonly FeatureName[];
  /** Per row, oldest first (start time, then id). */
  runIds: string[];
  /** UTC epoch milliseconds. */
  startTimes: number[];
  /** Raw features in featureNames order; NaN where unknown (impute before training). */
  rows: number[][];
  /** Per target, per row: the label, or null when the run has none for that target. */
  labels: Record<Target, Array<Label | null>>;
  /** Runs left out because they had no label for any target. */
  unlabelledRuns: number;
}

/** A run's features in FEATURE_NAMES order; a missing name is NaN. */
export function featureRow(features: Readonly<Record<string, number>>): number[] {
  return FEATURE_NAMES.map((name) => features[name] ?? Number.NaN);
}

/**
 * The dataset of a history. Features are the ones processing stored on each run (lib/processing),
 * computed with featuresForHistory for runs that have none; labels come from labelsForHistory
 * (or `labels`, when the caller has them).
 */
export function buildDataset(
  runs: readonly Run[],
  options: LabelOptions & { labels?: ReadonlyMap<string, RunLabels> } = {},
): Dataset {
  const labels = options.labels ?? labelsForHistory(runs, options);
  const computed = runs.some((run) => !run.features) ? featuresForHistory(runs, options.loadSettings) : undefined;
  const sorted = [...runs].sort((a, b) => a.startTime - b.startTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const dataset: Dataset = {
    featureNames: FEATURE_NAMES,
    runIds: [],
    startTimes: [],
    rows: [],
    labels: Object.fromEntries(TARGETS.map((target) => [target, []])) as unknown as Dataset['labels'],
    unlabelledRuns: 0,
  };
  for (const run of sorted) {
    const runLabels = labels.get(run.id) ?? {};
    if (!TARGETS.some((target) => runLabels[target])) {
      dataset.unlabelledRuns += 1;
      continue;
    }
    const features = run.features ?? computed?.get(run.id) ?? {};
    dataset.runIds.push(run.id);
    dataset.startTimes.push(run.startTime);
    dataset.rows.push(featureRow(features));
    for (const target of TARGETS) dataset.labels[target].push(runLabels[target] ?? null);
  }
  return dataset;
}

/** The rows (indices, oldest first) labelled for `target`, among `within` when given. */
export function labelledRows(dataset: Dataset, target: Target, within?: readonly number[]): number[] {
  const candidates = within ?? dataset.rows.map((_, index) => index);
  return candidates.filter((index) => dataset.labels[target][index] !== null);
}

/** What imputation learned from training rows; plain JSON, stored with the model. */
export interface Imputer {
  featureNames: string[];
  /** Per column, the value that stands for an unknown one. */
  fill: number[];
}

/** Learns each column's fill value from training rows only (see the file comment). */
export function fitImputer(rows: readonly (readonly number[])[], featureNames: readonly FeatureName[] = FEATURE_NAMES): Imputer {
  const fill = featureNames.map((name, column) => {
    const known = rows.map((row) => row[column]!).filter(Number.isFinite).sort((a, b) => a - b);
    if (known.length === 0) return 0;
    const middle = (known.length - 1) / 2;
    const lower = known[Math.floor(middle)]!;
    if (CODE_FEATURES.has(name)) return lower;
    return (lower + known[Math.ceil(middle)]!) / 2;
  });
  return { featureNames: [...featureNames], fill };
}

/** A row with every unknown value filled. */
export function imputeRow(imputer: Imputer, row: readonly number[]): number[] {
  if (row.length !== imputer.fill.length) {
    throw new RangeError(`A row has ${row.length} features, the imputer was fitted on ${imputer.fill.length} (${imputer.featureNames.join(', ')})`);
  }
  return row.map((value, column) => (Number.isFinite(value) ? value : imputer.fill[column]!));
}

export function imputeRows(imputer: Imputer, rows: readonly (readonly number[])[]): number[][] {
  return rows.map((row) => imputeRow(imputer, row));
}
