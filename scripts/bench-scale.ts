/**
 * What a long history costs, step by step, at 1,000, 5,000 and 10,000 runs: each step's time and
 * the heap it leaves grown, so that linear growth shows (time per 1,000 runs stays flat).
 *
 * - import: an API JSON file of the history (bench-model's synthetic runs, written as Strava's
 *   activities) read by lib/import and merged by RunStore.mergeRuns;
 * - sync: a first sync of as many runs from the tests' fake strava.com session (lib/strava/sync:
 *   listing, then every run's streams), its clock sleeping through the request budget at once;
 *   the fake's own time to build its answers is left out;
 * - processing: what entrypoints/background/history.ts does: weather from the tests' fake
 *   Open-Meteo, run types, loads, features, the derived fields written back;
 * - training: the extension's training job (lib/model/trainer), every step, then the model saved;
 * - popup: what opening the planner costs (entrypoints/background/training.ts planRun): cold is
 *   the history and the model read from the database, the training series built and the planned
 *   run's profile predicted; warm is the next edit, from the cache;
 * - options: the page's queries: the runs stored, the runs table's first page by date, and a page
 *   sorted by pace (that one reads every row).
 *
 * The database is fake-indexeddb, which costs more than a browser's IndexedDB: every row is
 * structured-cloned in JavaScript and cursors step row by row. Steps that read or write many rows
 * (import, sync, processing, options) are mostly the fake's figures; the others are RunSound's.
 * `npm run bench:scale [-- --runs N] [--skip sync,training]` (run with --expose-gc: the heap is measured after a collection).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { RunSoundDb } from '../lib/db.ts';
import { importApiJson } from '../lib/import/index.ts';
import { planInsight } from '../lib/model/predict.ts';
import { assembleModel, startJob, trainingDataset, trainingStep, type StoredModel } from '../lib/model/trainer.ts';
import type { PlannedRun } from '../lib/plan.ts';
import { processHistory } from '../lib/processing.ts';
import { RunStore, runsPage } from '../lib/run-store.ts';
import type { Run, RunWeather } from '../lib/runs.ts';
import { runSync } from '../lib/strava/sync.ts';
import { buildTrainingSeries } from '../lib/training-load/index.ts';
import { homeLocation } from '../lib/weather/index.ts';
import { fakeOpenMeteoFetch } from '../tests/fixtures/open-meteo.ts';
import { fakeHistory, FEED_PAGE_SIZE, stravaSessionAnswer, type FakeHistory, type FakeRun } from '../tests/fixtures/strava-session.ts';
import { syntheticRuns } from './bench-model.ts';

interface Measured {
  ms: number;
  /** CPU time of this process: unlike `ms`, not stretched by other work on the machine. */
  cpuMs: number;
  /** Heap grown by the step, after a collection (MB). */
  heapMb: number;
  note?: string;
}

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function measure(work: () => Promise<string | void>): Promise<Measured> {
  collect();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const note = await work();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  collect();
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, heapMb: (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20, note: note || undefined };
}

/** A database of its own for each size, in fake-indexeddb. */
function freshDb(name: string): RunSoundDb {
  return new RunSoundDb(name, { indexedDB: new IDBFactory(), IDBKeyRange });
}

/** A run as `GET /athlete/activities` gives it (cadence per leg, the offset in seconds). */
function apiActivity(run: Run) {
  return {
    id: Number(run.id),
    name: run.name,
    type: run.sportType,
    sport_type: run.sportType,
    start_date: new Date(run.startTime).toISOString().replace('.000Z', 'Z'),
    start_date_local: `${run.startLocal}:00Z`,
    utc_offset: (Date.parse(`${run.startLocal}:00Z`) - run.startTime) / 1000,
    distance: run.distanceMeters,
    moving_time: run.movingTimeSeconds,
    elapsed_time: run.elapsedTimeSeconds,
    total_elevation_gain: run.elevationGainMeters,
    average_cadence: run.averageCadenceSpm === undefined ? null : run.averageCadenceSpm / 2,
    average_heartrate: run.averageHeartRate ?? null,
    max_heartrate: run.maxHeartRate ?? null,
    trainer: run.isTreadmill,
    workout_type: run.workoutType ?? null,
    start_latlng: run.start ? [run.start.lat, run.start.lng] : [],
  };
}

