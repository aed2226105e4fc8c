/**
 * How many Open-Meteo requests, and how much of its daily budget, a first sync of a runner's
 * history costs: 1,000 synthetic runs over 4 years at 3 places plus indoor runs without
 * coordinates, answered by the tests' fake Open-Meteo (tests/fixtures/open-meteo.ts), which builds
 * correctly shaped answers from the URL and says what the service would charge for each.
 * No network. `npm run bench:weather [-- --json]`
 */
import { callWeight, DAY_MS, fetchWeatherForRuns, planWeatherRequests, type WeatherRun } from '../lib/weather/index.ts';
import { fakeOpenMeteoFetch, openMeteoWeight, readOpenMeteoRequest } from '../tests/fixtures/open-meteo.ts';
import { seededRandom as random } from '../lib/random.ts';

const NOW = Date.UTC(2026, 5, 1, 12);
const YEARS = 4;
const RUNS = 1000;


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

const dayNumber = (date: string) => Date.parse(`${date}T00:00Z`) / DAY_MS;

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
  const { fetch: fetchFake, requests } = fakeOpenMeteoFetch({ now: NOW });
  const started = performance.now();
  const result = await fetchWeatherForRuns(runs, { fetch: fetchFake, now: NOW });
  const milliseconds = Math.round(performance.now() - started);
  // What Open-Meteo would charge for each request sent.
  const weights = requests.map((url) => {
    const asked = readOpenMeteoRequest(url, { now: NOW });
    if (!asked || 'error' in asked) throw new Error(`The fake Open-Meteo refused ${url.href}: ${asked?.error ?? 'not an Open-Meteo URL'}`);
    return openMeteoWeight(asked);
  });
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
    callWeight: Math.round(weights.reduce((sum, weight) => sum + weight, 0) * 100) / 100,
    maxRequestWeight: Math.round(Math.max(0, ...weights) * 100) / 100,
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
