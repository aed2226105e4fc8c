/**
 * Faults of the Strava sync: the worker stopped at every request, 429 storms and 5xx, requests
 * that hang, the network down, the session ended or taken over by another athlete, a full disk
 * and the clock jumping. Each ends with every run of the runner stored once (after the pass that
 * follows the fault, as the resume alarm would start it) and nothing of anyone else's.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { RunSoundDb } from '@/lib/db';
import { RunStore } from '@/lib/run-store';
import { runSync, type SyncDeps, type SyncOutcome } from '@/lib/strava/sync';
import { fakeHistory, fakeStravaFetch, type FakeHistory, type SessionOptions } from '../fixtures/strava-session';
import { DAY, expectPlainMessage, hangingFetch, networkDown, quotaExceeded, settlesWithin, timeoutsFireAtOnce } from './kit';

const T0 = Date.UTC(2026, 10, 25, 8, 0);
let serial = 0;
const opened: RunSoundDb[] = [];

afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

/** 14 runs (one manual entry without streams), a ride and a club mate's run in a group activity. */
const HISTORY = fakeHistory(14);
const ownRunIds = (history: FakeHistory) => history.runs.filter((run) => run.sportType !== 'Ride').map((run) => run.id).sort();

/** A runner's database and a clock the sync sleeps on instantly; `jump` moves it as the system clock can. */
async function world() {
  const db = new RunSoundDb(`faults-sync-${++serial}`);
  opened.push(db);
  await db.open();
  let now = T0;
  const clock = { now: () => now, jump: (ms: number) => void (now += ms) };
  const pass = (fetchFn: typeof fetch, overrides: Partial<SyncDeps> = {}) =>
    runSync({
      fetch: fetchFn,
      store: new RunStore(db, clock.now),
      now: clock.now,
      sleep: async (ms) => void (now += ms),
      timeZone: 'Europe/Paris',
      maxSleepMs: 120_000,
      relist: true,
      ...overrides,
    });
  /** Passes as the resume alarm starts them, the clock moving on to each "waiting", until one ends. */
  const resume = async (fetchFn: typeof fetch): Promise<SyncOutcome> => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const outcome = await pass(fetchFn, { relist: false });
      if (outcome.state !== 'waiting') return outcome;
      now = Math.max(now, outcome.resumeAt);
    }
    throw new Error('the sync kept waiting');
  };
  return { db, clock, pass, resume };
}

/** Every run of the runner once, each with its details, and no one else's. */
async function expectEveryRunOnce(db: RunSoundDb, history: FakeHistory = HISTORY) {
  const stored = await db.runs.toArray();
  expect(stored.map((run) => run.id).sort()).toEqual(ownRunIds(history));
  expect(stored.filter((run) => run.processed.details !== 1).map((run) => run.id)).toEqual([]);
}

/** A fetch over the fake session whose `nth` request (1-based) gets `fault` instead. */
function faultAt(nth: number | ((call: number, url: string) => boolean), fault: (url: string) => Promise<Response> | Response, history = HISTORY, options: SessionOptions = {}) {
  const strava = fakeStravaFetch(history, options);
  let calls = 0;
  const hits = typeof nth === 'number' ? (call: number) => call === nth : nth;
  return ((input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    return hits(++calls, url) ? fault(url) : strava.fetch(input, init);
  }) as typeof fetch;
}

const status = (code: number, body = '<html><body><h1>We are sorry</h1></body></html>') => () =>
  new Response(body, { status: code, headers: { 'content-type': 'text/html' } });

// How many requests a whole first sync sends: the worker is stopped at each of them in turn.
const REQUESTS = await (async () => {
  const db = new RunSoundDb(`faults-sync-count`);
  const strava = fakeStravaFetch(HISTORY);
  await runSync({ fetch: strava.fetch, store: new RunStore(db, () => T0), now: () => T0, sleep: async () => {}, timeZone: 'Europe/Paris', maxSleepMs: 120_000, relist: true });
  db.close();
  await Dexie.delete(db.name);
  return strava.requests.length;
})();

