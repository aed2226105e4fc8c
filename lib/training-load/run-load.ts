/**
 * The training load of one run, on one scale whether it comes from heart rate or pace:
 * one hour at the runner's threshold scores 100, as in TrainingPeaks' TSS family.
 *
 * - With heart rate: Banister's TRIMP = minutes × HRR × 0.64 × e^(k·HRR), with
 *   HRR = (average HR − resting HR) / (max HR − resting HR), k = 1.92 for men and 1.67 for
 *   women (the mean, 1.795, when unknown). It is divided by the TRIMP of an hour at
 *   threshold heart rate and multiplied by 100 (the "hrTSS" normalisation). Threshold heart
 *   rate sits at 85-90 % of max HR, which is about 80 % of the heart-rate reserve.
 * - Without: running stress = hours × IF² × 100, IF = effort speed / threshold speed, where
 *   effort speed counts each metre climbed as 10 m on the flat (ITRA's "km-effort") so a
 *   hilly run weighs what it cost.
 *
 * The runner's max heart rate and threshold speed are worked out, run by run, from the runs
 * before that run only, so a run's load never depends on what came after it.
 */
import type { Run, RunFacts } from '../runs';
import { groupByStart, localDayNumber } from './calendar';
import { insertionIndex, quantileOfSorted } from './stats';

export type Sex = 'male' | 'female';
/**
 * How a run's load is measured: 'heart-rate' uses TRIMP where the run recorded a heart rate
 * (pace otherwise), 'pace' always the pace, for runners whose wrist sensor misreads.
 */
export type LoadMethod = 'heart-rate' | 'pace';
export type RunLoad = NonNullable<Run['load']>;

/** What the runner may tell RunSound about themselves; anything left out is estimated. */
export interface LoadSettings {
  restingHeartRate?: number;
  maxHeartRate?: number;
  sex?: Sex;
  thresholdPaceSecondsPerKm?: number;
  /** Default 'heart-rate'. */
  method?: LoadMethod;
}

/** A typical adult resting heart rate; trained runners sit lower and may set their own. */
export const DEFAULT_RESTING_HEART_RATE = 60;
/** Max HR used until five runs have recorded one (220 − age for a 30-year-old). */
export const DEFAULT_MAX_HEART_RATE = 190;
/** A recreational runner's threshold, 5:00/km, used until the runner has a history. */
export const DEFAULT_THRESHOLD_SPEED_MPS = 1000 / 300;

const TRIMP_K: Record<Sex, number> = { male: 1.92, female: 1.67 };
/** Threshold heart rate as a fraction of the reserve: an hour there scores 100. */
const THRESHOLD_HRR = 0.8;
/** ITRA's km-effort: 100 m of climbing weighs as much as 1 km on the flat. */
const FLAT_METERS_PER_METER_CLIMBED = 10;
/** Average heart rates outside this range are a loose strap or a misread, not a run. */
const PLAUSIBLE_AVERAGE_HR = { min: 80, max: 220 } as const;
const PLAUSIBLE_MAX_HR = { min: 120, max: 225 } as const;
/**
 * Recorded maxima include sensor spikes: the runner's max is the 95th percentile of them, and
 * never above the second-highest, so that one spike never sets it.
 */
const MAX_HR_QUANTILE = 0.95;
const MIN_MAX_HR_RECORDS = 5;
/** Threshold is what a runner holds for about an hour: judged from runs of 20-60 minutes... */
const THRESHOLD_RUN_MINUTES = { min: 20, max: 60 } as const;
/** ...the fastest tenth of them, over the last year (fitness changes)... */
const THRESHOLD_QUANTILE = 0.9;
const THRESHOLD_WINDOW_DAYS = 365;
const MIN_THRESHOLD_RUNS = 3;
/** ...each converted to the speed it implies for 60 minutes with Riegel's exponent 1.06. */
const RIEGEL_SPEED_EXPONENT = 1 - 1 / 1.06;
/**
 * Most of anyone's runs are easy, at no more than 85 % of threshold speed: so threshold is at
 * least the median run's speed / 0.85, even for a runner who never runs hard.
 */
const EASY_SHARE_OF_THRESHOLD = 0.85;
/** Caps a GPS glitch: no run averages 1.5 times threshold speed. */
const MAX_INTENSITY_FACTOR = 1.5;

