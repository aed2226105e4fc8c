/**
 * How many Open-Meteo requests, and how much of its daily budget, a first sync of a runner's
 * history costs: 1,000 synthetic runs over 4 years at 3 places plus indoor runs without
 * coordinates, answered by a fake Open-Meteo that builds correctly shaped answers from the URL.
 * No network. `npm run bench:weather [-- --json]`
 */
import {
  callWeight,
  DAY_MS,
  fetchWeatherForRuns,
  isoDate,
  planWeatherRequests,
  type WeatherRun,
} from '../lib/weather/index.ts';

const NOW = Date.UTC(2026, 5, 1, 12);
const YEARS = 4;
const RUNS = 1000;

/** Deterministic random numbers (mulberry32), so every run of the benchmark sees the same history. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const places = {
  home: { lat: 52.52, lng: 13.405 }, // Berlin
  parents: { lat: 48.137, lng: 11.575 }, // Munich, one weekend a month
  holiday: { lat: 39.57, lng: 2.65 }, // Mallorca, two weeks every July
};

function syntheticRuns(): WeatherRun[] {
  const next = random(2026);
  const runs: WeatherRun[] = [];
  const firstDay = Math.floor((NOW - YEARS * 365.25 * DAY_MS) / DAY_MS);
  const lastDay = Math.floor(NOW / DAY_MS);
  const taken = new Set<number>();
  // Local morning or evening in Central European time, as UTC.
  const startOn = (day: number): number => {
    const month = new Date(day * DAY_MS).getUTCMonth();
    const offsetHours = month >= 3 && month <= 9 ? 2 : 1;
    const localHour = next() < 0.6 ? 6 + next() * 2 : 18 + next() * 1.5;
    return day * DAY_MS + Math.round((localHour - offsetHours) * 60) * 60_000;
  };
  const near = (place: { lat: number; lng: number }) => ({
    lat: place.lat + (next() - 0.5) * 0.03,
    lng: place.lng + (next() - 0.5) * 0.03,
  });
  const add = (day: number, run: Omit<WeatherRun, 'id' | 'startTime'>) => {
    taken.add(day);
    runs.push({ id: String(1_000_000 + runs.length), startTime: startOn(day), ...run });
  };

  for (let day = firstDay; day <= lastDay; day += 1) {
    const date = new Date(day * DAY_MS);
    const weekday = date.getUTCDay();
    // First weekend of each month at the parents'.
    if (date.getUTCDate() <= 7 && (weekday === 6 || (weekday === 0 && date.getUTCDate() >= 2))) {
      add(day, { start: near(places.parents), isTreadmill: false });
    }
    // Every other day of a fortnight in Mallorca each July.
    if (date.getUTCMonth() === 6 && date.getUTCDate() >= 10 && date.getUTCDate() <= 23 && date.getUTCDate() % 2 === 0) {
      add(day, { start: near(places.holiday), isTreadmill: false });
    }
  }
  // Treadmill runs in winter (no coordinates) and a few runs imported from a CSV export (none either).
  const free = () => {
    for (;;) {
      const day = firstDay + Math.floor(next() * (lastDay - firstDay + 1));
      const month = new Date(day * DAY_MS).getUTCMonth();
      // Six weeks off with an injury in early 2024: a gap worth cutting out of a range.
      const injured = day >= Date.UTC(2024, 1, 1) / DAY_MS && day < Date.UTC(2024, 2, 15) / DAY_MS;
      if (!taken.has(day) && !injured) return { day, month };
    }
  };
  for (let count = 0; count < 40; ) {
    const { day, month } = free();
    if (month <= 1 || month === 11) {
      add(day, { isTreadmill: true });
      count += 1;
    }
  }
  for (let count = 0; count < 20; count += 1) add(free().day, { isTreadmill: false });
  while (runs.length < RUNS) add(free().day, { start: near(places.home), isTreadmill: false });
  return runs;
}

/** A plausible hour of weather at a place, so that answers look like Open-Meteo's. */
function hourValues(lat: number, utcHour: number) {
  const season = Math.cos(((utcHour / 24 - 196) / 365.25) * 2 * Math.PI);
  const daily = Math.sin(((utcHour % 24) - 9) / 24 * 2 * Math.PI);
  const temperature = 25 - Math.abs(lat) * 0.35 + 9 * season + 4 * daily;
  return {
    temperature_2m: Math.round(temperature * 10) / 10,
    relative_humidity_2m: Math.round(70 - 15 * daily),
    precipitation: utcHour % 17 === 0 ? 0.4 : 0,
    wind_speed_10m: Math.round((8 + 6 * Math.abs(Math.sin(utcHour / 13))) * 10) / 10,
    weather_code: utcHour % 17 === 0 ? 61 : utcHour % 5 === 0 ? 3 : 0,
  };
}

