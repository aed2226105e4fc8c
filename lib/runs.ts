/**
 * A run in the runner's history: what Strava says about it (from the session sync or an
 * import), and what RunSound derives from it (type, weather, features, load), each derived
 * part stamped with the version of the step that made it.
 */
import type { RunType } from './plan';
import { z } from './zod';

/** Where facts about a run came from. */
export type RunSource = 'session' | 'export-csv' | 'api-json';

/** Strava's sport types that RunSound keeps; every other sport is ignored. */
export type RunSportType = 'Run' | 'TrailRun' | 'VirtualRun';
export const RUN_SPORT_TYPES: ReadonlySet<string> = new Set<RunSportType>(['Run', 'TrailRun', 'VirtualRun']);

/**
 * The run sport type for Strava's name of a sport, or undefined for other sports. The export
 * writes display names with spaces ("Trail Run", "Virtual Run"), the API and pages "TrailRun".
 */
export function runSportType(stravaSport: string | undefined): RunSportType | undefined {
  const compact = stravaSport?.replace(/\s+/g, '');
  return compact && RUN_SPORT_TYPES.has(compact) ? (compact as RunSportType) : undefined;
}

export interface LatLng {
  lat: number;
  lng: number;
}

/** The facts about a run as a source gives them; every field but the identity may be missing. */
export interface RunFacts {
  /** Strava's activity id, as a string of digits. */
  id: string;
  name: string;
  sportType: RunSportType;
  /** On a treadmill: a VirtualRun, or Strava's `trainer` flag. */
  isTreadmill: boolean;
  /** Start, UTC epoch milliseconds. */
  startTime: number;
  /** Start on the runner's local wall clock, "YYYY-MM-DDTHH:mm". */
  startLocal: string;
  distanceMeters?: number;
  movingTimeSeconds?: number;
  elapsedTimeSeconds?: number;
  elevationGainMeters?: number;
  /** Steps per minute, both legs (Strava's run cadence is per leg: doubled on the way in). */
  averageCadenceSpm?: number;
  averageHeartRate?: number;
  maxHeartRate?: number;
  start?: LatLng;
  /** Strava's workout_type for runs: 0 default, 1 race, 2 long run, 3 workout. */
  workoutType?: number;
}

/** The processing steps, each with a version: bump one to recompute exactly what it made. */
export const PROCESSING_VERSIONS = {
  /** Streams fetched and summarised (session sync only). */
  details: 1,
  weather: 1,
  runType: 1,
  features: 1,
  load: 1,
} as const;
export type ProcessingStep = keyof typeof PROCESSING_VERSIONS;

export type WeatherSource = 'archive' | 'forecast' | 'fallback';

export interface RunWeather {
  temperatureC: number;
  precipitationMm: number;
  windSpeedKmh: number;
  humidityPct: number;
  /** WMO weather code. */
  weatherCode: number;
  /** Where it came from; 'fallback' is the 15 °C, dry, calm stand-in when none could be had. */
  source: WeatherSource;
  /** The place it is for, and whether that was the run's start or the runner's home. */
  place: LatLng & { basis: 'start' | 'home' | 'none' };
}

export type RunTypeBasis = 'correction' | 'workout_type' | 'name' | 'metrics';

export interface Run extends RunFacts {
  sources: RunSource[];
  /** The runner's own correction of the type; wins over everything and survives re-syncs. */
  runTypeCorrection?: RunType;
  /**
   * The runner's answers after a run with a RunSound playlist (tempo, energy, and whether they
   * liked it, with the playlist's valence then taken as right); survive re-syncs too.
   */
  musicFeedback?: { tempo: 'slower' | 'right' | 'faster'; energy: 'lower' | 'right' | 'higher'; liked: boolean; playlistValence?: number; at: number };
  runType?: { type: RunType; basis: RunTypeBasis };
  weather?: RunWeather;
  /** Plan-time features (known before the run starts), by name. */
  features?: Record<string, number>;
  /** Training load of this run and how it was worked out. */
  load?: { value: number; method: 'trimp' | 'pace' };
  /** Which version of each processing step this run went through; a missing step has not run. */
  processed: Partial<Record<ProcessingStep, number>>;
  /** A failed step's last error and when to try again (epoch ms), so one bad run never blocks the rest. */
  failures?: Partial<Record<ProcessingStep, { error: string; retryAt: number }>>;
  updatedAt: number;
}