/** The runner's numbers a run's load is measured against. */
export interface LoadBasis {
  restingHeartRate: number;
  maxHeartRate: number;
  sex?: Sex;
  thresholdSpeedMps: number;
  method?: LoadMethod;
  /** Where the max heart rate comes from: the runner, their runs' records, or the typical 190. */
  maxHeartRateFrom?: 'setting' | 'runs' | 'default';
}

function trimpK(sex: Sex | undefined): number {
  return sex ? TRIMP_K[sex] : (TRIMP_K.male + TRIMP_K.female) / 2;
}

/** Banister's TRIMP of `minutes` at an average heart-rate reserve fraction. */
export function trimp(minutes: number, heartRateReserve: number, sex: Sex | undefined): number {
  const hrr = Math.min(1, Math.max(0, heartRateReserve));
  return minutes * hrr * 0.64 * Math.exp(trimpK(sex) * hrr);
}

function durationSeconds(run: RunFacts): number | undefined {
  const seconds = run.movingTimeSeconds || run.elapsedTimeSeconds;
  return seconds && seconds > 0 ? seconds : undefined;
}

/** Metres per second with climbing counted as flat distance; undefined without distance and time. */
export function effortSpeedMps(run: RunFacts): number | undefined {
  const seconds = durationSeconds(run);
  if (!seconds || !run.distanceMeters || run.distanceMeters < 100) return undefined;
  const climb = run.elevationGainMeters !== undefined && run.elevationGainMeters > 0 ? run.elevationGainMeters : 0;
  return (run.distanceMeters + FLAT_METERS_PER_METER_CLIMBED * climb) / seconds;
}

function plausibleAverageHeartRate(run: RunFacts): number | undefined {
  const hr = run.averageHeartRate;
  return hr !== undefined && hr >= PLAUSIBLE_AVERAGE_HR.min && hr <= PLAUSIBLE_AVERAGE_HR.max ? hr : undefined;
}

function plausibleMaxHeartRate(run: RunFacts): number | undefined {
  const hr = run.maxHeartRate;
  return hr !== undefined && hr >= PLAUSIBLE_MAX_HR.min && hr <= PLAUSIBLE_MAX_HR.max ? hr : undefined;
}

/** A run's load against the runner's numbers; undefined when it has neither heart rate nor pace. */
export function runLoad(run: RunFacts, basis: LoadBasis): RunLoad | undefined {
  const seconds = durationSeconds(run);
  if (!seconds) return undefined;
  const averageHr = basis.method === 'pace' ? undefined : plausibleAverageHeartRate(run);
  if (averageHr !== undefined) {
    // No max estimate can be below what this very run recorded.
    const maxHr = Math.max(basis.maxHeartRate, plausibleMaxHeartRate(run) ?? 0, averageHr);
    const hrr = (averageHr - basis.restingHeartRate) / (maxHr - basis.restingHeartRate);
    const hourAtThreshold = trimp(60, THRESHOLD_HRR, basis.sex);
    return { value: (trimp(seconds / 60, hrr, basis.sex) / hourAtThreshold) * 100, method: 'trimp' };
  }
  const speed = effortSpeedMps(run);
  if (speed === undefined) return undefined;
  const intensity = Math.min(MAX_INTENSITY_FACTOR, speed / basis.thresholdSpeedMps);
  return { value: (seconds / 3600) * intensity * intensity * 100, method: 'pace' };
}

/** The speed a run's effort implies for 60 minutes (Riegel), for runs of 20-60 minutes. */
function hourEquivalentSpeed(run: RunFacts): number | undefined {
  const seconds = durationSeconds(run);
  const speed = effortSpeedMps(run);
  if (!seconds || speed === undefined) return undefined;
  const minutes = seconds / 60;
  if (minutes < THRESHOLD_RUN_MINUTES.min || minutes > THRESHOLD_RUN_MINUTES.max) return undefined;
  return speed * (minutes / 60) ** RIEGEL_SPEED_EXPONENT;
}

/**
 * Follows the runner's max heart rate and threshold speed through their history: add runs
 * in start order, ask for the basis before adding the next ones.
 */
export class LoadBasisTracker {
  private readonly maxHeartRates: number[] = [];
  /** The last year's runs in start order, so the oldest leave first. */
  private readonly lastYear: Array<{ day: number; speed: number; hourSpeed: number | undefined }> = [];
  private oldest = 0;
  /** The same runs' effort speeds and hour-equivalent speeds, each kept sorted. */
  private readonly speeds: number[] = [];
  private readonly hourSpeeds: number[] = [];