describe('the worker stopped mid-sync', () => {
  it.each(Array.from({ length: REQUESTS }, (_, i) => i + 1))('worker stopped at request %i — Strava sync — resumes, every run once', async (request) => {
    const { db, pass, resume } = await world();
    // A request that never answers: the service worker was stopped while waiting for it.
    let hung!: () => void;
    const stopped = new Promise<void>((resolve) => (hung = resolve));
    void pass(faultAt(request, () => (hung(), new Promise<Response>(() => {}))));
    await stopped;
    expect(await resume(fakeStravaFetch(HISTORY).fetch)).toMatchObject({ state: 'done' });
    await expectEveryRunOnce(db);
  });
});

describe('Strava says slow down, or is struggling', () => {
  it('429 storm of 8 answers in a row — Strava sync — backs off, then every run once', async () => {
    const { db, pass, resume } = await world();
    const storm = fakeStravaFetch(HISTORY, { throttleAt: [3, 4, 5, 6, 7, 8, 9, 10] });
    const first = await pass(storm.fetch);
    // The back-off grows past what a worker may sleep: the pass ends waiting, for minutes not hours.
    if (first.state === 'waiting') expect(first.resumeAt - T0).toBeLessThan(DAY / 12);
    expect(await resume(storm.fetch)).toMatchObject({ state: 'done' });
    await expectEveryRunOnce(db);
  });

  it.each([
    [500, '/dashboard'],
    [502, '/dashboard/feed'],
    [503, '/streams'],
    [504, '/athlete/training_activities/'],
  ])('a passing %i on %s — Strava sync — tried again, every run once', async (code, path) => {
    const { db, pass, resume } = await world();
    let failed = false;
    const flaky = faultAt((_, url) => !failed && new URL(url).pathname.includes(path) && (failed = true), status(code));
    const outcome = await pass(flaky);
    expect(failed).toBe(true);
    if (outcome.state !== 'done') await resume(fakeStravaFetch(HISTORY).fetch);
    await expectEveryRunOnce(db);
  });

  it.each([500, 503])(
    // (Was a bug in lib/strava/session.ts, StravaHttpError: the runner read "strava.com answered 503 for /dashboard." and nothing of what to do.
    'a lasting %i — Strava sync — stops with a plain message, nothing stored',
    async (code) => {
      const { db, pass } = await world();
      const outcome = await pass(faultAt(() => true, status(code)));
      expect(outcome.state).toBe('error');
      expect(await db.runs.count()).toBe(0);
      expectPlainMessage(outcome.state === 'error' ? outcome.message : undefined, /strava\.com.*(try|tries) again/i);
    },
  );
});

describe('requests that hang, and no network', () => {
  it.each(['/dashboard', '/dashboard/feed', '/streams'])('a request to %s that never answers — Strava sync — times out, tried again, every run once', async (path) => {
    const asked = timeoutsFireAtOnce();
    const { db, pass, resume } = await world();
    let hungOnce = false;
    const { fetch: hanging, unguarded } = hangingFetch(fakeStravaFetch(HISTORY).fetch, (url) => !hungOnce && new URL(url).pathname.endsWith(path) && (hungOnce = true));
    const outcome = await settlesWithin(pass(hanging), 'the sync');
    expect(unguarded).toEqual([]);
    expect(asked.every((ms) => ms <= 30_000)).toBe(true);
    if (outcome.state !== 'done') await resume(fakeStravaFetch(HISTORY).fetch);
    await expectEveryRunOnce(db);
  });

  it('every request hangs — Strava sync — gives up with a plain message, not "syncing" for ever', async () => {
    timeoutsFireAtOnce();
    const { db, pass } = await world();
    const { fetch: hanging, unguarded } = hangingFetch(fakeStravaFetch(HISTORY).fetch, () => true);
    const outcome = await settlesWithin(pass(hanging), 'the sync');
    expect(unguarded).toEqual([]);
    expect(outcome.state).toBe('error');
    expectPlainMessage(outcome.state === 'error' ? outcome.message : undefined, /strava\.com could not be reached.*connection/i);
    expect(await db.runs.count()).toBe(0);
  });

  it('network down from the start — Strava sync — a plain message, nothing stored', async () => {
    const { db, pass } = await world();
    const outcome = await pass(networkDown);
    expect(outcome.state).toBe('error');
    expectPlainMessage(outcome.state === 'error' ? outcome.message : undefined, /could not be reached.*Check your connection/);
    expect(await db.runs.count()).toBe(0);
  });

  it.each([4, 9])('network down from request %i — Strava sync — stops, then every run once when it is back', async (from) => {
    const { db, pass, resume } = await world();
    const outcome = await pass(faultAt((call) => call >= from, () => networkDown('')));
    expect(outcome.state).toBe('error');
    expectPlainMessage(outcome.state === 'error' ? outcome.message : undefined, /Check your connection/);
    expect(await resume(fakeStravaFetch(HISTORY).fetch)).toMatchObject({ state: 'done' });
    await expectEveryRunOnce(db);
  });
});

