import { describe, expect, it } from 'vitest';
import {
  buildUrl,
  callWeight,
  parseResponse,
  queryWeight,
  weatherAtHour,
  type LocationAnswer,
  type OpenMeteoQuery,
} from '@/lib/weather';
import { localHours, locationAnswer } from '../fixtures/open-meteo';

const HOURLY = 'hourly=temperature_2m,relative_humidity_2m,precipitation,wind_speed_10m,weather_code&timezone=auto';

/** An answer shaped like archive-api.open-meteo.com's, with temperature = index of the hour. */
function answer(utcOffsetSeconds: number, firstLocalHour: string, hours = 72, extra: Record<string, unknown> = {}) {
  const hourAt = (_slotStart: number, index: number) => ({
    temperature_2m: index,
    relative_humidity_2m: 71,
    precipitation: 0.3,
    wind_speed_10m: 12.4,
    weather_code: 61,
  });
  return { ...locationAnswer({ lat: 52.5, lng: 13.4 }, utcOffsetSeconds, localHours(firstLocalHour, hours), hourAt), ...extra };
}

function parsedOne(body: unknown): LocationAnswer {
  const parsed = parseResponse(body, 1);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value[0]!;
}

describe('buildUrl', () => {
  const cases: Array<[string, OpenMeteoQuery, string]> = [
    [
      'one archive location',
      { endpoint: 'archive', locations: [{ place: { lat: 52.5, lng: 13.4 }, startDate: '2024-06-09', endDate: '2024-06-11' }] },
      `https://archive-api.open-meteo.com/v1/archive?latitude=52.5&longitude=13.4&start_date=2024-06-09&end_date=2024-06-11&${HOURLY}`,
    ],
    [
      'archive locations each with its own dates, paired by position',
      {
        endpoint: 'archive',
        locations: [
          { place: { lat: 52.5, lng: 13.4 }, startDate: '2023-01-01', endDate: '2023-12-31' },
          { place: { lat: -33.9, lng: 151.2 }, startDate: '2024-02-03', endDate: '2024-02-05' },
          { place: { lat: 52.5, lng: 13.4 }, startDate: '2024-06-09', endDate: '2024-06-11' },
        ],
      },
      `https://archive-api.open-meteo.com/v1/archive?latitude=52.5,-33.9,52.5&longitude=13.4,151.2,13.4` +
        `&start_date=2023-01-01,2024-02-03,2024-06-09&end_date=2023-12-31,2024-02-05,2024-06-11&${HOURLY}`,
    ],
    [
      'forecast with past days, float noise removed',
      { endpoint: 'forecast', locations: [{ place: { lat: 0.1 * 3, lng: -122.4 } }, { place: { lat: 40.7, lng: -74 } }], pastDays: 8, forecastDays: 2 },
      `https://api.open-meteo.com/v1/forecast?latitude=0.3,40.7&longitude=-122.4,-74&${HOURLY}&past_days=8&forecast_days=2`,
    ],
  ];
  it.each(cases)('%s', (_name, query, url) => {
    expect(buildUrl(query)).toBe(url);
  });
});

describe('callWeight (Open-Meteo calculateQueryWeight)', () => {
  it.each([
    [1, 5, 1],
    [14, 5, 1],
    [28, 5, 1],
    [56, 5, 2],
    [365, 5, 365 / 28],
    // Open-Meteo's pricing page: 2 weeks of 15 variables count as 1.5 calls.
    [14, 15, 1.5],
    [14, 10, 1],
  ])('%i days of %i variables weigh %f calls', (days, variables, weight) => {
    expect(callWeight(days, variables)).toBeCloseTo(weight, 9);
  });

  it('sums the locations of a query, each with its own range', () => {
    expect(
      queryWeight({
        endpoint: 'archive',
        locations: [
          { place: { lat: 1, lng: 1 }, startDate: '2023-01-01', endDate: '2023-12-31' },
          { place: { lat: 2, lng: 2 }, startDate: '2024-06-09', endDate: '2024-06-11' },
        ],
      }),
    ).toBeCloseTo(365 / 28 + 1, 9);
    expect(queryWeight({ endpoint: 'forecast', locations: [{ place: { lat: 1, lng: 1 } }, { place: { lat: 2, lng: 2 } }], pastDays: 40, forecastDays: 2 })).toBeCloseTo(3, 9);
  });
});

