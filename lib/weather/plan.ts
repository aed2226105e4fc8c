/**
 * Which Open-Meteo requests fetch the weather of many runs: runs are grouped by place (a 0.1° grid
 * cell) and by the days they need, and packed into few requests of bounded weight.
 */
import { maxOf, minOf } from '../training-load/stats';
import type { LatLng, Run, RunWeather } from '@/lib/runs';
import {
  callWeight,
  queryWeight,
  type ArchiveLocation,
  type ForecastLocation,
} from './open-meteo';

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * Grid of the places weather is asked for, in degrees (≈ 11 km north-south, 7 km east-west at
 * 50° N). The archive's finest models are about this size (ERA5-Land 0.1°, ECMWF IFS 9 km; ERA5
 * is 0.25°), so runs in one cell would get the same grid point anyway, while a coarser grid would
 * mix a coast with the hills behind it. Open-Meteo only ever sees the cell, never the runner's door.
 */
export const GRID_DEGREES = 0.1;

/** ERA5 reaches about 5 days back from today; 2 more days of margin for local dates and late data. */
export const ARCHIVE_LAG_DAYS = 7;
/** How far the forecast endpoint reaches ahead and back. */
export const FORECAST_DAYS_AHEAD = 16;
export const FORECAST_PAST_DAYS_MAX = 92;
/** The archive starts on 1940-01-01. */
export const ARCHIVE_FIRST_DAY = Date.UTC(1940, 0, 1) / DAY_MS;

/**
 * Bounds of one request. A year of one place weighs ≈ 13 calls and answers ≈ 0.4 MB of JSON; 16
 * lets such a year share a request with a few short stays, and a failed request loses little.
 * 50 locations keep a URL under ≈ 2 KB.
 */
export const MAX_REQUEST_WEIGHT = 16;
export const MAX_LOCATIONS_PER_REQUEST = 50;
/** The longest date range of one location, so that one location always fits in a request. */
export const MAX_RANGE_DAYS = 366;
/**
 * What one more location in a request costs beyond its weight (URL length, one more answer
 * object), in calls: a quarter call, a week of data. A stretch without runs is cut out of a range
 * only when that saves more than this.
 */
export const LOCATION_OVERHEAD = 0.25;

/** What the planner needs of a run. */
export type WeatherRun = Pick<Run, 'id' | 'startTime' | 'start' | 'isTreadmill'>;
export type WeatherPlace = RunWeather['place'];

/** A place Open-Meteo can be asked about: finite, on the globe, and not 0,0 (some sources' way of writing "no position"). */
export function isUsablePlace(place: LatLng | undefined): place is LatLng {
  return (
    place !== undefined &&
    Number.isFinite(place.lat) &&
    Number.isFinite(place.lng) &&
    Math.abs(place.lat) <= 90 &&
    Math.abs(place.lng) <= 180 &&
    !(place.lat === 0 && place.lng === 0)
  );
}

export interface WeatherCell {
  key: string;
  /** The cell's centre, which is what Open-Meteo is asked about. */
  place: LatLng;
}

export function cellOf(place: LatLng): WeatherCell {
  const row = Math.round(place.lat / GRID_DEGREES);
  const column = Math.round(place.lng / GRID_DEGREES);
  // Rounded twice so that 52.5 is 52.5 and not 52.50000000000001; `+ 0` turns -0 into 0.
  const lat = Math.round(row * GRID_DEGREES * 1e6) / 1e6 + 0;
  const lng = Math.round(column * GRID_DEGREES * 1e6) / 1e6 + 0;
  return { key: `${row + 0}:${column + 0}`, place: { lat, lng } };
}

/**
 * The runner's home for weather: the centre of the cell most runs start in, or undefined when no
 * run has a usable start. Treadmill and virtual runs do not count (Zwift puts its Watopia runs
 * near the Solomon Islands). Ties go to the cell of the most recent run. This is the default of
 * the home setting; the runner may set another.
 */
export function homeLocation(runs: ReadonlyArray<Pick<Run, 'startTime' | 'start' | 'isTreadmill'>>): LatLng | undefined {
  const cells = new Map<string, { place: LatLng; count: number; latest: number }>();
  for (const run of runs) {
    if (run.isTreadmill || !isUsablePlace(run.start)) continue;
    const cell = cellOf(run.start);
    const seen = cells.get(cell.key) ?? { place: cell.place, count: 0, latest: -Infinity };
    seen.count += 1;
    seen.latest = Math.max(seen.latest, run.startTime);
    cells.set(cell.key, seen);
  }
  let best: { place: LatLng; count: number; latest: number } | undefined;
  for (const cell of cells.values()) {
    if (!best || cell.count > best.count || (cell.count === best.count && cell.latest > best.latest)) best = cell;
  }
  return best?.place;
}

