/**
 * Training RunSound's model as a job of small steps, so that the service worker never blocks
 * for long and a worker stopped at any moment resumes where it was. For each target in turn:
 * the holdout forest, its permutation importance, then one step per cross-validation fold
 * (lib/model/evaluate); then the forests the extension uses, trained on every labelled run of
 * their target, a chunk of trees at a time. Each step takes well under a second at 2,000 runs
 * (`npm run bench -- --steps` prints the longest). The job is plain data the caller checkpoints after every step.
 *
 * Which targets of the finished job get used is decided per target (lib/model/selection).
 */
import type { FeatureName } from '../features';
import type { Run } from '../runs';
import type { LoadSettings } from '../training-load';
import type { MusicEvidence } from './labels';
import { buildDataset, fitImputer, imputeRows, labelledRows, type Dataset, type Imputer } from './dataset';
import {
  evaluateFold,
  evaluateHoldout,
  evaluateImportance,
  foldCount,
  targetEvaluation,
  type FeatureImportance,
  type HoldoutResult,
  type TargetEvaluation,
} from './evaluate';
import { FOREST_DEFAULTS } from './forest';
import { countLabelSources } from './labels';
import { targetModel, trainChunk, type TargetModel } from './learner';
import { selectTargets } from './selection';
import { TARGETS, type CompactForest, type LabelSource, type Target, type TargetMetrics } from './types';

/**
 * The version of how a model is made. Bump it when the learner, FOREST_DEFAULTS, the evaluation
 * or the features change: it is part of datasetKey, so the next start retrains even though the
 * runs did not change, and a job saved by the older version is not resumed (its steps would mix
 * with the new ones).
 */
export const MODEL_VERSION = 2;

/** The extension's forests are trained in chunks of this many trees, one step each. */
export const TREES_PER_CHUNK = 10;
const CHUNKS_PER_FOREST = Math.ceil(FOREST_DEFAULTS.nEstimators / TREES_PER_CHUNK);

export interface ModelTarget {
  model: TargetModel;
  /** Fitted on every run labelled for this target: a planned run is imputed with it. */
  imputer: Imputer;
  /** The features model and imputer were made for; a target made for others is not used. */
  featureNames: FeatureName[];
  /** Its holdout (and cross-validation) numbers; the 10 most important features. */
  metrics: TargetEvaluation;
  labelSources: Partial<Record<LabelSource, number>>;
  /** When the training that made it ended: a target kept from an earlier model keeps its date. */
  trainedAt: number;
}

export interface StoredModel {
  id?: number;
  createdAt: number;
  /** What its newest targets were trained on: see datasetKey. */
  datasetKey: string;
  /** Runs of that training's dataset. */
  runs: number;
  /** Per target, the one that answers; each carries its own imputer and feature names. */
  targets: Partial<Record<Target, ModelTarget>>;
  /** Why that training made no model for a target. */
  notes: Partial<Record<Target, string>>;
  trainSeconds: number;
  status: 'active' | 'previous' | 'rejected';
  /** In plain words, per target: what happened to it. */
  decision: string;
  /** How every training up to this one did, oldest first (models made before it was kept have none). */
  versions?: ModelVersion[];
}

/** One training's numbers per target, kept with the models that follow it, for the runner to see how they did over time. */
export interface ModelVersion {
  trainedAt: number;
  runs: number;
  targets: Partial<Record<Target, Pick<TargetMetrics, 'mae' | 'baselineMae' | 'nTest'> & { used: boolean }>>;
}

/** How many trainings a model remembers: years of weekly trainings, a few kilobytes. */
export const KEPT_VERSIONS = 200;

/** The trainings before this one: those `current` remembers, or `current` itself when it remembers none. */
function versionsBefore(current: StoredModel | undefined): ModelVersion[] {
  if (!current) return [];
  if (current.versions) return current.versions;
  const targets: ModelVersion['targets'] = {};
  for (const target of TARGETS) {
    const stored = current.targets[target];
    if (stored) targets[target] = { mae: stored.metrics.mae, baselineMae: stored.metrics.baselineMae, nTest: stored.metrics.nTest, used: true };
  }
  return [{ trainedAt: current.createdAt, runs: current.runs, targets }];
}

/** What one target's evaluation steps have measured so far. */
export interface TargetProgress {
  /** With the holdout forest, kept until the importance step has used it. */
  holdout: HoldoutResult;
  importance?: FeatureImportance[];
  /** The folds done, in order; null for a fold that could not be scored. */
  folds: Array<TargetMetrics | null>;
}

