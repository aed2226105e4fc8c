/**
 * The runner's model in the background: retrained a few seconds after the history changes (and
 * on demand), in small steps checkpointed in IndexedDB so a stopped worker resumes, and kept
 * with the one before it (lib/model/store.ts). Predictions are ./predictions.ts.
 */
import { browser } from 'wxt/browser';
import type { Dataset } from '@/lib/model/dataset';
import { promotedModel, usableTarget } from '@/lib/model/selection';
import { activeModel, keepNotUsed, putInUse } from '@/lib/model/store';
import {
  assembleModel,
  datasetKey,
  jobProgress,
  startJob,
  trainedOn,
  trainingDataset,
  trainingStep,
  type TrainingJob,
  type TrainingOutcome,
} from '@/lib/model/trainer';
import { TARGETS } from '@/lib/model/types';
import { RunStore } from '@/lib/run-store';
import type { TrainingStatus } from '@/lib/sync-status';
import { storedMusicEvidence } from '@/lib/model/run-labels';
import { singleFlight, statusChannel, stoppedInWords } from '@/lib/jobs';
import { openDb } from '@/storage/db';
import { trainingLoadSetting, trainingStatus } from '@/storage/settings';
import { forget } from './predictions';

const RETRAIN_ALARM = 'retrain';
/** Runs arrive in bursts (a sync, an import): train once they have settled. */
const RETRAIN_DELAY_MS = 5_000;
/**
 * While a training runs, every step moves the retrain alarm this far ahead: a worker stopped in
 * the middle is woken by it and resumes the saved job.
 */
const WATCHDOG_MS = 60_000;
const JOB_KEY = 'trainingJob';

/** What the next training was asked: `force` uses every new target whatever its score. */
let askedForce = false;
let forceAgain: boolean | undefined;
/** The history changed while a training ran (the watchdog had taken the alarm): train again after it. */
let historyChangedMeanwhile = false;
/** Set while the runner's data is deleted or restored: the training under way stops at its next step. */
let paused = false;

class TrainingPaused extends Error {
  override name = 'TrainingPaused';
}

const store = () => new RunStore(openDb());

const status = statusChannel(trainingStatus, () => ({ updatedAt: Date.now() }));
const publish = (update: Partial<TrainingStatus>) => status.publish(update);

/** Lets messages (a prediction, say) through between steps, and keeps the worker awake. */
async function breathe(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await browser.runtime.getPlatformInfo();
}

async function armRetrain(delayMs: number): Promise<void> {
  await browser.alarms.create(RETRAIN_ALARM, { when: Date.now() + delayMs });
}

/**
 * Decides what the finished job changes and saves it, and forgets the job, in one transaction:
 * a worker stopped between saving and forgetting would resume the job and save its model again.
 * The model in use is read inside, so a model the runner promoted meanwhile is the one compared.
 * Keeps the model in use, the one before it and the last new targets not used; older ones go.
 */
async function commitTraining(job: TrainingJob, dataset: Dataset): Promise<TrainingOutcome> {
  const db = openDb();
  return db.transaction('rw', db.models, db.state, async () => {
    const outcome = assembleModel(job, dataset, await activeModel(db), Date.now());
    if (outcome.active) await putInUse(db, outcome.active);
    if (outcome.rejected) await keepNotUsed(db, outcome.rejected);
    await db.state.delete(JOB_KEY);
    return outcome;
  });
}

/** What the status says once a training or a promotion is over: true to the model now in use. */
async function publishOutcome(decision: string): Promise<void> {
  const active = await activeModel(openDb());
  const answering = TARGETS.filter((target) => usableTarget(active?.targets[target]));
  const prior = active && !answering.length ? ' No target of your model answers yet: the research prior answers for every target.' : '';
  await publish({ state: 'idle', message: `${decision}${prior}`, progress: undefined });
}

