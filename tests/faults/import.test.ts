/**
 * Faults while a file of runs is imported: the worker stopped while the runs are stored, a full
 * disk, the same file imported again (the runner's retry), a sync storing the same runs, and the
 * clock jumping. Each ends with every run of the file stored once, nothing half-written.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { RunSoundDb } from '@/lib/db';
import { importActivitiesFile } from '@/lib/import';
import { RunStore } from '@/lib/run-store';
import { runSync } from '@/lib/strava/sync';
import { fakeHistory, fakeStravaFetch } from '../fixtures/strava-session';
import { DAY, quotaExceeded } from './kit';

const T0 = Date.UTC(2026, 10, 25, 8, 0);
let serial = 0;
const opened: RunSoundDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const HISTORY = fakeHistory(40);
const RUN_IDS = HISTORY.runs.filter((run) => run.sportType !== 'Ride').map((run) => run.id).sort();

/** The runner's activities as Strava's API gives them (what the JSON importer reads). */
const FILE = JSON.stringify(
  HISTORY.runs.map((run) => ({
    id: Number(run.id),
    name: run.name,
    type: run.sportType,
    sport_type: run.sportType,
    start_date: new Date(run.start * 1000).toISOString().replace('.000Z', 'Z'),
    start_date_local: new Date((run.start + 3600) * 1000).toISOString().replace('.000Z', 'Z'),
    distance: run.distanceMeters,
    moving_time: run.movingTimeSeconds,
    elapsed_time: run.movingTimeSeconds + 60,
    total_elevation_gain: 42,
  })),
);

async function world() {
  const db = new RunSoundDb(`faults-import-${++serial}`);
  opened.push(db);
  await db.open();
  let now = T0;
  const clock = { now: () => now, jump: (ms: number) => void (now += ms) };
  const parsed = await importActivitiesFile('activities.json', new TextEncoder().encode(FILE).buffer, { timeZone: 'Europe/Paris' });
  /** What the background does with an import: merge the runs the page parsed. */
  const store = (runStore = new RunStore(db, clock.now)) => runStore.mergeRuns(parsed.runs, 'api-json');
  return { db, clock, store, parsed };
}

async function expectEveryRunOnce(db: RunSoundDb) {
  const stored = await db.runs.toArray();
  expect(stored.map((run) => run.id).sort()).toEqual(RUN_IDS);
  for (const run of stored) expect(run.distanceMeters, run.id).toBeGreaterThan(0);
}

/** A store whose runs table fails its `nth` write with `fault` (the writes go through bulkPut). */
function failingStore(db: RunSoundDb, clock: () => number, fault: () => unknown) {
  const bulkPut = db.runs.bulkPut.bind(db.runs);
  db.runs.bulkPut = ((...args: Parameters<typeof bulkPut>) => {
    const [rows] = args;
    // Half the rows are written, then the write fails: the transaction must take them back.
    return bulkPut((rows as never[]).slice(0, Math.floor(rows.length / 2)) as never).then(() => {
      throw fault();
    });
  }) as unknown as typeof bulkPut;
  return { store: new RunStore(db, clock), restore: () => void (db.runs.bulkPut = bulkPut) };
}

describe('the worker stopped mid-import', () => {
  it('worker stopped while the runs are written — import — nothing half-written, the retry stores every run once', async () => {
    const { db, clock, store } = await world();
    const failing = failingStore(db, clock.now, () => new Error('worker stopped'));
    await expect(store(failing.store)).rejects.toThrow();
    expect(await db.runs.count()).toBe(0);
    failing.restore();
    expect(await store()).toMatchObject({ added: RUN_IDS.length });
    await expectEveryRunOnce(db);
  });

  it('worker stopped after the runs were stored, before the page heard — import — the retry adds nothing twice', async () => {
    const { db, store } = await world();
    await store();
    expect(await store()).toEqual({ added: 0, updated: 0, unchanged: RUN_IDS.length });
    await expectEveryRunOnce(db);
  });

  it('the same runs from a sync and from the file — import — every run once', async () => {
    const { db, clock, store } = await world();
    await store();
    const synced = await runSync({
      fetch: fakeStravaFetch(HISTORY).fetch,
      store: new RunStore(db, clock.now),
      now: clock.now,
      sleep: async (ms) => clock.jump(ms),
      timeZone: 'Europe/Paris',
      maxSleepMs: 120_000,
      relist: true,
    });
    expect(synced).toMatchObject({ state: 'done', added: 0 });
    await expectEveryRunOnce(db);
  });
});

describe('storage full', () => {
  it('IndexedDB full while the runs are written — import — refused as QuotaExceededError, nothing half-written; every run once after space is freed', async () => {
    const { db, clock, store } = await world();
    const failing = failingStore(db, clock.now, quotaExceeded);
    const error = await store(failing.store).catch((caught: Error) => caught);
    expect(isQuota(error)).toBe(true);
    expect(await db.runs.count()).toBe(0);
    failing.restore();
    await store();
    await expectEveryRunOnce(db);
  });
});

const isQuota = (error: unknown) => error instanceof Error && (error.name === 'QuotaExceededError' || (error as { inner?: Error }).inner?.name === 'QuotaExceededError');

describe('the clock jumps', () => {
  it.each([
    ['a day forward', DAY],
    ['a day back', -DAY],
  ])('the clock jumps %s between two imports of the file — import — every run once, none rewritten', async (_name, jump) => {
    const { db, clock, store } = await world();
    await store();
    const before = await db.runs.toArray();
    clock.jump(jump);
    expect(await store()).toEqual({ added: 0, updated: 0, unchanged: RUN_IDS.length });
    expect(await db.runs.toArray()).toEqual(before);
  });
});
