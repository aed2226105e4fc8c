/**
 * How long the three forests (tempo, energy, valence) take to train, how many bytes they take
 * stored, and how fast they predict, on synthetic histories shaped like real ones: the 25
 * plan-time features of lib/features/names.ts, labels that depend on them the way real ones do
 * (cadence mostly on pace, energy on effort, valence mostly noise). Time, bytes and prediction
 * are for the forests trained on every run; the text output adds each target's MAE on the
 * newest 20 % for forests trained on the older runs, beside the MAE of the runner's median.
 * `npm run bench -- [--runs N] [--json] [--steps]`; `--steps` also runs the extension's training
 * job (lib/model/trainer) on each history and prints its longest step, which must stay short
 * enough not to block the service worker.
 *
 * Then, end to end, what the planner waits for (issue 4: under 50 ms): a history of `Run`s
 * shaped like real ones goes through lib/processing (weather the offline fallback: no network),
 * the extension's training job (startJob, trainingStep, assembleModel, as
 * entrypoints/background/training does; not timed) and buildTrainingSeries once, then
 * `planInsight` for a planned run is timed: features over the whole history, imputation, the
 * three targets with their reasons, the pace suggestion. Cold is the first call on that history
 * (for the first size it also compiles the code), warm the median of the calls after it.
 * `--json` gives them as `planMsCold` and `planMsWarm` beside the other numbers.
 */
import { pathToFileURL } from 'node:url';
import { FEATURE_NAMES } from '../lib/features/names.ts';
import type { Dataset } from '../lib/model/dataset.ts';
import { FOREST_DEFAULTS, predictForest, trainForest } from '../lib/model/forest.ts';
import type { MusicEvidence } from '../lib/model/labels.ts';
import { planInsight } from '../lib/model/predict.ts';
import type { ProfileSource } from '../lib/model/profile.ts';
import { assembleModel, startJob, trainingDataset, trainingStep, type TrainingJob } from '../lib/model/trainer.ts';
import { TARGETS, type CompactForest, type Target } from '../lib/model/types.ts';
import type { PlannedRun } from '../lib/plan.ts';
import { processHistory } from '../lib/processing.ts';
import { seededRandom as random } from '../lib/random.ts';
import type { Run, RunWeather } from '../lib/runs.ts';
import { wallClockFormatter } from '../lib/time.ts';
import { buildTrainingSeries } from '../lib/training-load/index.ts';

export interface SyntheticHistory {
  /** One row per run, oldest first, columns in FEATURE_NAMES order; no NaN (already imputed). */
  rows: number[][];
  labels: Record<Target, number[]>;
}


const RUN_TYPE_WEIGHTS = [0.1, 0.4, 0.15, 0.1, 0.1, 0.1, 0.05]; // recovery … race
const PACE_OFFSET_BY_TYPE = [40, 15, 20, 0, -30, -45, -50]; // seconds per km against the runner's steady pace
const LENGTH_RANGE_BY_TYPE: [number, number][] = [
  [4, 7], [5, 12], [16, 32], [8, 14], [6, 12], [6, 10], [5, 21.1],
];

/** Seeded draws: uniform, normal (Box-Muller), a weighted pick, and rounding to a tenth. */
function draws(seed: number) {
  const next = random(seed);
  const normal = () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
  const pick = (weights: number[]) => {
    let u = next();
    for (let i = 0; i < weights.length; i++) if ((u -= weights[i]!) < 0) return i;
    return weights.length - 1;
  };
  const tenth = (value: number) => Math.round(value * 10) / 10;
  return { next, normal, pick, tenth };
}

/**
 * A runner's history of `runs` runs, about one every 1.6 days, oldest first. Numbers have the
 * precision real ones have (pace from Strava's speed in m/s to 3 decimals, weather to 1
 * decimal, training load unrounded), since long thresholds are what the stored model's size is.
 */
