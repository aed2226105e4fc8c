import { describe, expect, it } from 'vitest';
import { runFactsSchema, type RunFacts } from '@/lib/runs';

/** Run facts as an importer sends them to the background (the importRuns message). */
const EVENING_RUN: RunFacts = {
  id: '7926971219',
  name: 'Evening Run',
  sportType: 'Run',
  isTreadmill: false,
  startTime: Date.UTC(2022, 9, 6, 23, 19, 20),
  startLocal: '2022-10-06T18:19',
  distanceMeters: 2432.77,
  movingTimeSeconds: 971,
  elapsedTimeSeconds: 979,
  elevationGainMeters: 16.2,
  averageCadenceSpm: 173,
  averageHeartRate: 165.5,
  maxHeartRate: 177,
  start: { lat: 41.88, lng: -87.63 },
  workoutType: 0,
};

describe('runFactsSchema: what the background takes as a run', () => {
  const accepted: Array<[string, Partial<RunFacts>]> = [
    ['a run as an importer reads it', {}],
    ['the first minute of 1900', { startTime: Date.UTC(1900, 0, 1), startLocal: '1900-01-01T00:00' }],
    ['a local start 14 hours ahead (Kiribati)', { startLocal: '2022-10-07T13:19' }],
    ['a local start 12 hours behind (Baker Island)', { startLocal: '2022-10-06T11:19' }],
    ['February 29th of a leap year', { startTime: Date.UTC(2024, 1, 29, 6), startLocal: '2024-02-29T07:00' }],
    ['a 250 km ultra of two days', { distanceMeters: 250_000, movingTimeSeconds: 170_000, elapsedTimeSeconds: 180_000 }],
    ['an elevation gain of 0', { elevationGainMeters: 0 }],
  ];
  it.each(accepted)('accepts %s', (_, change) => {
    expect(runFactsSchema.safeParse({ ...EVENING_RUN, ...change }).success).toBe(true);
  });

  // Values that once passed as data: a date that does not exist, a year that is a typo, a local
  // start no time zone gives, numbers no run has.
  const refused: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a local start of February 30th', { startLocal: '2022-02-30T07:00' }, /not a real date/],
    ['a local start at 24:10', { startLocal: '2022-10-06T24:10' }, /not a real date/],
    ['a local start at 18:61', { startLocal: '2022-10-06T18:61' }, /not a real date/],
    ['a local start two days from the UTC start', { startLocal: '2022-10-08T18:19' }, /14 hours/],
    ['the year 0099', { startTime: Date.parse('0099-01-01T00:00:00Z'), startLocal: '0099-01-01T00:00' }, /year/],
    ['the year 2200', { startTime: Date.UTC(2200, 0, 1), startLocal: '2200-01-01T00:00' }, /year/],
    ['a start time that is not a date', { startTime: 1e20 }, /year/],
    ['a negative distance', { distanceMeters: -1 }, /distance/],
    ['a distance of 20,000 km', { distanceMeters: 2e7 }, /distance/],
    ['a moving time of a year', { movingTimeSeconds: 365 * 86_400 }, /moving time/],
    ['an elevation gain of 100 km', { elevationGainMeters: 100_000 }, /elevation/],
    ['a heart rate of 9000', { averageHeartRate: 9000 }, /heart rate/],
    ['a cadence of 2000 steps a minute', { averageCadenceSpm: 2000 }, /cadence/],
    ['a workout type of -1', { workoutType: -1 }, /workout type/],
    ['a name over 500 characters', { name: 'x'.repeat(501) }, /500 characters/],
  ];
  it.each(refused)('refuses %s, saying why', (_, change, reason) => {
    const parsed = runFactsSchema.safeParse({ ...EVENING_RUN, ...change });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.message).join('; ')).toMatch(reason);
  });
});
