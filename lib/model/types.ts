/**
 * The contract of RunSound's model: three targets learned from the runner's own runs, each
 * from labels whose provenance is kept, and forests stored in a compact form.
 */

/** What the model predicts for a planned run. */
export const TARGETS = ['tempo', 'energy', 'valence'] as const;
export type Target = (typeof TARGETS)[number];

/** Where a label came from: the run's own measurements, the music, or the research prior. */
export type LabelSource = 'cadence' | 'heart rate' | 'pace' | 'listening' | 'rating' | 'prior';

export interface Label {
  value: number;
  source: LabelSource;
}

export type RunLabels = Partial<Record<Target, Label>>;

/** A target is trained only with at least this many labelled runs; below it, the prior answers. */
export const MIN_LABELLED_RUNS = 10;

/**
 * One regression tree, flattened: node i is a leaf when `feature[i] === -1`. Internal nodes send
 * a row left when `row[feature[i]] < threshold[i]` (ml-cart's rule). `value[i]` is the mean label
 * of the training rows that reached node i (for leaves: the prediction; for internal nodes: what
 * explanations measure each split's push against).
 */
export interface CompactTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** A forest: the mean of its trees' predictions. */
export interface CompactForest {
  trees: CompactTree[];
}

export interface TargetMetrics {
  r2: number;
  mae: number;
  /** MAE of always predicting the runner's median label: what the model must beat. */
  baselineMae: number;
  nTrain: number;
  nTest: number;
}