async function trainOnce(requestedForce: boolean): Promise<void> {
  const db = openDb();
  const runs = await db.runs.toArray();
  // What the runner listened to during their runs (the evidence for valence labels), and their own
  // heart rates, which measure the effort labels too.
  const dataset = trainingDataset(runs, await storedMusicEvidence(db, runs), await trainingLoadSetting.getValue());
  const key = datasetKey(dataset);
  const saved = await store().getState<TrainingJob | undefined>(JOB_KEY, undefined);
  // A job saved for other runs, or by another MODEL_VERSION (both in the key), starts over.
  const resumed = saved?.datasetKey === key ? saved : undefined;
  const force = (resumed?.force ?? false) || requestedForce;
  if (!force && trainedOn(key, await db.models.toArray())) {
    await db.state.delete(JOB_KEY);
    await publish({ state: 'idle', message: 'Your model is up to date with your runs.', progress: undefined });
    return;
  }
  let job: TrainingJob = resumed ? { ...resumed, force } : startJob(dataset, force, Date.now());
  for (;;) {
    if (paused) throw new TrainingPaused('RunSound paused training while it changes your stored data.');
    await armRetrain(WATCHDOG_MS);
    const step = trainingStep(job, dataset);
    job = step.job;
    if (step.done) break;
    await store().putState(JOB_KEY, job);
    await publish({ state: 'training', message: `Learning from ${dataset.runIds.length} runs…`, progress: jobProgress(job, dataset) });
    await breathe();
  }
  const outcome = await commitTraining(job, dataset);
  forget();
  await publishOutcome(outcome.decision);
}

/** Trains now (or folds into the training under way); `force` uses every new target whatever its score. */
export function trainNow(force = false): Promise<void> {
  if (paused) return Promise.resolve();
  if (trainings.busy()) forceAgain = (forceAgain ?? false) || force;
  else askedForce = force;
  return trainings.run();
}

const trainings = singleFlight(async () => {
  try {
    let again: boolean | undefined = askedForce;
    while (again !== undefined) {
      forceAgain = undefined;
      await trainOnce(again);
      again = forceAgain;
    }
  } catch (error) {
    // Paused, the training is not a failure to report: it is done again once the data is settled.
    await publish({ state: 'idle', message: error instanceof TrainingPaused ? '' : stoppedInWords('Training stopped', error), progress: undefined });
  } finally {
    // The watchdog has nothing left to wake; runs that arrived meanwhile are trained on after the usual delay.
    const changed = historyChangedMeanwhile;
    historyChangedMeanwhile = false;
    await (changed ? armRetrain(RETRAIN_DELAY_MS) : browser.alarms.clear(RETRAIN_ALARM));
  }
});

/** The history changed: train again once it has settled. */
export function scheduleTraining(): void {
  forget();
  if (trainings.busy()) historyChangedMeanwhile = true;
  else void armRetrain(RETRAIN_DELAY_MS);
}

/**
 * Puts a stored model the runner chose (the last one not used) in use with all its targets; the
 * model in use keeps answering for the targets it has none for. Waits for a training under way.
 */
export async function promoteModel(id: number): Promise<void> {
  if (trainings.busy()) await trainings.run();
  const db = openDb();
  const decision = await db.transaction('rw', db.models, async () => {
    const chosen = await db.models.get(id);
    if (!chosen || chosen.status !== 'rejected') throw new Error(`RunSound has no model ${id} waiting to be chosen.`);
    const promoted = promotedModel(chosen, await activeModel(db), Date.now());
    await db.models.delete(id);
    await putInUse(db, promoted);
    return promoted.decision;
  });
  forget();
  await publishOutcome(decision);
}

/** Stops the training under way and starts none until the returned function is called. */
export async function pauseTraining(): Promise<() => void> {
  paused = true;
  if (trainings.busy()) await trainings.run().catch(() => {});
  return () => {
    paused = false;
  };
}

export function setUpTraining(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RETRAIN_ALARM) void trainNow();
  });
  // A training the worker was stopped in the middle of goes on (with the force it was asked with).
  void store()
    .getState<TrainingJob | undefined>(JOB_KEY, undefined)
    .then((job) => {
      if (job) void trainNow(job.force);
    });
}
