import { describe, expect, it } from 'vitest';
import type { LatLng } from '@/lib/runs';
import {
  buildUrl,
  cellOf,
  daysAround,
  homeLocation,
  isUsablePlace,
  isoDate,
  MAX_LOCATIONS_PER_REQUEST,
  MAX_RANGE_DAYS,
  MAX_REQUEST_WEIGHT,
  planWeatherRequests,
  queryWeight,
  weatherPlaceOf,
  type WeatherPlan,
  type WeatherRun,
} from '@/lib/weather';
import { BERLIN, DAY, HOUR, NOW, weatherRun as run } from '../fixtures/weather-runs';

const MUNICH = { lat: 48.137, lng: 11.575 };
const MALLORCA = { lat: 39.57, lng: 2.63 };
const WATOPIA = { lat: -11.64, lng: 166.95 };

const daysAgo = (days: number, start: LatLng = BERLIN) => run(NOW - days * DAY, start);

/** Each run's request and location, checking that it is in exactly one. */
function whereIs(plan: WeatherPlan) {
  const found = new Map<string, { endpoint: string; startDate?: string; endDate?: string; place: LatLng }>();
  for (const request of plan.requests) {
    for (const location of request.locations) {
      for (const runId of location.runIds) {
        expect(found.has(runId), `run ${runId} is asked for twice`).toBe(false);
        found.set(runId, { endpoint: request.endpoint, place: location.place, ...('startDate' in location ? { startDate: location.startDate, endDate: location.endDate } : {}) });
      }
    }
  }
  return found;
}

describe('cellOf', () => {
  it.each([
    [BERLIN, { lat: 52.5, lng: 13.4 }, '525:134'],
    [{ lat: -33.87, lng: 151.21 }, { lat: -33.9, lng: 151.2 }, '-339:1512'],
    [{ lat: 40.7128, lng: -74.006 }, { lat: 40.7, lng: -74 }, '407:-740'],
    [{ lat: 0.04, lng: -0.04 }, { lat: 0, lng: 0 }, '0:0'],
  ])('puts %j in the cell centred on %j', (place, centre, key) => {
    const cell = cellOf(place);
    expect(cell.place).toEqual(centre);
    expect(Object.is(cell.place.lng, -0)).toBe(false);
    expect(cell.key).toBe(key);
  });
});

describe('isUsablePlace', () => {
  it.each([
    [undefined, false],
    [{ lat: Number.NaN, lng: 13 }, false],
    [{ lat: 91, lng: 13 }, false],
    [{ lat: 52, lng: 181 }, false],
    // Some sources' way of writing "no position".
    [{ lat: 0, lng: 0 }, false],
    [BERLIN, true],
    [{ lat: 0, lng: 9.5 }, true],
  ])('%j → %s', (place, usable) => {
    expect(isUsablePlace(place)).toBe(usable);
  });
});

describe('homeLocation', () => {
  it('is the centre of the cell most runs start in', () => {
    const runs = [daysAgo(30), daysAgo(20, MUNICH), daysAgo(10), daysAgo(5, MUNICH), daysAgo(3, { lat: 52.53, lng: 13.39 })];
    expect(homeLocation(runs)).toEqual({ lat: 52.5, lng: 13.4 });
  });

  it('ignores treadmill and virtual runs, even with coordinates', () => {
    const zwift = Array.from({ length: 5 }, (_, index) => run(NOW - index * DAY, WATOPIA, true));
    expect(homeLocation([...zwift, daysAgo(40, MUNICH)])).toEqual({ lat: 48.1, lng: 11.6 });
  });

  it('breaks a tie by the most recent run', () => {
    expect(homeLocation([daysAgo(30), daysAgo(20, MUNICH), daysAgo(10, MUNICH), daysAgo(5)])).toEqual({ lat: 52.5, lng: 13.4 });
  });

  it('is undefined without any usable start', () => {
    expect(homeLocation([run(NOW), run(NOW, { lat: 0, lng: 0 }), run(NOW, BERLIN, true)])).toBeUndefined();
  });
});

describe('weatherPlaceOf', () => {
  const home = { lat: 48.14, lng: 11.58 };
  it.each([
    ['an outdoor run at its start', run(NOW, BERLIN), home, { lat: 52.5, lng: 13.4, basis: 'start' }],
    ['a treadmill run at home', run(NOW, undefined, true), home, { lat: 48.1, lng: 11.6, basis: 'home' }],
    ['a virtual run at home, not in Watopia', run(NOW, WATOPIA, true), home, { lat: 48.1, lng: 11.6, basis: 'home' }],
    ['a CSV run without coordinates at home', run(NOW), home, { lat: 48.1, lng: 11.6, basis: 'home' }],
    ['a run with neither start nor home nowhere', run(NOW), undefined, { lat: 0, lng: 0, basis: 'none' }],
  ])('puts %s', (_name, theRun, theHome, place) => {
    expect(weatherPlaceOf(theRun, theHome)).toEqual(place);
  });
});

