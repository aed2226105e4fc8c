/**
 * The runner's model in the background: retrained a few seconds after the history changes (and
 * on demand), in small steps checkpointed in IndexedDB so a stopped worker resumes, and kept
 * with the one before it. Predictions use the model in use, with the history cached in memory.
 */
import { browser } from 'wxt/browser';
import { planInsight } from '@/lib/model/predict';
import { assembleModel, startJob, trainingDataset, trainingStep, TREES_PER_CHUNK, type StoredModel, type TrainingJob } from '@/lib/model/trainer';
import { TARGETS } from '@/lib/model/types';
import { FOREST_DEFAULTS } from '@/lib/model/forest';
import type { PlannedRun } from '@/lib/plan';
import { RunStore } from '@/lib/run-store';
import type { Run } from '@/lib/runs';
import type { TrainingStatus } from '@/lib/sync-status';
import { buildTrainingSeries, type TrainingSeries } from '@/lib/training-load';
import type { Units } from '@/lib/units';
import { openDb } from '@/utils/db';
import { homeSetting, trainingStatus } from '@/utils/settings';
import { forecastFor, homeLocation } from '@/lib/weather';
import type { RunWeather } from '@/lib/runs';

const RETRAIN_ALARM = 'retrain';
/** Runs arrive in bursts (a sync, an import): train once they have settled. */
const RETRAIN_DELAY_MS = 5_000;
const JOB_KEY = 'trainingJob';

let running: Promise<void> | undefined;
let forceAgain: boolean | undefined;

const store = () => new RunStore(openDb());

async function publish(update: Partial<TrainingStatus>): Promise<void> {
  await trainingStatus.setValue({ ...(await trainingStatus.getValue()), ...update, updatedAt: Date.now() });
}

/** Lets messages (a prediction, say) through between steps, and keeps the worker awake. */
async function breathe(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await browser.runtime.getPlatformInfo();
}

async function activeModel(): Promise<StoredModel | undefined> {
  return openDb().models.where('status').equals('active').last();
}

/** Keeps the model in use, the one before it and the last one not used; older ones go. */
async function keepModel(model: StoredModel): Promise<void> {
  const db = openDb();
  await db.transaction('rw', db.models, async () => {
    if (model.status === 'active') {
      await db.models.where('status').equals('previous').delete();
      await db.models.where('status').equals('active').modify({ status: 'previous' });
    } else {
      await db.models.where('status').equals('rejected').delete();
    }
    await db.models.add(model);
  });
}

async function trainOnce(force: boolean): Promise<void> {
  const runs = await openDb().runs.toArray();
  const dataset = trainingDataset(runs);
  const current = await activeModel();
  const saved = await store().getState<TrainingJob | undefined>(JOB_KEY, undefined);
  let job = saved && saved.datasetKey === startJob(dataset, force, 0).datasetKey ? saved : undefined;
  if (!job) {
    job = startJob(dataset, force, Date.now());
    if (!force && current?.datasetKey === job.datasetKey) {
      await publish({ state: 'idle', message: 'Your model is up to date with your runs.', progress: undefined });
      return;
    }
  }
  const total = TARGETS.length * (1 + Math.ceil(FOREST_DEFAULTS.nEstimators / TREES_PER_CHUNK));
  for (;;) {
    const step = trainingStep(job, dataset);
    job = step.job;
    await store().putState(JOB_KEY, job);
    if (step.done) break;
    const done = Object.keys(job.evaluated).length + Object.keys(job.notes).length + Object.values(job.chunks).reduce((sum, chunks) => sum + (chunks?.length ?? 0), 0);
    await publish({ state: 'training', message: `Learning from ${dataset.runIds.length} runs…`, progress: { done, total } });
    await breathe();
  }
  const model = assembleModel(job, dataset, current, Date.now());
  if (TARGETS.some((target) => model.targets[target])) await keepModel(model);
  await store().putState(JOB_KEY, undefined);
  forget();
  await publish({
    state: 'idle',
    message: TARGETS.some((target) => model.targets[target]) ? model.decision : 'Not enough labelled runs for a model yet: the research prior answers.',
    progress: undefined,
  });
}

/** Trains now (or folds into the training under way); `force` makes the new model active whatever its score. */
export function trainNow(force = false): Promise<void> {
  if (running) {
    forceAgain = (forceAgain ?? false) || force;
    return running;
  }
  running = (async () => {
    try {
      let again: boolean | undefined = force;
      while (again !== undefined) {
        forceAgain = undefined;
        await trainOnce(again);
        again = forceAgain;
      }
    } catch (error) {
      await publish({ state: 'idle', message: `Training stopped: ${error instanceof Error ? error.message : String(error)}`, progress: undefined });
    } finally {
      running = undefined;
    }
  })();
  return running;
}

/** The history changed: train again once it has settled. */
export function scheduleTraining(): void {
  forget();
  void browser.alarms.create(RETRAIN_ALARM, { when: Date.now() + RETRAIN_DELAY_MS });
}

export function setUpTraining(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RETRAIN_ALARM) void trainNow();
  });
  // A training the worker was stopped in the middle of goes on.
  void store()
    .getState<TrainingJob | undefined>(JOB_KEY, undefined)
    .then((job) => {
      if (job) void trainNow(job.force);
    });
}

// --- Predictions, with what they need kept in memory between them.

let cache: { runs: Run[]; series: TrainingSeries; model?: StoredModel } | undefined;

/** The history or the model changed: the next prediction reads them again. */
export function forget(): void {
  cache = undefined;
}

/** Forecasts by place cell and hour, kept for half an hour: the planner asks on every edit. */
const forecasts = new Map<string, { weather: RunWeather; at: number }>();
const FORECAST_KEEP_MS = 30 * 60_000;

async function forecastAt(runs: readonly Run[], startTime: number): Promise<RunWeather | undefined> {
  const home = (await homeSetting.getValue()) ?? homeLocation(runs);
  if (!home) return undefined;
  const hour = Math.floor(startTime / 3_600_000);
  const key = `${home.lat.toFixed(2)},${home.lng.toFixed(2)}@${hour}`;
  const kept = forecasts.get(key);
  if (kept && Date.now() - kept.at < FORECAST_KEEP_MS) return kept.weather;
  const { weather, error } = await forecastFor(home, startTime, { fetch: (input, init) => fetch(input, init), now: Date.now(), basis: 'home' });
  // A failed forecast is not kept: the next edit asks again.
  if (!error) forecasts.set(key, { weather, at: Date.now() });
  return weather;
}

export async function planRun(plan: PlannedRun, units: Units) {
  if (!cache) {
    const runs = await openDb().runs.toArray();
    cache = { runs, series: buildTrainingSeries(runs), model: await activeModel() };
  }
  // The planned start is on the runner's wall clock, which is this browser's.
  const weather = await forecastAt(cache.runs, new Date(plan.start).getTime());
  return planInsight(plan, units, { model: cache.model, history: cache.runs, series: cache.series, weather });
}