  constructor(private readonly settings: LoadSettings = {}) {}

  add(run: RunFacts): void {
    const maxHr = plausibleMaxHeartRate(run);
    if (maxHr !== undefined) insertSorted(this.maxHeartRates, maxHr);
    const speed = effortSpeedMps(run);
    const day = localDayNumber(run.startLocal);
    if (speed === undefined || !Number.isFinite(day)) return;
    const hourSpeed = hourEquivalentSpeed(run);
    this.lastYear.push({ day, speed, hourSpeed });
    insertSorted(this.speeds, speed);
    if (hourSpeed !== undefined) insertSorted(this.hourSpeeds, hourSpeed);
  }

  /** The basis for a run on `day`, from the runs added so far; days must not go backwards. */
  basisOn(day: number): LoadBasis {
    const { restingHeartRate, maxHeartRate, sex, thresholdPaceSecondsPerKm, method } = this.settings;
    return {
      method,
      restingHeartRate: restingHeartRate ?? DEFAULT_RESTING_HEART_RATE,
      maxHeartRate: maxHeartRate ?? this.estimatedMaxHeartRate(),
      maxHeartRateFrom: maxHeartRate ? 'setting' : this.maxHeartRates.length >= MIN_MAX_HR_RECORDS || this.estimatedMaxHeartRate() > DEFAULT_MAX_HEART_RATE ? 'runs' : 'default',
      sex,
      thresholdSpeedMps: thresholdPaceSecondsPerKm ? 1000 / thresholdPaceSecondsPerKm : this.estimatedThresholdSpeed(day),
    };
  }

  private estimatedMaxHeartRate(): number {
    const records = this.maxHeartRates;
    if (records.length >= MIN_MAX_HR_RECORDS) {
      return Math.min(quantileOfSorted(records, MAX_HR_QUANTILE), records[records.length - 2]!);
    }
    return Math.max(DEFAULT_MAX_HEART_RATE, records[records.length - 1] ?? 0);
  }

  private estimatedThresholdSpeed(day: number): number {
    while (this.oldest < this.lastYear.length && this.lastYear[this.oldest]!.day <= day - THRESHOLD_WINDOW_DAYS) {
      const leaving = this.lastYear[this.oldest++]!;
      removeSorted(this.speeds, leaving.speed);
      if (leaving.hourSpeed !== undefined) removeSorted(this.hourSpeeds, leaving.hourSpeed);
    }
    if (this.speeds.length === 0) return DEFAULT_THRESHOLD_SPEED_MPS;
    const floor = quantileOfSorted(this.speeds, 0.5) / EASY_SHARE_OF_THRESHOLD;
    if (this.hourSpeeds.length < MIN_THRESHOLD_RUNS) return floor;
    return Math.max(floor, quantileOfSorted(this.hourSpeeds, THRESHOLD_QUANTILE));
  }
}

function insertSorted(sorted: number[], value: number): void {
  sorted.splice(insertionIndex(sorted, value), 0, value);
}

function removeSorted(sorted: number[], value: number): void {
  // insertionIndex lands after the last equal value: that one is removed.
  sorted.splice(insertionIndex(sorted, value) - 1, 1);
}

/**
 * Every run's load, each measured against the runner's numbers as they stood before it.
 * Keyed by run id; a run with neither heart rate nor distance and time has no entry.
 */
export function runLoads(runs: readonly RunFacts[], settings: LoadSettings = {}): Map<string, RunLoad> {
  const tracker = new LoadBasisTracker(settings);
  const loads = new Map<string, RunLoad>();
  for (const group of groupByStart(runs)) {
    const basis = tracker.basisOn(localDayNumber(group[0]!.startLocal));
    for (const run of group) {
      const load = runLoad(run, basis);
      if (load) loads.set(run.id, load);
    }
    for (const run of group) tracker.add(run);
  }
  return loads;
}

/** The runner's max heart rate and threshold as RunSound estimates them going into a day. */
export function loadBasisAt(runs: readonly RunFacts[], dateLocal: string, settings: LoadSettings = {}): LoadBasis {
  const day = localDayNumber(dateLocal);
  const tracker = new LoadBasisTracker(settings);
  for (const group of groupByStart(runs)) {
    if (!(localDayNumber(group[0]!.startLocal) < day)) break;
    for (const run of group) tracker.add(run);
  }
  return tracker.basisOn(day);
}
