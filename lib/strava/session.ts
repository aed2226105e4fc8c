/**
 * strava.com's session endpoints, read with the runner's own cookies like Sauce for Strava and
 * Elevate do. None of this is documented by Strava: every response is validated, and a change
 * of shape fails loudly, naming the endpoint, instead of storing garbage.
 * Shapes and their provenance: shared/data/strava-session/.
 */
import { z } from '../zod';
import { runSportType, type RunFacts, type RunSportType } from '../runs';
import { localWallClock } from '../time';

export const STRAVA_ORIGIN = 'https://www.strava.com';

export type Fetch = typeof fetch;

/** The runner is not logged in to strava.com in this browser. */
export class StravaLoggedOut extends Error {
  override name = 'StravaLoggedOut';
  constructor() {
    super('You are not logged in to strava.com in this browser. Log in at strava.com, then sync again.');
  }
}

/** Strava answered 429: too many requests for now. */
export class StravaThrottled extends Error {
  override name = 'StravaThrottled';
  constructor(
    readonly endpoint: string,
    readonly retryAfterMs: number,
  ) {
    super(`Strava asked RunSound to slow down (${endpoint}); it will try again later.`);
  }
}

/** A response that is not what RunSound knows: Strava changed something. */
export class StravaShapeChanged extends Error {
  override name = 'StravaShapeChanged';
  constructor(
    readonly endpoint: string,
    readonly why: string,
  ) {
    super('strava.com answered in a way RunSound does not know: Strava may have changed its site. The sync stopped so that nothing wrong is stored.');
  }

  /** For a details toggle, not for the runner's first look. */
  get detail(): string {
    return `${this.endpoint}: ${this.why}`;
  }
}

/** Any other HTTP failure. */
export class StravaHttpError extends Error {
  override name = 'StravaHttpError';
  constructor(
    readonly endpoint: string,
    readonly status: number,
  ) {
    super(
      status >= 500
        ? 'strava.com is having trouble right now. RunSound tries again later; nothing already stored was lost.'
        : `strava.com refused RunSound's request (error ${status}). RunSound tries again later; if it goes on, log out of strava.com and in again.`,
    );
  }

  /** For a details toggle, not for the runner's first look. */
  get detail(): string {
    return `${this.endpoint} answered ${this.status}`;
  }
}

