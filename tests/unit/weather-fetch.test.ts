import { describe, expect, it, vi } from 'vitest';
import type { LatLng } from '@/lib/runs';
import {
  FALLBACK_WEATHER,
  fetchWeatherForRuns,
  forecastFor,
  planWeatherRequests,
  WEATHER_ATTRIBUTION,
  type WeatherRun,
} from '@/lib/weather';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 5, 1, 12);
const BERLIN = { lat: 52.52, lng: 13.405 };
const SYDNEY = { lat: -33.87, lng: 151.21 };

let nextId = 0;
const run = (startTime: number, start?: LatLng, isTreadmill = false): WeatherRun => ({
  id: String((nextId += 1)),
  startTime,
  isTreadmill,
  ...(start ? { start } : {}),
});

const dayOfDate = (date: string) => Date.parse(`${date}T00:00Z`) / DAY;

/**
 * One location of an answer shaped like Open-Meteo's, for local days first..last. The temperature
 * is the UTC hour of day of each slot, so a test can tell which hour was picked.
 */
function locationAnswer(lat: number, lng: number, first: number, last: number, utcOffsetSeconds: number) {
  const time: string[] = [];
  const utcHours: number[] = [];
  for (let slot = first * 24; slot < (last + 1) * 24; slot += 1) {
    time.push(new Date(slot * HOUR).toISOString().slice(0, 16));
    utcHours.push(new Date(slot * HOUR - utcOffsetSeconds * 1000).getUTCHours());
  }
  return {
    latitude: lat + 0.02,
    longitude: lng - 0.01,
    generationtime_ms: 3.1,
    utc_offset_seconds: utcOffsetSeconds,
    timezone: 'GMT',
    timezone_abbreviation: 'GMT',
    elevation: 40,
    hourly_units: { time: 'iso8601', temperature_2m: '°C', relative_humidity_2m: '%', precipitation: 'mm', wind_speed_10m: 'km/h', weather_code: 'wmo code' },
    hourly: {
      time,
      temperature_2m: utcHours,
      relative_humidity_2m: time.map(() => 55),
      precipitation: time.map(() => 0.1),
      wind_speed_10m: time.map(() => 9.5),
      weather_code: time.map(() => 2),
    },
  };
}

type Override = (url: URL, call: number) => Response | Error | undefined;

/** A fake Open-Meteo answering from the URL as the service does (one object for one location). */
function fakeOpenMeteo(override?: Override) {
  const urls: URL[] = [];
  const fetchFake = vi.fn(async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    urls.push(url);
    const overridden = override?.(url, urls.length);
    if (overridden instanceof Error) throw overridden;
    if (overridden) return overridden;
    const list = (name: string) => (url.searchParams.get(name) ?? '').split(',').filter(Boolean);
    const lats = list('latitude').map(Number);
    const lngs = list('longitude').map(Number);
    const starts = list('start_date');
    const ends = list('end_date');
    const answers = lats.map((lat, index) => {
      const lng = lngs[index]!;
      const offset = Math.round(lng / 15) * 3600;
      if (url.hostname === 'archive-api.open-meteo.com') {
        return locationAnswer(lat, lng, dayOfDate(starts[index]!), dayOfDate(ends[index]!), offset);
      }
      const today = Math.floor((NOW + offset * 1000) / DAY);
      const past = Number(url.searchParams.get('past_days'));
      const ahead = Number(url.searchParams.get('forecast_days'));
      return locationAnswer(lat, lng, today - past, today + ahead - 1, offset);
    });
    return Response.json(answers.length === 1 ? answers[0] : answers);
  });
  return { fetch: fetchFake as unknown as typeof fetch, urls };
}

/** Two years of runs every other day at home, a few in Sydney and a few from the last week. */
function history(): WeatherRun[] {
  const runs: WeatherRun[] = [];
  for (let day = 10; day < 730; day += 2) runs.push(run(NOW - day * DAY - 5 * HOUR, BERLIN));
  runs.push(run(Date.UTC(2025, 1, 3, 20, 40), SYDNEY), run(Date.UTC(2025, 1, 5, 21, 10), SYDNEY));
  runs.push(run(NOW - 2 * DAY, BERLIN), run(NOW - 3 * HOUR, undefined, true));
  return runs;
}