/**
 * Where a run's weather is for: its start for an outdoor run with coordinates, else the home.
 * Treadmill runs use the home even with coordinates: outside weather is what the runner came from,
 * and virtual runs' coordinates are made up.
 */
export function weatherPlaceOf(run: Pick<Run, 'start' | 'isTreadmill'>, home: LatLng | undefined): WeatherPlace {
  if (!run.isTreadmill && isUsablePlace(run.start)) return { ...cellOf(run.start).place, basis: 'start' };
  if (isUsablePlace(home)) return { ...cellOf(home).place, basis: 'home' };
  return { lat: 0, lng: 0, basis: 'none' };
}

/** Days since 1970-01-01 (UTC) of an instant. */
export function dayOf(time: number): number {
  return Math.floor(time / DAY_MS);
}

export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The days (UTC day numbers) whose local date at the place may be the run's: Open-Meteo dates are
 * local, and without a time-zone table the offset may be anything from UTC−12 to UTC+14.
 * Asking for these 2-3 days costs nothing in weight for ranges under 4 weeks.
 */
export function daysAround(time: number): { first: number; last: number } {
  return { first: dayOf(time - 12 * HOUR_MS), last: dayOf(time + 14 * HOUR_MS) };
}

/**
 * past_days and forecast_days that cover local days `first`..`last` wherever the place is:
 * Open-Meteo counts both from the place's local today, which is within a day of UTC's.
 */
export function forecastWindow(first: number, last: number, now: number): { pastDays: number; forecastDays: number } {
  const latestToday = dayOf(now + 14 * HOUR_MS);
  const earliestToday = dayOf(now - 12 * HOUR_MS);
  return {
    pastDays: Math.min(FORECAST_PAST_DAYS_MAX, Math.max(0, latestToday - first)),
    forecastDays: Math.min(FORECAST_DAYS_AHEAD, Math.max(1, last - earliestToday + 1)),
  };
}

export type ArchiveRequestLocation = ArchiveLocation & { runIds: string[] };
export type ForecastRequestLocation = ForecastLocation & { runIds: string[] };

/** One planned request; it is also an `OpenMeteoQuery` for `buildUrl`. */
export type WeatherRequest =
  | { endpoint: 'archive'; locations: ArchiveRequestLocation[]; weight: number }
  | { endpoint: 'forecast'; locations: ForecastRequestLocation[]; pastDays: number; forecastDays: number; weight: number };

export interface WeatherPlan {
  /** Newest data first: the forecast for recent runs, then the archive from the latest years back. */
  requests: WeatherRequest[];
  /** Where each run's weather is for. */
  places: Map<string, WeatherPlace>;
  /** Runs no request is made for: they get the stand-in; `reason` when that is a problem to report. */
  unrequested: Array<{ runId: string; reason?: string }>;
}

export interface PlanOptions {
  now: number;
  /** The runner's home for runs without a usable start; when missing or unusable, `homeLocation(runs)`. */
  home?: LatLng;
}

interface DatedRun {
  id: string;
  first: number;
  last: number;
}

export function planWeatherRequests(runs: readonly WeatherRun[], options: PlanOptions): WeatherPlan {
  const home = isUsablePlace(options.home) ? options.home : homeLocation(runs);
  const places = new Map<string, WeatherPlace>();
  const unrequested: WeatherPlan['unrequested'] = [];
  const archiveCells = new Map<string, { place: LatLng; runs: DatedRun[] }>();
  const forecastCells = new Map<string, { place: LatLng; runs: DatedRun[] }>();
  const youngFrom = options.now - ARCHIVE_LAG_DAYS * DAY_MS;
  const forecastUntil = options.now + FORECAST_DAYS_AHEAD * DAY_MS;

  for (const run of runs) {
    if (places.has(run.id)) continue;
    const place = weatherPlaceOf(run, home);
    places.set(run.id, place);
    if (place.basis === 'none') {
      unrequested.push({ runId: run.id });
      continue;
    }
    if (!Number.isFinite(run.startTime) || dayOf(run.startTime) < ARCHIVE_FIRST_DAY) {
      unrequested.push({ runId: run.id, reason: `run ${run.id} has a start time Open-Meteo has no weather for` });
      continue;
    }
    if (run.startTime > forecastUntil) {
      unrequested.push({ runId: run.id, reason: `run ${run.id} starts more than ${FORECAST_DAYS_AHEAD} days from now` });
      continue;
    }
    const cells = run.startTime >= youngFrom ? forecastCells : archiveCells;
    const cell = cellOf(place);
    const entry = cells.get(cell.key) ?? { place: cell.place, runs: [] };
    entry.runs.push({ id: run.id, ...daysAround(run.startTime) });
    cells.set(cell.key, entry);
  }

  const archiveLocations = [...archiveCells.values()].flatMap(({ place, runs: cellRuns }) =>
    rangesForRuns(cellRuns).map((range) => ({
      place,
      startDate: isoDate(range.first),
      endDate: isoDate(range.last),
      runIds: range.runIds,
    })),
  );
  return {
    requests: [...forecastRequests(forecastCells, options.now), ...packArchive(archiveLocations)],
    places,
    unrequested,
  };
}