/** Strava redirects a logged-out session to these pages. */
const LOGIN_PATHS = /^\/(login|session|oauth|register|onboarding)\b/;
/** Strava's login page: a form posting to /session, or asking for a password. */
const LOGIN_FORM = /<form[^>]+action=["'][^"']*\/session["']|type=["']password["']|<title>\s*Log In/i;
/** A request that hangs must not hold the sync for ever. */
const REQUEST_TIMEOUT_MS = 30_000;

function checkNotLoggedOut(response: Response): void {
  if (response.redirected && LOGIN_PATHS.test(new URL(response.url).pathname)) throw new StravaLoggedOut();
  if (response.status === 401) throw new StravaLoggedOut();
}

/** Retry-After in seconds or as an HTTP date; 0 when absent. */
function retryAfterMs(response: Response): number {
  const header = response.headers.get('retry-after');
  if (!header) return 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? 0 : Math.max(0, date - Date.now());
}

function sessionFetch(fetchFn: Fetch, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetchFn(`${STRAVA_ORIGIN}${path}`, { credentials: 'include', headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
}

/**
 * GETs a JSON endpoint with the session and validates it. 404 gives `undefined` (an activity
 * without streams, say); an HTML answer means the session is gone.
 */
export async function getStravaJson<T>(fetchFn: Fetch, path: string, schema: z.ZodType<T>, endpoint: string): Promise<T | undefined> {
  const response = await sessionFetch(fetchFn, path, {
    'x-requested-with': 'XMLHttpRequest',
    accept: 'application/json, text/javascript, */*; q=0.01',
  });
  checkNotLoggedOut(response);
  if (response.status === 429) throw new StravaThrottled(endpoint, retryAfterMs(response));
  if (response.status === 404) return undefined;
  if (!response.ok) throw new StravaHttpError(endpoint, response.status);
  const text = await response.text();
  if (/^\s*</.test(text) || (response.headers.get('content-type') ?? '').includes('text/html')) {
    // The login page instead of JSON: the session ended. Any other page: Strava changed something.
    if (LOGIN_FORM.test(text)) throw new StravaLoggedOut();
    throw new StravaShapeChanged(endpoint, 'a web page instead of JSON');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new StravaShapeChanged(endpoint, 'not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StravaShapeChanged(endpoint, `${issue.path.join('.') || 'response'}: ${issue.message}`);
  }
  return parsed.data;
}

// --- The athlete, from any page: `var currentAthlete = new Strava.Models.CurrentAthlete({...});`

export interface StravaAthlete {
  id: number;
  measurementPreference: 'meters' | 'feet';
}

const CURRENT_ATHLETE = /currentAthlete\s*=\s*new\s+Strava\.Models\.CurrentAthlete\((\{.*?\})\);/s;
const MEASUREMENT = /_measurement_preference\s*=\s*["'](meters|feet)["']/;

const currentAthleteSchema = z.object({
  id: z.number(),
  logged_in: z.boolean().optional(),
  measurement_preference: z.enum(['meters', 'feet']).optional(),
});

/** The logged-in athlete as a strava.com page describes them, or undefined when the page has none. */
export function athleteFromPage(html: string): StravaAthlete | undefined {
  const match = CURRENT_ATHLETE.exec(html);
  if (!match) return undefined;
  let parsed;
  try {
    parsed = currentAthleteSchema.safeParse(JSON.parse(match[1]!));
  } catch {
    return undefined;
  }
  if (!parsed.success || parsed.data.logged_in === false) return undefined;
  const preference = parsed.data.measurement_preference ?? (MEASUREMENT.exec(html)?.[1] as 'meters' | 'feet' | undefined) ?? 'meters';
  return { id: parsed.data.id, measurementPreference: preference };
}

/** Loads the dashboard page as the runner would and reads who is logged in. */
export async function fetchAthlete(fetchFn: Fetch): Promise<StravaAthlete> {
  const response = await sessionFetch(fetchFn, '/dashboard');
  checkNotLoggedOut(response);
  if (response.status === 429) throw new StravaThrottled('/dashboard', retryAfterMs(response));
  if (!response.ok) throw new StravaHttpError('/dashboard', response.status);
  const html = await response.text();
  const athlete = athleteFromPage(html);
  if (athlete) return athlete;
  if (LOGIN_FORM.test(html) || !/class=["'][^"']*logged-in/.test(html)) throw new StravaLoggedOut();
  throw new StravaShapeChanged('/dashboard', 'the page no longer says who is logged in');
}

// --- The list of the runner's own activities: /dashboard/feed?feed_type=my_activity

const FEED_ENDPOINT = '/dashboard/feed';

const feedActivitySchema = z.object({
  id: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]),
  type: z.string().optional(),
  sport_type: z.string().optional(),
  activityName: z.string().optional(),
  startDate: z.string(),
  elapsedTime: z.number().optional(),
  isVirtual: z.boolean().optional(),
  // Whose activity it is, when the feed says (API-NOTES §1: other athletes' entries carry it).
  athlete: z.object({ athleteId: z.union([z.number(), z.string().regex(/^\d+$/)]).optional() }).nullish(),
});

const groupRowSchema = z.object({
  athlete_id: z.number(),
  activity_id: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]),
  start_date: z.string(),
  type: z.string().optional(),
  sport_type: z.string().optional(),
  name: z.string().nullish(),
  elapsed_time: z.number().optional(),
  is_virtual: z.boolean().optional(),
});

const feedSchema = z.object({
  entries: z.array(
    z.looseObject({
      entity: z.string(),
      cursorData: z.object({ updated_at: z.number() }).optional(),
      activity: z.unknown().optional(),
      rowData: z.unknown().optional(),
    }),
  ),
});

export interface ListedPage {
  runs: RunFacts[];
  /** Activities of any sport of the runner's on the page: a page with none ends the list. */
  activitiesSeen: number;
  /** The cursor for the next (older) page, or undefined at the end of the history. */
  nextBefore?: number;
  /** The newest cursor on the page (Strava's updated_at, epoch s): the high-water mark of a listing. */
  newestCursor?: number;
}


/** No run starts before GPS watches or after this century: a date outside is no real answer. */
const EARLIEST_START = Date.UTC(1980, 0, 1);
const LATEST_START = Date.UTC(2100, 0, 1);
/** A place's clock is at most 14 hours from UTC (Kiribati), and 12 behind it. */
const MOST_OFFSET_MS = 14 * 3600_000;

function parseDate(text: string, endpoint: string): number {
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new StravaShapeChanged(endpoint, `unreadable date "${text}"`);
  if (time < EARLIEST_START || time >= LATEST_START) throw new StravaShapeChanged(endpoint, `a start date out of any run's range, "${text}"`);
  return time;
}

/** start_date_local_raw (the local wall clock written as if it were UTC, in seconds) as the run's local start, if it is its start. */
function localStartFromRaw(raw: number, startTime: number, endpoint: string): string {
  if (Math.abs(raw * 1000 - startTime) > MOST_OFFSET_MS) throw new StravaShapeChanged(endpoint, `a local start ${raw} more than 14 hours from the start ${startTime / 1000}`);
  return localWallClock(raw * 1000, 'UTC');
}

/**
 * Reads one feed page: the runner's own runs (their Activity entries, and their rows in group
 * activities — other athletes' rows are dropped) and the cursor of the next page.
 */
export function parseFeedPage(json: z.infer<typeof feedSchema>, athleteId: number, timeZone: string): ListedPage {
  const runs: RunFacts[] = [];
  let activitiesSeen = 0;
  let nextBefore: number | undefined;
  let newestCursor: number | undefined;
  const add = (id: string, name: string, sport: RunSportType, startTime: number, elapsed: number | undefined, virtual: boolean | undefined) => {
    runs.push({
      id,
      name,
      sportType: sport,
      isTreadmill: sport === 'VirtualRun' || virtual === true,
      startTime,
      startLocal: localWallClock(startTime, timeZone),
      elapsedTimeSeconds: elapsed,
    });
  };
  for (const entry of json.entries) {
    if (entry.entity === 'Activity') {
      const activity = feedActivitySchema.safeParse(entry.activity);
      if (!activity.success) throw new StravaShapeChanged(FEED_ENDPOINT, `activity: ${activity.error.issues[0]!.message}`);
      const a = activity.data;
      // Another athlete's activity in the runner's feed: not theirs to keep.
      if (a.athlete?.athleteId !== undefined && Number(a.athlete.athleteId) !== athleteId) continue;
      activitiesSeen += 1;
      const sport = runSportType(a.sport_type ?? a.type);
      if (sport) add(String(a.id), a.activityName ?? 'Run', sport, parseDate(a.startDate, FEED_ENDPOINT), a.elapsedTime, a.isVirtual);
    } else if (entry.entity === 'GroupActivity') {
      const rows = z.object({ activities: z.array(groupRowSchema) }).safeParse(entry.rowData);
      if (!rows.success) throw new StravaShapeChanged(FEED_ENDPOINT, `group activity: ${rows.error.issues[0]!.message}`);
      for (const row of rows.data.activities) {
        if (row.athlete_id !== athleteId) continue;
        activitiesSeen += 1;
        const sport = runSportType(row.sport_type ?? row.type);
        if (sport) add(String(row.activity_id), row.name ?? 'Run', sport, parseDate(row.start_date, FEED_ENDPOINT), row.elapsed_time, row.is_virtual);
      }
    } else {
      continue;
    }
    if (entry.cursorData) {
      nextBefore = entry.cursorData.updated_at;
      newestCursor = Math.max(newestCursor ?? 0, entry.cursorData.updated_at);
    }
  }
  return { runs, activitiesSeen, nextBefore: activitiesSeen > 0 ? nextBefore : undefined, newestCursor };
}

export async function fetchFeedPage(fetchFn: Fetch, athleteId: number, timeZone: string, before?: number): Promise<ListedPage> {
  const path = `${FEED_ENDPOINT}?feed_type=my_activity${before === undefined ? '' : `&before=${before}`}`;
  const json = await getStravaJson(fetchFn, path, feedSchema, FEED_ENDPOINT);
  if (!json) throw new StravaHttpError(FEED_ENDPOINT, 404);
  return parseFeedPage(json, athleteId, timeZone);
}

// --- The older list, kept as a fallback: /athlete/training_activities?page=N

const TRAINING_ENDPOINT = '/athlete/training_activities';

const trainingActivitySchema = z.object({
  // An activity id is digits: -1 would be stored as a run called "-1".
  id: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]),
  name: z.string(),
  sport_type: z.string().optional(),
  type: z.string().optional(),
  start_time: z.string(),
  // Epoch seconds within what a Date holds: beyond, building the local start threw "Invalid time value".
  start_date_local_raw: z.number().min(-8.64e12).max(8.64e12).optional(),
  distance_raw: z.number().nullish(),
  moving_time_raw: z.number().nullish(),
  elapsed_time_raw: z.number().nullish(),
  elevation_gain_raw: z.number().nullish(),
  workout_type: z.number().nullish(),
  trainer: z.boolean().nullish(),
});

const trainingPageSchema = z.object({
  models: z.array(z.looseObject({})),
  page: z.number(),
  perPage: z.number().optional(),
  total: z.number().optional(),
});

/** One activity of the training list, as RunFacts; undefined for other sports. */
export function runFromTrainingActivity(json: unknown, timeZone: string): RunFacts | undefined {
  const parsed = trainingActivitySchema.safeParse(json);
  if (!parsed.success) throw new StravaShapeChanged(TRAINING_ENDPOINT, `${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
  const a = parsed.data;
  const sport = runSportType(a.sport_type ?? a.type);
  if (!sport) return undefined;
  const startTime = parseDate(a.start_time.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'), TRAINING_ENDPOINT);
  return {
    id: String(a.id),
    name: a.name,
    sportType: sport,
    isTreadmill: sport === 'VirtualRun' || a.trainer === true,
    startTime,
    startLocal: a.start_date_local_raw ? localStartFromRaw(a.start_date_local_raw, startTime, TRAINING_ENDPOINT) : localWallClock(startTime, timeZone),
    distanceMeters: a.distance_raw ?? undefined,
    movingTimeSeconds: a.moving_time_raw ?? undefined,
    elapsedTimeSeconds: a.elapsed_time_raw ?? undefined,
    elevationGainMeters: a.elevation_gain_raw ?? undefined,
    workoutType: a.workout_type ?? undefined,
  };
}

export interface TrainingPage {
  runs: RunFacts[];
  activitiesSeen: number;
  /** The next (older) page, or undefined at the end of the history. */
  nextPage?: number;
}

export async function fetchTrainingPage(fetchFn: Fetch, page: number, timeZone: string): Promise<TrainingPage> {
  const path = `${TRAINING_ENDPOINT}?new_activity_only=false&page=${page}&per_page=20`;
  const json = await getStravaJson(fetchFn, path, trainingPageSchema, TRAINING_ENDPOINT);
  if (!json) throw new StravaHttpError(TRAINING_ENDPOINT, 404);
  const runs = json.models.map((model) => runFromTrainingActivity(model, timeZone)).filter((run): run is RunFacts => run !== undefined);
  return { runs, activitiesSeen: json.models.length, nextPage: json.models.length > 0 ? page + 1 : undefined };
}

/** One activity's raw numbers (used for runs without streams, such as manual entries). */
export async function fetchTrainingActivity(fetchFn: Fetch, id: string, timeZone: string): Promise<RunFacts | undefined> {
  const json = await getStravaJson(fetchFn, `${TRAINING_ENDPOINT}/${id}`, z.unknown(), `${TRAINING_ENDPOINT}/<id>`);
  return json === undefined ? undefined : runFromTrainingActivity(json, timeZone);
}

// --- A route's start: its GPX export (/routes/<id>/export_gpx), the first track or route point.

const GPX_POINT = /<(?:trkpt|rtept)\b[^>]*\blat=["'](-?\d+(?:\.\d+)?)["'][^>]*\blon=["'](-?\d+(?:\.\d+)?)["']/;

/** The first point of a GPX document, or undefined when it has none. */
export function gpxStart(gpx: string): { lat: number; lng: number } | undefined {
  const match = GPX_POINT.exec(gpx);
  if (!match) return undefined;
  const lat = Number(match[1]);
  const lng = Number(match[2]);
  return Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? { lat, lng } : undefined;
}

/** Where a route starts, from its GPX export with the runner's session; undefined when it cannot be had. */
export async function fetchRouteStart(fetchFn: Fetch, routeId: string): Promise<{ lat: number; lng: number } | undefined> {
  const response = await sessionFetch(fetchFn, `/routes/${routeId}/export_gpx`);
  checkNotLoggedOut(response);
  if (!response.ok) return undefined;
  return gpxStart(await response.text());
}