describe('fetchWeatherForRuns', () => {
  it('gives every run the weather at its start hour, in a few requests', async () => {
    const runs = history();
    const { fetch, urls } = fakeOpenMeteo();
    const result = await fetchWeatherForRuns(runs, { fetch, now: NOW });
    expect(result.errors).toEqual([]);
    expect(result.requests).toBe(urls.length);
    expect(result.requests).toBe(planWeatherRequests(runs, { now: NOW }).requests.length);
    expect(result.requests).toBeLessThanOrEqual(4);
    expect(result.weather.size).toBe(runs.length);
    for (const theRun of runs) {
      const weather = result.weather.get(theRun.id)!;
      expect(weather.temperatureC, `run ${theRun.id}`).toBe(new Date(theRun.startTime).getUTCHours());
    }
  });

  it('reads both answer shapes: one object for one location, an array for several', async () => {
    const single = fakeOpenMeteo();
    const one = run(NOW - 40 * DAY, BERLIN);
    expect((await fetchWeatherForRuns([one], { fetch: single.fetch, now: NOW })).weather.get(one.id)?.source).toBe('archive');

    const several = fakeOpenMeteo();
    const two = [run(NOW - 40 * DAY, BERLIN), run(NOW - 40 * DAY, SYDNEY)];
    const result = await fetchWeatherForRuns(two, { fetch: several.fetch, now: NOW });
    expect(several.urls).toHaveLength(1);
    expect(two.map((theRun) => result.weather.get(theRun.id)?.source)).toEqual(['archive', 'archive']);
  });

  it('marks where the weather came from and for which place', async () => {
    const outdoor = run(NOW - 40 * DAY, BERLIN);
    const recent = run(NOW - 2 * DAY, BERLIN);
    const treadmill = run(NOW - 41 * DAY, undefined, true);
    const result = await fetchWeatherForRuns([outdoor, recent, treadmill], { fetch: fakeOpenMeteo().fetch, now: NOW });
    expect(result.weather.get(outdoor.id)).toMatchObject({ source: 'archive', place: { lat: 52.5, lng: 13.4, basis: 'start' } });
    expect(result.weather.get(recent.id)).toMatchObject({ source: 'forecast', place: { basis: 'start' } });
    expect(result.weather.get(treadmill.id)).toMatchObject({ source: 'archive', place: { lat: 52.5, lng: 13.4, basis: 'home' } });
    expect(result.weather.get(outdoor.id)).toMatchObject({ precipitationMm: 0.1, windSpeedKmh: 9.5, humidityPct: 55, weatherCode: 2 });
  });

  it('asks the archive for old runs and the forecast for last week’s', async () => {
    const { fetch, urls } = fakeOpenMeteo();
    await fetchWeatherForRuns([run(NOW - 400 * DAY, BERLIN), run(NOW - 3 * DAY, BERLIN)], { fetch, now: NOW });
    expect(urls.map((url) => url.hostname).sort()).toEqual(['api.open-meteo.com', 'archive-api.open-meteo.com']);
  });

  it('uses the home it is given for runs without coordinates', async () => {
    const { fetch, urls } = fakeOpenMeteo();
    const treadmill = run(NOW - 30 * DAY, undefined, true);
    const result = await fetchWeatherForRuns([treadmill], { fetch, now: NOW, home: SYDNEY });
    expect(urls[0]?.searchParams.get('latitude')).toBe('-33.9');
    expect(result.weather.get(treadmill.id)?.place).toEqual({ lat: -33.9, lng: 151.2, basis: 'home' });
  });

  it('gives the stand-in, without asking, to a run with neither start nor home', async () => {
    const { fetch, urls } = fakeOpenMeteo();
    const nowhere = run(NOW - 30 * DAY);
    const result = await fetchWeatherForRuns([nowhere], { fetch, now: NOW });
    expect(urls).toEqual([]);
    expect(result.weather.get(nowhere.id)).toEqual({ ...FALLBACK_WEATHER, source: 'fallback', place: { lat: 0, lng: 0, basis: 'none' } });
    expect(result.errors).toEqual([]);
  });

  const failures: Array<[string, Override, RegExp]> = [
    [
      'HTTP 500',
      () => Response.json({ error: true, reason: 'Internal server error' }, { status: 500 }),
      /^Open-Meteo weather history \(archive-api\.open-meteo\.com\) answered HTTP 500: Internal server error$/,
    ],
    ['HTTP 502 with an HTML page', () => new Response('<html>Bad Gateway</html>', { status: 502 }), /archive-api\.open-meteo\.com\) answered HTTP 502$/],
    [
      'an answer in another shape',
      () => Response.json({ latitude: 52.5, longitude: 13.4, utc_offset_seconds: 0, hourly: { time: [] } }),
      /archive-api\.open-meteo\.com\) answered in a shape RunSound does not know \(hourly\.temperature_2m/,
    ],
    ['an answer that is not JSON', () => new Response('<html>maintenance</html>', { status: 200 }), /archive-api\.open-meteo\.com\) answered with something that is not JSON/],
    ['a network error', () => new TypeError('Failed to fetch'), /archive-api\.open-meteo\.com\) could not be reached: Failed to fetch/],
  ];
  it.each(failures)('on %s gives that request’s runs the stand-in and keeps the others', async (_name, failure, message) => {
    const runs = history();
    const plan = planWeatherRequests(runs, { now: NOW });
    const failing = plan.requests.findIndex((request) => request.endpoint === 'archive');
    const failedIds = new Set(plan.requests[failing]!.locations.flatMap((location) => location.runIds));
    const { fetch } = fakeOpenMeteo((_url, call) => (call === failing + 1 ? failure(_url, call) : undefined));

    const result = await fetchWeatherForRuns(runs, { fetch, now: NOW });

    expect(result.requests).toBe(plan.requests.length);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(message);
    expect(result.weather.size).toBe(runs.length);
    for (const theRun of runs) {
      const weather = result.weather.get(theRun.id)!;
      if (failedIds.has(theRun.id)) {
        expect(weather).toEqual({ ...FALLBACK_WEATHER, source: 'fallback', place: plan.places.get(theRun.id) });
      } else {
        expect(weather.source).not.toBe('fallback');
      }
    }
  });

  it('gives the stand-in to a run its answer has no hour for, and says so', async () => {
    const theRun = run(NOW - 40 * DAY, BERLIN);
    const early = locationAnswer(52.5, 13.4, Math.floor((NOW - 60 * DAY) / DAY), Math.floor((NOW - 50 * DAY) / DAY), 3600);
    const { fetch } = fakeOpenMeteo(() => Response.json(early));
    const result = await fetchWeatherForRuns([theRun], { fetch, now: NOW });
    expect(result.weather.get(theRun.id)?.source).toBe('fallback');
    expect(result.errors).toEqual([
      `Open-Meteo weather history (archive-api.open-meteo.com) had no weather for the start hour of 1 run (${theRun.id})`,
    ]);
  });

  it('gives the stand-in for an hour with missing values (null)', async () => {
    const theRun = run(Date.UTC(2025, 3, 10, 6, 30), BERLIN);
    const answer = locationAnswer(52.5, 13.4, dayOfDate('2025-04-09'), dayOfDate('2025-04-10'), 3600);
    answer.hourly.temperature_2m = answer.hourly.temperature_2m.map((value, index) =>
      answer.hourly.time[index] === '2025-04-10T07:00' ? (null as unknown as number) : value,
    );
    const { fetch } = fakeOpenMeteo(() => Response.json(answer));
    const result = await fetchWeatherForRuns([theRun], { fetch, now: NOW });
    expect(result.weather.get(theRun.id)?.source).toBe('fallback');
    expect(result.errors[0]).toMatch(/no weather for the start hour of 1 run/);
  });

  it('stops at HTTP 429 and reports it, leaving the rest for later', async () => {
    const runs = history();
    const plan = planWeatherRequests(runs, { now: NOW });
    expect(plan.requests.length).toBeGreaterThanOrEqual(3);
    const { fetch, urls } = fakeOpenMeteo((_url, call) =>
      call === 2 ? Response.json({ error: true, reason: 'Minutely API request limit exceeded' }, { status: 429, headers: { 'retry-after': '60' } }) : undefined,
    );

    const result = await fetchWeatherForRuns(runs, { fetch, now: NOW });

    expect(urls).toHaveLength(2);
    expect(result.requests).toBe(2);
    const deferred = plan.requests.slice(1).flatMap((request) => request.locations.flatMap((location) => location.runIds));
    expect(result.rateLimited).toEqual({ endpoint: plan.requests[1]!.endpoint, retryAfterSeconds: 60, deferredRunIds: deferred });
    expect(result.errors).toEqual([expect.stringMatching(/is limiting requests \(HTTP 429\): weather will be fetched again in 60 s/)]);
    for (const runId of deferred) expect(result.weather.has(runId)).toBe(false);
    for (const location of plan.requests[0]!.locations) {
      for (const runId of location.runIds) expect(result.weather.get(runId)?.source).not.toBe('fallback');
    }
  });

  it('reports progress in runs after each request', async () => {
    const runs = [...history(), run(NOW - 30 * DAY)];
    const progress: Array<[number, number]> = [];
    const result = await fetchWeatherForRuns(runs, {
      fetch: fakeOpenMeteo().fetch,
      now: NOW,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(progress).toHaveLength(result.requests + 1);
    expect(progress.every(([, total]) => total === runs.length)).toBe(true);
    expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual([runs.length, runs.length]);
  });

  it('calls fetch on its own, as browsers require of window.fetch', async () => {
    const { fetch: answer } = fakeOpenMeteo();
    const strictFetch = function (this: unknown, input: string | URL | Request) {
      if (this !== undefined && this !== globalThis) throw new TypeError('Illegal invocation');
      return answer(input);
    } as typeof fetch;
    const theRun = run(NOW - 40 * DAY, BERLIN);
    const result = await fetchWeatherForRuns([theRun], { fetch: strictFetch, now: NOW });
    expect(result.errors).toEqual([]);
    expect(result.weather.get(theRun.id)?.source).toBe('archive');
  });
});

