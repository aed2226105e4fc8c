/**
 * Plan-time features of a run: what is known before it starts (the plan, the forecast, the
 * runner's history), never what the run itself measures. Its cadence and heart rate are what
 * the model learns to predict; they must not leak into its own features.
 *
 * One computation serves a past run (to train on) and a planned run (to predict for):
 * `featuresFor` builds the context from a history; `featuresForHistory` slides the same
 * context through a sorted history once.
 */
import { startParts, type RunType } from '../plan';
import { classifyRuns } from '../run-type';
import { runPaceSecondsPerKm, type Run, type RunFacts, type RunWeather, type WeatherSource } from '../runs';
import {
  buildTrainingSeries,
  groupByStart,
  localMinutes,
  median,
  MINUTES_PER_DAY,
  trainingStateAt,
  type LoadSettings,
  type TrainingState,
} from '../training-load';
import {
  binOf,
  FATIGUE_LEVEL_CODES,
  LENGTH_BIN_EDGES_KM,
  RUN_TYPE_CODES,
  TEMPERATURE_BIN_EDGES_C,
  type RunFeatures,
} from './names';

/** The run to describe: a plan, or a past run seen as the plan it carried out. */
export interface FeatureTarget {
  /** "YYYY-MM-DDTHH:mm" on the runner's wall clock. */
  startLocal: string;
  distanceMeters: number;
  paceSecondsPerKm: number;
  elevationGainMeters?: number;
  runType: RunType;
  weather?: Pick<RunWeather, 'temperatureC' | 'precipitationMm' | 'windSpeedKmh' | 'humidityPct'> & { source?: WeatherSource };
}

/** How many of the last runs "recent" means: about two weeks of training for most runners. */
export const RECENT_RUNS = 10;
/** A spread needs a few values to mean anything. */
const MIN_RUNS_FOR_SPREAD = 3;

/** What the runs before the target say, oldest first. */
interface RecentRuns {
  paces: number[];
  cadences: number[];
  lastStartLocal: string | undefined;
}

function plausibleCadence(run: RunFacts): number | undefined {
  const cadence = run.averageCadenceSpm;
  return cadence !== undefined && Number.isFinite(cadence) && cadence > 0 ? cadence : undefined;
}

function coefficientOfVariation(values: readonly number[]): number {
  if (values.length < MIN_RUNS_FOR_SPREAD) return Number.NaN;
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1);
  return Math.sqrt(variance) / mean;
}

function computeFeatures(target: FeatureTarget, recent: RecentRuns, state: TrainingState): RunFeatures {
  const distanceKm = target.distanceMeters / 1000;
  const pace = target.paceSecondsPerKm;
  const climb = target.elevationGainMeters ?? Number.NaN;
  // The 15 °C, dry, calm stand-in is no measurement: leave it to the model's imputation.
  const weather = target.weather && target.weather.source !== 'fallback' ? target.weather : undefined;
  const { hour, dayOfWeek } = startParts(target.startLocal);
  const recentPace = recent.paces.length ? median(recent.paces) : Number.NaN;
  const sinceLastRun = recent.lastStartLocal === undefined
    ? Number.NaN
    : (localMinutes(target.startLocal) - localMinutes(recent.lastStartLocal)) / MINUTES_PER_DAY;
  return {
    paceSecondsPerKm: pace,
    distanceKm,
    durationMinutes: (distanceKm * pace) / 60,
    elevationGainMeters: climb,
    climbMetersPerKm: climb / distanceKm,
    temperatureC: weather?.temperatureC ?? Number.NaN,
    temperatureBin: binOf(weather?.temperatureC ?? Number.NaN, TEMPERATURE_BIN_EDGES_C),
    precipitationMm: weather?.precipitationMm ?? Number.NaN,
    windSpeedKmh: weather?.windSpeedKmh ?? Number.NaN,
    humidityPct: weather?.humidityPct ?? Number.NaN,
    hourOfDay: hour,
    dayOfWeek,
    runTypeCode: RUN_TYPE_CODES[target.runType],
    lengthBin: binOf(distanceKm, LENGTH_BIN_EDGES_KM),
    km7Before: state.km7,
    km28Before: state.km28,
    ctlBefore: state.ctl,
    atlBefore: state.atl,
    tsbBefore: state.tsb,
    fatigueLevel: FATIGUE_LEVEL_CODES[state.fatigue.level],
    daysSinceLastRun: sinceLastRun,
    recentPaceCv: coefficientOfVariation(recent.paces),
    recentPaceSecondsPerKm: recentPace,
    paceVsRecentMedian: pace / recentPace,
    recentCadenceSpm: recent.cadences.length ? median(recent.cadences) : Number.NaN,
  };
}

