/**
 * Fetching weather: for the runner's past runs in a few batched requests, and for one planned run.
 * `fetch` is handed in so that tests and the benchmark answer instead of Open-Meteo.
 */
import type { LatLng, RunWeather } from '@/lib/runs';
import {
  buildUrl,
  ENDPOINT_LABELS,
  parseResponse,
  weatherAtHour,
  type LocationAnswer,
  type OpenMeteoQuery,
  type WeatherEndpoint,
} from './open-meteo';
import {
  cellOf,
  DAY_MS,
  daysAround,
  FORECAST_DAYS_AHEAD,
  FORECAST_PAST_DAYS_MAX,
  forecastWindow,
  isUsablePlace,
  planWeatherRequests,
  type WeatherPlace,
  type WeatherRun,
} from './plan';

/**
 * The stand-in when no weather can be had: 15 °C, dry, calm, clear (WMO 0). 60 % humidity is a
 * typical daytime value in temperate climates and, at 15 °C, leaves heat-stress measures neutral.
 */
export const FALLBACK_WEATHER = {
  temperatureC: 15,
  precipitationMm: 0,
  windSpeedKmh: 0,
  humidityPct: 60,
  weatherCode: 0,
} as const;

export function fallbackWeather(place: WeatherPlace): RunWeather {
  return { ...FALLBACK_WEATHER, source: 'fallback', place };
}

/** Open-Meteo said "too many requests": the caller should wait before asking again. */
export interface RateLimit {
  endpoint: WeatherEndpoint;
  /** From the Retry-After header, when Open-Meteo sent one. */
  retryAfterSeconds?: number;
}

/** How long RunSound waits for an answer from Open-Meteo before it uses the stand-in. */
export const WEATHER_TIMEOUT_MS = 30_000;

export interface FetchWeatherOptions {
  fetch: typeof fetch;
  now: number;
  /** Default WEATHER_TIMEOUT_MS. */
  timeoutMs?: number;
  /** The runner's home setting; by default the cell most runs start in (`homeLocation`). */
  home?: LatLng;
  /** Runs with weather decided so far, of all runs; called after each request. */
  onProgress?(done: number, total: number): void;
}

export interface FetchWeatherResult {
  /** Every run's weather, the stand-in marked 'fallback' where none could be had; runs deferred by a rate limit are absent. */
  weather: Map<string, RunWeather>;
  /** Requests sent. */
  requests: number;
  /** What went wrong, one line per failed request or problem, naming the endpoint. */
  errors: string[];
  /** Set when Open-Meteo answered 429: no request was sent after it, and these runs wait for a later try. */
  rateLimited?: RateLimit & { deferredRunIds: string[] };
}

type Answer = { ok: true; locations: LocationAnswer[] } | { ok: false; error: string; rateLimited?: RateLimit };