describe('planWeatherRequests: archive or forecast by age', () => {
  it.each([
    ['1 hour', 'forecast', 1 / 24],
    ['3 days', 'forecast', 3],
    ['6.9 days', 'forecast', 6.9],
    ['7.1 days', 'archive', 7.1],
    ['30 days', 'archive', 30],
    ['3 years', 'archive', 3 * 365],
  ])('a run %s old comes from the %s', (_name, endpoint, days) => {
    const young = daysAgo(days);
    const plan = planWeatherRequests([young], { now: NOW });
    expect(whereIs(plan).get(young.id)?.endpoint).toBe(endpoint);
  });

  it.each([
    ['more than 16 days ahead', NOW + 17 * DAY, /more than 16 days/],
    ['before the archive begins (1940)', Date.UTC(1930, 0, 1), /no weather for/],
    ['without a valid time', Number.NaN, /no weather for/],
  ])('asks nothing for a run %s, and says why', (_name, startTime, reason) => {
    const odd = run(startTime, BERLIN);
    const plan = planWeatherRequests([odd], { now: NOW });
    expect(plan.requests).toEqual([]);
    expect(plan.unrequested).toEqual([{ runId: odd.id, reason: expect.stringMatching(reason) }]);
  });

  it('asks the forecast for enough past days to reach the oldest recent run', () => {
    const plan = planWeatherRequests([daysAgo(6), daysAgo(1, MUNICH), daysAgo(2)], { now: NOW });
    expect(plan.requests).toHaveLength(1);
    const [request] = plan.requests;
    expect(request?.locations).toHaveLength(2);
    if (request?.endpoint !== 'forecast') throw new Error('expected the forecast');
    expect(request.pastDays).toBeGreaterThanOrEqual(7);
    expect(request.pastDays).toBeLessThanOrEqual(92);
    expect(request.forecastDays).toBeGreaterThanOrEqual(1);
    expect(buildUrl(request)).toMatch(/^https:\/\/api\.open-meteo\.com\/v1\/forecast\?latitude=52\.5,48\.1&longitude=13\.4,11\.6&.*&past_days=\d+&forecast_days=\d+$/);
  });
});

describe('planWeatherRequests: places', () => {
  it('puts treadmill and coordinate-less runs in the home cell, with the outdoor runs there', () => {
    const runs = [daysAgo(100), daysAgo(101), run(NOW - 102 * DAY, undefined, true), run(NOW - 103 * DAY)];
    const plan = planWeatherRequests(runs, { now: NOW });
    expect(plan.requests.flatMap((request) => request.locations)).toHaveLength(1);
    expect(plan.places.get(runs[2]!.id)).toEqual({ lat: 52.5, lng: 13.4, basis: 'home' });
    expect(plan.places.get(runs[0]!.id)).toEqual({ lat: 52.5, lng: 13.4, basis: 'start' });
  });

  it('uses the home the caller gives over the most frequent start', () => {
    const treadmill = run(NOW - 50 * DAY, undefined, true);
    const plan = planWeatherRequests([daysAgo(40), daysAgo(41), treadmill], { now: NOW, home: MUNICH });
    expect(plan.places.get(treadmill.id)).toEqual({ lat: 48.1, lng: 11.6, basis: 'home' });
    expect(whereIs(plan).get(treadmill.id)?.place).toEqual({ lat: 48.1, lng: 11.6 });
  });

  it('asks nothing for a run with neither start nor home, and reports no error', () => {
    const nowhere = run(NOW - 40 * DAY);
    const plan = planWeatherRequests([nowhere], { now: NOW });
    expect(plan.requests).toEqual([]);
    expect(plan.unrequested).toEqual([{ runId: nowhere.id }]);
    expect(plan.places.get(nowhere.id)).toEqual({ lat: 0, lng: 0, basis: 'none' });
  });
});