describe('forecastFor', () => {
  it('gives the forecast at the start hour of a planned run, at the home cell', async () => {
    const { fetch, urls } = fakeOpenMeteo();
    const start = NOW + 3 * DAY + 5 * HOUR;
    const result = await forecastFor(BERLIN, start, { fetch, now: NOW });
    expect(result.error).toBeUndefined();
    expect(result.weather).toMatchObject({ source: 'forecast', temperatureC: new Date(start).getUTCHours(), place: { lat: 52.5, lng: 13.4, basis: 'home' } });
    expect(urls[0]?.origin + urls[0]!.pathname).toBe('https://api.open-meteo.com/v1/forecast');
    expect(Number(urls[0]?.searchParams.get('forecast_days'))).toBeLessThanOrEqual(16);
  });

  it.each([
    ['15 days ahead', 15 * DAY],
    ['later today', 2 * HOUR],
    ['an hour ago', -HOUR],
  ])('reaches a run %s', async (_name, ahead) => {
    const result = await forecastFor(SYDNEY, NOW + ahead, { fetch: fakeOpenMeteo().fetch, now: NOW, basis: 'start' });
    expect(result.weather).toMatchObject({ source: 'forecast', place: { basis: 'start' } });
  });

  it('gives the stand-in without asking for a run more than 16 days ahead', async () => {
    const { fetch, urls } = fakeOpenMeteo();
    const result = await forecastFor(BERLIN, NOW + 17 * DAY, { fetch, now: NOW });
    expect(urls).toEqual([]);
    expect(result.weather).toEqual({ ...FALLBACK_WEATHER, source: 'fallback', place: { lat: 52.5, lng: 13.4, basis: 'home' } });
    expect(result.error).toMatch(/16 days ahead at most/);
  });

  it('gives the stand-in without a place', async () => {
    const { fetch, urls } = fakeOpenMeteo();
    const result = await forecastFor(undefined, NOW + DAY, { fetch, now: NOW });
    expect(urls).toEqual([]);
    expect(result.weather.place).toEqual({ lat: 0, lng: 0, basis: 'none' });
    expect(result.weather.source).toBe('fallback');
  });

  it.each([
    ['HTTP 503', () => new Response('', { status: 503 }), /^Open-Meteo forecast \(api\.open-meteo\.com\) answered HTTP 503$/, undefined],
    ['a network error', () => new TypeError('Failed to fetch'), /api\.open-meteo\.com\) could not be reached/, undefined],
    ['HTTP 429', () => new Response('', { status: 429 }), /limiting requests \(HTTP 429\)/, { endpoint: 'forecast' }],
  ] as Array<[string, Override, RegExp, unknown]>)('gives the stand-in on %s, saying why', async (_name, failure, message, rateLimited) => {
    const result = await forecastFor(BERLIN, NOW + DAY, { fetch: fakeOpenMeteo(failure).fetch, now: NOW });
    expect(result.weather.source).toBe('fallback');
    expect(result.error).toMatch(message);
    expect(result.rateLimited).toEqual(rateLimited);
  });
});

it('credits Open-Meteo as its licence asks', () => {
  expect(WEATHER_ATTRIBUTION).toBe('Weather data by Open-Meteo.com');
});