/** One request to Open-Meteo, with every way it can fail put into words. */
async function ask(query: OpenMeteoQuery, fetchWeather: typeof fetch, now: number, timeoutMs = WEATHER_TIMEOUT_MS): Promise<Answer> {
  const label = ENDPOINT_LABELS[query.endpoint];
  let response: Response;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    response = await fetchWeather(buildUrl(query), { signal });
  } catch (error) {
    if (signal.aborted) return { ok: false, error: `${label} did not answer within ${Math.round(timeoutMs / 1000)} s` };
    return { ok: false, error: `${label} could not be reached: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (response.status === 429) {
    const retryAfterSeconds = retryAfter(response.headers.get('retry-after'), now);
    const wait = retryAfterSeconds === undefined ? 'later' : `in ${retryAfterSeconds} s`;
    return {
      ok: false,
      error: `${label} is limiting requests (HTTP 429): weather will be fetched again ${wait}`,
      rateLimited: { endpoint: query.endpoint, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) },
    };
  }
  if (!response.ok) {
    return { ok: false, error: `${label} answered HTTP ${response.status}${await errorReason(response)}` };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, error: `${label} answered with something that is not JSON` };
  }
  const parsed = parseResponse(body, query.locations.length);
  if (!parsed.ok) return { ok: false, error: `${label} answered in a shape RunSound does not know (${parsed.error})` };
  return { ok: true, locations: parsed.value };
}

/** Open-Meteo explains errors as {"error": true, "reason": "..."}. */
async function errorReason(response: Response): Promise<string> {
  try {
    const body: unknown = await response.json();
    if (body && typeof body === 'object' && 'reason' in body && typeof body.reason === 'string') return `: ${body.reason}`;
  } catch {
    // No explanation in the body: the status says enough.
  }
  return '';
}

/** Retry-After is either seconds or an HTTP date. */
function retryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * The weather at the start hour and place of each run: the archive (ERA5) for runs older than a
 * week, the forecast endpoint's past days for younger ones. Requests are few and sent one after
 * another, newest data first; a failed request gives its runs the stand-in and the others go on.
 * A 429 stops everything: the runs not yet fetched are left out and listed in `rateLimited`.
 */
export async function fetchWeatherForRuns(
  runs: readonly WeatherRun[],
  options: FetchWeatherOptions,
): Promise<FetchWeatherResult> {
  // Called detached: a browser's fetch called as a method of another object throws "Illegal invocation".
  const fetchWeather = options.fetch;
  const plan = planWeatherRequests(runs, { now: options.now, ...(options.home ? { home: options.home } : {}) });
  const weather = new Map<string, RunWeather>();
  const errors: string[] = [];
  const placeOf = (runId: string): WeatherPlace => plan.places.get(runId) ?? { lat: 0, lng: 0, basis: 'none' };
  const total = plan.places.size;

  for (const { runId, reason } of plan.unrequested) {
    weather.set(runId, fallbackWeather(placeOf(runId)));
    if (reason) errors.push(reason);
  }
  const startTimes = new Map(runs.map((run) => [run.id, run.startTime]));
  let requests = 0;
  options.onProgress?.(weather.size, total);

  for (const [index, request] of plan.requests.entries()) {
    requests += 1;
    const answer = await ask(request, fetchWeather, options.now, options.timeoutMs);
    if (!answer.ok && answer.rateLimited) {
      errors.push(answer.error);
      const deferredRunIds = plan.requests.slice(index).flatMap((later) => later.locations.flatMap((location) => location.runIds));
      return { weather, requests, errors, rateLimited: { ...answer.rateLimited, deferredRunIds } };
    }
    if (!answer.ok) errors.push(answer.error);
    const missing: string[] = [];
    request.locations.forEach((location, position) => {
      const located = answer.ok ? answer.locations[position] : undefined;
      for (const runId of location.runIds) {
        const hour = located && weatherAtHour(located, startTimes.get(runId) ?? Number.NaN);
        if (located && !hour) missing.push(runId);
        weather.set(runId, hour ? { ...hour, source: request.endpoint, place: placeOf(runId) } : fallbackWeather(placeOf(runId)));
      }
    });
    if (missing.length > 0) {
      const runsWord = missing.length === 1 ? 'run' : 'runs';
      errors.push(
        `${ENDPOINT_LABELS[request.endpoint]} had no weather for the start hour of ${missing.length} ${runsWord} (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''})`,
      );
    }
    options.onProgress?.(weather.size, total);
  }
  return { weather, requests, errors };
}

export interface ForecastOptions {
  fetch: typeof fetch;
  now: number;
  /** Default WEATHER_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Whether `place` is where the run starts or the runner's home (the default, as the planner uses it). */
  basis?: 'start' | 'home';
}

export interface ForecastResult {
  weather: RunWeather;
  /** Why the weather is the stand-in, naming the endpoint when it failed. */
  error?: string;
  rateLimited?: RateLimit;
}

/**
 * The forecast for one planned run at the hour it starts (forecast endpoint, at most 16 days
 * ahead). Beyond that, without a place, or when the forecast cannot be had: the stand-in, marked.
 * The place is snapped to the same grid cell as past runs, so that plan and history match.
 */
export async function forecastFor(
  place: LatLng | undefined,
  startTime: number,
  options: ForecastOptions,
): Promise<ForecastResult> {
  const fetchWeather = options.fetch;
  if (!isUsablePlace(place)) return { weather: fallbackWeather({ lat: 0, lng: 0, basis: 'none' }) };
  const cell = { ...cellOf(place).place, basis: options.basis ?? 'home' };
  if (!Number.isFinite(startTime) || startTime > options.now + FORECAST_DAYS_AHEAD * DAY_MS) {
    return { weather: fallbackWeather(cell), error: `The forecast reaches ${FORECAST_DAYS_AHEAD} days ahead at most` };
  }
  if (startTime < options.now - FORECAST_PAST_DAYS_MAX * DAY_MS) {
    return { weather: fallbackWeather(cell), error: `The forecast reaches ${FORECAST_PAST_DAYS_MAX} days back at most` };
  }
  const days = daysAround(startTime);
  const window = forecastWindow(days.first, days.last, options.now);
  const answer = await ask({ endpoint: 'forecast', locations: [{ place: cell }], ...window }, fetchWeather, options.now, options.timeoutMs);
  if (!answer.ok) {
    return { weather: fallbackWeather(cell), error: answer.error, ...(answer.rateLimited ? { rateLimited: answer.rateLimited } : {}) };
  }
  const hour = answer.locations[0] && weatherAtHour(answer.locations[0], startTime);
  if (!hour) return { weather: fallbackWeather(cell), error: `${ENDPOINT_LABELS.forecast} had no weather for the start hour` };
  return { weather: { ...hour, source: 'forecast', place: cell } };
}
