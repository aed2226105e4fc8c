import { describe, expect, it } from 'vitest';
import { summariseStreams, type Streams } from '@/lib/strava/streams';

/** A run recorded every second for `seconds`, at 3 m/s, 170 steps a minute and a heart rate rising from 120. */
function everySecond(seconds: number): Streams {
  const time = Array.from({ length: seconds }, (_, i) => i);
  return {
    time,
    distance: time.map((t) => t * 3),
    heartrate: time.map((t) => 120 + (t % 60)),
    cadence: time.map(() => 85),
    moving: time.map(() => true),
  } as Streams;
}

describe('summariseStreams', () => {
  it.each([
    ['an hour', 3_600],
    ['a 40-hour ultra recorded every second', 144_000],
  ])('sums up %s of samples', (_label, seconds) => {
    const summary = summariseStreams(everySecond(seconds));
    expect(summary.maxHeartRate).toBe(179);
    expect(summary.averageCadenceSpm).toBe(170);
    expect(summary.movingTimeSeconds).toBe(seconds - 1);
    expect(summary.distanceMeters).toBe((seconds - 1) * 3);
  });
});
