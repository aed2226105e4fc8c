import { describe, expect, it } from 'vitest';
import {
  dayOf,
  FALLBACK_WEATHER,
  fetchWeatherForRuns,
  forecastFor,
  isoDate,
  planWeatherRequests,
  WEATHER_ATTRIBUTION,
  type WeatherRun,
} from '@/lib/weather';
import { fakeOpenMeteoFetch, localDayHours, locationAnswer, openMeteoHour, type OpenMeteoOverride } from '../fixtures/open-meteo';
import { BERLIN, DAY, HOUR, NOW, weatherRun as run } from '../fixtures/weather-runs';

const SYDNEY = { lat: -33.87, lng: 151.21 };

/** The fake Open-Meteo, its clock set to the tests' now. */
const fakeOpenMeteo = (override?: OpenMeteoOverride) => fakeOpenMeteoFetch({ now: NOW, override });

/** The weather RunSound should read from the fake's answer for the hour containing `time`. */
function weatherOfHour(time: number) {
  const hour = openMeteoHour(time);
  return {
    temperatureC: hour.temperature_2m,
    precipitationMm: hour.precipitation,
    windSpeedKmh: hour.wind_speed_10m,
    humidityPct: hour.relative_humidity_2m,
    weatherCode: hour.weather_code,
  };
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
    const { fetch, requests } = fakeOpenMeteo();
    const result = await fetchWeatherForRuns(runs, { fetch, now: NOW });
    expect(result.errors).toEqual([]);
    expect(result.requests).toBe(requests.length);
    expect(result.requests).toBe(planWeatherRequests(runs, { now: NOW }).requests.length);
    expect(result.requests).toBeLessThanOrEqual(4);
    expect(result.weather.size).toBe(runs.length);
    for (const theRun of runs) {
      const weather = result.weather.get(theRun.id)!;
      expect(weather, `run ${theRun.id}`).toMatchObject(weatherOfHour(theRun.startTime));
    }
  });

  it('reads both answer shapes: one object for one location, an array for several', async () => {
    const single = fakeOpenMeteo();
    const one = run(NOW - 40 * DAY, BERLIN);
    expect((await fetchWeatherForRuns([one], { fetch: single.fetch, now: NOW })).weather.get(one.id)?.source).toBe('archive');

    const several = fakeOpenMeteo();
    const two = [run(NOW - 40 * DAY, BERLIN), run(NOW - 40 * DAY, SYDNEY)];
    const result = await fetchWeatherForRuns(two, { fetch: several.fetch, now: NOW });
    expect(several.requests).toHaveLength(1);
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
    expect(result.weather.get(outdoor.id)).toMatchObject(weatherOfHour(outdoor.startTime));
  });

  it('asks the archive for old runs and the forecast for last week’s', async () => {
    const { fetch, requests } = fakeOpenMeteo();
    await fetchWeatherForRuns([run(NOW - 400 * DAY, BERLIN), run(NOW - 3 * DAY, BERLIN)], { fetch, now: NOW });
    expect(requests.map((url) => url.hostname).sort()).toEqual(['api.open-meteo.com', 'archive-api.open-meteo.com']);
  });

  it('uses the home it is given for runs without coordinates', async () => {
    const { fetch, requests } = fakeOpenMeteo();
    const treadmill = run(NOW - 30 * DAY, undefined, true);
    const result = await fetchWeatherForRuns([treadmill], { fetch, now: NOW, home: SYDNEY });
    expect(requests[0]?.searchParams.get('latitude')).toBe('-33.9');
    expect(result.weather.get(treadmill.id)?.place).toEqual({ lat: -33.9, lng: 151.2, basis: 'home' });
  });

  it('gives the stand-in, without asking, to a run with neither start nor home', async () => {
    const { fetch, requests } = fakeOpenMeteo();
    const nowhere = run(NOW - 30 * DAY);
    const result = await fetchWeatherForRuns([nowhere], { fetch, now: NOW });
    expect(requests).toEqual([]);
    expect(result.weather.get(nowhere.id)).toEqual({ ...FALLBACK_WEATHER, source: 'fallback', place: { lat: 0, lng: 0, basis: 'none' } });
    expect(result.errors).toEqual([]);
  });

  const failures: Array<[string, OpenMeteoOverride, RegExp]> = [
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
    const early = locationAnswer({ lat: 52.5, lng: 13.4 }, 3600, localDayHours(isoDate(dayOf(NOW - 60 * DAY)), isoDate(dayOf(NOW - 50 * DAY))));
    const { fetch } = fakeOpenMeteo(() => Response.json(early));
    const result = await fetchWeatherForRuns([theRun], { fetch, now: NOW });
    expect(result.weather.get(theRun.id)?.source).toBe('fallback');
    expect(result.errors).toEqual([
      `Open-Meteo weather history (archive-api.open-meteo.com) had no weather for the start hour of 1 run (${theRun.id})`,
    ]);
  });

  it('gives the stand-in for an hour with missing values (null)', async () => {
    const theRun = run(Date.UTC(2025, 3, 10, 6, 30), BERLIN);
    const answer = locationAnswer({ lat: 52.5, lng: 13.4 }, 3600, localDayHours('2025-04-09', '2025-04-10'));
    answer.hourly.temperature_2m[answer.hourly.time.indexOf('2025-04-10T07:00')] = null;
    const { fetch } = fakeOpenMeteo(() => Response.json(answer));
    const result = await fetchWeatherForRuns([theRun], { fetch, now: NOW });
    expect(result.weather.get(theRun.id)?.source).toBe('fallback');
    expect(result.errors[0]).toMatch(/no weather for the start hour of 1 run/);
  });

  it('stops at HTTP 429 and reports it, leaving the rest for later', async () => {
    const runs = history();
    const plan = planWeatherRequests(runs, { now: NOW });
    expect(plan.requests.length).toBeGreaterThanOrEqual(3);
    const { fetch, requests } = fakeOpenMeteo((_url, call) =>
      call === 2 ? Response.json({ error: true, reason: 'Minutely API request limit exceeded' }, { status: 429, headers: { 'retry-after': '60' } }) : undefined,
    );

    const result = await fetchWeatherForRuns(runs, { fetch, now: NOW });

    expect(requests).toHaveLength(2);
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
    const { fetch, requests } = fakeOpenMeteo();
    const start = NOW + 3 * DAY + 5 * HOUR;
    const result = await forecastFor(BERLIN, start, { fetch, now: NOW });
    expect(result.error).toBeUndefined();
    expect(result.weather).toMatchObject({ ...weatherOfHour(start), source: 'forecast', place: { lat: 52.5, lng: 13.4, basis: 'home' } });
    expect(requests[0]?.origin + requests[0]!.pathname).toBe('https://api.open-meteo.com/v1/forecast');
    expect(Number(requests[0]?.searchParams.get('forecast_days'))).toBeLessThanOrEqual(16);
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
    const { fetch, requests } = fakeOpenMeteo();
    const result = await forecastFor(BERLIN, NOW + 17 * DAY, { fetch, now: NOW });
    expect(requests).toEqual([]);
    expect(result.weather).toEqual({ ...FALLBACK_WEATHER, source: 'fallback', place: { lat: 52.5, lng: 13.4, basis: 'home' } });
    expect(result.error).toMatch(/16 days ahead at most/);
  });

  it('gives the stand-in without a place', async () => {
    const { fetch, requests } = fakeOpenMeteo();
    const result = await forecastFor(undefined, NOW + DAY, { fetch, now: NOW });
    expect(requests).toEqual([]);
    expect(result.weather.place).toEqual({ lat: 0, lng: 0, basis: 'none' });
    expect(result.weather.source).toBe('fallback');
  });

  it.each([
    ['HTTP 503', () => new Response('', { status: 503 }), /^Open-Meteo forecast \(api\.open-meteo\.com\) answered HTTP 503$/, undefined],
    ['a network error', () => new TypeError('Failed to fetch'), /api\.open-meteo\.com\) could not be reached/, undefined],
    ['HTTP 429', () => new Response('', { status: 429 }), /limiting requests \(HTTP 429\)/, { endpoint: 'forecast' }],
  ] as Array<[string, OpenMeteoOverride, RegExp, unknown]>)('gives the stand-in on %s, saying why', async (_name, failure, message, rateLimited) => {
    const result = await forecastFor(BERLIN, NOW + DAY, { fetch: fakeOpenMeteo(failure).fetch, now: NOW });
    expect(result.weather.source).toBe('fallback');
    expect(result.error).toMatch(message);
    expect(result.rateLimited).toEqual(rateLimited);
  });
});

it('credits Open-Meteo as its licence asks', () => {
  expect(WEATHER_ATTRIBUTION).toBe('Weather data by Open-Meteo.com');
});

describe('Open-Meteo that never answers', () => {
  /** A fetch that hangs until its signal aborts it, as a stalled connection does. */
  const hanging = ((_input: string, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
    })) as unknown as typeof fetch;

  it('a forecast gives up after the timeout, with the marked stand-in', async () => {
    const result = await forecastFor(BERLIN, NOW + DAY, { fetch: hanging, now: NOW, timeoutMs: 20 });
    expect(result.weather.source).toBe('fallback');
    expect(result.error).toMatch(/did not answer within/);
  });

  it('the weather of past runs gives up after the timeout: every run gets the stand-in, nothing waits for ever', async () => {
    const runs = [run(NOW - 30 * DAY, BERLIN), run(NOW - 60 * DAY, BERLIN)];
    const result = await fetchWeatherForRuns(runs, { fetch: hanging, now: NOW, timeoutMs: 20 });
    expect([...result.weather.values()].every((weather) => weather.source === 'fallback')).toBe(true);
    expect(result.errors.join(' ')).toMatch(/did not answer within/);
  });
});