describe('the strava.com session changes under the sync', () => {
  it.each([
    ['redirect', 3],
    ['login-page', 3],
    ['redirect', 10],
    ['login-page', 12],
  ] as const)('logged out (%s) at request %i — Strava sync — "logged out", nothing from the login page, every run once after logging in', async (loggedOut, from) => {
    const { db, pass, resume } = await world();
    const loggedOutFetch = fakeStravaFetch(HISTORY, { loggedOut }).fetch;
    const outcome = await pass(faultAt((call) => call >= from, (url) => loggedOutFetch(url)));
    expect(outcome).toEqual({ state: 'logged-out' });
    for (const run of await db.runs.toArray()) expect(ownRunIds(HISTORY)).toContain(run.id);
    await resume(fakeStravaFetch(HISTORY).fetch);
    await expectEveryRunOnce(db);
  });

  /** Another runner, whose activities have other ids; their feed does not name them on their own entries. */
  const someoneElse = (): FakeHistory => {
    const theirs = { ...fakeHistory(14, Date.UTC(2026, 10, 21, 7) / 1000), athleteId: 999 };
    theirs.runs.forEach((run, index) => (run.id = String(18_000_000_000 + index)));
    return theirs;
  };

  it('another athlete logged in between two passes — Strava sync — refused in plain words, none of their runs stored', async () => {
    const { db, pass } = await world();
    await pass(fakeStravaFetch(HISTORY).fetch);
    const outcome = await pass(fakeStravaFetch(someoneElse()).fetch);
    expect(outcome.state).toBe('error');
    expectPlainMessage(outcome.state === 'error' ? outcome.message : undefined, /another athlete.*Log in as yourself/);
    await expectEveryRunOnce(db);
  });

  it.each([3, 8])('another athlete logged in at request %i of a first pass, the worker stopped after — Strava sync — none of their runs stored', async (at) => {
    const { db, pass } = await world();
    const theirs = fakeStravaFetch(someoneElse()).fetch;
    // The pass began as the runner; from request `at` strava.com answers for someone else.
    let hung!: () => void;
    const stopped = new Promise<void>((resolve) => (hung = resolve));
    void pass(faultAt((call) => call >= at, (url) => (hung(), new Promise<Response>(() => {}))));
    await stopped;
    const outcome = await pass(theirs, { relist: false });
    expect(outcome.state).toBe('error');
    for (const run of await db.runs.toArray()) expect(ownRunIds(HISTORY)).toContain(run.id);
  });

  it(
    // (Was a bug in lib/strava/sync.ts: the athlete was checked once per pass; a login change during the pass
    // stores the new athlete's feed entries (their own entries carry no athlete id), and their streams.
    'another athlete logged in while a pass lists the feed — Strava sync — none of their runs stored',
    async () => {
      const { db, pass } = await world();
      const theirs = fakeStravaFetch(someoneElse()).fetch;
      // The dashboard (request 1) and the first feed page are the runner's; what follows is someone else's.
      await pass(faultAt((call) => call >= 3, (url) => theirs(url)));
      for (const run of await db.runs.toArray()) expect(ownRunIds(HISTORY)).toContain(run.id);
    },
  );
});