describe('parseResponse', () => {
  it('reads the single-object answer of a one-location request', () => {
    const parsed = parseResponse(answer(7200, '2024-06-09T00:00'), 1);
    expect(parsed.ok && parsed.value.map((location) => location.utc_offset_seconds)).toEqual([7200]);
  });

  it('reads the array answer of a multi-location request, in the order asked', () => {
    const parsed = parseResponse([answer(3600, '2024-01-01T00:00'), answer(36000, '2024-06-09T00:00')], 2);
    expect(parsed.ok && parsed.value.map((location) => location.utc_offset_seconds)).toEqual([3600, 36000]);
  });

  it('orders by location_id when the server sends it (omitted for 0)', () => {
    const parsed = parseResponse(
      [answer(36000, '2024-06-09T00:00', 24, { location_id: 2 }), answer(3600, '2024-01-01T00:00', 24), answer(-14400, '2024-06-09T00:00', 24, { location_id: 1 })],
      3,
    );
    expect(parsed.ok && parsed.value.map((location) => location.utc_offset_seconds)).toEqual([3600, -14400, 36000]);
  });

  it('accepts null values for missing hours', () => {
    const body = answer(0, '2024-06-09T00:00', 24);
    const withGaps = { ...body, hourly: { ...body.hourly, temperature_2m: body.hourly.temperature_2m.map(() => null) } };
    expect(parseResponse(withGaps, 1).ok).toBe(true);
  });

  const body = answer(0, '2024-06-09T00:00', 24);
  const refused: Array<[string, unknown, number, RegExp]> = [
    ['an error answer', { error: true, reason: "Parameter 'start_date' is out of allowed range" }, 1, /latitude|hourly/],
    ['a missing variable', { ...body, hourly: { ...body.hourly, wind_speed_10m: undefined } }, 1, /hourly\.wind_speed_10m/],
    ['a renamed variable', { ...body, hourly: { ...body.hourly, windspeed_10m: body.hourly.wind_speed_10m, wind_speed_10m: undefined } }, 1, /wind_speed_10m/],
    ['values of the wrong type', { ...body, hourly: { ...body.hourly, precipitation: body.hourly.precipitation.map(String) } }, 1, /hourly\.precipitation/],
    ['series of different lengths', { ...body, hourly: { ...body.hourly, weather_code: [0] } }, 1, /weather_code: has 1 values for 24 hours/],
    ['times that are not local hours', { ...body, hourly: { ...body.hourly, time: body.hourly.time.map((time) => `${time}:00Z`) } }, 1, /hourly\.time/],
    ['another unit', { ...body, hourly_units: { ...body.hourly_units, temperature_2m: '°F' } }, 1, /hourly_units\.temperature_2m/],
    ['one object for two locations', body, 2, /1 locations in the answer for 2 asked/],
    ['an array of the wrong length', [body, body, body], 2, /3 locations in the answer for 2 asked/],
    ['not an object', 'Service Unavailable', 1, /.+/],
  ];
  it.each(refused)('refuses %s, saying what is wrong', (_name, input, expected, message) => {
    const parsed = parseResponse(input, expected);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});

describe('weatherAtHour', () => {
  // [case, utc_offset_seconds, first local hour of the answer, run start (UTC), slot label expected]
  const cases: Array<[string, number, string, string, string]> = [
    ['UTC, on the hour', 0, '2024-06-09T00:00', '2024-06-10T05:00:00Z', '2024-06-10T05:00'],
    ['UTC, a second before the next hour', 0, '2024-06-09T00:00', '2024-06-10T05:59:59Z', '2024-06-10T05:00'],
    ['Berlin summer run, answer fetched in summer (CEST)', 7200, '2024-06-09T00:00', '2024-06-10T04:30:00Z', '2024-06-10T06:00'],
    // The same run fetched in winter: Open-Meteo labels every hour with the offset of the request day.
    ['Berlin summer run, answer fetched in winter (CET)', 3600, '2024-06-09T00:00', '2024-06-10T04:30:00Z', '2024-06-10T05:00'],
    ['Berlin winter run, answer fetched in winter', 3600, '2024-01-14T00:00', '2024-01-15T06:10:00Z', '2024-01-15T07:00'],
    ['Berlin, the morning clocks go forward (03:30 CEST)', 3600, '2024-03-30T00:00', '2024-03-31T01:30:00Z', '2024-03-31T02:00'],
    ['Berlin, the night clocks go back: first 02:30 (CEST)', 3600, '2024-10-26T00:00', '2024-10-27T00:30:00Z', '2024-10-27T01:00'],
    ['Berlin, the night clocks go back: second 02:30 (CET)', 3600, '2024-10-26T00:00', '2024-10-27T01:30:00Z', '2024-10-27T02:00'],
    ['New York summer run, answer fetched in summer (EDT)', -14400, '2024-06-09T00:00', '2024-06-10T10:15:00Z', '2024-06-10T06:00'],
    ['New York summer run, answer fetched in winter (EST)', -18000, '2024-06-09T00:00', '2024-06-10T10:15:00Z', '2024-06-10T05:00'],
    ['New York evening run, already tomorrow in UTC', -14400, '2024-06-09T00:00', '2024-06-11T00:20:00Z', '2024-06-10T20:00'],
    ['Kolkata, half-hour offset', 19800, '2024-06-09T00:30', '2024-06-10T01:10:00Z', '2024-06-10T06:30'],
    ['Sydney morning run, still yesterday in UTC', 36000, '2024-06-09T00:00', '2024-06-09T21:00:00Z', '2024-06-10T07:00'],
  ];
  it.each(cases)('%s', (_name, offset, firstLocalHour, start, expectedSlot) => {
    const located = parsedOne(answer(offset, firstLocalHour));
    const weather = weatherAtHour(located, Date.parse(start));
    expect(weather?.temperatureC).toBe(located.hourly.time.indexOf(expectedSlot));
  });

  it('gives every value of the hour', () => {
    const located = parsedOne(answer(0, '2024-06-09T00:00'));
    expect(weatherAtHour(located, Date.parse('2024-06-09T03:20:00Z'))).toEqual({
      temperatureC: 3,
      precipitationMm: 0.3,
      windSpeedKmh: 12.4,
      humidityPct: 71,
      weatherCode: 61,
    });
  });

  it.each([
    ['before the answer', '2024-06-08T23:59:00Z'],
    ['after the answer', '2024-06-12T00:00:00Z'],
  ])('has nothing for a run %s', (_name, start) => {
    expect(weatherAtHour(parsedOne(answer(0, '2024-06-09T00:00')), Date.parse(start))).toBeUndefined();
  });

  it('has nothing for an hour with a missing value', () => {
    const body = answer(0, '2024-06-09T00:00');
    const humidity: Array<number | null> = [...body.hourly.relative_humidity_2m];
    humidity[5] = null;
    const located = parsedOne({ ...body, hourly: { ...body.hourly, relative_humidity_2m: humidity } });
    expect(weatherAtHour(located, Date.parse('2024-06-09T05:30:00Z'))).toBeUndefined();
    expect(weatherAtHour(located, Date.parse('2024-06-09T06:30:00Z'))?.temperatureC).toBe(6);
  });

  it.each([
    ['temperature_2m', -91],
    ['temperature_2m', 1e308],
    ['relative_humidity_2m', 101],
    ['precipitation', -1],
    ['wind_speed_10m', 86_400_000_000],
    ['weather_code', 100],
  ] as const)('has nothing for an hour whose %s is %d, which no weather on Earth is', (series, value) => {
    const body = answer(0, '2024-06-09T00:00');
    const values: Array<number | null> = [...body.hourly[series]];
    values[5] = value;
    const located = parsedOne({ ...body, hourly: { ...body.hourly, [series]: values } });
    expect(weatherAtHour(located, Date.parse('2024-06-09T05:30:00Z'))).toBeUndefined();
    expect(weatherAtHour(located, Date.parse('2024-06-09T06:30:00Z'))?.temperatureC).toBe(6);
  });

  it('finds the hour in a series with a gap', () => {
    const body = answer(0, '2024-06-09T00:00', 24);
    const keep = (_: unknown, index: number) => index !== 2;
    const gappy = {
      ...body,
      hourly: Object.fromEntries(Object.entries(body.hourly).map(([name, values]) => [name, (values as unknown[]).filter(keep)])),
    };
    expect(weatherAtHour(parsedOne(gappy), Date.parse('2024-06-09T10:15:00Z'))?.temperatureC).toBe(10);
    expect(weatherAtHour(parsedOne(gappy), Date.parse('2024-06-09T02:15:00Z'))).toBeUndefined();
  });
});
