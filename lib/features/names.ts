/**
 * The plan-time features: numbers known before a run starts, in a fixed order the model
 * relies on (append new names at the end; never reorder). A missing value is NaN.
 */
import { RUN_TYPES, type RunType } from '../plan';
import type { FatigueLevel } from '../training-load';

export const FEATURE_NAMES = [
  /** Planned pace (a past run's average pace stands for its plan), seconds per km. */
  'paceSecondsPerKm',
  'distanceKm',
  /** Planned moving time: distance × pace. */
  'durationMinutes',
  /** Climb of the route; NaN when the plan has no route. */
  'elevationGainMeters',
  'climbMetersPerKm',
  'temperatureC',
  /** See TEMPERATURE_BIN_EDGES_C. */
  'temperatureBin',
  'precipitationMm',
  'windSpeedKmh',
  'humidityPct',
  /** Local hour of the start, 0-23. */
  'hourOfDay',
  /** 0 = Sunday … 6 = Saturday. */
  'dayOfWeek',
  /** See RUN_TYPE_CODES. */
  'runTypeCode',
  /** See LENGTH_BIN_EDGES_KM. */
  'lengthBin',
  /** Kilometres run in the 7 and 28 calendar days before the run's day. */
  'km7Before',
  'km28Before',
  /** Fitness, fatigue and form going into the run's day (through the day before). */
  'ctlBefore',
  'atlBefore',
  'tsbBefore',
  /** See FATIGUE_LEVEL_CODES. */
  'fatigueLevel',
  /** Days, with fractions, since the previous run started (0.3 for a morning run before an evening one). */
  'daysSinceLastRun',
  /** Spread of the last runs' paces: standard deviation over mean. */
  'recentPaceCv',
  /** Median pace of the last runs, seconds per km. */
  'recentPaceSecondsPerKm',
  /** Planned pace over that median: below 1 is faster than usual. */
  'paceVsRecentMedian',
  /** Median cadence of the last runs that recorded one, steps per minute. */
  'recentCadenceSpm',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
export type RunFeatures = Record<FeatureName, number>;

/**
 * Run types by their place in RUN_TYPES, which goes from calmest to hardest (recovery 0,
 * easy 1, long 2, steady 3, tempo 4, interval 5, race 6), so the code also orders effort and
 * a tree can split "tempo or harder" in one cut.
 */
export const RUN_TYPE_CODES = Object.fromEntries(RUN_TYPES.map((type, code) => [type, code])) as Record<RunType, number>;

/**
 * Temperature bins: 0 below 5 °C (cold), 1 5-12 (cool), 2 12-18 (mild), 3 18-24 (warm),
 * 4 from 24 (hot). Running is fastest around 7-15 °C and slows increasingly from about 20 °C
 * (Ely et al. 2007), which these edges straddle.
 */
export const TEMPERATURE_BIN_EDGES_C = [5, 12, 18, 24] as const;

/**
 * Length bins: 0 below 5 km, 1 5-10, 2 10-15, 3 15-21, 4 21-30, 5 from 30: the lengths where
 * runners' own words change (short, 10k, mid-long, half, marathon build, ultra).
 */
export const LENGTH_BIN_EDGES_KM = [5, 10, 15, 21, 30] as const;

export const FATIGUE_LEVEL_CODES: Record<FatigueLevel, number> = { normal: 0, elevated: 1, high: 2 };

/** How many edges `value` has reached: the bin index; NaN stays NaN. */
export function binOf(value: number, edges: readonly number[]): number {
  if (!Number.isFinite(value)) return Number.NaN;
  let bin = 0;
  while (bin < edges.length && value >= edges[bin]!) bin++;
  return bin;
}