export function syntheticHistory(runs: number, seed = 2026): SyntheticHistory {
  const { next, normal, pick, tenth } = draws(seed);
  const rows: number[][] = [];
  const labels: Record<Target, number[]> = { tempo: [], energy: [], valence: [] };
  const past: { day: number; km: number; pace: number; cadence: number }[] = [];
  let day = 0;
  let ctl = 30;
  let atl = 30;
  const cadenceOffset = normal() * 4; // this runner's own stride
  for (let i = 0; i < runs; i++) {
    const hour = next() < 0.6 ? 6 + Math.floor(next() * 3) : 17 + Math.floor(next() * 4);
    const previousDay = day;
    day = Math.floor(day) + (next() < 0.1 ? 0 : 1 + Math.floor(next() * 2.3)) + (hour + next()) / 24;
    if (day <= previousDay) day = previousDay + 0.3;
    const type = pick(RUN_TYPE_WEIGHTS);
    const fitness = 1 - (0.04 * i) / Math.max(runs, 1); // a little faster over the years
    const speed = Math.round((1000 / ((315 + PACE_OFFSET_BY_TYPE[type]! + 12 * normal()) * fitness)) * 1000) / 1000;
    const pace = 1000 / speed;
    const [shortest, longest] = LENGTH_RANGE_BY_TYPE[type]!;
    const km = Math.round((shortest + (longest - shortest) * next()) * 10000) / 10000;
    const elevation = tenth(km * Math.max(0, Math.exp(2 + 0.6 * normal()) - 2));
    const temperature = tenth(10 + 10 * Math.sin((2 * Math.PI * day) / 365) + 4 * normal());
    const precipitation = next() < 0.7 ? 0 : tenth(-Math.log(next() + 1e-9) * 2);
    const recent = past.slice(-10);
    const recentPaces = recent.map((run) => run.pace).sort((a, b) => a - b);
    const recentMedianPace = recentPaces.length ? recentPaces[Math.floor(recentPaces.length / 2)]! : 330;
    const meanPace = recentPaces.reduce((sum, value) => sum + value, 0) / Math.max(recentPaces.length, 1);
    const paceSd = Math.sqrt(
      recentPaces.reduce((sum, value) => sum + (value - meanPace) ** 2, 0) / Math.max(recentPaces.length, 1),
    );
    const recentCadences = recent.map((run) => run.cadence).sort((a, b) => a - b);
    const recentCadence = recentCadences.length ? recentCadences[Math.floor(recentCadences.length / 2)]! : 170;
    const kmSince = (days: number) => past.filter((run) => run.day >= day - days).reduce((sum, run) => sum + run.km, 0);
    const tsb = ctl - atl;
    const feature: Record<(typeof FEATURE_NAMES)[number], number> = {
      paceSecondsPerKm: pace,
      distanceKm: km,
      durationMinutes: (km * pace) / 60,
      elevationGainMeters: elevation,
      climbMetersPerKm: elevation / km,
      temperatureC: temperature,
      temperatureBin: [5, 12, 18, 24].filter((edge) => temperature >= edge).length,
      precipitationMm: precipitation,
      windSpeedKmh: tenth(next() * 35),
      humidityPct: Math.round(40 + 55 * next()),
      hourOfDay: hour,
      dayOfWeek: Math.floor(day) % 7,
      runTypeCode: type,
      lengthBin: [5, 10, 15, 21, 30].filter((edge) => km >= edge).length,
      km7Before: kmSince(7),
      km28Before: kmSince(28),
      ctlBefore: ctl,
      atlBefore: atl,
      tsbBefore: tsb,
      fatigueLevel: tsb < -25 ? 2 : tsb < -10 ? 1 : 0,
      daysSinceLastRun: i === 0 ? 3 : day - previousDay,
      recentPaceCv: paceSd / meanPace || 0,
      recentPaceSecondsPerKm: recentMedianPace,
      paceVsRecentMedian: pace / recentMedianPace,
      recentCadenceSpm: recentCadence,
    };
    rows.push(FEATURE_NAMES.map((name) => feature[name]));

    // Cadence (Strava's, × 2): mostly pace, a little hills and hard sessions, the runner's stride, noise.
    const cadence = tenth(
      Math.min(195, Math.max(150, 180 + cadenceOffset - 0.16 * (pace - 300) - 0.15 * (elevation / km) + (type >= 4 ? 1.5 : 0) + 2.5 * normal())),
    );
    // Energy: effort against the runner's usual pace, harder run types, heat.
    const effort = (recentMedianPace - pace) / 30 + 0.25 * (type - 2) + 0.03 * (temperature - 15) + 0.3 * normal();
    const energy = 1 / (1 + Math.exp(-effort));
    // Valence: what music the runner liked; barely predictable from the run.
    const valence = Math.min(1, Math.max(0, 0.5 + (hour >= 17 ? 0.08 : -0.04) + 0.05 * Math.sin(day) + 0.18 * normal()));
    labels.tempo.push(cadence);
    labels.energy.push(energy);
    labels.valence.push(valence);

    past.push({ day, km, pace, cadence });
    const load = km * (pace < 300 ? 1.3 : 1);
    ctl += (load - ctl) / 42;
    atl += (load - atl) / 7;
  }
  return { rows, labels };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function meanAbsoluteError(predicted: number[], actual: number[]): number {
  return predicted.reduce((sum, value, i) => sum + Math.abs(value - actual[i]!), 0) / actual.length;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

interface BenchResult {
  runs: number;
  trainSeconds: number;
  modelBytes: number;
  predictMs: number;
  /** Holdout MAE of the forest and of the median baseline, per target. */
  holdout: Record<Target, { mae: number; baselineMae: number }>;
}

function trainAll(rows: number[][], labels: Record<Target, number[]>): Record<Target, CompactForest> {
  const forests = {} as Record<Target, CompactForest>;
  for (const [index, target] of TARGETS.entries()) {
    forests[target] = trainForest(rows, labels[target], { nEstimators: FOREST_DEFAULTS.nEstimators, seed: 1 + index });
  }
  return forests;
}

function bench(runs: number): BenchResult {
  const history = syntheticHistory(runs);

  // What the extension keeps: the three forests trained on every run.
  const started = process.cpuUsage();
  const forests = trainAll(history.rows, history.labels);
  const trainSeconds = cpuSeconds(started);
  const modelBytes = Buffer.byteLength(JSON.stringify(forests));

  const row = history.rows[history.rows.length - 1]!;
  const repeats = 200;
  const predictStarted = performance.now();
  for (let i = 0; i < repeats; i++) for (const target of TARGETS) predictForest(forests[target], row);
  const predictMs = (performance.now() - predictStarted) / repeats;

  // How good they are: trained again on the older 80 %, tested on the newest 20 % (not timed).
  const nTrain = Math.floor(runs * 0.8);
  const older = {} as Record<Target, number[]>;
  for (const target of TARGETS) older[target] = history.labels[target].slice(0, nTrain);
  const holdoutForests = trainAll(history.rows.slice(0, nTrain), older);
  const testRows = history.rows.slice(nTrain);
  const holdout = {} as BenchResult['holdout'];
  for (const target of TARGETS) {
    const actual = history.labels[target].slice(nTrain);
    const baseline = median(older[target]);
    holdout[target] = {
      mae: meanAbsoluteError(testRows.map((testRow) => predictForest(holdoutForests[target], testRow)), actual),
      baselineMae: meanAbsoluteError(actual.map(() => baseline), actual),
    };
  }
  return { runs, trainSeconds, modelBytes, predictMs, holdout };
}

/** The history as the extension's dataset: one run a day, every target labelled. */
export function syntheticDataset(history: SyntheticHistory): Dataset {
  const sources: Record<Target, 'cadence' | 'heart rate' | 'rating'> = { tempo: 'cadence', energy: 'heart rate', valence: 'rating' };
  return {
    featureNames: FEATURE_NAMES,
    runIds: history.rows.map((_, i) => String(i + 1)),
    startTimes: history.rows.map((_, i) => Date.UTC(2020, 0, 1 + i)),
    rows: history.rows,
    labels: Object.fromEntries(TARGETS.map((target) => [target, history.labels[target].map((value) => ({ value, source: sources[target] }))])) as Dataset['labels'],
    unlabelledRuns: 0,
  };
}

/** What the extension's training job does at `runs` runs: its steps and the longest of them (wall-clock seconds). */
function benchSteps(runs: number): { steps: number; longestSeconds: number; longest: string } {
  const dataset = syntheticDataset(syntheticHistory(runs));
  let job: TrainingJob = startJob(dataset, false, 0);
  let steps = 0;
  let longestSeconds = 0;
  let longest = '';
  for (;;) {
    const before = job;
    const started = performance.now();
    const step = trainingStep(job, dataset);
    const seconds = (performance.now() - started) / 1000;
    if (step.done) break;
    job = step.job;
    steps += 1;
    if (seconds > longestSeconds) {
      longestSeconds = seconds;
      const target = TARGETS.find((t) => before.progress[t] !== job.progress[t] || before.evaluated[t] !== job.evaluated[t] || before.notes[t] !== job.notes[t]);
      const progress = target && before.progress[target];
      longest = target
        ? `${target} ${!progress ? 'holdout' : !progress.importance ? 'importance' : `fold ${progress.folds.length + 1}`}`
        : `${TARGETS.find((t) => before.chunks[t] !== job.chunks[t])} forest chunk`;
    }
  }
  return { steps, longestSeconds, longest };
}

// --- End to end: a planned run's prediction on a processed history of runs.

const DAY_MS = 86_400_000;
const RUN_TYPE_NAMES = ['recovery', 'easy', 'long', 'steady', 'tempo', 'interval', 'race'] as const;
/** Effort as a fraction of the heart-rate reserve, by run type (recovery … race). */
const HEART_RATE_RESERVE_BY_TYPE = [0.58, 0.64, 0.68, 0.74, 0.83, 0.86, 0.9];
const HOME = { lat: 52.52, lng: 13.405 };

/**
 * A runner's history as the extension stores it before processing: `runs` runs over three to
 * five years (`runs` × 0.9 days, kept between the two: 3 years at 200 and 1,000 runs, 4.9 at
 * 2,000), from the API import, in Berlin, with distance, moving
 * and elapsed time, climb, cadence (95 %) and heart rate (90 %) that depend on the run's type the
 * way real ones do, Strava's default names mostly, a named or workout-typed run now and then, a
 * few treadmill runs; and evidence about the music (a rating or tracks played) for 70 % of them.
 */
export function syntheticRuns(runs: number, seed = 2026): { runs: Run[]; music: Map<string, MusicEvidence> } {
  const { next, normal, pick, tenth } = draws(seed);
  const clamp01 = (value: number) => Math.min(1, Math.max(0, value));
  const local = wallClockFormatter('Europe/Berlin');
  const spanDays = Math.min(5 * 365, Math.max(3 * 365, runs * 0.9));
  const gap = spanDays / runs;
  const firstDay = Math.floor(Date.UTC(2026, 0, 1) / DAY_MS - spanDays);
  const cadenceOffset = normal() * 4;
  const history: Run[] = [];
  const music = new Map<string, MusicEvidence>();
  let day = firstDay;
  let previousStart = 0;
  for (let i = 0; i < runs; i++) {
    day += gap * (0.3 + 1.4 * next());
    const morning = next() < 0.6;
    const hour = morning ? 6 + Math.floor(next() * 3) : 17 + Math.floor(next() * 4);
    // Berlin is UTC+1 or +2: an hour off at most, which the local clock below then tells.
    let startTime = (Math.floor(day) * 24 + hour - 1) * 3_600_000 + Math.floor(next() * 60) * 60_000;
    if (startTime <= previousStart) startTime = previousStart + 3 * 3_600_000;
    previousStart = startTime;
    const type = pick(RUN_TYPE_WEIGHTS);
    const fitness = 1 - (0.04 * i) / runs;
    const speed = Math.round((1000 / ((330 + PACE_OFFSET_BY_TYPE[type]! + 12 * normal()) * fitness)) * 1000) / 1000;
    const [shortest, longest] = LENGTH_RANGE_BY_TYPE[type]!;
    const distanceMeters = Math.round((shortest + (longest - shortest) * next()) * 10000) / 10;
    const movingTimeSeconds = Math.round(distanceMeters / speed);
    const stops = RUN_TYPE_NAMES[type] === 'interval' ? 1.2 + 0.1 * next() : 1 + 0.05 * next();
    const elevationGainMeters = tenth((distanceMeters / 1000) * Math.max(0, Math.exp(2 + 0.6 * normal()) - 2));
    const climb = elevationGainMeters / (distanceMeters / 1000);
    const pace = 1000 / speed;
    // Strava's cadence is per leg to a tenth: doubled on the way in.
    const cadence = 2 * tenth((180 + cadenceOffset - 0.16 * (pace - 300) - 0.15 * climb + (type >= 4 ? 1.5 : 0) + 2.5 * normal()) / 2);
    const reserve = HEART_RATE_RESERVE_BY_TYPE[type]! + 0.004 * (distanceMeters / 1000 - 8) + 0.04 * normal();
    const averageHeartRate = Math.round(55 + clamp01(reserve) * 133);
    const treadmill = next() < 0.03;
    const named = next();
    const runType = RUN_TYPE_NAMES[type];
    const name =
      runType === 'race' ? (named < 0.5 ? 'Parkrun' : 'City 10K race')
      : runType === 'interval' && named < 0.5 ? '6 x 800 m'
      : runType === 'tempo' && named < 0.3 ? 'Tempo Tuesday'
      : runType === 'recovery' && named < 0.3 ? 'Recovery jog'
      : morning ? 'Morning Run' : 'Evening Run';
    const workoutType = runType === 'race' ? 1 : runType === 'long' && named < 0.5 ? 2 : runType === 'interval' ? 3 : 0;
    const id = String(9_000_000_000 + i);
    history.push({
      id,
      name,
      sportType: treadmill ? 'VirtualRun' : 'Run',
      isTreadmill: treadmill,
      startTime,
      startLocal: local(startTime),
      distanceMeters,
      movingTimeSeconds,
      elapsedTimeSeconds: Math.round(movingTimeSeconds * stops),
      elevationGainMeters: treadmill ? 0 : elevationGainMeters,
      ...(next() < 0.95 ? { averageCadenceSpm: cadence } : {}),
      ...(next() < 0.9 ? { averageHeartRate, maxHeartRate: Math.min(200, averageHeartRate + 8 + Math.round(12 * next())) } : {}),
      ...(treadmill ? {} : { start: { lat: HOME.lat + 0.02 * normal(), lng: HOME.lng + 0.03 * normal() } }),
      workoutType,
      sources: ['api-json'],
      processed: {},
      updatedAt: 0,
    });
    // Brighter music in the evening and for harder runs, and much that the run does not explain.
    const valence = clamp01(0.45 + (morning ? -0.05 : 0.06) + 0.05 * (type - 2) + 0.1 * normal());
    const evidence = next();
    if (evidence < 0.3) music.set(id, { rating: { valence: tenth(valence) } });
    else if (evidence < 0.7) {
      const tracks = Math.max(2, Math.round(movingTimeSeconds / 210));
      music.set(id, {
        listening: Array.from({ length: tracks }, () => ({ valence: clamp01(valence + 0.08 * normal()), secondsPlayed: 150 + Math.round(120 * next()) })),
      });
    }
  }
  return { runs: history, music };
}

interface PlanResult {
  planMsCold: number;
  planMsWarm: number;
  /** Where each target's answer came from (the runner's model, or the prior). */
  sources: Record<Target, ProfileSource>;
  plan: PlannedRun;
}

const offline: typeof fetch = () => Promise.reject(new Error('no network in the benchmark'));

/** The planner's wait at `runs` runs: planInsight on a trained model, cold and warm (ms). */
async function benchPlan(runs: number, calls = 20): Promise<PlanResult> {
  const { runs: facts, music } = syntheticRuns(runs);
  const now = facts[facts.length - 1]!.startTime + DAY_MS;
  const processed = await processHistory(facts, { fetch: offline, now });
  const byId = new Map(processed.changed.map((run) => [run.id, run]));
  const history = facts.map((run) => byId.get(run.id) ?? run);

  // The extension's training (entrypoints/background/training.ts), without the checkpoints.
  const dataset = trainingDataset(history, music);
  let job = startJob(dataset, false, now);
  for (;;) {
    const step = trainingStep(job, dataset);
    job = step.job;
    if (step.done) break;
  }
  // None when no target has enough labelled runs (a very short history): the prior then answers.
  const model = assembleModel(job, dataset, undefined, now).active;
  const series = buildTrainingSeries(history);

  // An easy 10 km at 18:00 the day after the newest run, with its forecast at home.
  const newest = history[history.length - 1]!.startLocal;
  const [y, m, d] = newest.slice(0, 10).split('-').map(Number) as [number, number, number];
  const plan: PlannedRun = {
    type: 'easy',
    paceSecondsPerKm: 330,
    distanceMeters: 10_000,
    start: `${new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)}T18:00`,
  };
  const weather: RunWeather = {
    temperatureC: 13.4,
    precipitationMm: 0.2,
    windSpeedKmh: 14.8,
    humidityPct: 71,
    weatherCode: 3,
    source: 'forecast',
    place: { ...HOME, basis: 'home' },
  };
  const context = { model, history, series, weather };

  let started = performance.now();
  const insight = planInsight(plan, 'metric', context);
  const planMsCold = performance.now() - started;
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    started = performance.now();
    planInsight(plan, 'metric', context);
    times.push(performance.now() - started);
  }
  const sources = Object.fromEntries(TARGETS.map((target) => [target, insight.profile[target].source])) as Record<Target, ProfileSource>;
  return { planMsCold, planMsWarm: median(times), sources, plan };
}

async function main(args: string[]): Promise<void> {
  const runsAt = args.indexOf('--runs');
  const sizes = runsAt >= 0 ? [Number(args[runsAt + 1])] : [200, 1000, 2000];
  if (sizes.some((runs) => !Number.isInteger(runs) || runs < 20)) {
    throw new Error('--runs takes a whole number of runs, at least 20');
  }
  const results = sizes.map(bench);
  // After every forest above is timed, so that they are timed as before.
  const plans: PlanResult[] = [];
  for (const runs of sizes) plans.push(await benchPlan(runs));
  if (args.includes('--json')) {
    const plain = results.map(({ runs, trainSeconds, modelBytes, predictMs }, i) => ({
      runs,
      trainSeconds,
      modelBytes,
      predictMs,
      planMsCold: plans[i]!.planMsCold,
      planMsWarm: plans[i]!.planMsWarm,
    }));
    console.log(JSON.stringify({ results: plain }));
    return;
  }
  const { nEstimators, maxFeatures, minNumSamplesAtLeast, minNumSamplesShare, maxDepth } = FOREST_DEFAULTS;
  console.log(
    `3 targets × ${nEstimators} trees, maxFeatures ${maxFeatures} of ${FEATURE_NAMES.length} features, ` +
      `minNumSamples max(${minNumSamplesAtLeast}, training rows / ${1 / minNumSamplesShare}), maxDepth ${maxDepth}`,
  );
  console.log('runs  train CPU s  model bytes  predict ms  holdout MAE (baseline): tempo  energy  valence');
  for (const result of results) {
    const accuracy = TARGETS.map((target) => {
      const { mae, baselineMae } = result.holdout[target];
      return `${mae.toFixed(3)} (${baselineMae.toFixed(3)})`;
    });
    console.log(
      `${String(result.runs).padStart(4)}  ${result.trainSeconds.toFixed(2).padStart(11)}  ` +
        `${String(result.modelBytes).padStart(11)}  ${result.predictMs.toFixed(3).padStart(10)}  ${accuracy.join('  ')}`,
    );
  }
  const { plan } = plans[0]!;
  console.log(
    `planned run, end to end (planInsight: features over the whole history, imputation, 3 targets with reasons, pace suggestion): ` +
      `${plan.type} ${plan.distanceMeters / 1000} km at ${plan.paceSecondsPerKm} s/km, the day after the newest run`,
  );
  console.log(`runs  plan ms (cold/warm)  answered by`);
  for (const [i, runs] of sizes.entries()) {
    const { planMsCold, planMsWarm, sources } = plans[i]!;
    const cells = `${planMsCold.toFixed(2)} / ${planMsWarm.toFixed(2)}`;
    console.log(`${String(runs).padStart(4)}  ${cells.padStart(19)}  ${TARGETS.map((target) => `${target} ${sources[target]}`).join(', ')}`);
  }
  if (!args.includes('--steps')) return;
  console.log('runs  training job steps  longest step s  (which)');
  for (const runs of sizes) {
    const { steps, longestSeconds, longest } = benchSteps(runs);
    console.log(`${String(runs).padStart(4)}  ${String(steps).padStart(18)}  ${longestSeconds.toFixed(2).padStart(14)}  (${longest})`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