export interface TrainingJob {
  datasetKey: string;
  force: boolean;
  startedAt: number;
  /** The target being evaluated. */
  progress: Partial<Record<Target, TargetProgress>>;
  /** Targets evaluated, and those that cannot be (with why). */
  evaluated: Partial<Record<Target, TargetEvaluation>>;
  notes: Partial<Record<Target, string>>;
  /** Chunks of the final forests trained so far. */
  chunks: Partial<Record<Target, CompactForest[]>>;
  trainSeconds: number;
}

/** A short, stable key of what a model would learn from: MODEL_VERSION, feature names, labels and features of every run. */
export function datasetKey(dataset: Dataset, version = MODEL_VERSION): string {
  let hash = 0x811c9dc5;
  const add = (text: string) => {
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  };
  add(dataset.featureNames.join(','));
  dataset.runIds.forEach((id, row) => {
    add(id);
    for (const target of TARGETS) {
      const label = dataset.labels[target][row];
      add(label ? `:${label.value}/${label.source}` : ':');
    }
    for (const value of dataset.rows[row]!) add(`,${Number.isFinite(value) ? value.toFixed(4) : ''}`);
  });
  return `v${version}-${dataset.runIds.length}-${(hash >>> 0).toString(36)}`;
}

/** The stored model (active, previous or rejected) already trained on `key`, if any: training again would repeat it. */
export function trainedOn(key: string, models: readonly StoredModel[]): StoredModel | undefined {
  return models.find((model) => model.datasetKey === key);
}

export function startJob(dataset: Dataset, force: boolean, now: number): TrainingJob {
  return { datasetKey: datasetKey(dataset), force, startedAt: now, progress: {}, evaluated: {}, notes: {}, chunks: {}, trainSeconds: 0 };
}

function seedOf(target: Target, chunk: number): number {
  return 7919 * (TARGETS.indexOf(target) + 1) + chunk;
}

/** What the final forest of `target` is imputed with: what every run labelled for it knows. */
function targetImputer(dataset: Dataset, target: Target): Imputer {
  return fitImputer(
    labelledRows(dataset, target).map((row) => dataset.rows[row]!),
    dataset.featureNames,
  );
}

/** Steps the job has done and will do in all. */
export function jobProgress(job: TrainingJob, dataset: Dataset): { done: number; total: number } {
  let done = 0;
  let total = 0;
  for (const target of TARGETS) {
    const folds = foldCount(dataset, target);
    const steps = folds ? 2 + folds + CHUNKS_PER_FOREST : 1;
    total += steps;
    const progress = job.progress[target];
    if (job.notes[target] !== undefined) done += 1;
    else if (job.evaluated[target]) done += 2 + folds + (job.chunks[target]?.length ?? 0);
    else if (progress) done += 1 + (progress.importance ? 1 : 0) + progress.folds.length;
  }
  return { done, total };
}

/** One evaluation step of `target`: its holdout, its importance, or its next fold. */
function evaluationStep(job: TrainingJob, dataset: Dataset, target: Target, clock: () => number): TrainingJob {
  const progress = job.progress[target];
  if (!progress) {
    const holdout = evaluateHoldout(dataset, target, { clock });
    return 'note' in holdout
      ? { ...job, notes: { ...job.notes, [target]: holdout.note } }
      : { ...job, progress: { ...job.progress, [target]: { holdout, folds: [] } } };
  }
  if (!progress.importance) {
    const importance = evaluateImportance(dataset, target, progress.holdout);
    return { ...job, progress: { ...job.progress, [target]: { ...progress, importance } } };
  }
  const folds = [...progress.folds, evaluateFold(dataset, target, progress.folds.length, { clock })];
  if (folds.length < foldCount(dataset, target)) {
    return { ...job, progress: { ...job.progress, [target]: { ...progress, folds } } };
  }
  const { [target]: _finished, ...others } = job.progress;
  return { ...job, progress: others, evaluated: { ...job.evaluated, [target]: targetEvaluation(progress.holdout, progress.importance, folds) } };
}

/**
 * Does the next step of the job: one piece of a target's evaluation, or one chunk of a final
 * forest. Returns the job after it, or `done` when the model is ready to be assembled.
 */
