import { describe, expect, it } from 'vitest';
import {
  EMPTY_LIMITER,
  estimateFinish,
  nextAllowedAt,
  recordRequest,
  recordSuccess,
  recordThrottled,
  requestsLeft,
  type LimiterState,
} from '@/lib/strava/limiter';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 25, 8, 0);

/** Sends `count` requests as fast as the budget allows from `start`; returns the state and the last time. */
function drain(count: number, start = T0, state: LimiterState = EMPTY_LIMITER) {
  let now = start;
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    now = nextAllowedAt(state, now);
    state = recordRequest(state, now);
    times.push(now);
  }
  return { state, times, now };
}

describe('the Strava request budget', () => {
  it('lets 30 requests through in a minute, then waits for the oldest to leave the window', () => {
    const { times, state } = drain(31);
    expect(times.slice(0, 30).every((t) => t === T0)).toBe(true);
    expect(times[30]).toBe(T0 + MINUTE);
    expect(requestsLeft(state, T0 + MINUTE)).toEqual({ minute: 29, hour: 169, day: 669 });
  });

  it('allows 200 an hour', () => {
    const { times } = drain(201);
    expect(times[199]! - T0).toBeLessThan(HOUR);
    expect(times[200]).toBe(T0 + HOUR);
  });

  it('allows 700 a day, then the 701st waits until the first leaves the day', () => {
    const { times } = drain(701);
    expect(times[699]! - T0).toBeLessThan(DAY);
    expect(times[700]).toBe(T0 + DAY);
  });

  it('forgets requests older than a day', () => {
    const { state, now } = drain(700);
    const later = now + DAY + 1;
    expect(nextAllowedAt(state, later)).toBe(later);
    expect(recordRequest(state, later).requests).toHaveLength(1);
  });

  it('backs off 30 s × 2^n after each 429, up to 32 minutes, and resets on success', () => {
    let state = EMPTY_LIMITER;
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      state = recordThrottled(state, T0);
      waits.push(nextAllowedAt(state, T0) - T0);
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 960, 1920, 1920].map((s) => s * 1000));
    state = recordSuccess(state);
    expect(recordThrottled(state, T0).backoffUntil - T0).toBe(30_000);
  });

  it('waits as long as Strava asks when Retry-After is longer than the back-off', () => {
    expect(recordThrottled(EMPTY_LIMITER, T0, 300_000).backoffUntil).toBe(T0 + 300_000);
  });

  it('estimates when a sync of n requests will be done', () => {
    expect(estimateFinish(EMPTY_LIMITER, 30, T0)).toBe(T0);
    expect(estimateFinish(EMPTY_LIMITER, 31, T0)).toBe(T0 + MINUTE);
    // 1,000 runs: 700 today, the rest from tomorrow.
    expect(estimateFinish(EMPTY_LIMITER, 1000, T0)).toBeGreaterThan(T0 + DAY);
    expect(estimateFinish(EMPTY_LIMITER, 1000, T0)).toBe(drain(1000).now);
  });

  // The estimate is what sending the requests one by one through the budget would give, whatever the day so far.
  const spentDay = drain(650, T0 - 20 * HOUR).state;
  const startingStates: Array<[string, LimiterState]> = [
    ['nothing spent', EMPTY_LIMITER],
    ['most of the day spent', spentDay],
    ['the minute spent', drain(30, T0).state],
    ['in a back-off', recordThrottled(recordThrottled(drain(10, T0 - MINUTE).state, T0), T0)],
    ['requests of yesterday only', drain(700, T0 - 2 * DAY).state],
  ];
  it.each([
    ...startingStates.flatMap(([label, state]) => [0, 1, 31, 250, 701, 1500].map((count) => [label, count, state] as const)),
    // Long enough that the estimate reads the end off the daily pattern.
    ...startingStates.flatMap(([label, state]) => [2900, 4321].map((count) => [label, count, state] as const)),
  ])(
    'estimates as the budget walks (%s, %i requests)',
    (_label, count, state) => {
      expect(estimateFinish(state, count, T0)).toBe(count === 0 ? T0 : drain(count, T0, state).now);
    },
  );
});