/** The measured facts of a run: what the list may lack and the streams (or a file) give. */
export const MEASURED_KEYS = [
  'distanceMeters',
  'movingTimeSeconds',
  'elapsedTimeSeconds',
  'elevationGainMeters',
  'averageCadenceSpm',
  'averageHeartRate',
  'maxHeartRate',
  'start',
  'workoutType',
] as const satisfies ReadonlyArray<keyof RunFacts>;

/** The facts that describe what the runner did; when one changes, derived data is stale. */
const FACT_KEYS: ReadonlyArray<keyof RunFacts> = ['name', 'sportType', 'isTreadmill', 'startTime', 'startLocal', ...MEASURED_KEYS];

export type MergeOutcome = 'added' | 'updated' | 'unchanged';

/**
 * Merges facts from a source into the stored run (if any). A fact the source does not have
 * never erases one already known, nor does a fact it only `guessed` (the feed's local start
 * time, worked out from the browser's current time zone, say); the runner's correction and the
 * derived data stay, except that derived steps are marked to run again when a fact changed.
 */
export function mergeRun(
  existing: Run | undefined,
  facts: RunFacts,
  source: RunSource,
  now: number,
  guessed: ReadonlyArray<keyof RunFacts> = [],
): { run: Run; outcome: MergeOutcome } {
  if (!existing) {
    return { run: { ...facts, sources: [source], processed: {}, updatedAt: now }, outcome: 'added' };
  }
  const merged: Run = { ...existing, sources: existing.sources.includes(source) ? existing.sources : [...existing.sources, source] };
  let changed = false;
  for (const key of FACT_KEYS) {
    const value = facts[key];
    if (value === undefined || (guessed.includes(key) && existing[key] !== undefined)) continue;
    if (JSON.stringify(existing[key]) !== JSON.stringify(value)) {
      (merged as unknown as Record<string, unknown>)[key] = value;
      changed = true;
    }
  }
  if (!changed && merged.sources === existing.sources) return { run: existing, outcome: 'unchanged' };
  // Details fetched from streams stay valid; everything derived from the facts is redone.
  if (changed) merged.processed = existing.processed.details ? { details: existing.processed.details } : {};
  merged.updatedAt = now;
  return { run: merged, outcome: changed ? 'updated' : 'unchanged' };
}

/** Average pace in seconds per km, when distance and moving time are known. */
export function runPaceSecondsPerKm(run: Pick<RunFacts, 'distanceMeters' | 'movingTimeSeconds'>): number | undefined {
  if (!run.distanceMeters || !run.movingTimeSeconds || run.distanceMeters < 100) return undefined;
  return (run.movingTimeSeconds / run.distanceMeters) * 1000;
}

/** Runs start from 1900 to 2099: a year outside is a typo ("0099"), never a run. */
export const EARLIEST_RUN_YEAR = 1900;
const LATEST_RUN_YEAR = 2099;
/** Time zones run from UTC-12 to UTC+14. */
const MAX_UTC_OFFSET_HOURS = 14;

/**
 * The wall clock "YYYY-MM-DDTHH:mm" as epoch milliseconds of the same digits in UTC, or undefined
 * when no calendar has it (February 30th, 24:10), where Date.UTC would roll it over into another day.
 */
export function wallClockTime(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (hour > 23 || minute > 59) return undefined;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC, which reads the years 0 to 99 as 1900 to 1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date.getTime() : undefined;
}

const latLngSchema = z.object({
  lat: z.number().min(-90, 'a latitude is from -90 to 90').max(90, 'a latitude is from -90 to 90'),
  lng: z.number().min(-180, 'a longitude is from -180 to 180').max(180, 'a longitude is from -180 to 180'),
});