/**
 * The fake session, answering each request from only the runs it concerns: the fake itself
 * looks through the whole history for every page and every run, which is not what is measured.
 */
function quickSession(history: FakeHistory): { fetch: typeof fetch; fakeCpuMs: () => number } {
  const byId = new Map(history.runs.map((run) => [run.id, run]));
  // Newest first, so a feed cursor ("before") is found by bisection.
  const runs = history.runs;
  let fakeMs = 0;
  const fetchFn = async (input: string | URL | Request): Promise<Response> => {
    const started = process.cpuUsage();
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const { pathname, searchParams } = new URL(url);
    let concerned: FakeRun[] = [];
    if (pathname === '/dashboard/feed') {
      const before = Number(searchParams.get('before') ?? Number.POSITIVE_INFINITY);
      let low = 0;
      let high = runs.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (runs[mid]!.start + 600 >= before) low = mid + 1;
        else high = mid;
      }
      concerned = runs.slice(low, low + FEED_PAGE_SIZE);
    } else {
      const id = /\/(\d+)(?:\/streams)?$/.exec(pathname)?.[1];
      const run = id === undefined ? undefined : byId.get(id);
      if (run) concerned = [run];
    }
    const answer = stravaSessionAnswer({ ...history, runs: concerned, otherAthleteRun: undefined }, url);
    const response = answer
      ? new Response(answer.body || null, { status: answer.status, headers: { 'content-type': answer.contentType, ...answer.headers } })
      : new Response('not served by the fake', { status: 599 });
    Object.defineProperty(response, 'url', { value: url });
    const used = process.cpuUsage(started);
    fakeMs += (used.user + used.system) / 1000;
    return response;
  };
  return { fetch: fetchFn as typeof fetch, fakeCpuMs: () => fakeMs };
}

interface SizeResult {
  runs: number;
  steps: Record<string, Measured>;
}

const HOME = { lat: 52.52, lng: 13.405 };

async function benchSize(count: number, skip: ReadonlySet<string>): Promise<SizeResult> {
  const steps: Record<string, Measured> = {};
  const { runs: synthetic, music } = syntheticRuns(count);
  const file = JSON.stringify(synthetic.map(apiActivity));
  const now = synthetic[synthetic.length - 1]!.startTime + 86_400_000;
  const db = freshDb(`bench-scale-${count}`);
  await db.open();
  const store = new RunStore(db, () => now);

  steps.import = await measure(async () => {
    const imported = await importApiJson(file);
    const report = await store.mergeRuns(imported.runs, 'api-json');
    return `${report.added} added from ${(file.length / 2 ** 20).toFixed(1)} MB`;
  });

  if (!skip.has('sync')) {
    const syncDb = freshDb(`bench-scale-sync-${count}`);
    await syncDb.open();
    const session = quickSession(fakeHistory(count));
    let clock = Date.UTC(2026, 10, 25, 8, 0);
    const measured = await measure(async () => {
      const outcome = await runSync({
        fetch: session.fetch,
        store: new RunStore(syncDb, () => clock),
        now: () => clock,
        sleep: async (ms) => {
          clock += ms;
        },
        timeZone: 'Europe/Berlin',
        maxSleepMs: Number.POSITIVE_INFINITY,
        relist: true,
        onProgress: () => undefined,
      });
      if (outcome.state !== 'done') throw new Error(`the sync ended ${outcome.state}`);
      return `${outcome.added} runs; the fake's answers took ${(session.fakeCpuMs() / 1000).toFixed(1)} s CPU more`;
    });
    steps.sync = { ...measured, cpuMs: measured.cpuMs - session.fakeCpuMs() };
    syncDb.close();
  }

  const openMeteo = fakeOpenMeteoFetch({ now });
  if (!skip.has('processing')) steps.processing = await measure(async () => {
    const runs = await db.runs.toArray();
    const result = await processHistory(runs, { fetch: openMeteo.fetch, now, home: homeLocation(runs) });
    const { stale } = await store.saveDerived(new Map(runs.map((run) => [run.id, run])), result.changed);
    if (stale) throw new Error('a run changed during processing');
    return `${result.weatherRequests} weather requests`;
  });

  if (!skip.has('training')) steps.training = await measure(async () => {
    const runs = await db.runs.toArray();
    const dataset = trainingDataset(runs, music);
    let job = startJob(dataset, false, now);
    let stepCount = 0;
    for (;;) {
      const step = trainingStep(job, dataset);
      job = step.job;
      if (step.done) break;
      stepCount += 1;
    }
    const model = assembleModel(job, dataset, undefined, now).active;
    if (model) await db.models.add(model);
    return `${stepCount} steps, ${model ? 'a model' : 'no model (too few labels)'}`;
  });

  // An easy 10 km at 18:00 the day after the newest run, with its forecast at home.
  const newest = synthetic[synthetic.length - 1]!.startLocal;
  const [y, m, d] = newest.slice(0, 10).split('-').map(Number) as [number, number, number];
  const plan: PlannedRun = { type: 'easy', paceSecondsPerKm: 330, distanceMeters: 10_000, start: `${new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)}T18:00` };
  const weather: RunWeather = { temperatureC: 13.4, precipitationMm: 0.2, windSpeedKmh: 14.8, humidityPct: 71, weatherCode: 3, source: 'forecast', place: { ...HOME, basis: 'home' } };
  let cached: { runs: Run[]; series: ReturnType<typeof buildTrainingSeries>; model: StoredModel | undefined } | undefined;
  steps['popup, cold'] = await measure(async () => {
    const [runs, model] = await Promise.all([db.runs.toArray(), db.models.where('status').equals('active').last()]);
    cached = { runs, series: buildTrainingSeries(runs), model };
    const insight = planInsight(plan, 'metric', { model, history: runs, series: cached.series, weather });
    return `tempo from the ${insight.profile.tempo.source}`;
  });
  steps['popup, warm'] = await measure(async () => {
    planInsight(plan, 'metric', { model: cached!.model, history: cached!.runs, series: cached!.series, weather });
  });

  if (!skip.has('options')) steps['options: count, first page'] = await measure(async () => {
    const stored = await db.runs.count();
    const page = await runsPage(db, { order: 'newest', offset: 0, limit: 30 });
    return `${stored} runs, ${page.runs.length} rows`;
  });
  // The fake steps its cursor over every row before the page; a browser's IndexedDB skips them in the index.
  if (!skip.has('options')) steps['options: last page'] = await measure(async () => {
    const page = await runsPage(db, { order: 'newest', offset: count - 30, limit: 30 });
    return `${page.runs.length} rows`;
  });
  if (!skip.has('options')) steps['options: by pace'] = await measure(async () => {
    const page = await runsPage(db, { order: 'fastest', offset: 30, limit: 30 });
    return `${page.runs.length} rows of ${page.matching}`;
  });
  db.close();
  return { runs: count, steps };
}

