import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '@/lib/features';
import type { Dataset } from '@/lib/model/dataset';
import { evaluateDataset } from '@/lib/model/evaluate';
import { CLEARLY_WORSE_FACTOR, CLEARLY_WORSE_MARGIN, holdoutSkill, promotedModel, selectTargets } from '@/lib/model/selection';
import {
  assembleModel,
  datasetKey,
  jobProgress,
  MODEL_VERSION,
  startJob,
  trainedOn,
  trainingStep,
  type ModelTarget,
  type StoredModel,
  type TrainingJob,
} from '@/lib/model/trainer';
import { TARGETS, type Target } from '@/lib/model/types';
import { syntheticDataset, syntheticHistory } from '../../scripts/bench-model';

/** Training times aside, a fixed clock makes two trainings comparable as a whole. */
const clock = () => 0;
const NOW = Date.UTC(2026, 2, 1);
const EARLIER = Date.UTC(2025, 11, 1);

const history = (runs = 80, seed = 2026) => syntheticDataset(syntheticHistory(runs, seed));

/** `dataset` with `target` labelled only on the rows `keep` says. */
function labelledOnly(dataset: Dataset, target: Target, keep: (row: number) => boolean): Dataset {
  return { ...dataset, labels: { ...dataset.labels, [target]: dataset.labels[target].map((label, row) => (keep(row) ? label : null)) } };
}

/** Runs the job to its end; `checkpoint` stands for what the worker saves and reads back after each step. */
function runJob(job: TrainingJob, dataset: Dataset, checkpoint: (job: TrainingJob) => TrainingJob = (saved) => saved): { job: TrainingJob; steps: number } {
  let steps = 0;
  for (;;) {
    const step = trainingStep(checkpoint(job), dataset, clock);
    if (step.done) return { job: step.job, steps };
    job = step.job;
    steps += 1;
  }
}

/** A stored target with the given holdout numbers, made for these features unless told. */
function storedTarget(mae: number, baselineMae: number, trainedAt = EARLIER, featureNames: string[] = [...FEATURE_NAMES]): ModelTarget {
  return {
    model: { forest: { trees: [{ feature: [-1], threshold: [0], left: [-1], right: [-1], value: [0.5] }] } },
    imputer: { featureNames, fill: featureNames.map(() => 0) },
    featureNames: featureNames as ModelTarget['featureNames'],
    metrics: { r2: 0.5, mae, baselineMae, nTrain: 40, nTest: 10, trainSeconds: 0, crossValidation: null, importance: [] },
    labelSources: { cadence: 50 },
    trainedAt,
  };
}

function storedModel(targets: StoredModel['targets'], extra: Partial<StoredModel> = {}): StoredModel {
  return { createdAt: EARLIER, datasetKey: 'v1-50-old', runs: 50, targets, notes: {}, trainSeconds: 1, status: 'active', decision: '', ...extra };
}

describe('trainingStep', () => {
  it('evaluates each target in short steps (holdout, importance, one per fold), then trains its forest in chunks; the numbers are those of evaluateDataset', () => {
    const dataset = history();
    const { job, steps } = runJob(startJob(dataset, false, NOW), dataset);
    // Per target: holdout, importance, 5 folds, 5 chunks of 10 trees.
    expect(steps).toBe(TARGETS.length * (2 + 5 + 5));
    expect(jobProgress(job, dataset)).toEqual({ done: steps, total: steps });
    const evaluation = evaluateDataset(dataset, { clock });
    for (const target of TARGETS) {
      expect(job.evaluated[target], target).toEqual(evaluation.targets[target]);
      expect(job.chunks[target], target).toHaveLength(5);
    }
    expect(job.progress).toEqual({});
  });

  it('resumed from the job saved after every step, it ends exactly as the uninterrupted training', () => {
    const dataset = history(60);
    const uninterrupted = runJob(startJob(dataset, false, NOW), dataset).job;
    // IndexedDB keeps a structured clone of the job: the worker that resumes reads that.
    const resumed = runJob(startJob(dataset, false, NOW), dataset, (saved) => structuredClone(saved)).job;
    expect(resumed).toEqual(uninterrupted);
    expect(assembleModel(resumed, dataset, undefined, NOW)).toEqual(assembleModel(uninterrupted, dataset, undefined, NOW));
  });

  it('notes a target with too few labels in one step and trains the others', () => {
    const dataset = labelledOnly(history(60), 'valence', (row) => row < 9);
    const { job } = runJob(startJob(dataset, false, NOW), dataset);
    expect(job.notes.valence).toMatch(/9 labelled runs/);
    expect(job.chunks.valence).toBeUndefined();
    expect(Object.keys(job.evaluated)).toEqual(['tempo', 'energy']);
  });

  it('gives each target its own imputer and feature names, fitted on its labelled runs', () => {
    const dataset = history(60);
    const distance = FEATURE_NAMES.indexOf('distanceKm');
    // Tempo is labelled on the first 30 runs, all of them 5 km; energy on the last 30, all 50 km.
    const rows = dataset.rows.map((row, i) => row.map((value, column) => (column === distance ? (i < 30 ? 5 : 50) : value)));
    const shaped = labelledOnly(labelledOnly({ ...dataset, rows }, 'tempo', (row) => row < 30), 'energy', (row) => row >= 30);
    const { active } = assembleModel(runJob(startJob(shaped, false, NOW), shaped).job, shaped, undefined, NOW);
    expect(active!.targets.tempo!.imputer.fill[distance]).toBe(5);
    expect(active!.targets.energy!.imputer.fill[distance]).toBe(50);
    expect(active!.targets.tempo!.featureNames).toEqual([...FEATURE_NAMES]);
  });
});

