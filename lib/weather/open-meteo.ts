/**
 * Open-Meteo, where RunSound's weather comes from: its two endpoints, the URLs RunSound asks,
 * the shape of the answers, and the hour of a run inside an answer.
 * Free for non-commercial use; the data are CC BY 4.0 and must be credited.
 */
import { z } from '@/lib/zod';
import type { LatLng, RunWeather } from '@/lib/runs';

/** Credit the UI shows wherever weather is shown (CC BY 4.0 requires it). */
export const WEATHER_ATTRIBUTION = 'Weather data by Open-Meteo.com';
export const WEATHER_ATTRIBUTION_URL = 'https://open-meteo.com/';
export const WEATHER_LICENSE = 'CC BY 4.0';

export const ARCHIVE_URL = 'https://archive-api.open-meteo.com/v1/archive';
export const FORECAST_URL = 'https://api.open-meteo.com/v1/forecast';

export const HOURLY_VARIABLES = [
  'temperature_2m',
  'relative_humidity_2m',
  'precipitation',
  'wind_speed_10m',
  'weather_code',
] as const;

/** 'archive' is the ERA5 history, 'forecast' the forecast models with up to 92 past days. */
export type WeatherEndpoint = 'archive' | 'forecast';

/** How errors name each endpoint, in words a runner can pass on. */
export const ENDPOINT_LABELS: Record<WeatherEndpoint, string> = {
  archive: 'Open-Meteo weather history (archive-api.open-meteo.com)',
  forecast: 'Open-Meteo forecast (api.open-meteo.com)',
};

/** One location of an archive query: Open-Meteo pairs the i-th coordinate with the i-th date range. */
export interface ArchiveLocation {
  place: LatLng;
  /** Local dates at the place, "YYYY-MM-DD", both included. */
  startDate: string;
  endDate: string;
}

export interface ForecastLocation {
  place: LatLng;
}

export type OpenMeteoQuery =
  | { endpoint: 'archive'; locations: ArchiveLocation[] }
  | { endpoint: 'forecast'; locations: ForecastLocation[]; pastDays: number; forecastDays: number };

/** Coordinates as sent, without float noise such as 52.50000000000001. */
function coordinate(value: number): string {
  return String(Math.round(value * 1e4) / 1e4);
}

/**
 * The URL for a query. Several locations go comma-separated in one request; for the archive each
 * location carries its own start and end date (Open-Meteo pairs them by position, see
 * open-meteo/open-meteo#430), so one request can fetch different days at different places.
 * Commas are left unencoded, as in Open-Meteo's own examples.
 */
export function buildUrl(query: OpenMeteoQuery): string {
  const latitude = query.locations.map((location) => coordinate(location.place.lat)).join(',');
  const longitude = query.locations.map((location) => coordinate(location.place.lng)).join(',');
  const hourly = `hourly=${HOURLY_VARIABLES.join(',')}&timezone=auto`;
  if (query.endpoint === 'archive') {
    const startDate = query.locations.map((location) => location.startDate).join(',');
    const endDate = query.locations.map((location) => location.endDate).join(',');
    return `${ARCHIVE_URL}?latitude=${latitude}&longitude=${longitude}&start_date=${startDate}&end_date=${endDate}&${hourly}`;
  }
  return `${FORECAST_URL}?latitude=${latitude}&longitude=${longitude}&${hourly}&past_days=${query.pastDays}&forecast_days=${query.forecastDays}`;
}

/**
 * What Open-Meteo counts one location of a request as, in calls of its free budget (10,000 a day):
 * 10 variables over 14 days weigh 1, more scale linearly, never less than 1 per location.
 * From Open-Meteo's `calculateQueryWeight`: max(1, v/10, v/10 × days/14).
 * With RunSound's 5 variables that is max(1, days/28): a year ≈ 13 calls.
 */
export function callWeight(days: number, variables: number = HOURLY_VARIABLES.length): number {
  const variablesFraction = variables / 10;
  return Math.max(1, variablesFraction, (variablesFraction * days) / 14);
}