describe('storage full', () => {
  it.each(['saveDetails', 'commitListedPage', 'putCheckpoint', 'putLimiter', 'markDetailsFailed'] as const)(
    'IndexedDB full at %s — Strava sync — says the disk is full and what to do; every run once after space is freed',
    async (method) => {
      const { db, clock, pass, resume } = await world();
      const store = new RunStore(db, clock.now);
      // Full after the first few writes: some of the history is in, the rest is refused. (A run is
      // marked failed once in this pass: the disk is full at that first write.)
      let writes = method === 'markDetailsFailed' ? 2 : 0;
      const original = store[method].bind(store) as (...args: unknown[]) => Promise<never>;
      (store as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
        if (++writes > 2) throw quotaExceeded();
        return original(...args);
      };
      // A run whose streams changed shape is what reaches markDetailsFailed.
      const changedStreams = () => new Response('{"time":"soon"}', { status: 200, headers: { 'content-type': 'application/json' } });
      const fetchFn = method === 'markDetailsFailed' ? faultAt((_, url) => url.includes('/streams'), changedStreams) : fakeStravaFetch(HISTORY).fetch;
      const outcome = await pass(fetchFn, { store });
      expect(outcome.state).toBe('error');
      expectPlainMessage(outcome.state === 'error' ? outcome.message : undefined, /disk is full.*Free some space.*nothing already stored was lost/);
      // Whatever was stored is whole: each run has its listed numbers, none of them half-written.
      for (const run of await db.runs.toArray()) {
        expect(ownRunIds(HISTORY)).toContain(run.id);
        expect(run.startTime).toBeGreaterThan(0);
      }
      expect(await resume(fakeStravaFetch(HISTORY).fetch)).toMatchObject({ state: 'done' });
      // The changed-shape fault marks runs failed for a day: the next day's pass reads them.
      if (method === 'markDetailsFailed') {
        clock.jump(DAY + 1);
        await resume(fakeStravaFetch(HISTORY).fetch);
      }
      await expectEveryRunOnce(db);
    },
  );
});

describe('the clock jumps', () => {
  it.each([
    ['a day forward', DAY],
    ['a day back', -DAY],
  ])('the clock jumps %s at request 6 — Strava sync — goes on, every run once', async (_name, jump) => {
    const { db, clock, pass, resume } = await world();
    const outcome = await pass(faultAt(6, (url) => (clock.jump(jump), fakeStravaFetch(HISTORY).fetch(url))));
    if (outcome.state === 'waiting') expect(outcome.resumeAt - clock.now()).toBeLessThan(3_600_000);
    if (outcome.state !== 'done') await resume(fakeStravaFetch(HISTORY).fetch);
    await expectEveryRunOnce(db);
  });

  it('the clock jumps a day forward after a 429 — Strava sync — goes on at once, every run once', async () => {
    const { db, clock, pass } = await world();
    expect((await pass(fakeStravaFetch(HISTORY, { throttleAt: [3, 4, 5, 6, 7] }).fetch, { maxSleepMs: 20_000 })).state).toBe('waiting');
    clock.jump(DAY);
    expect(await pass(fakeStravaFetch(HISTORY).fetch, { relist: false, maxSleepMs: 20_000 })).toMatchObject({ state: 'done' });
    await expectEveryRunOnce(db);
  });

  // (Was a bug in lib/strava/limiter.ts, nextAllowedAt: a back-off set before the clock went back a day
  // still ended at its old time, so the sync waited a whole day; now it lasts at most what it was.)
  it.each([['a day back', -DAY]])('the clock jumps %s after a 429 — Strava sync — the back-off does not last a day', async (_name, jump) => {
    const { db, clock, pass } = await world();
    const first = await pass(fakeStravaFetch(HISTORY, { throttleAt: [3, 4, 5, 6, 7] }).fetch, { maxSleepMs: 20_000 });
    expect(first.state).toBe('waiting');
    clock.jump(jump);
    let next = await pass(fakeStravaFetch(HISTORY).fetch, { relist: false, maxSleepMs: 20_000 });
    if (next.state === 'waiting') {
      expect(next.resumeAt - clock.now(), 'a wait of a day after a jump back').toBeLessThan(3_600_000);
      // The resume alarm fires when the (short) back-off is over.
      clock.jump(next.resumeAt - clock.now());
      next = await pass(fakeStravaFetch(HISTORY).fetch, { relist: false, maxSleepMs: 20_000 });
    }
    expect(next.state).toBe('done');
    await expectEveryRunOnce(db);
  });
});