export function trainingStep(job: TrainingJob, dataset: Dataset, clock: () => number = () => performance.now()): { job: TrainingJob; done: boolean } {
  const started = clock();
  const took = () => (clock() - started) / 1000;

  const evaluating = TARGETS.find((target) => !job.evaluated[target] && job.notes[target] === undefined);
  if (evaluating) {
    const next = evaluationStep(job, dataset, evaluating, clock);
    return { job: { ...next, trainSeconds: job.trainSeconds + took() }, done: false };
  }

  const target = TARGETS.find((t) => job.evaluated[t] && (job.chunks[t]?.length ?? 0) < CHUNKS_PER_FOREST);
  if (!target) return { job, done: true };
  const rows = labelledRows(dataset, target);
  const X = imputeRows(targetImputer(dataset, target), rows.map((row) => dataset.rows[row]!));
  const y = rows.map((row) => dataset.labels[target][row]!.value);
  const done = job.chunks[target] ?? [];
  const chunk = trainChunk(target, X, y, { ...FOREST_DEFAULTS, nEstimators: TREES_PER_CHUNK, seed: seedOf(target, done.length) }, dataset.featureNames);
  return { job: { ...job, chunks: { ...job.chunks, [target]: [...done, chunk] }, trainSeconds: job.trainSeconds + took() }, done: false };
}

/** The targets a finished job made, each with its own imputer and feature names. */
export function jobTargets(job: TrainingJob, dataset: Dataset, now: number): Partial<Record<Target, ModelTarget>> {
  const targets: Partial<Record<Target, ModelTarget>> = {};
  for (const target of TARGETS) {
    const evaluation = job.evaluated[target];
    const chunks = job.chunks[target];
    if (!evaluation || chunks?.length !== CHUNKS_PER_FOREST) continue;
    targets[target] = {
      model: targetModel(target, chunks, dataset.featureNames),
      imputer: targetImputer(dataset, target),
      featureNames: [...dataset.featureNames],
      metrics: { ...evaluation, importance: evaluation.importance.slice(0, 10) },
      labelSources: countLabelSources(dataset.labels[target]),
      trainedAt: now,
    };
  }
  return targets;
}

/** What a finished job changes: the model to put in use, the new targets not used, and why, per target. */
export interface TrainingOutcome {
  /** New targets where they won, the current model's elsewhere; none when no new target got in. */
  active?: StoredModel;
  /** The new targets that were not used, kept so the runner can still choose them (promotedModel). */
  rejected?: StoredModel;
  /** In plain words, per target. */
  decision: string;
}

/**
 * The finished job against the model in use, target by target (lib/model/selection): a new
 * target replaces the current one unless its holdout skill is clearly worse; a target the job
 * has no model for keeps the current one; with `job.force`, every new target is used.
 */
export function assembleModel(job: TrainingJob, dataset: Dataset, current: StoredModel | undefined, now: number): TrainingOutcome {
  const fresh = jobTargets(job, dataset, now);
  const selection = selectTargets(fresh, current, { force: job.force, notes: job.notes });
  const intro = !current && selection.changed ? 'Your first model. ' : '';
  const decision = `${intro}${TARGETS.map((target) => selection.decisions[target]).join(' ')}`;
  const version: ModelVersion = { trainedAt: now, runs: dataset.runIds.length, targets: {} };
  for (const target of TARGETS) {
    const made = fresh[target];
    if (made) version.targets[target] = { mae: made.metrics.mae, baselineMae: made.metrics.baselineMae, nTest: made.metrics.nTest, used: selection.targets[target] === made };
  }
  const versions = [...versionsBefore(current), version].slice(-KEPT_VERSIONS);
  const base = { createdAt: now, datasetKey: job.datasetKey, runs: dataset.runIds.length, notes: job.notes, trainSeconds: job.trainSeconds, versions };
  const rejectedTargets = Object.keys(selection.rejected) as Target[];
  return {
    active: selection.changed ? { ...base, targets: selection.targets, status: 'active', decision } : undefined,
    rejected: rejectedTargets.length
      ? {
          ...base,
          targets: selection.rejected,
          status: 'rejected',
          decision: `Not used: ${rejectedTargets.map((target) => selection.decisions[target]).join(' ')}`,
        }
      : undefined,
    decision,
  };
}

/** The dataset RunSound trains on: the processed history (runs with features). */
/** The dataset RunSound trains on: the processed history, with what the runner listened to during each run. */
export function trainingDataset(runs: readonly Run[], music?: ReadonlyMap<string, MusicEvidence>, loadSettings?: LoadSettings): Dataset {
  return buildDataset(
    runs.filter((run) => run.features),
    { music, loadSettings },
  );
}