describe('datasetKey', () => {
  const dataset = history(30);
  const key = datasetKey(dataset);
  const changedRow = (change: (row: number[]) => number[]) => ({ ...dataset, rows: dataset.rows.map((row, i) => (i === 7 ? change([...row]) : row)) });

  it('is the same for the same runs, and names MODEL_VERSION', () => {
    expect(datasetKey(structuredClone(dataset))).toBe(key);
    expect(key.startsWith(`v${MODEL_VERSION}-30-`)).toBe(true);
  });

  it.each([
    { name: 'a label changes', changed: { ...dataset, labels: { ...dataset.labels, tempo: dataset.labels.tempo.map((l, i) => (i === 3 ? { ...l!, value: l!.value + 1 } : l)) } } },
    { name: 'a label goes', changed: labelledOnly(dataset, 'energy', (row) => row !== 3) },
    { name: "a label's source changes", changed: { ...dataset, labels: { ...dataset.labels, energy: dataset.labels.energy.map((l, i) => (i === 3 ? { ...l!, source: 'pace' as const } : l)) } } },
    { name: 'a feature changes', changed: changedRow((row) => row.map((value, c) => (c === 0 ? value + 1 : value))) },
    { name: 'a feature becomes unknown', changed: changedRow((row) => row.map((value, c) => (c === 0 ? Number.NaN : value))) },
    { name: 'the feature names change', changed: { ...dataset, featureNames: [...dataset.featureNames].reverse() } },
    { name: 'a run is added', changed: history(31) },
  ])('changes when $name', ({ changed }) => {
    expect(datasetKey(changed)).not.toBe(key);
  });

  it('changes with MODEL_VERSION, so an update retrains and does not resume an older job', () => {
    expect(datasetKey(dataset, MODEL_VERSION + 1)).not.toBe(key);
    expect(datasetKey(dataset, MODEL_VERSION - 1)).not.toBe(key);
  });
});

describe('trainedOn: the same runs are not trained on again', () => {
  it.each(['active', 'previous', 'rejected'] as const)('finds a %s model trained on the key', (status) => {
    const models = [storedModel({}, { datasetKey: 'v2-1-a', status: 'active' }), storedModel({}, { datasetKey: 'v2-1-b', status })];
    expect(trainedOn('v2-1-b', models)?.status).toBe(status);
    expect(trainedOn('v2-1-c', models)).toBeUndefined();
  });
});