/** The answer for one location over local days `first`..`last`, shaped like Open-Meteo's. */
function locationAnswer(lat: number, lng: number, first: number, last: number) {
  const utcOffsetSeconds = Math.round(lng / 15) * 3600;
  const hourly = {
    time: [] as string[],
    temperature_2m: [] as number[],
    relative_humidity_2m: [] as number[],
    precipitation: [] as number[],
    wind_speed_10m: [] as number[],
    weather_code: [] as number[],
  };
  for (let day = first; day <= last; day += 1) {
    for (let hour = 0; hour < 24; hour += 1) {
      const utcHour = day * 24 + hour - utcOffsetSeconds / 3600;
      const values = hourValues(lat, utcHour);
      hourly.time.push(`${isoDate(day)}T${String(hour).padStart(2, '0')}:00`);
      hourly.temperature_2m.push(values.temperature_2m);
      hourly.relative_humidity_2m.push(values.relative_humidity_2m);
      hourly.precipitation.push(values.precipitation);
      hourly.wind_speed_10m.push(values.wind_speed_10m);
      hourly.weather_code.push(values.weather_code);
    }
  }
  return {
    latitude: Math.round(lat * 40) / 40,
    longitude: Math.round(lng * 40) / 40,
    generationtime_ms: 1.2,
    utc_offset_seconds: utcOffsetSeconds,
    timezone: 'GMT',
    timezone_abbreviation: 'GMT',
    elevation: 38,
    hourly_units: {
      time: 'iso8601',
      temperature_2m: '°C',
      relative_humidity_2m: '%',
      precipitation: 'mm',
      wind_speed_10m: 'km/h',
      weather_code: 'wmo code',
    },
    hourly,
  };
}

const dayNumber = (date: string) => Date.parse(`${date}T00:00Z`) / DAY_MS;

/** A fake Open-Meteo: reads the URL as the service would and sums the weight it would charge. */
function fakeOpenMeteo() {
  const seen = { requests: 0, weight: 0, maxRequestWeight: 0 };
  const fetchFake = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const list = (name: string) => (url.searchParams.get(name) ?? '').split(',').filter(Boolean);
    const lats = list('latitude').map(Number);
    const lngs = list('longitude').map(Number);
    let ranges: Array<{ first: number; last: number }>;
    if (url.hostname === 'archive-api.open-meteo.com') {
      const starts = list('start_date');
      const ends = list('end_date');
      ranges = lats.map((_, index) => ({
        first: dayNumber(starts[starts.length === 1 ? 0 : index]!),
        last: dayNumber(ends[ends.length === 1 ? 0 : index]!),
      }));
    } else {
      const pastDays = Number(url.searchParams.get('past_days') ?? 0);
      const forecastDays = Number(url.searchParams.get('forecast_days') ?? 7);
      ranges = lngs.map((lng) => {
        const today = Math.floor((NOW + Math.round(lng / 15) * 3_600_000) / DAY_MS);
        return { first: today - pastDays, last: today + forecastDays - 1 };
      });
    }
    const answers = ranges.map((range, index) => locationAnswer(lats[index]!, lngs[index]!, range.first, range.last));
    const weight = ranges.reduce((sum, range) => sum + callWeight(range.last - range.first + 1, list('hourly').length), 0);
    seen.requests += 1;
    seen.weight += weight;
    seen.maxRequestWeight = Math.max(seen.maxRequestWeight, weight);
    return new Response(JSON.stringify(answers.length === 1 ? answers[0] : answers), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch: fetchFake as typeof fetch, seen };
}

/** What the archive would cost with one range per place from its first to its last run (no splitting). */
function unsplitWeight(runs: WeatherRun[]): number {
  const plan = planWeatherRequests(runs, { now: NOW });
  const spans = new Map<string, { first: string; last: string }>();
  for (const request of plan.requests) {
    if (request.endpoint !== 'archive') continue;
    for (const location of request.locations) {
      const key = `${location.place.lat},${location.place.lng}`;
      const span = spans.get(key) ?? { first: location.startDate, last: location.endDate };
      if (location.startDate < span.first) span.first = location.startDate;
      if (location.endDate > span.last) span.last = location.endDate;
      spans.set(key, span);
    }
  }
  return [...spans.values()].reduce((sum, span) => sum + callWeight(dayNumber(span.last) - dayNumber(span.first) + 1), 0);
}

async function main(): Promise<void> {
  const runs = syntheticRuns();
  const { fetch: fetchFake, seen } = fakeOpenMeteo();
  const started = performance.now();
  const result = await fetchWeatherForRuns(runs, { fetch: fetchFake, now: NOW });
  const milliseconds = Math.round(performance.now() - started);
  const sources = { archive: 0, forecast: 0, fallback: 0 };
  for (const weather of result.weather.values()) sources[weather.source] += 1;
  // Places near a cell's edge spread over two cells: each is a location of its own.
  const cells = new Set(
    [...result.weather.values()].filter((weather) => weather.place.basis !== 'none').map((weather) => `${weather.place.lat},${weather.place.lng}`),
  );
  const report = {
    runs: runs.length,
    runsWithoutCoordinates: runs.filter((run) => !run.start).length,
    cells: cells.size,
    requests: result.requests,
    callWeight: Math.round(seen.weight * 100) / 100,
    maxRequestWeight: Math.round(seen.maxRequestWeight * 100) / 100,
    callWeightWithoutRangeSplitting: Math.round(unsplitWeight(runs) * 100) / 100,
    archive: sources.archive,
    forecast: sources.forecast,
    fallback: sources.fallback,
    errors: result.errors.length,
    milliseconds,
  };
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(report));
    return;
  }
  for (const [name, value] of Object.entries(report)) console.log(`${name} ${value}`);
  for (const error of result.errors) console.log(`error: ${error}`);
}

await main();
