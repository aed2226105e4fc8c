/**
 * How one target is learned and predicted, the same way in the evaluation and in the extension.
 *
 * Tempo is learned as the difference from the runner's recent cadence (a plan-time feature),
 * which is added back at prediction: cadence drifts over months, and trees cannot predict
 * beyond the range they were trained on, while the difference stays in range. On the real
 * export in shared/data this takes the holdout R² of tempo from about 0.1 to about 0.6.
 */
import { FEATURE_NAMES, type FeatureName } from '../features';
import { explainForest, forestBaseValue, predictForest, trainForest, type ForestOptions } from './forest';
import type { CompactForest, Target } from './types';

/** The feature a target's prediction is built on, when it has one. */
export const TARGET_OFFSETS: Partial<Record<Target, FeatureName>> = { tempo: 'recentCadenceSpm' };

export interface TargetModel {
  /** All trees of all chunks: chunks are trained one after another and averaged as one forest. */
  forest: CompactForest;
  /** Column of the imputed row added back to the forest's prediction. */
  offsetColumn?: number;
}

function offsetColumn(target: Target, featureNames: readonly FeatureName[] = FEATURE_NAMES): number | undefined {
  const feature = TARGET_OFFSETS[target];
  if (!feature) return undefined;
  const column = featureNames.indexOf(feature);
  return column >= 0 ? column : undefined;
}

/** What the forest of `target` is trained on: the label, less the offset where the target has one. */
export function learnedLabels(target: Target, X: readonly (readonly number[])[], y: readonly number[], featureNames?: readonly FeatureName[]): number[] {
  const column = offsetColumn(target, featureNames);
  return column === undefined ? [...y] : y.map((value, i) => value - X[i]![column]!);
}

/** Trains one chunk of trees for `target` on imputed rows. */
export function trainChunk(
  target: Target,
  X: number[][],
  y: readonly number[],
  options: ForestOptions,
  featureNames?: readonly FeatureName[],
): CompactForest {
  return trainForest(X, learnedLabels(target, X, y, featureNames), options);
}

export function targetModel(target: Target, chunks: readonly CompactForest[], featureNames?: readonly FeatureName[]): TargetModel {
  return { forest: { trees: chunks.flatMap((chunk) => chunk.trees) }, offsetColumn: offsetColumn(target, featureNames) };
}

export function fitTarget(target: Target, X: number[][], y: readonly number[], options: ForestOptions, featureNames?: readonly FeatureName[]): TargetModel {
  return targetModel(target, [trainChunk(target, X, y, options, featureNames)], featureNames);
}

/** The prediction for one imputed row. */
export function predictTarget(model: TargetModel, row: readonly number[]): number {
  const offset = model.offsetColumn === undefined ? 0 : row[model.offsetColumn]!;
  return offset + predictForest(model.forest, row);
}

/**
 * What pushed one prediction: where it starts (the forest's mean, plus the offset — "your recent
 * cadence" for tempo) and, per feature, how far each moved it, in the target's unit; the start
 * plus the pushes is the prediction.
 */
export function explainTarget(model: TargetModel, row: readonly number[]): { base: number; pushes: number[] } {
  const offset = model.offsetColumn === undefined ? 0 : row[model.offsetColumn]!;
  return { base: offset + forestBaseValue(model.forest), pushes: explainForest(model.forest, row) };
}
