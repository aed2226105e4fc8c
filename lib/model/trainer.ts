/**
 * Training RunSound's model as a job of small steps, so that the service worker never blocks
 * for long and a worker stopped at any moment resumes where it was: first each target is
 * evaluated (time-ordered holdout, cross-validation, importance), then the model the extension
 * uses is trained on every labelled run, a chunk of trees at a time. The job is plain data the
 * caller checkpoints after every step.
 *
 * A new model becomes active only when, on the newest runs, it is not clearly worse than the
 * model in use (unless the runner forces it).
 */
import type { FeatureName } from '../features';
import type { Run } from '../runs';
import { buildDataset, fitImputer, imputeRow, imputeRows, labelledRows, type Dataset, type Imputer } from './dataset';
import { evaluateDataset, type TargetEvaluation } from './evaluate';
import { FOREST_DEFAULTS } from './forest';
import { countLabelSources } from './labels';
import { predictTarget, targetModel, trainChunk, type TargetModel } from './learner';
import { TARGETS, type CompactForest, type LabelSource, type Target } from './types';

/** The extension's forests are trained in chunks of this many trees, one step each. */
export const TREES_PER_CHUNK = 10;
/** A new model may be this much worse on the newest runs and still replace the one in use (noise). */
export const NOT_CLEARLY_WORSE = 1.05;
/** Fewer runs than this that the model in use has never seen cannot tell two models apart. */
export const MIN_RUNS_TO_COMPARE = 5;

export interface ModelTarget {
  model: TargetModel;
  metrics: Omit<TargetEvaluation, 'holdout'>;
  labelSources: Partial<Record<LabelSource, number>>;
}

export interface StoredModel {
  id?: number;
  createdAt: number;
  /** What it was trained on: a key of the labelled runs and their features. */
  datasetKey: string;
  runs: number;
  /** Start of the newest run it learned from (epoch ms): later runs are new to it. */
  lastRunStart: number;
  featureNames: readonly FeatureName[];
  /** Fitted on every run of the dataset; prediction imputes with it. */
  imputer: Imputer;
  targets: Partial<Record<Target, ModelTarget>>;
  /** Why a target has no model. */
  notes: Partial<Record<Target, string>>;
  trainSeconds: number;
  status: 'active' | 'previous' | 'rejected';
  /** In plain words: why it became active, or not. */
  decision: string;
}

export interface TrainingJob {
  datasetKey: string;
  force: boolean;
  startedAt: number;
  /** Targets evaluated so far, and those that cannot be (with why). */
  evaluated: Partial<Record<Target, TargetEvaluation>>;
  notes: Partial<Record<Target, string>>;
  /** The holdout's test runs, to compare with the model in use. */
  testRunIds: string[];
  /** Chunks of the final forests trained so far. */
  chunks: Partial<Record<Target, CompactForest[]>>;
  trainSeconds: number;
}

/** A short, stable key of what the model would learn from: labels and features of every run. */
export function datasetKey(dataset: Dataset): string {
  let hash = 0x811c9dc5;
  const add = (text: string) => {
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  };
  dataset.runIds.forEach((id, row) => {
    add(id);
    for (const target of TARGETS) add(`:${dataset.labels[target][row]?.value ?? ''}`);
    for (const value of dataset.rows[row]!) add(`,${Number.isFinite(value) ? value.toFixed(4) : ''}`);
  });
  return `${dataset.runIds.length}-${(hash >>> 0).toString(36)}`;
}

export function startJob(dataset: Dataset, force: boolean, now: number): TrainingJob {
  return { datasetKey: datasetKey(dataset), force, startedAt: now, evaluated: {}, notes: {}, testRunIds: [], chunks: {}, trainSeconds: 0 };
}

function seedOf(target: Target, chunk: number): number {
  return 7919 * (TARGETS.indexOf(target) + 1) + chunk;
}

/** The rows and labels the final forest of `target` learns from: every labelled run. */
function trainingSet(dataset: Dataset, imputer: Imputer, target: Target) {
  const rows = labelledRows(dataset, target);
  return {
    X: imputeRows(
      imputer,
      rows.map((row) => dataset.rows[row]!),
    ),
    y: rows.map((row) => dataset.labels[target][row]!.value),
  };
}

/**
 * Does the next step of the job: evaluating one target, or one chunk of a final forest.
 * Returns the job after it, or `done` when the model is ready to be assembled.
 */
