import type { RunType } from './plan';
import { runPaceSecondsPerKm, type RunFacts, type RunTypeBasis } from './runs';

/** A pattern that matches any of `words` as whole words, accents included ("fractionné"). */
function words(...alternatives: string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\d])(?:${alternatives.join('|')})(?![\\p{L}])`, 'iu');
}

/**
 * Japanese and Chinese write without spaces ("朝ジョグ", "周末长距离"), so their words are
 * matched anywhere in the name, alongside the whole-word alternatives.
 */
function wordsOrCjk(cjk: string[], ...alternatives: string[]): RegExp {
  return new RegExp(`${words(...alternatives).source}|${cjk.join('|')}`, 'iu');
}

/**
 * Words runners put in activity names, in several languages, and the run type they mean.
 * Checked in order: the first rule that matches wins, so the more specific come first
 * (repetitions before "track", warm-ups before "race", "recovery" before "easy", "race"
 * before "long").
 */
const NAME_RULES: ReadonlyArray<{ type: RunType; pattern: RegExp }> = [
  // 6x800, 10 x 400m, 5×1k, 3x1 mile: repetitions are intervals in any language.
  { type: 'interval', pattern: /(?<!\d)\d{1,2}\s*[x×*]\s*\d/i },
  {
    type: 'interval',
    pattern: wordsOrCjk(
      ['インターバル', '間歇', '间歇', '变速跑'],
      'intervals?', 'intervall(?:e|training)?', 'intervalos?', 'intervalli', 'intervaltraining', 'intervalado',
      'fractionn[ée]s?', 'fartlek', 'repeats?', 'reps', 'track', 'vma', 's[ée]ries', 'piste', 'bahn',
      'hill sprints?', 'sprints?', 'speed ?work(?:out)?', 'speed session',
    ),
  },
  // The jog around a race or a session is an easy few kilometres, whatever it surrounds.
  {
    type: 'recovery',
    pattern: words(
      'warm[- ]?up', 'cool[- ]?down', 'einlaufen', 'auslaufen', '[ée]chauffement', 'retour au calme',
      'calentamiento', 'enfriamiento', 'riscaldamento', 'defaticamento',
    ),
  },
  {
    type: 'race',
    pattern: wordsOrCjk(
      ['レース', '大会', '比赛', '比賽'],
      'race', 'racing', 'parkrun', 'marathon', 'half[- ]?marathon', 'semi[- ]?marat[oó]n', 'semi', 'wettkampf',
      'course', 'comp[ée]tition', 'carrera', 'gara', 'wedstrijd', 'pb', 'pr',
    ),
  },
  {
    type: 'recovery',
    pattern: wordsOrCjk(
      ['リカバリー', '恢复跑'],
      'recovery', 'r[ée]cup', 'r[ée]cup[ée]ration', 'regeneration', 'regenerativo', 'recuperaci[oó]n', 'shake-?out',
      'herstel(?:loop)?',
    ),
  },
  {
    type: 'tempo',
    pattern: wordsOrCjk(
      ['ペース走', '閾値走', '节奏跑', '乳酸阈'],
      'tempo', 'threshold', 'schwelle', 'schwellenlauf', 'seuil', 'umbral', 'soglia', 'cruise', 'tempoloop',
    ),
  },
  {
    type: 'long',
    pattern: wordsOrCjk(
      ['ロング走', '長距離', '长距离'],
      'long run', 'long', 'lsd', 'langer lauf', 'longlauf', 'sortie longue', 'tirada larga', 'rodaje largo', 'lungo',
      'lungh[oi]', 'lange duurloop', 'long[ãa]o',
    ),
  },
  {
    type: 'easy',
    pattern: wordsOrCjk(
      ['ジョグ', 'ジョギング', '慢跑', '轻松跑'],
      'easy', 'locker', 'footing', 'suave', 'facile', 'lent[oa]', 'gentle', 'jog', 'jogging', 'rustig', 'leve',
    ),
  },
  { type: 'steady', pattern: words('steady', 'aerobic', 'moderate', 'endurance', 'dauerlauf', 'rodaje', 'duurloop') },
];

/** The run type an activity's name says, or undefined when it says none ("Morning Run"). */
export function runTypeFromName(name: string): RunType | undefined {
  return NAME_RULES.find((rule) => rule.pattern.test(name))?.type;
}

export interface RunTypeVerdict {
  type: RunType;
  basis: RunTypeBasis;
}

/** A run as the classifier reads it: its facts and, when given, the runner's correction. */
export type ClassifiableRun = RunFacts & { runTypeCorrection?: RunType };

/**
 * How a run's numbers compare with the runner's own recent runs, when neither the runner,
 * Strava's workout type nor the name says what it was. Paces are ratios to the median pace
 * of the runner's last runs (below 1 is faster), distances ratios to their median distance.
 * Most of anyone's runs are easy, so the medians stand for an easy run.
 */
export const METRIC_THRESHOLDS = {
  /** The last runs that make up "usual", and how many it takes to trust them. */
  baselineRuns: 30,
  minBaselineRuns: 5,
  /** Half again the usual distance is what runners call a long run... */
  longDistanceRatio: 1.5,
  /** ...but a 7 km run is nobody's long run, whatever their usual. */
  longMinMeters: 10_000,
  /** Without enough history, only the distance speaks: 18 km is a long run for most runners. */
  longWithoutHistoryMeters: 18_000,
  /** 10 % faster than usual over a race distance: easy pace is 15-25 % slower than race pace. */
  racePaceRatio: 0.9,
  /** A race measured by GPS reads from 2 % short to 4 % long. */
  raceDistanceTolerance: { below: 0.02, above: 0.04 },
  /** 7 % faster than usual and sustained: faster than an easy day can explain. */
  tempoPaceRatio: 0.93,
  /** 3-7 % faster than usual: a steady run. */
  steadyPaceRatio: 0.97,
  /** 8 % slower than usual and shorter than most: a recovery run. */
  recoveryPaceRatio: 1.08,
  recoveryDistanceRatio: 0.8,
  /** A Strava "workout" averaging 5 % faster than usual without long stops is a tempo run... */
  workoutTempoPaceRatio: 0.95,
  /** ...while standing recoveries stretch elapsed time 15 % past moving time in an interval session. */
  intervalStopRatio: 1.15,
} as const;

/** 5 km, 8 km, 10 km, 15 km, 10 miles, half and full marathon. */
const RACE_DISTANCES_M = [5000, 8000, 10_000, 15_000, 16_093, 21_097.5, 42_195];

interface Baseline {
  medianPaceSecondsPerKm: number;
  medianDistanceMeters: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** What a run needs to count towards the runner's usual pace and distance. */
function paceAndDistance(run: RunFacts): { pace: number; distance: number } | undefined {
  const pace = runPaceSecondsPerKm(run);
  return pace === undefined || run.distanceMeters === undefined ? undefined : { pace, distance: run.distanceMeters };
}

function baselineOf(recent: ReadonlyArray<{ pace: number; distance: number }>): Baseline | undefined {
  if (recent.length < METRIC_THRESHOLDS.minBaselineRuns) return undefined;
  return {
    medianPaceSecondsPerKm: median(recent.map((r) => r.pace)),
    medianDistanceMeters: median(recent.map((r) => r.distance)),
  };
}

function nearRaceDistance(meters: number): boolean {
  const { below, above } = METRIC_THRESHOLDS.raceDistanceTolerance;
  return RACE_DISTANCES_M.some((race) => meters >= race * (1 - below) && meters <= race * (1 + above));
}

/** The type a run's pace and distance suggest against the runner's usual; NaN compares false. */
function typeFromMetrics(run: RunFacts, baseline: Baseline | undefined): RunType {
  const t = METRIC_THRESHOLDS;
  const distance = run.distanceMeters ?? Number.NaN;
  if (!baseline) return distance >= t.longWithoutHistoryMeters ? 'long' : 'easy';
  const paceRatio = (runPaceSecondsPerKm(run) ?? Number.NaN) / baseline.medianPaceSecondsPerKm;
  const distanceRatio = distance / baseline.medianDistanceMeters;
  if (paceRatio <= t.racePaceRatio && nearRaceDistance(distance)) return 'race';
  if (distanceRatio >= t.longDistanceRatio && distance >= t.longMinMeters) return 'long';
  if (paceRatio <= t.tempoPaceRatio) return 'tempo';
  if (paceRatio <= t.steadyPaceRatio) return 'steady';
  if (paceRatio >= t.recoveryPaceRatio && distanceRatio <= t.recoveryDistanceRatio) return 'recovery';
  return 'easy';
}

/**
 * Strava's "workout" covers both hard sessions. Intervals average out slower than their
 * fast parts (the recoveries pull the average down) and stop between repetitions; a tempo
 * run holds a faster-than-usual pace throughout. With no history to compare, intervals are
 * the likelier guess.
 */
function workoutFromMetrics(run: RunFacts, baseline: Baseline | undefined): RunType {
  if (!baseline) return 'interval';
  const t = METRIC_THRESHOLDS;
  const paceRatio = (runPaceSecondsPerKm(run) ?? Number.NaN) / baseline.medianPaceSecondsPerKm;
  const stopRatio = (run.elapsedTimeSeconds ?? Number.NaN) / (run.movingTimeSeconds ?? Number.NaN);
  return paceRatio <= t.workoutTempoPaceRatio && !(stopRatio >= t.intervalStopRatio) ? 'tempo' : 'interval';
}

function verdict(run: ClassifiableRun, baseline: Baseline | undefined): RunTypeVerdict {
  if (run.runTypeCorrection) return { type: run.runTypeCorrection, basis: 'correction' };
  const fromName = runTypeFromName(run.name);
  switch (run.workoutType) {
    case 1:
      return { type: 'race', basis: 'workout_type' };
    case 2:
      return { type: 'long', basis: 'workout_type' };
    case 3:
      return {
        type: fromName === 'interval' || fromName === 'tempo' ? fromName : workoutFromMetrics(run, baseline),
        basis: 'workout_type',
      };
  }
  if (fromName) return { type: fromName, basis: 'name' };
  return { type: typeFromMetrics(run, baseline), basis: 'metrics' };
}

/**
 * What kind of run this was. The runner's correction wins; then Strava's workout type
 * (race, long run, or a workout told apart as intervals or tempo by its name, else its
 * numbers); then the name; then its pace and distance against the runner's own runs that
 * started before it (`history` may hold any runs, in any order: later ones are ignored).
 */
export function classifyRun(run: ClassifiableRun, history: readonly RunFacts[]): RunTypeVerdict {
  const before = history.filter((h) => h.startLocal < run.startLocal).sort(byStart);
  const recent: Array<{ pace: number; distance: number }> = [];
  for (let i = before.length - 1; i >= 0 && recent.length < METRIC_THRESHOLDS.baselineRuns; i--) {
    const numbers = paceAndDistance(before[i]!);
    if (numbers) recent.unshift(numbers);
  }
  return verdict(run, baselineOf(recent));
}

/**
 * Every run's type in one pass over the history in start order, each judged against the
 * runs before it exactly as `classifyRun` would. Keyed by run id.
 */
export function classifyRuns(runs: readonly ClassifiableRun[]): Map<string, RunTypeVerdict> {
  const sorted = [...runs].sort(byStart);
  const verdicts = new Map<string, RunTypeVerdict>();
  const recent: Array<{ pace: number; distance: number }> = [];
  // Runs that start in the same minute do not see each other: only strictly earlier runs count.
  for (let start = 0; start < sorted.length; ) {
    let end = start;
    while (end < sorted.length && sorted[end]!.startLocal === sorted[start]!.startLocal) end++;
    const baseline = baselineOf(recent);
    for (let i = start; i < end; i++) verdicts.set(sorted[i]!.id, verdict(sorted[i]!, baseline));
    for (let i = start; i < end; i++) {
      const numbers = paceAndDistance(sorted[i]!);
      if (numbers) recent.push(numbers);
    }
    if (recent.length > METRIC_THRESHOLDS.baselineRuns) recent.splice(0, recent.length - METRIC_THRESHOLDS.baselineRuns);
    start = end;
  }
  return verdicts;
}

/** Start order; ids order runs of the same minute, so no verdict depends on input order. */
function byStart(a: RunFacts, b: RunFacts): number {
  return compareText(a.startLocal, b.startLocal) || compareText(a.id, b.id);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
