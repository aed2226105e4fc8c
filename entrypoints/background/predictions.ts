/**
 * Predictions for the planner: a planned run's music profile from the model in use, with the
 * history, its training series and recent forecasts kept in memory between them (the planner
 * asks on every edit). `forget()` drops what the history or a new model made stale.
 */
import { planInsight } from '@/lib/model/predict';
import { activeModel } from '@/lib/model/store';
import type { StoredModel } from '@/lib/model/trainer';
import type { PlannedRun } from '@/lib/plan';
import type { LatLng, Run, RunWeather } from '@/lib/runs';
import { buildTrainingSeries, type TrainingSeries } from '@/lib/training-load';
import type { Units } from '@/lib/units';
import { forecastFor, homeLocation } from '@/lib/weather';
import { openDb } from '@/storage/db';
import { homeSetting, trainingLoadSetting } from '@/storage/settings';

interface Loaded {
  runs: Run[];
  series: TrainingSeries;
  model?: StoredModel;
}

let cache: Loaded | undefined;
/** Counts forget()s: a load that began before the last one must not be kept. */
let generation = 0;

/** The history or the model changed: the next prediction reads them again. */
export function forget(): void {
  generation += 1;
  cache = undefined;
}

async function loaded(): Promise<Loaded> {
  if (cache) return cache;
  const started = generation;
  const [runs, model, loadSettings] = await Promise.all([openDb().runs.toArray(), activeModel(openDb()), trainingLoadSetting.getValue()]);
  const fresh: Loaded = { runs, series: buildTrainingSeries(runs, loadSettings), model };
  // Read before a forget(): good for the prediction that asked, stale for the next.
  if (generation === started) cache = fresh;
  return fresh;
}

/** Forecasts by place cell and hour, kept for half an hour: the planner asks on every edit. */
const forecasts = new Map<string, { weather: RunWeather; at: number }>();
const FORECAST_KEEP_MS = 30 * 60_000;

/** The forecast at the plan's own place (a stored run's start), else at the runner's home. */
async function forecastAt(runs: readonly Run[], startTime: number, place?: LatLng): Promise<RunWeather | undefined> {
  const home = place ?? (await homeSetting.getValue()) ?? homeLocation(runs);
  if (!home) return undefined;
  const hour = Math.floor(startTime / 3_600_000);
  const key = `${home.lat.toFixed(2)},${home.lng.toFixed(2)}@${hour}`;
  const kept = forecasts.get(key);
  if (kept && Date.now() - kept.at < FORECAST_KEEP_MS) return kept.weather;
  const { weather, error } = await forecastFor(home, startTime, { fetch: (input, init) => fetch(input, init), now: Date.now(), basis: place ? 'start' : 'home' });
  // A failed forecast is not kept: the next edit asks again.
  if (!error) forecasts.set(key, { weather, at: Date.now() });
  return weather;
}

export async function planRun(plan: PlannedRun, units: Units) {
  // One snapshot for the whole prediction: a forget() while the forecast is awaited does not pull it away.
  const { runs, series, model } = await loaded();
  // The planned start is on the runner's wall clock, which is this browser's.
  const weather = await forecastAt(runs, new Date(plan.start).getTime(), plan.place);
  return planInsight(plan, units, { model, history: runs, series, weather });
}