export function trainingStep(job: TrainingJob, dataset: Dataset, clock: () => number = () => performance.now()): { job: TrainingJob; done: boolean } {
  const started = clock();
  const took = () => (clock() - started) / 1000;

  const pending = TARGETS.find((target) => !(target in job.evaluated) && !(target in job.notes));
  if (pending) {
    const evaluation = evaluateDataset(dataset, { targets: [pending] });
    const result = evaluation.targets[pending];
    const testRunIds = job.testRunIds.length ? job.testRunIds : evaluation.split.test.map((row) => dataset.runIds[row]!);
    const next: TrainingJob = result
      ? { ...job, evaluated: { ...job.evaluated, [pending]: result }, testRunIds }
      : { ...job, notes: { ...job.notes, [pending]: evaluation.notes[pending] ?? 'not enough labelled runs' }, testRunIds };
    return { job: { ...next, trainSeconds: job.trainSeconds + took() }, done: false };
  }

  const chunksPerForest = Math.ceil(FOREST_DEFAULTS.nEstimators / TREES_PER_CHUNK);
  const target = TARGETS.find((t) => job.evaluated[t] && (job.chunks[t]?.length ?? 0) < chunksPerForest);
  if (!target) return { job, done: true };
  const imputer = fitImputer(dataset.rows, dataset.featureNames);
  const { X, y } = trainingSet(dataset, imputer, target);
  const done = job.chunks[target] ?? [];
  const chunk = trainChunk(target, X, y, { ...FOREST_DEFAULTS, nEstimators: TREES_PER_CHUNK, seed: seedOf(target, done.length) }, dataset.featureNames);
  return { job: { ...job, chunks: { ...job.chunks, [target]: [...done, chunk] }, trainSeconds: job.trainSeconds + took() }, done: false };
}

/**
 * On the newest runs that the model in use never learned from: the new model's holdout error
 * (its holdout forest did not learn from them either) and the model in use's error.
 */
function compareOnUnseen(current: StoredModel, target: Target, fresh: TargetEvaluation, dataset: Dataset): { fresh: number; old: number; runs: number } | undefined {
  const stored = current.targets[target];
  if (!stored) return undefined;
  const rowOf = new Map(dataset.runIds.map((id, row) => [id, row]));
  let freshError = 0;
  let oldError = 0;
  let runs = 0;
  fresh.holdout.runIds.forEach((id, i) => {
    const row = rowOf.get(id)!;
    if (dataset.startTimes[row]! <= current.lastRunStart) return;
    const actual = dataset.labels[target][row]!.value;
    freshError += Math.abs(actual - fresh.holdout.predicted[i]!);
    oldError += Math.abs(actual - predictTarget(stored.model, imputeRow(current.imputer, dataset.rows[row]!)));
    runs += 1;
  });
  return runs >= MIN_RUNS_TO_COMPARE ? { fresh: freshError / runs, old: oldError / runs, runs } : undefined;
}

/**
 * The finished job as a model, and whether it should replace the one in use: compared on the
 * newest runs neither of them learned from (see compareOnUnseen); with too few such runs to
 * tell, the newer model, which has learned from more, is used.
 */
export function assembleModel(job: TrainingJob, dataset: Dataset, current: StoredModel | undefined, now: number): StoredModel {
  const imputer = fitImputer(dataset.rows, dataset.featureNames);
  const targets: StoredModel['targets'] = {};
  const worse: string[] = [];
  for (const target of TARGETS) {
    const evaluation = job.evaluated[target];
    const chunks = job.chunks[target];
    if (!evaluation || !chunks?.length) continue;
    const { holdout: _holdout, ...metrics } = evaluation;
    targets[target] = {
      model: targetModel(target, chunks, dataset.featureNames),
      metrics: { ...metrics, importance: metrics.importance.slice(0, 10) },
      labelSources: countLabelSources(dataset.labels[target]),
    };
    const compared = current && compareOnUnseen(current, target, evaluation, dataset);
    if (compared && compared.fresh > compared.old * NOT_CLEARLY_WORSE) {
      worse.push(`${target} (off by ${compared.fresh.toPrecision(3)} against ${compared.old.toPrecision(3)} on ${compared.runs} runs)`);
    }
  }
  const accepted = job.force || worse.length === 0;
  const decision = !accepted
    ? `Not used: on your newest runs it did worse than the model in use for ${worse.join(', ')}.`
    : job.force && worse.length
      ? 'In use because you asked for it, although it did worse on your newest runs.'
      : current
        ? 'In use: on your newest runs it did at least as well as the previous model (or they were too few to tell).'
        : 'In use: your first model.';
  return {
    createdAt: now,
    datasetKey: job.datasetKey,
    runs: dataset.runIds.length,
    lastRunStart: Math.max(0, ...dataset.startTimes),
    featureNames: [...dataset.featureNames],
    imputer,
    targets,
    notes: job.notes,
    trainSeconds: job.trainSeconds,
    status: accepted ? 'active' : 'rejected',
    decision,
  };
}

/** The dataset RunSound trains on: the processed history (runs with features). */
export function trainingDataset(runs: readonly Run[]): Dataset {
  return buildDataset(runs.filter((run) => run.features));
}