/** A measured number: finite (zod refuses NaN and infinities), never negative, at most what any run has. */
function measured(what: string, max: number, tooLarge: string) {
  return z.number(`${what} must be a number`).nonnegative(`${what} cannot be negative`).max(max, `${what} is more than ${tooLarge}: not a run`).optional();
}

const HOURS = 3600;

/**
 * RunFacts as they cross a message boundary (an import sent from the options page). Lenient
 * enough for any real run (a multi-day ultra, UTC+14), strict enough that garbage never passes
 * as data: each importer checks its runs with it and skips, with the reason, those it refuses.
 */
export const runFactsSchema = z
  .object({
    id: z.string().regex(/^\d+$/, 'an activity id is digits'),
    name: z.string().max(500, 'the name is over 500 characters'),
    sportType: z.enum(['Run', 'TrailRun', 'VirtualRun']),
    isTreadmill: z.boolean(),
    startTime: z
      .number()
      .int('the start is not a whole number of milliseconds')
      .min(Date.UTC(EARLIEST_RUN_YEAR, 0, 1), `the start is before the year ${EARLIEST_RUN_YEAR}`)
      .max(Date.UTC(LATEST_RUN_YEAR + 1, 0, 1) - 1, `the start is after the year ${LATEST_RUN_YEAR}`),
    startLocal: z
      .string()
      .refine((text) => wallClockTime(text) !== undefined, { error: (issue) => `the local start "${String(issue.input).slice(0, 40)}" is not a real date and time` }),
    distanceMeters: measured('the distance', 10_000_000, '10,000 km'),
    movingTimeSeconds: measured('the moving time', 30 * 24 * HOURS, '30 days'),
    elapsedTimeSeconds: measured('the elapsed time', 30 * 24 * HOURS, '30 days'),
    elevationGainMeters: measured('the elevation gain', 50_000, '50 km'),
    averageCadenceSpm: measured('the cadence', 500, '500 steps a minute'),
    averageHeartRate: measured('the average heart rate', 300, '300 beats a minute'),
    maxHeartRate: measured('the maximum heart rate', 300, '300 beats a minute'),
    start: latLngSchema.optional(),
    workoutType: z.number().int('the workout type is a whole number').min(0, 'the workout type cannot be negative').max(100, 'the workout type is not one of Strava\'s').optional(),
  })
  .refine(
    (run) => Math.abs((wallClockTime(run.startLocal) ?? run.startTime) - run.startTime) <= MAX_UTC_OFFSET_HOURS * HOURS * 1000,
    { error: `the local start is more than ${MAX_UTC_OFFSET_HOURS} hours from the UTC start: no time zone is that far`, path: ['startLocal'] },
  ) satisfies z.ZodType<RunFacts>;

/**
 * What a source says of a run, less the numbers no run has (a negative elapsed time, a cadence of
 * 900): those fields are left out, the run is kept. Undefined when even its identity is garbage
 * (no id, no start). For what strava.com sends, where one odd activity must not stop a sync.
 */
export function plausibleFacts(facts: RunFacts): RunFacts | undefined {
  let candidate: Record<string, unknown> = { ...facts };
  for (let attempt = 0; attempt < 3; attempt++) {
    const parsed = runFactsSchema.safeParse(candidate);
    if (parsed.success) return parsed.data;
    const droppable = new Set(parsed.error.issues.map((issue) => String(issue.path[0])).filter((key) => OPTIONAL_FACTS.has(key)));
    if (droppable.size === 0) return undefined;
    candidate = Object.fromEntries(Object.entries(candidate).filter(([key]) => !droppable.has(key)));
  }
  return undefined;
}

/** Details a run's streams give, less the numbers no run has. */
export function plausibleDetails<T extends Partial<RunFacts>>(details: T): T {
  const shape = runFactsSchema.shape as Record<string, z.ZodType>;
  return Object.fromEntries(Object.entries(details).filter(([key, value]) => value === undefined || !shape[key] || shape[key].safeParse(value).success)) as T;
}

/** The facts a run may lack: the measured ones. */
const OPTIONAL_FACTS: ReadonlySet<string> = new Set(MEASURED_KEYS);