/**
 * Cuts one cell's runs into date ranges at the lowest cost: each range weighs max(1, days/28)
 * calls plus LOCATION_OVERHEAD, so runs within about four weeks share a range (the first 28 days
 * are paid anyway), and a stretch without runs is cut out when it is longer than about a week
 * (it would cost more than the extra location). Exact, by dynamic programming over the runs in
 * date order; no range is longer than MAX_RANGE_DAYS.
 */
function rangesForRuns(runs: readonly DatedRun[]): Array<{ first: number; last: number; runIds: string[] }> {
  const sorted = [...runs].sort((a, b) => a.first - b.first);
  const count = sorted.length;
  // cost[i]: cheapest ranges for the first i runs; cut[i]: where the last of those ranges starts.
  const cost = new Array<number>(count + 1).fill(Infinity);
  const cut = new Array<number>(count + 1).fill(0);
  cost[0] = 0;
  for (let end = 1; end <= count; end += 1) {
    let last = -Infinity;
    for (let start = end; start >= 1; start -= 1) {
      const run = sorted[start - 1]!;
      last = Math.max(last, run.last);
      const days = last - run.first + 1;
      if (days > MAX_RANGE_DAYS) break;
      const total = cost[start - 1]! + callWeight(days) + LOCATION_OVERHEAD;
      if (total < cost[end]! - 1e-9) {
        cost[end] = total;
        cut[end] = start - 1;
      }
    }
  }
  const ranges: Array<{ first: number; last: number; runIds: string[] }> = [];
  for (let end = count; end > 0; end = cut[end]!) {
    const members = sorted.slice(cut[end]!, end);
    ranges.push({
      first: members[0]!.first,
      last: maxOf(members.map((run) => run.last))!,
      runIds: members.map((run) => run.id),
    });
  }
  return ranges.reverse();
}

/**
 * Packs archive locations into requests, newest ranges first (first fit), so that a request
 * stopped by a rate limit leaves the oldest runs for later.
 */
function packArchive(locations: ArchiveRequestLocation[]): WeatherRequest[] {
  const requests: Array<Extract<WeatherRequest, { endpoint: 'archive' }>> = [];
  const newestFirst = [...locations].sort((a, b) => b.endDate.localeCompare(a.endDate));
  for (const location of newestFirst) {
    const weight = queryWeight({ endpoint: 'archive', locations: [location] });
    const request = requests.find(
      (candidate) =>
        candidate.weight + weight <= MAX_REQUEST_WEIGHT + 1e-9 && candidate.locations.length < MAX_LOCATIONS_PER_REQUEST,
    );
    if (request) {
      request.locations.push(location);
      request.weight += weight;
    } else {
      requests.push({ endpoint: 'archive', locations: [location], weight });
    }
  }
  return requests;
}

/** Recent runs from the forecast endpoint: one past_days for all their places, in as few requests as fit. */
function forecastRequests(cells: Map<string, { place: LatLng; runs: DatedRun[] }>, now: number): WeatherRequest[] {
  const entries = [...cells.values()];
  if (entries.length === 0) return [];
  const all = entries.flatMap((entry) => entry.runs);
  const { pastDays, forecastDays } = forecastWindow(
    minOf(all.map((run) => run.first))!,
    maxOf(all.map((run) => run.last))!,
    now,
  );
  const perLocation = callWeight(pastDays + forecastDays);
  const perRequest = Math.max(1, Math.min(MAX_LOCATIONS_PER_REQUEST, Math.floor(MAX_REQUEST_WEIGHT / perLocation)));
  const requests: WeatherRequest[] = [];
  for (let index = 0; index < entries.length; index += perRequest) {
    const locations = entries
      .slice(index, index + perRequest)
      .map((entry) => ({ place: entry.place, runIds: entry.runs.map((run) => run.id) }));
    requests.push({ endpoint: 'forecast', locations, pastDays, forecastDays, weight: locations.length * perLocation });
  }
  return requests;
}
