/**
 * Faults while the history is processed (weather from Open-Meteo, run types, load, features) and
 * while the planner asks for a forecast: 429 storms and 5xx, requests that hang, the network down,
 * the worker stopped mid-pass, a full disk and the clock jumping. No run is left without its
 * derived numbers, a failed weather request is marked and tried again, and the history's status
 * never stays "processing".
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { processHistory } from '@/lib/processing';
import type { Run } from '@/lib/runs';
import { localWallClock } from '@/lib/time';
import { forecastFor } from '@/lib/weather';
import { fakeOpenMeteoFetch } from '../fixtures/open-meteo';
import { BERLIN, DAY, NOW } from '../fixtures/weather-runs';
import { expectPlainMessage, hangingFetch, networkDown, quotaExceeded, settlesWithin, timeoutsFireAtOnce } from './kit';

/** 20 runs in Berlin over two months, the older ones for the archive, the last week's for the forecast endpoint. */
function history(): Run[] {
  return Array.from({ length: 20 }, (_, index): Run => {
    const startTime = NOW - (60 - 3 * index) * DAY - 4 * 3_600_000;
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
      sources: ['api-json'],
      processed: {},
      updatedAt: 0,
    };
  });
}

/** Every run carries its type, load and features; each has the weather, real or the marked stand-in. */
function expectEveryRunProcessed(runs: readonly Run[]) {
  expect(runs.map((run) => run.id).sort()).toEqual(history().map((run) => run.id));
  for (const run of runs) {
    expect(run.runType?.type, run.id).toBeDefined();
    expect(run.load?.value, run.id).toBeGreaterThan(0);
    expect(Object.keys(run.features ?? {}).length, run.id).toBeGreaterThan(10);
  }
}

/** Merges what a pass changed into the history, as the store does. */
const merged = (runs: readonly Run[], changed: readonly Run[]) => {
  const byId = new Map(runs.map((run) => [run.id, run]));
  for (const run of changed) byId.set(run.id, run);
  return [...byId.values()];
};

const answer = (status: number, headers: Record<string, string> = {}) => () =>
  new Response('{"error":true,"reason":"Too many concurrent requests"}', { status, headers: { 'content-type': 'application/json', ...headers } });

describe('Open-Meteo fails during processing', () => {
  it.each([
    ['429 storm without Retry-After', answer(429)],
    ['429 storm asking to wait a minute', answer(429, { 'retry-after': '60' })],
    ['HTTP 500', answer(500)],
    ['HTTP 502', answer(502)],
    ['HTTP 503', answer(503)],
    ['HTTP 504', answer(504)],
  ])('%s — history processing — every run processed, its weather fetched again later', async (_name, fault) => {
    const down = fakeOpenMeteoFetch({ now: NOW, override: () => fault() });
    const first = await processHistory(history(), { fetch: down.fetch, now: NOW });
    const afterFault = merged(history(), first.changed);
    expectEveryRunProcessed(afterFault);
    expect(afterFault.filter((run) => run.weather && run.weather.source !== 'fallback')).toHaveLength(0);
    expectPlainMessage(first.weatherErrors[0], /Open-Meteo.*(limiting requests|answered HTTP)/);

    // A day later Open-Meteo answers: every run gets its real weather.
    const back = fakeOpenMeteoFetch({ now: NOW + DAY + 1 });
    const later = merged(afterFault, (await processHistory(afterFault, { fetch: back.fetch, now: NOW + DAY + 1 })).changed);
    expect(later.every((run) => run.weather && run.weather.source !== 'fallback')).toBe(true);
  });

  it.each(['archive', 'forecast'])('the %s endpoint never answers — history processing — times out, the stand-in marked, no request without a timeout', async (endpoint) => {
    const asked = timeoutsFireAtOnce();
    const openMeteo = fakeOpenMeteoFetch({ now: NOW });
    const { fetch: hanging, unguarded } = hangingFetch(openMeteo.fetch, (url) => new URL(url).pathname.includes(endpoint));
    const result = await settlesWithin(processHistory(history(), { fetch: hanging, now: NOW }), 'the processing');
    expect(unguarded).toEqual([]);
    expect(asked.length).toBeGreaterThan(0);
    expectEveryRunProcessed(merged(history(), result.changed));
    expectPlainMessage(result.weatherErrors[0], /Open-Meteo.*did not answer within 30 s/);
  });

  it('network down — history processing — every run processed, the stand-in marked, a plain reason', async () => {
    const result = await processHistory(history(), { fetch: networkDown, now: NOW });
    const runs = merged(history(), result.changed);
    expectEveryRunProcessed(runs);
    expect(runs.every((run) => run.weather?.source === 'fallback')).toBe(true);
    expectPlainMessage(result.weatherErrors[0], /Open-Meteo.*could not be reached/);
  });

  it('the clock jumps a day forward after a failed request — history processing — the weather is fetched again', async () => {
    const first = await processHistory(history(), { fetch: fakeOpenMeteoFetch({ now: NOW, override: answer(503) }).fetch, now: NOW });
    const runs = merged(history(), first.changed);
    const back = fakeOpenMeteoFetch({ now: NOW + DAY });
    await processHistory(runs, { fetch: back.fetch, now: NOW + DAY });
    expect(back.requests.length).toBeGreaterThan(0);
  });

  it(
    // (Was a bug in lib/processing.ts, needsWeather: a failed weather request waited until `retryAt`, a
    // day after the clock of the failure; when the clock then went back a day, the runs waited two days.
    // A retryAt further than WEATHER_RETRY_MS from now now counts as due.)
    'the clock jumps a day back after a failed request — history processing — the weather is tried again within a day',
    async () => {
      // The failure happened while the clock read a day ahead; then the clock went back a day.
      const first = await processHistory(history(), { fetch: fakeOpenMeteoFetch({ now: NOW + DAY, override: answer(503) }).fetch, now: NOW + DAY });
      const runs = merged(history(), first.changed);
      const back = fakeOpenMeteoFetch({ now: NOW + 1 });
      await processHistory(runs, { fetch: back.fetch, now: NOW + 1 });
      expect(back.requests.length).toBeGreaterThan(0);
    },
  );
});

