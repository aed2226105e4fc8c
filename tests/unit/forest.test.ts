/**
 * The compact forest (lib/model/forest.ts): predicts as ml-random-forest does, survives being
 * stored as JSON, and explains each prediction with pushes that add up to it.
 */
import { RandomForestRegression } from 'ml-random-forest';
import { describe, expect, it } from 'vitest';
import {
  explainForest,
  forestBaseValue,
  isSoundTree,
  predictForest,
  toCompactForest,
  trainForest,
  trainLibraryForest,
} from '../../lib/model/forest';
import type { CompactForest, CompactTree } from '../../lib/model/types';
import { seededRandom as random } from '@/lib/random';


/** Runs-like rows: pace (s/km), distance (km), a run-type code, temperature and 4 noise columns. */
function history(seed: number, rows: number) {
  const next = random(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < rows; i++) {
    const pace = Math.round(260 + 160 * next());
    const km = Math.round((3 + 25 * next()) * 10) / 10;
    const type = Math.floor(next() * 7);
    const temperature = Math.round((30 * next() - 5) * 10) / 10;
    X.push([pace, km, type, temperature, ...Array.from({ length: 4 }, () => Math.round(next() * 100) / 100)]);
    y.push(Math.round(180 - 0.16 * (pace - 300) + 0.5 * type - 0.05 * km + 3 * (next() - 0.5)));
  }
  return { X, y };
}

const training = history(1, 300);
const probes = [...training.X, ...history(2, 300).X];
const options = { nEstimators: 20, seed: 5 };

describe('compact forest', () => {
  const library = trainLibraryForest(training.X, training.y, options);
  const forest = toCompactForest(library);

  it('predicts exactly what ml-random-forest predicts', () => {
    expect(probes.map((row) => predictForest(forest, row))).toEqual(library.predict(probes));
  });

  it('trainForest is the library forest in compact form', () => {
    expect(trainForest(training.X, training.y, options)).toEqual(forest);
  });

  it('keeps its predictions through a JSON round trip', () => {
    const stored = JSON.parse(JSON.stringify(forest)) as CompactForest;
    expect(probes.map((row) => predictForest(stored, row))).toEqual(probes.map((row) => predictForest(forest, row)));
  });

  it('marks leaves with feature -1 and no children, and points only forward', () => {
    for (const tree of forest.trees) {
      tree.feature.forEach((feature, node) => {
        if (feature === -1) {
          expect([tree.left[node], tree.right[node]]).toEqual([-1, -1]);
        } else {
          expect(feature).toBeGreaterThanOrEqual(0);
          expect(feature).toBeLessThan(training.X[0]!.length);
          expect(tree.left[node]).toBeGreaterThan(node);
          expect(tree.right[node]).toBeGreaterThan(node);
        }
      });
    }
  });

  it('explains each prediction: the pushes plus the base value add up to it', () => {
    for (const row of probes.slice(0, 100)) {
      const pushes = explainForest(forest, row);
      const total = pushes.reduce((sum, push) => sum + push, forestBaseValue(forest));
      expect(total).toBeCloseTo(predictForest(forest, row), 9);
    }
  });

  it('explains a fast run by its pace, not by the noise columns', () => {
    const fast = [265, 10, 3, 12, 0.5, 0.5, 0.5, 0.5];
    const pushes = explainForest(forest, fast);
    const strongest = pushes.reduce((best, push, feature) => (Math.abs(push) > Math.abs(pushes[best]!) ? feature : best), 0);
    expect(strongest).toBe(0);
    expect(pushes[0]).toBeGreaterThan(0); // fast pace: higher cadence than the runner's average
  });
});

describe("a node's value is the mean label of the training rows that reached it", () => {
  it.each([1, 2, 3])('seed %i', (seed) => {
    const { X, y } = history(10 + seed, 120);
    // Without the bootstrap the tree's training rows are exactly X, so the means can be checked.
    const library = new RandomForestRegression({
      nEstimators: 1,
      maxFeatures: 1.0,
      useSampleBagging: false,
      noOOB: true,
      seed,
      treeOptions: { minNumSamples: 3, maxDepth: Infinity },
    });
    library.train(X, y);
    const tree = toCompactForest(library).trees[0]!;
    const reached = tree.value.map(() => [] as number[]);
    X.forEach((row, i) => {
      for (const node of pathOf(tree, row)) reached[node]!.push(y[i]!);
    });
    reached.forEach((labels, node) => {
      expect(tree.value[node]).toBeCloseTo(labels.reduce((sum, label) => sum + label, 0) / labels.length, 9);
    });
  });
});

function pathOf(tree: CompactTree, row: number[]): number[] {
  const path = [0];
  let node = 0;
  while (tree.feature[node] !== -1) {
    node = row[tree.feature[node]!]! < tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
    path.push(node);
  }
  return path;
}

it('a single feature trains even though 80 % of one feature rounds down to none', () => {
  const X = Array.from({ length: 40 }, (_, i) => [i]);
  // Not two pure halves: ml-cart refuses a split whose children are both pure (gainThreshold 0).
  const forest = trainForest(X, X.map(([x]) => (x! < 20 ? 1 : 2) + x! / 1000), { nEstimators: 5, seed: 1 });
  expect(predictForest(forest, [0])).toBeCloseTo(1, 1);
  expect(predictForest(forest, [39])).toBeCloseTo(2, 1);
});

describe('trainForest refuses what the library would silently misuse', () => {
  it.each([
    { name: 'a missing feature', X: [[1, Number.NaN], [2, 3]], y: [1, 2] },
    { name: 'an infinite feature', X: [[1, Infinity], [2, 3]], y: [1, 2] },
    { name: 'a missing label', X: [[1, 2], [2, 3]], y: [1, Number.NaN] },
    { name: 'rows and labels of different counts', X: [[1, 2], [2, 3]], y: [1] },
    { name: 'rows of different widths', X: [[1, 2], [2]], y: [1, 2] },
  ])('$name', ({ X, y }) => {
    expect(() => trainForest(X, y, { nEstimators: 2, seed: 1 })).toThrow(RangeError);
  });
});

describe('isSoundTree', () => {
  it('takes every tree RunSound trains', () => {
    const forest = trainForest(training.X, training.y, options);
    expect(forest.trees.every((tree) => isSoundTree(tree, training.X[0]!.length))).toBe(true);
  });

  const leaf = (value: number): CompactTree => ({ feature: [-1], threshold: [0], left: [-1], right: [-1], value: [value] });
  it.each<[string, CompactTree]>([
    ['a node that is its own child (its walk never ends)', { feature: [0], threshold: [1], left: [0], right: [0], value: [1] }],
    ['a child outside the tree', { feature: [0, -1], threshold: [1, 0], left: [1], right: [7], value: [1, 2] } as CompactTree],
    ['arrays of different lengths', { ...leaf(1), value: [] }],
    ['a split on a feature the rows do not have', { feature: [9, -1, -1], threshold: [1, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, 1, 2] }],
    ['no node at all', { feature: [], threshold: [], left: [], right: [], value: [] }],
  ])('refuses %s', (_, tree) => {
    expect(isSoundTree(tree, 8)).toBe(false);
  });
});