/** Keeps the last RECENT_RUNS paces and cadences as runs are added in start order. */
class RecentRunsWindow implements RecentRuns {
  paces: number[] = [];
  cadences: number[] = [];
  lastStartLocal: string | undefined;

  add(run: RunFacts): void {
    const pace = runPaceSecondsPerKm(run);
    if (pace !== undefined) keepLast(this.paces, pace);
    const cadence = plausibleCadence(run);
    if (cadence !== undefined) keepLast(this.cadences, cadence);
    this.lastStartLocal = run.startLocal;
  }
}

function keepLast(values: number[], value: number): void {
  values.push(value);
  if (values.length > RECENT_RUNS) values.shift();
}

/**
 * The features of a planned or past run. `history` may hold any of the runner's runs in any
 * order: only those that started strictly before the target count. `state` saves working out
 * the training state again when the caller has it (it must be the state going into the
 * target's day); `loadSettings` are the runner's own heart-rate and threshold numbers.
 */
export function featuresFor(
  target: FeatureTarget,
  history: readonly RunFacts[],
  options: { state?: TrainingState; loadSettings?: LoadSettings } = {},
): RunFeatures {
  const before = history.filter((run) => run.startLocal < target.startLocal);
  const recent = new RecentRunsWindow();
  for (const group of groupByStart(before)) for (const run of group) recent.add(run);
  const state = options.state ?? trainingStateAt(before, target.startLocal, options.loadSettings);
  return computeFeatures(target, recent, state);
}

/** A past run as the plan it carried out; its run type comes from the caller. */
export function featureTargetOfRun(run: RunFacts & Pick<Run, 'weather'>, runType: RunType): FeatureTarget {
  return {
    startLocal: run.startLocal,
    distanceMeters: run.distanceMeters ?? Number.NaN,
    paceSecondsPerKm: runPaceSecondsPerKm(run) ?? Number.NaN,
    elevationGainMeters: run.elevationGainMeters,
    runType,
    weather: run.weather,
  };
}

/**
 * Every run's features, keyed by run id, in one pass over the history sorted by start: the
 * same numbers `featuresFor` gives each run with the rest of the history. A run's type is the
 * runner's correction, else the stored type, else classified from the runs before it.
 */
export function featuresForHistory(
  runs: readonly (RunFacts & Pick<Run, 'weather' | 'runType' | 'runTypeCorrection'>)[],
  loadSettings: LoadSettings = {},
): Map<string, RunFeatures> {
  const series = buildTrainingSeries(runs, loadSettings);
  const needClassifying = runs.some((run) => !run.runTypeCorrection && !run.runType);
  const verdicts = needClassifying ? classifyRuns(runs) : undefined;
  const features = new Map<string, RunFeatures>();
  const recent = new RecentRunsWindow();
  // Runs that start in the same minute are not in each other's history.
  for (const group of groupByStart(runs)) {
    const state = series.stateAt(group[0]!.startLocal);
    for (const run of group) {
      const runType = run.runTypeCorrection ?? run.runType?.type ?? verdicts?.get(run.id)?.type ?? 'easy';
      features.set(run.id, computeFeatures(featureTargetOfRun(run, runType), recent, state));
    }
    for (const run of group) recent.add(run);
  }
  return features;
}