describe('the planner’s forecast', () => {
  const tomorrow = NOW + DAY;
  it('the forecast never answers — planner — times out, the stand-in with a plain reason', async () => {
    const asked = timeoutsFireAtOnce();
    const { fetch: hanging, unguarded } = hangingFetch(fakeOpenMeteoFetch({ now: NOW }).fetch, () => true);
    const result = await settlesWithin(forecastFor(BERLIN, tomorrow, { fetch: hanging, now: NOW }), 'the forecast');
    expect(unguarded).toEqual([]);
    expect(asked).toEqual([30_000]);
    expect(result.weather.source).toBe('fallback');
    expectPlainMessage(`${result.error}; RunSound plans with 15 °C, dry and calm weather.`, /did not answer within 30 s/);
  });

  it.each([429, 500, 503])('Open-Meteo answers %i — planner — the stand-in with a plain reason', async (status) => {
    const result = await forecastFor(BERLIN, tomorrow, { fetch: fakeOpenMeteoFetch({ now: NOW, override: answer(status) }).fetch, now: NOW });
    expect(result.weather.source).toBe('fallback');
    expect(result.error).toMatch(/Open-Meteo.*(HTTP 429|HTTP 5\d\d)/);
  });
});

describe('the processing job in the background', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    vi.resetModules();
  });
  afterEach(() => vi.unstubAllGlobals());

  /** The background as a freshly started worker sees it: its modules loaded anew, the same database. */
  async function freshWorker() {
    const { openDb } = await import('@/storage/db');
    const { historyStatus } = await import('@/storage/settings');
    const { processHistoryNow } = await import('@/entrypoints/background/history');
    return { db: openDb(), historyStatus, processHistoryNow };
  }

  it('worker stopped at the first weather request — history processing — the next worker processes every run once', async () => {
    const first = await freshWorker();
    await first.db.runs.clear();
    await first.db.runs.bulkPut(history());
    let hung!: () => void;
    const stopped = new Promise<void>((resolve) => (hung = resolve));
    vi.stubGlobal('fetch', () => (hung(), new Promise<Response>(() => {})));
    void first.processHistoryNow();
    await stopped;
    expect((await first.historyStatus.getValue()).state).toBe('processing');

    vi.resetModules();
    vi.stubGlobal('fetch', fakeOpenMeteoFetch({ now: Date.now() }).fetch);
    const next = await freshWorker();
    await next.processHistoryNow();
    expectEveryRunProcessed(await next.db.runs.toArray());
    expect((await next.historyStatus.getValue()).state).toBe('idle');
  });

  it(
    // (Was a bug in entrypoints/background/history.ts: a full disk was told as "RunSound could not process
    // your history: The quota has been exceeded.", read as Open-Meteo's quota; now it says the disk is full.)
    'IndexedDB full when the derived numbers are saved — history processing — not stuck "processing", says the disk is full and what to do',
    async () => {
      const worker = await freshWorker();
      await worker.db.runs.clear();
      await worker.db.runs.bulkPut(history());
      vi.stubGlobal('fetch', fakeOpenMeteoFetch({ now: Date.now() }).fetch);
      // The store of the worker's own modules (loaded anew by freshWorker).
      const { RunStore } = await import('@/lib/run-store');
      vi.spyOn(RunStore.prototype, 'saveDerived').mockRejectedValue(quotaExceeded());
      await worker.processHistoryNow();
      const status = await worker.historyStatus.getValue();
      expect(status.state).toBe('idle');
      expectPlainMessage(status.message, /disk is full.*Free some space/i);
    },
  );
});