/** The summed weight of a query, each location counted on its own as Open-Meteo does. */
export function queryWeight(query: OpenMeteoQuery): number {
  if (query.endpoint === 'forecast') {
    return query.locations.length * callWeight(query.pastDays + query.forecastDays);
  }
  return query.locations.reduce(
    (sum, location) => sum + callWeight(dayNumber(location.endDate) - dayNumber(location.startDate) + 1),
    0,
  );
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00Z`) / DAY_MS);
}

const LOCAL_HOUR = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

const series = z.array(z.number().nullable());

/** What an hour's weather can be on Earth (°C, %, mm, km/h, WMO code). */
const PLAUSIBLE = {
  temperatureC: [-90, 60],
  humidityPct: [0, 100],
  precipitationMm: [0, 500],
  windSpeedKmh: [0, 500],
  weatherCode: [0, 99],
} as const;

/** One location of an answer; unknown fields are ignored, the ones RunSound reads are checked. */
const locationAnswerSchema = z
  .object({
    latitude: z.number(),
    longitude: z.number(),
    generationtime_ms: z.number().optional(),
    utc_offset_seconds: z.number().int(),
    timezone: z.string().optional(),
    timezone_abbreviation: z.string().optional(),
    elevation: z.number().nullable().optional(),
    // Only in multi-location answers of newer servers (and omitted for 0).
    location_id: z.number().int().nonnegative().optional(),
    // Units are checked when given: a change of unit must not slip into the model as numbers.
    hourly_units: z
      .object({
        time: z.literal('iso8601').optional(),
        temperature_2m: z.literal('°C').optional(),
        relative_humidity_2m: z.literal('%').optional(),
        precipitation: z.literal('mm').optional(),
        wind_speed_10m: z.literal('km/h').optional(),
        weather_code: z.literal('wmo code').optional(),
      })
      .optional(),
    hourly: z.object({
      time: z.array(z.string().regex(LOCAL_HOUR, 'expected a local hour like 2024-06-10T05:00')),
      temperature_2m: series,
      relative_humidity_2m: series,
      precipitation: series,
      wind_speed_10m: series,
      weather_code: series,
    }),
  })
  .check((context) => {
    const { hourly } = context.value;
    for (const name of HOURLY_VARIABLES) {
      if (hourly[name].length !== hourly.time.length) {
        context.issues.push({
          code: 'custom',
          input: hourly[name],
          path: ['hourly', name],
          message: `has ${hourly[name].length} values for ${hourly.time.length} hours`,
        });
      }
    }
  });

export type LocationAnswer = z.infer<typeof locationAnswerSchema>;

const answersSchema = z.array(locationAnswerSchema);

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Reads an answer for `expectedLocations` locations: one object for a single location, an array
 * (one object per location, in the order asked) for several. Returns the locations in the order
 * they were asked, or what is wrong with the shape.
 */
export function parseResponse(body: unknown, expectedLocations: number): Parsed<LocationAnswer[]> {
  // The shape is chosen first so that an error names the field, not just "invalid union".
  const parsed = Array.isArray(body) ? answersSchema.safeParse(body) : locationAnswerSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((issue) => {
      const path = issue.path.join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    });
    return { ok: false, error: issues.join('; ') };
  }
  const answers = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  if (answers.length !== expectedLocations) {
    return { ok: false, error: `${answers.length} locations in the answer for ${expectedLocations} asked` };
  }
  const withIds = answers.some((answer) => answer.location_id !== undefined);
  if (!withIds) return { ok: true, value: answers };
  const ordered: LocationAnswer[] = [];
  for (const answer of answers) {
    const id = answer.location_id ?? 0;
    if (id >= expectedLocations || ordered[id]) {
      return { ok: false, error: 'location_id values do not match the locations asked' };
    }
    ordered[id] = answer;
  }
  return { ok: true, value: ordered };
}

/** The weather values of one hour, without where they came from. */
export type HourWeather = Omit<RunWeather, 'source' | 'place'>;

/** The UTC instant an hourly slot starts, from its local time and the answer's fixed UTC offset. */
function slotStartUtc(localHour: string, utcOffsetSeconds: number): number | undefined {
  const match = LOCAL_HOUR.exec(localHour);
  if (!match) return undefined;
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  return Date.UTC(year, month - 1, day, hour, minute) - utcOffsetSeconds * 1000;
}

/**
 * The weather of the hour a run started in (the slot with start ≤ startTime < start + 1 h), or
 * undefined when the answer does not cover it or a value of that hour is missing (null).
 *
 * The hour is found by UTC instants, never by the runner's wall clock: with timezone=auto,
 * Open-Meteo writes every hourly time as UTC + `utc_offset_seconds`, one offset for the whole
 * answer, taken at the time of the request. A summer run fetched in winter is therefore labelled
 * in winter time (a Berlin run at 06:30 CEST sits in the slot labelled 05:00 when the answer says
 * 3600 s), and the series has no gap or repeat at DST changes.
 */
export function weatherAtHour(answer: LocationAnswer, startTime: number): HourWeather | undefined {
  const { time } = answer.hourly;
  const offset = answer.utc_offset_seconds;
  const first = time[0] === undefined ? undefined : slotStartUtc(time[0], offset);
  if (first === undefined || !Number.isFinite(startTime)) return undefined;
  // Answers are hourly without gaps, so the slot is found by arithmetic; a series that is not
  // (should Open-Meteo change that) is searched instead.
  let index = Math.floor((startTime - first) / HOUR_MS);
  const guessed = time[index];
  const guess = guessed === undefined ? undefined : slotStartUtc(guessed, offset);
  if (guess !== first + index * HOUR_MS) {
    index = time.findIndex((localHour) => {
      const start = slotStartUtc(localHour, offset);
      return start !== undefined && start <= startTime && startTime < start + HOUR_MS;
    });
  }
  if (index < 0) return undefined;
  const { hourly } = answer;
  const temperatureC = hourly.temperature_2m[index];
  const humidityPct = hourly.relative_humidity_2m[index];
  const precipitationMm = hourly.precipitation[index];
  const windSpeedKmh = hourly.wind_speed_10m[index];
  const weatherCode = hourly.weather_code[index];
  if (temperatureC == null || humidityPct == null || precipitationMm == null || windSpeedKmh == null || weatherCode == null) {
    return undefined;
  }
  // An hour outside what the Earth's weather does is no forecast: none rather than a wrong one.
  const within = (value: number, [min, max]: readonly [number, number]) => value >= min && value <= max;
  if (
    !within(temperatureC, PLAUSIBLE.temperatureC) ||
    !within(humidityPct, PLAUSIBLE.humidityPct) ||
    !within(precipitationMm, PLAUSIBLE.precipitationMm) ||
    !within(windSpeedKmh, PLAUSIBLE.windSpeedKmh) ||
    !within(Math.round(weatherCode), PLAUSIBLE.weatherCode)
  ) {
    return undefined;
  }
  return { temperatureC, precipitationMm, windSpeedKmh, humidityPct, weatherCode: Math.round(weatherCode) };
}