async function main(args: string[]): Promise<void> {
  const runsAt = args.indexOf('--runs');
  const sizes = runsAt >= 0 ? [Number(args[runsAt + 1])] : [1000, 5000, 10000];
  if (sizes.some((runs) => !Number.isInteger(runs) || runs < 20)) throw new Error('--runs takes a whole number of runs, at least 20');
  const skipAt = args.indexOf('--skip');
  const skip = new Set(skipAt >= 0 ? (args[skipAt + 1] ?? '').split(',') : []);
  if (!(globalThis as { gc?: unknown }).gc) console.log('(without --expose-gc the heap figures include garbage)');
  const results: SizeResult[] = [];
  for (const count of sizes) {
    const result = await benchSize(count, skip);
    results.push(result);
    for (const [step, { ms, cpuMs, heapMb, note }] of Object.entries(result.steps)) {
      console.log(
        `${String(count).padStart(6)} runs  ${step.padEnd(28)} ${ms.toFixed(0).padStart(7)} ms  CPU ${cpuMs.toFixed(0).padStart(7)} ms ` +
          `${((cpuMs / count) * 1000).toFixed(1).padStart(8)} per 1,000 runs  heap ${heapMb.toFixed(1).padStart(6)} MB${note ? `  (${note})` : ''}`,
      );
    }
  }
  if (results.length > 1) {
    const first = results[0]!;
    const last = results[results.length - 1]!;
    console.log(`\ngrowth from ${first.runs} to ${last.runs} runs (${last.runs / first.runs}× the runs; linear is ${last.runs / first.runs}×):`);
    for (const step of Object.keys(last.steps).filter((name) => first.steps[name])) {
      console.log(`  ${step.padEnd(28)} ${(last.steps[step]!.cpuMs / first.steps[step]!.cpuMs).toFixed(1).padStart(5)}× the CPU time`);
    }
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