/** 1,000 runs over 4 years: most at home, a weekend a month at the parents', a fortnight a year on holiday. */
function fourYears(): WeatherRun[] {
  const runs: WeatherRun[] = [];
  for (let month = 0; month < 48; month += 1) {
    runs.push(run(Date.UTC(2022, 6 + month, 4, 7), MUNICH), run(Date.UTC(2022, 6 + month, 5, 8), MUNICH));
  }
  for (let year = 2022; year <= 2025; year += 1) {
    for (let day = 10; day < 24; day += 2) runs.push(run(Date.UTC(year, 6, day, 6, 30), MALLORCA));
  }
  for (let index = 0; index < 40; index += 1) runs.push(run(Date.UTC(2023, 0, 2) + index * 9 * DAY + 18 * HOUR, undefined, true));
  let time = NOW - 2 * HOUR;
  while (runs.length < 1000) {
    runs.push(run(time, BERLIN));
    time -= 1.65 * DAY;
  }
  return runs;
}

describe('planWeatherRequests: batching', () => {
  const runs = fourYears();
  const plan = planWeatherRequests(runs, { now: NOW });
  const located = whereIs(plan);

  it('needs at most 40 requests for 1,000 runs over 4 years at 3 places', () => {
    expect(runs[runs.length - 1]!.startTime).toBeLessThan(NOW - 3.5 * 365 * DAY);
    expect(plan.requests.length).toBeLessThanOrEqual(40);
  });

  it('asks for every run exactly once', () => {
    expect(located.size).toBe(runs.length);
    expect(plan.unrequested).toEqual([]);
  });

  it("covers each run's possible local dates with its location's range", () => {
    for (const theRun of runs) {
      const location = located.get(theRun.id)!;
      if (location.endpoint !== 'archive') continue;
      const days = daysAround(theRun.startTime);
      expect(location.startDate! <= isoDate(days.first) && isoDate(days.last) <= location.endDate!).toBe(true);
    }
  });

  it('keeps every request within its weight and location limits, and states its weight', () => {
    for (const request of plan.requests) {
      expect(request.weight).toBeLessThanOrEqual(MAX_REQUEST_WEIGHT + 1e-9);
      expect(request.locations.length).toBeLessThanOrEqual(MAX_LOCATIONS_PER_REQUEST);
      expect(request.weight).toBeCloseTo(queryWeight(request), 9);
    }
  });

  it('asks the newest data first', () => {
    expect(plan.requests[0]?.endpoint).toBe('forecast');
    const newest = plan.requests
      .filter((request) => request.endpoint === 'archive')
      .map((request) => request.locations.map((location) => location.endDate).sort().at(-1)!);
    expect(newest).toEqual([...newest].sort().reverse());
  });

  it('costs far less than one range per place over all 4 years', () => {
    const total = plan.requests.reduce((sum, request) => sum + request.weight, 0);
    expect(total).toBeLessThan(3 * ((4 * 365) / 28));
  });
});

describe('planWeatherRequests: date ranges', () => {
  const daily = (fromDay: number, days: number, start: LatLng = BERLIN) =>
    Array.from({ length: days }, (_, index) => run(Date.UTC(2024, 0, 1) + (fromDay + index) * DAY + 7 * HOUR, start));
  const rangesOf = (runs: WeatherRun[]) =>
    planWeatherRequests(runs, { now: NOW })
      .requests.flatMap((request) =>
        request.endpoint === 'archive' ? request.locations.map((location) => `${location.startDate}..${location.endDate}`) : ['forecast'],
      )
      .sort();

  it.each([
    ['two runs 10 days apart share a range (the first 4 weeks are paid anyway)', [...daily(0, 1), ...daily(10, 1)], ['2023-12-31..2024-01-11']],
    ['two runs 90 days apart get a range each', [...daily(0, 1), ...daily(90, 1)], ['2023-12-31..2024-01-01', '2024-03-30..2024-03-31']],
    ['daily runs with a 5-day break stay one range', [...daily(0, 60), ...daily(65, 60)], ['2023-12-31..2024-05-04']],
    ['daily runs with a 30-day break are cut around it', [...daily(0, 100), ...daily(130, 100)], ['2023-12-31..2024-04-09', '2024-05-09..2024-08-17']],
  ])('%s', (_name, runs, ranges) => {
    expect(rangesOf(runs)).toEqual(ranges);
  });

  it(`cuts daily runs over 2 years into ranges of at most ${MAX_RANGE_DAYS} days`, () => {
    const ranges = rangesOf(daily(0, 730));
    expect(ranges).toHaveLength(2);
    for (const range of ranges) {
      const [first, last] = range.split('..') as [string, string];
      expect((Date.parse(last) - Date.parse(first)) / DAY + 1).toBeLessThanOrEqual(MAX_RANGE_DAYS);
    }
  });

  it('gives places their own ranges, even on the same days', () => {
    expect(rangesOf([...daily(0, 3), ...daily(0, 3, MUNICH)])).toEqual(['2023-12-31..2024-01-03', '2023-12-31..2024-01-03']);
  });
});