describe('selectTargets: per target, by holdout skill', () => {
  // The current model's tempo removes half the error of guessing (skill 0.5).
  const current = storedModel({ tempo: storedTarget(1, 2), energy: storedTarget(0.06, 0.1) });
  const worseLimit = 0.5 * CLEARLY_WORSE_FACTOR + CLEARLY_WORSE_MARGIN;

  it.each([
    { name: 'a better new target replaces the current one', skill: 0.3, used: 'new' },
    { name: 'a slightly worse one (noise) replaces it too', skill: worseLimit - 0.001, used: 'new' },
    { name: 'a clearly worse one keeps the current one', skill: worseLimit + 0.001, used: 'current' },
    { name: 'one that does not beat its baseline keeps a current one that does', skill: 1.1, used: 'current' },
  ])('$name (skill $skill against 0.5)', ({ skill, used }) => {
    const fresh = storedTarget(skill * 3, 3, NOW);
    const selection = selectTargets({ tempo: fresh }, current, { force: false });
    expect(selection.targets.tempo).toBe(used === 'new' ? fresh : current.targets.tempo);
    expect(selection.rejected.tempo).toBe(used === 'new' ? undefined : fresh);
    expect(selection.decisions.tempo).toMatch(used === 'new' ? /^Tempo: new, not clearly worse/ : /^Tempo: the model of 2025-12-01 stays, the new one did clearly worse/);
  });

  it('keeps the current target where the new training has none (fewer labels now), and says why', () => {
    const selection = selectTargets({ tempo: storedTarget(0.5, 2, NOW) }, current, { force: false, notes: { energy: '4 labelled runs; at least 10 are needed' } });
    expect(selection.targets.energy).toBe(current.targets.energy);
    expect(selection.decisions.energy).toBe('Energy: the model of 2025-12-01 stays, there is no new one (4 labelled runs; at least 10 are needed).');
    expect(selection.decisions.valence).toMatch(/^Valence: the research prior answers/);
    expect(selection.changed).toBe(true);
  });

  it('with force, takes every new target whatever its score, and keeps the current one where there is none', () => {
    const worse = storedTarget(3, 3, NOW);
    const selection = selectTargets({ tempo: worse }, current, { force: true });
    expect(selection.targets.tempo).toBe(worse);
    expect(selection.targets.energy).toBe(current.targets.energy);
    expect(selection.rejected).toEqual({});
    expect(selection.decisions.tempo).toMatch(/because you asked for it/);
  });

  it('changes nothing when every new target is clearly worse', () => {
    const selection = selectTargets({ tempo: storedTarget(3, 3, NOW), energy: storedTarget(0.1, 0.1, NOW) }, current, { force: false });
    expect(selection.changed).toBe(false);
    expect(Object.keys(selection.rejected)).toEqual(['tempo', 'energy']);
  });

  it('treats a current target made for other features as missing: the new one replaces it, and without a new one the prior answers', () => {
    const older = storedModel({ tempo: storedTarget(0.1, 2, EARLIER, ['paceSecondsPerKm']), energy: storedTarget(0.01, 0.1, EARLIER, ['paceSecondsPerKm']) });
    const fresh = storedTarget(1.9, 2, NOW);
    const selection = selectTargets({ tempo: fresh }, older, { force: false });
    expect(selection.targets.tempo).toBe(fresh);
    expect(selection.targets.energy).toBeUndefined();
    expect(selection.decisions.energy).toMatch(/research prior answers \(the model in use was made by an earlier version/);
  });

  it('skill is the holdout MAE over the baseline MAE', () => {
    expect(holdoutSkill({ mae: 1.5, baselineMae: 3 })).toBe(0.5);
    expect(holdoutSkill({ mae: 0, baselineMae: 0 })).toBe(1);
    expect(holdoutSkill({ mae: 1, baselineMae: 0 })).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('assembleModel', () => {
  const dataset = history(60);
  const job = runJob(startJob(dataset, false, NOW), dataset).job;

  it('makes the first model active with every target it trained, and says so', () => {
    const { active, rejected, decision } = assembleModel(job, dataset, undefined, NOW);
    expect(rejected).toBeUndefined();
    expect(active).toMatchObject({ status: 'active', datasetKey: job.datasetKey, runs: 60, createdAt: NOW });
    expect(Object.keys(active!.targets)).toEqual([...TARGETS]);
    expect(decision).toMatch(/^Your first model\. Tempo: new, the first model for it/);
    expect(active!.decision).toBe(decision);
  });

  it('keeps what the model in use does clearly better, puts in use what the new one does, and keeps the new ones not used aside', () => {
    const fresh = assembleModel(job, dataset, undefined, NOW).active!.targets;
    // A current tempo far better than the new one, and an energy far worse.
    const current = storedModel({
      tempo: storedTarget(fresh.tempo!.metrics.mae / 4, fresh.tempo!.metrics.baselineMae),
      energy: storedTarget(fresh.energy!.metrics.baselineMae * 2, fresh.energy!.metrics.baselineMae),
    });
    const { active, rejected } = assembleModel(job, dataset, current, NOW);
    expect(active!.targets.tempo).toBe(current.targets.tempo);
    expect(active!.targets.energy!.trainedAt).toBe(NOW);
    expect(active!.targets.valence!.trainedAt).toBe(NOW);
    expect(rejected).toMatchObject({ status: 'rejected', datasetKey: job.datasetKey });
    expect(Object.keys(rejected!.targets)).toEqual(['tempo']);
    expect(rejected!.decision).toMatch(/^Not used: Tempo: the model of 2025-12-01 stays/);
  });

  it('puts nothing new in use when every new target is clearly worse, and everything with force', () => {
    const perfect = storedModel(Object.fromEntries(TARGETS.map((target) => [target, storedTarget(0.001, 1)])));
    const kept = assembleModel(job, dataset, perfect, NOW);
    expect(kept.active).toBeUndefined();
    expect(Object.keys(kept.rejected!.targets)).toEqual([...TARGETS]);
    const forced = assembleModel({ ...job, force: true }, dataset, perfect, NOW);
    expect(forced.rejected).toBeUndefined();
    for (const target of TARGETS) expect(forced.active!.targets[target]!.trainedAt).toBe(NOW);
  });
});

describe('what a model keeps for the dashboard', () => {
  const dataset = history(60);
  const job = runJob(startJob(dataset, false, NOW), dataset).job;

  it('keeps each target’s holdout runs: their start, what they measured and what was predicted, whose mean error is the MAE', () => {
    const { active } = assembleModel(job, dataset, undefined, NOW);
    for (const target of TARGETS) {
      const { holdoutPoints, mae, nTest } = active!.targets[target]!.metrics;
      expect(holdoutPoints, target).toHaveLength(nTest);
      const starts = holdoutPoints!.map((point) => point.startTime);
      // The newest runs, oldest first.
      expect(starts).toEqual(dataset.startTimes.slice(-nTest));
      const meanError = holdoutPoints!.reduce((sum, point) => sum + Math.abs(point.actual - point.predicted), 0) / nTest;
      expect(meanError).toBeCloseTo(mae, 9);
    }
  });

  it('remembers every training, oldest first, each target marked used or not; a model without that memory counts as the first', () => {
    const current = storedModel({ tempo: storedTarget(0.001, 1), energy: storedTarget(0.05, 0.1) });
    const { active, rejected } = assembleModel(job, dataset, current, NOW);
    const expected = [
      { trainedAt: EARLIER, runs: 50, targets: { tempo: { mae: 0.001, baselineMae: 1, nTest: 10, used: true }, energy: { mae: 0.05, baselineMae: 0.1, nTest: 10, used: true } } },
      {
        trainedAt: NOW,
        runs: 60,
        targets: {
          tempo: expect.objectContaining({ used: false }),
          energy: expect.objectContaining({ used: true, mae: active!.targets.energy!.metrics.mae }),
          valence: expect.objectContaining({ used: true }),
        },
      },
    ];
    expect(active!.versions).toEqual(expected);
    expect(rejected!.versions).toEqual(expected);
    // The next training adds to what the model in use remembers.
    const next = assembleModel({ ...job, force: true }, dataset, active, NOW + 1).active!;
    expect(next.versions!.map((version) => version.trainedAt)).toEqual([EARLIER, NOW, NOW + 1]);
  });
});

describe('promotedModel', () => {
  it('puts every target of the chosen model in use and keeps the current one for the others', () => {
    const current = storedModel({ tempo: storedTarget(1, 2), energy: storedTarget(0.05, 0.1) });
    const chosen = storedModel({ tempo: storedTarget(1.8, 2, NOW) }, { status: 'rejected', datasetKey: 'v2-60-new', createdAt: NOW });
    const promoted = promotedModel(chosen, current, NOW + 1);
    expect(promoted).toMatchObject({ status: 'active', datasetKey: 'v2-60-new', createdAt: NOW + 1 });
    expect(promoted.targets.tempo).toBe(chosen.targets.tempo);
    expect(promoted.targets.energy).toBe(current.targets.energy);
    expect(promoted.decision).toMatch(/^In use because you chose it\. Tempo: new, because you asked for it/);
  });
});
