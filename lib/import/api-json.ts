/**
 * JSON files of Strava API activities (the array `GET /athlete/activities` answers), read into
 * run facts. Each item is checked on its own: a bad item is skipped with the reason, never the file.
 */
import { z } from '@/lib/zod';
import { runSportType, type RunFacts } from '../runs';
import {
  ImportError,
  ImportTally,
  yieldWithTimeout,
  type ActivityOutcome,
  type ImportProgressOptions,
  type ImportResult,
} from './report';
import { decodeActivitiesText, type ActivitiesInput, type DecodedText } from './text';

/** Activities checked between two yields to the event loop. */
const ITEMS_PER_CHUNK = 2000;

// Strava renamed `type` to `sport_type` in 2024; files from before have only `type`.
const sportSchema = z.object({
  sport_type: z.string().nullish(),
  type: z.string().nullish(),
});

const optionalNumber = z.number().nullish();

const apiActivitySchema = z.object({
  id: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, 'expected digits')]),
  name: z.string().nullish(),
  // UTC with its zone written, so that it never reads as the computer's local time.
  start_date: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/, 'expected a UTC date and time'),
  // The runner's wall clock, although Strava ends it with a "Z".
  start_date_local: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'expected a local date and time')
    .nullish(),
  utc_offset: optionalNumber,
  distance: optionalNumber,
  moving_time: optionalNumber,
  elapsed_time: optionalNumber,
  total_elevation_gain: optionalNumber,
  average_cadence: optionalNumber,
  average_heartrate: optionalNumber,
  max_heartrate: optionalNumber,
  trainer: z.boolean().nullish(),
  workout_type: z.number().int().nullish(),
  start_latlng: z.union([z.tuple([z.number(), z.number()]), z.tuple([]), z.null()]).optional(),
});

type ApiActivity = z.infer<typeof apiActivitySchema>;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** Heart rate and cadence of 0 mean "not recorded", never a real value. */
function recorded(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && value > 0 ? value : undefined;
}

/** Time zones run from UTC-12 to UTC+14; beyond, new Date() throws "Invalid time value" or lies. */
const MAX_UTC_OFFSET_SECONDS = 14 * 3600;

function localStart(activity: ApiActivity, startTime: number): { startLocal: string } | { problem: string } {
  if (activity.start_date_local) return { startLocal: activity.start_date_local.slice(0, 16) };
  const offset = activity.utc_offset;
  if (typeof offset !== 'number') return { problem: 'No start_date_local nor utc_offset: the local start time is unknown.' };
  if (Math.abs(offset) > MAX_UTC_OFFSET_SECONDS) {
    return { problem: `utc_offset ${offset} is not a time zone's offset (from -12 to +14 hours, in seconds).` };
  }
  return { startLocal: new Date(startTime + offset * 1000).toISOString().slice(0, 16) };
}

/** Date.parse rolls February 30th over into March: the date's own digits must name a real day. */
function isRealDay(dateTime: string): boolean {
  const [year, month, day] = dateTime.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function readItem(item: unknown): ActivityOutcome {
  const sport = sportSchema.safeParse(item);
  if (!sport.success || item === null || typeof item !== 'object' || Array.isArray(item)) {
    return { problem: 'Not an activity object.' };
  }
  const sportName = sport.data.sport_type ?? sport.data.type ?? '';
  const sportType = runSportType(sportName);
  if (!sportType) return { otherSport: sportName };

  const parsed = apiActivitySchema.safeParse(item);
  if (!parsed.success) return { problem: `Not a run RunSound can read (${describeIssues(parsed.error)}).` };
  const activity = parsed.data;
  const startTime = Date.parse(activity.start_date);
  if (Number.isNaN(startTime) || !isRealDay(activity.start_date)) return { problem: `start_date "${activity.start_date}" is not a real date.` };
  const local = localStart(activity, startTime);
  if ('problem' in local) return local;
  const { startLocal } = local;

  const cadencePerLeg = recorded(activity.average_cadence);
  const [lat, lng] = activity.start_latlng ?? [];
  const optional: Partial<RunFacts> = {
    distanceMeters: activity.distance ?? undefined,
    movingTimeSeconds: activity.moving_time ?? undefined,
    elapsedTimeSeconds: activity.elapsed_time ?? undefined,
    elevationGainMeters: activity.total_elevation_gain ?? undefined,
    averageCadenceSpm: cadencePerLeg === undefined ? undefined : cadencePerLeg * 2,
    averageHeartRate: recorded(activity.average_heartrate),
    maxHeartRate: recorded(activity.max_heartrate),
    start: lat === undefined || lng === undefined ? undefined : { lat, lng },
    workoutType: activity.workout_type ?? undefined,
  };
  const run: RunFacts = {
    id: String(activity.id),
    name: activity.name ?? '',
    sportType,
    isTreadmill: sportType === 'VirtualRun' || activity.trainer === true,
    startTime,
    startLocal,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (run as unknown as Record<string, unknown>)[key] = value;
  }
  return { run };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message})` : '';
    throw new ImportError(`This file is not valid JSON${detail}. Was it cut off or edited by hand?`);
  }
}

function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** Imports API JSON that is already text (see {@link importApiJson}). */
export async function importApiJsonText(decoded: DecodedText, options: ImportProgressOptions = {}): Promise<ImportResult> {
  if (decoded.text.trim() === '') throw new ImportError('The file is empty: there are no activities in it.');
  const items = parseJson(decoded.text);
  if (!Array.isArray(items)) {
    throw new ImportError(
      `This JSON file holds ${describeJsonValue(items)}, not a list of activities: RunSound reads the array that ` +
        "Strava's API gives for GET /athlete/activities.",
    );
  }
  const yieldToEventLoop = options.yieldToEventLoop ?? yieldWithTimeout;
  const tally = new ImportTally('api-json', 'item');
  if (decoded.warning) tally.report.warnings.push(decoded.warning);
  for (let start = 0; start < items.length; start += ITEMS_PER_CHUNK) {
    for (const item of items.slice(start, start + ITEMS_PER_CHUNK)) tally.add(readItem(item));
    options.onProgress?.(Math.min(1, (start + ITEMS_PER_CHUNK) / items.length));
    await yieldToEventLoop();
  }
  if (items.length === 0) {
    options.onProgress?.(1);
    tally.report.warnings.push('The file holds an empty list: there are no activities in it.');
  }
  return tally.result();
}

/**
 * Imports a JSON array of Strava API activities. Throws an {@link ImportError} when the file is
 * not JSON or not an array; items that are not readable runs are skipped and listed in the report.
 */
export async function importApiJson(input: ActivitiesInput, options: ImportProgressOptions = {}): Promise<ImportResult> {
  return importApiJsonText(decodeActivitiesText(input), options);
}
