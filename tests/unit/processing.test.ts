import { describe, expect, it } from 'vitest';
import { processHistory } from '@/lib/processing';
import { PROCESSING_VERSIONS, type Run, type RunSource } from '@/lib/runs';
import { localWallClock } from '@/lib/time';
import { fakeOpenMeteoFetch } from '../fixtures/open-meteo';
import { BERLIN, DAY, NOW } from '../fixtures/weather-runs';

/** A run `daysAgo` before NOW, in Berlin unless told otherwise. */
function run(index: number, daysAgo: number, changes: Partial<Run> = {}, source: RunSource = 'api-json'): Run {
  const startTime = NOW - daysAgo * DAY - 4 * 3_600_000;
  return {
    id: String(1000 + index),
    name: index % 5 === 0 ? 'Tempo Tuesday' : 'Morning Run',
    sportType: 'Run',
    isTreadmill: false,
    startTime,
    startLocal: localWallClock(startTime, 'Europe/Berlin'),
    distanceMeters: 8000 + (index % 4) * 1000,
    movingTimeSeconds: (8000 + (index % 4) * 1000) * 0.33,
    averageCadenceSpm: 168,
    start: BERLIN,
    sources: [source],
    processed: {},
    updatedAt: 0,
    ...changes,
  };
}

const history = () => Array.from({ length: 20 }, (_, i) => run(i, 60 - 3 * i));

describe('processHistory', () => {
  it('adds weather, type, load and features to every run, with batched weather requests', async () => {
    const openMeteo = fakeOpenMeteoFetch({ now: NOW });
    const result = await processHistory(history(), { fetch: openMeteo.fetch, now: NOW });
    expect(result.changed).toHaveLength(20);
    expect(result.weatherRequests).toBe(openMeteo.requests.length);
    expect(openMeteo.requests.length).toBeLessThanOrEqual(2);
    for (const processed of result.changed) {
      expect(processed.weather?.source).toMatch(/archive|forecast/);
      expect(processed.runType?.type).toBeDefined();
      expect(processed.load?.value).toBeGreaterThan(0);
      expect(Object.keys(processed.features ?? {}).length).toBeGreaterThanOrEqual(15);
      expect(processed.processed).toMatchObject({ weather: 1, runType: 1, load: 1, features: 1 });
    }
    expect(result.changed.find((r) => r.id === '1000')?.runType).toEqual({ type: 'tempo', basis: 'name' });
  });

  it('does nothing the second time, and only what a version bump or a new run needs', async () => {
    const first = await processHistory(history(), { fetch: fakeOpenMeteoFetch({ now: NOW }).fetch, now: NOW });
    const processed = first.changed;

    const again = fakeOpenMeteoFetch({ now: NOW });
    const second = await processHistory(processed, { fetch: again.fetch, now: NOW });
    expect(second.changed).toEqual([]);
    expect(again.requests).toHaveLength(0);

    // An older weather step on one run: that run, and only its weather, is fetched again.
    const bumped = processed.map((r) => (r.id === '1005' ? { ...r, processed: { ...r.processed, weather: PROCESSING_VERSIONS.weather - 1 } } : r));
    const third = fakeOpenMeteoFetch({ now: NOW });
    const result = await processHistory(bumped, { fetch: third.fetch, now: NOW });
    expect(third.requests).toHaveLength(1);
    expect(result.changed.map((r) => r.id)).toEqual(['1005']);
  });

  it('stores the marked fallback when Open-Meteo fails, and tries again a day later', async () => {
    const down = fakeOpenMeteoFetch({ now: NOW, override: () => new Response('oops', { status: 500 }) });
    const first = await processHistory(history(), { fetch: down.fetch, now: NOW });
    const weather = first.changed[0]!.weather!;
    expect(weather).toMatchObject({ source: 'fallback', temperatureC: 15, precipitationMm: 0, windSpeedKmh: 0 });
    expect(first.weatherErrors[0]).toMatch(/Open-Meteo/);

    const soon = fakeOpenMeteoFetch({ now: NOW });
    await processHistory(first.changed, { fetch: soon.fetch, now: NOW + 3_600_000 });
    expect(soon.requests).toHaveLength(0);

    const tomorrow = fakeOpenMeteoFetch({ now: NOW + DAY + 1 });
    const retried = await processHistory(first.changed, { fetch: tomorrow.fetch, now: NOW + DAY + 1 });
    expect(tomorrow.requests.length).toBeGreaterThan(0);
    expect(retried.changed.every((r) => r.weather?.source !== 'fallback')).toBe(true);
  });

  it('waits for the streams of a session run before fetching its weather, and uses home for treadmill runs', async () => {
    const runs = [
      run(1, 10, { start: undefined, distanceMeters: undefined, movingTimeSeconds: undefined }, 'session'),
      run(2, 9, { isTreadmill: true, start: undefined }),
    ];
    const openMeteo = fakeOpenMeteoFetch({ now: NOW });
    const result = await processHistory(runs, { fetch: openMeteo.fetch, now: NOW, home: BERLIN });
    const byId = new Map(result.changed.map((r) => [r.id, r]));
    expect(byId.get('1001')?.weather).toBeUndefined();
    expect(byId.get('1002')?.weather?.place.basis).toBe('home');
  });

  it('fetches the weather again when a home becomes known or moves, for runs without a start place', async () => {
    const runs = history().map((r) => ({ ...r, start: undefined }));
    const first = await processHistory(runs, { fetch: fakeOpenMeteoFetch({ now: NOW }).fetch, now: NOW });
    expect(first.changed.every((r) => r.weather?.source === 'fallback' && r.weather.place.basis === 'none')).toBe(true);

    const withHome = fakeOpenMeteoFetch({ now: NOW });
    const second = await processHistory(first.changed, { fetch: withHome.fetch, now: NOW, home: BERLIN });
    expect(withHome.requests.length).toBeGreaterThan(0);
    expect(second.changed.every((r) => r.weather?.place.basis === 'home' && r.weather.source !== 'fallback')).toBe(true);

    const same = fakeOpenMeteoFetch({ now: NOW });
    await processHistory(second.changed, { fetch: same.fetch, now: NOW, home: { lat: 52.52001, lng: 13.40501 } });
    expect(same.requests).toHaveLength(0);

    const moved = fakeOpenMeteoFetch({ now: NOW });
    await processHistory(second.changed, { fetch: moved.fetch, now: NOW, home: { lat: 48.85, lng: 2.35 } });
    expect(moved.requests.length).toBeGreaterThan(0);
  });

  it('keeps the runner correction as the type', async () => {
    const runs = history().map((r) => (r.id === '1003' ? { ...r, runTypeCorrection: 'race' as const } : r));
    const result = await processHistory(runs, { fetch: fakeOpenMeteoFetch({ now: NOW }).fetch, now: NOW });
    expect(result.changed.find((r) => r.id === '1003')?.runType).toEqual({ type: 'race', basis: 'correction' });
  });
});
