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
 */
import { pathToFileURL } from 'node:url';
import { FEATURE_NAMES } from '../lib/features/names.ts';
import type { Dataset } from '../lib/model/dataset.ts';
import { FOREST_DEFAULTS, predictForest, trainForest } from '../lib/model/forest.ts';
import { startJob, trainingStep, type TrainingJob } from '../lib/model/trainer.ts';
import { TARGETS, type CompactForest, type Target } from '../lib/model/types.ts';
import { seededRandom as random } from '../lib/random.ts';

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

/**
 * A runner's history of `runs` runs, about one every 1.6 days, oldest first. Numbers have the
 * precision real ones have (pace from Strava's speed in m/s to 3 decimals, weather to 1
 * decimal, training load unrounded), since long thresholds are what the stored model's size is.
 */
export function syntheticHistory(runs: number, seed = 2026): SyntheticHistory {
  const next = random(seed);
  const normal = () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
  const pick = (weights: number[]) => {
    let u = next();
    for (let i = 0; i < weights.length; i++) if ((u -= weights[i]!) < 0) return i;
    return weights.length - 1;
  };
  const tenth = (value: number) => Math.round(value * 10) / 10;
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

function main(args: string[]): void {
  const runsAt = args.indexOf('--runs');
  const sizes = runsAt >= 0 ? [Number(args[runsAt + 1])] : [200, 1000, 2000];
  if (sizes.some((runs) => !Number.isInteger(runs) || runs < 20)) {
    throw new Error('--runs takes a whole number of runs, at least 20');
  }
  const results = sizes.map(bench);
  if (args.includes('--json')) {
    const plain = results.map(({ runs, trainSeconds, modelBytes, predictMs }) => ({ runs, trainSeconds, modelBytes, predictMs }));
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
  if (!args.includes('--steps')) return;
  console.log('runs  training job steps  longest step s  (which)');
  for (const runs of sizes) {
    const { steps, longestSeconds, longest } = benchSteps(runs);
    console.log(`${String(runs).padStart(4)}  ${String(steps).padStart(18)}  ${longestSeconds.toFixed(2).padStart(14)}  (${longest})`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
