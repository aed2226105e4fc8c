/**
 * One target's random forest: trained with ml-random-forest (whose tree search, ml-cart's, is
 * patched to sort once and sweep: patches/ml-cart+*.patch), then kept in the compact form of
 * types.ts, which predicts exactly as the library does and explains each prediction.
 */
import { RandomForestRegression } from 'ml-random-forest';
import type { CompactForest, CompactTree } from './types';

export interface ForestOptions {
  nEstimators: number;
  /** ml-random-forest's seed for the bootstrap samples and feature subsets: a 32-bit integer. */
  seed: number;
  /**
   * Share of the features each tree sees, in (0, 1] (a whole number above 1 is a count).
   * ml-random-forest draws them once per tree, not at every split as scikit-learn does.
   */
  maxFeatures?: number;
  maxDepth?: number;
  /**
   * A node with this many training rows or fewer becomes a leaf (ml-cart's rule; its children
   * may be smaller). Default: defaultMinNumSamples(rows).
   */
  minNumSamples?: number;
}

/**
 * What the extension and the bench use, chosen on the synthetic histories of
 * scripts/bench-model.ts (holdout MAE at 200, 1,000 and 2,000 runs, three histories each):
 * - 50 trees, as the issue asks.
 * - Each tree sees 80 % of the features (20 of 25). ml-random-forest draws them once per tree,
 *   not at every split as scikit-learn does, so a small share leaves whole trees without the
 *   feature that matters (pace, for tempo): 60 % cost up to 12 % more MAE on energy. 100 %
 *   makes the trees alike, costs a little on tempo and valence, and trains 20 % slower.
 * - A node of at most 1/32 of the training rows (and at least 5) stays a leaf, instead of
 *   ml-cart's 3: the labels are noisy, so tiny leaves gain nothing on the holdout, and with
 *   leaves that grow with the history a tree keeps about the same number of nodes at any size,
 *   which bounds the stored forests (≈ 0.75 MB for three at 2,000 runs, against 6.5 MB).
 * - Depth is left to that rule.
 */
export const FOREST_DEFAULTS = {
  nEstimators: 50,
  maxFeatures: 0.8,
  maxDepth: Infinity,
  /** Without options.minNumSamples: this share of the training rows… */
  minNumSamplesShare: 1 / 32,
  /** …but at least this many. */
  minNumSamplesAtLeast: 5,
} as const;

/** The leaf rule used when options.minNumSamples is not given: see FOREST_DEFAULTS. */
export function defaultMinNumSamples(trainingRows: number): number {
  return Math.max(FOREST_DEFAULTS.minNumSamplesAtLeast, Math.ceil(trainingRows * FOREST_DEFAULTS.minNumSamplesShare));
}

/**
 * Trains the library's forest. `X` must hold no NaN (the library would silently accept it and
 * split on nonsense): callers impute first, and this throws otherwise.
 */
export function trainLibraryForest(X: number[][], y: number[], options: ForestOptions): RandomForestRegression {
  if (X.length !== y.length) throw new RangeError(`${X.length} rows but ${y.length} labels`);
  if (X.length < 2) throw new RangeError('a forest needs at least 2 training rows');
  const columns = X[0]!.length;
  X.forEach((row, i) => {
    if (row.length !== columns) throw new RangeError(`row ${i} has ${row.length} features, not ${columns}`);
    if (!row.every(Number.isFinite)) throw new RangeError(`row ${i} has a missing or infinite feature: impute first`);
  });
  if (!y.every(Number.isFinite)) throw new RangeError('every label must be a finite number');
  if (!Number.isInteger(options.seed)) throw new RangeError('seed must be a 32-bit integer');
  const share = options.maxFeatures ?? FOREST_DEFAULTS.maxFeatures;
  // A share that rounds down to no feature at all (few columns) means every feature.
  const maxFeatures = share <= 1 && Math.floor(columns * share) < 1 ? 1.0 : share;

  const model = new RandomForestRegression({
    nEstimators: options.nEstimators,
    seed: options.seed,
    maxFeatures,
    replacement: false,
    useSampleBagging: true,
    // Out-of-bag scoring throws on small forests, and the holdout is what we report.
    noOOB: true,
    treeOptions: {
      minNumSamples: options.minNumSamples ?? defaultMinNumSamples(X.length),
      maxDepth: options.maxDepth ?? FOREST_DEFAULTS.maxDepth,
    },
  });
  model.train(X, y);
  return model;
}

/** Trains one target's forest and returns it in the compact form. See trainLibraryForest. */
export function trainForest(X: number[][], y: number[], options: ForestOptions): CompactForest {
  return toCompactForest(trainLibraryForest(X, y, options));
}

/** An ml-cart regression node as training leaves it (fields the library does not type). */
interface CartNode {
  splitColumn?: number;
  splitValue?: number;
  left?: CartNode;
  right?: CartNode;
  /** Leaves only: the mean label, which the tree predicts. */
  distribution?: number;
  /** Every node, set by our ml-cart patch (not enumerable, so toJSON is unchanged). */
  trainingMean?: number;
}

interface TrainedForestInternals {
  estimators: { root: CartNode }[];
  /** For each tree, the original column of each of its features. */
  indexes: number[][];
}

/** The library's trained trees, flattened in preorder. */
export function toCompactForest(model: RandomForestRegression): CompactForest {
  const { estimators, indexes } = model as unknown as TrainedForestInternals;
  if (!estimators?.length) throw new Error('the forest is not trained');
  return { trees: estimators.map((estimator, t) => compactTree(estimator.root, indexes[t]!)) };
}

function compactTree(root: CartNode, columns: number[]): CompactTree {
  const tree: CompactTree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const visit = (node: CartNode): number => {
    const index = tree.feature.length;
    // ml-cart's own test for a leaf (TreeNode.classify).
    const isLeaf = !(node.left && node.right);
    const value = isLeaf ? node.distribution : node.trainingMean;
    if (typeof value !== 'number') {
      throw new Error('ml-cart node without its mean: is patches/ml-cart+*.patch applied (npm install)?');
    }
    tree.feature.push(isLeaf ? -1 : columns[node.splitColumn!]!);
    tree.threshold.push(isLeaf ? 0 : node.splitValue!);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(value);
    if (!isLeaf) {
      tree.left[index] = visit(node.left!);
      tree.right[index] = visit(node.right!);
    }
    return index;
  };
  visit(root);
  return tree;
}

/**
 * Whether a tree is one compactTree makes, so that walking it ends at a leaf for every row:
 * arrays of one length, each inner node's children after it and within the tree (so no walk
 * loops), each split on one of `columns` features, leaves marked -1. A tree read from outside
 * (a backup) is checked with it.
 */
export function isSoundTree(tree: CompactTree, columns: number): boolean {
  const n = tree.feature.length;
  if (n === 0 || [tree.threshold, tree.left, tree.right, tree.value].some((array) => array.length !== n)) return false;
  for (let node = 0; node < n; node++) {
    const feature = tree.feature[node]!;
    if (feature === -1) continue;
    if (!Number.isInteger(feature) || feature < 0 || feature >= columns) return false;
    for (const child of [tree.left[node]!, tree.right[node]!]) if (!Number.isInteger(child) || child <= node || child >= n) return false;
  }
  return true;
}

function leafOf(tree: CompactTree, row: readonly number[]): number {
  let node = 0;
  while (tree.feature[node] !== -1) {
    node = row[tree.feature[node]!]! < tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
  }
  return node;
}

/** The forest's prediction for one row: the mean of its trees', summed in the library's order. */
export function predictForest(forest: CompactForest, row: readonly number[]): number {
  let sum = 0;
  for (const tree of forest.trees) sum += tree.value[leafOf(tree, row)]!;
  return sum / forest.trees.length;
}

/** What the forest predicts before looking at any feature: the mean of its trees' root values. */
export function forestBaseValue(forest: CompactForest): number {
  let sum = 0;
  for (const tree of forest.trees) sum += tree.value[0]!;
  return sum / forest.trees.length;
}

/**
 * How much each feature pushed this row's prediction (Saabas): along each tree's path, every
 * split adds value[child] − value[node] to its feature; averaged over the trees. The pushes
 * plus forestBaseValue add up to predictForest (up to float rounding).
 */
export function explainForest(forest: CompactForest, row: readonly number[]): number[] {
  const pushes = new Array<number>(row.length).fill(0);
  for (const tree of forest.trees) {
    let node = 0;
    while (tree.feature[node] !== -1) {
      const feature = tree.feature[node]!;
      const child = row[feature]! < tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
      pushes[feature]! += tree.value[child]! - tree.value[node]!;
      node = child;
    }
  }
  return pushes.map((push) => push / forest.trees.length);
}
