import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunSoundDb } from '@/lib/db';
import { RunStore } from '@/lib/run-store';
import { runSync, type SyncDeps } from '@/lib/strava/sync';
import { fakeHistory, fakeStravaFetch, type FakeHistory } from '../fixtures/strava-session';

const T0 = Date.UTC(2026, 10, 25, 8, 0);
let db: RunSoundDb;
let dbCount = 0;

beforeEach(async () => {
  db = new RunSoundDb(`sync-test-${++dbCount}`);
  await db.open();
});
afterEach(() => db.close());

/** A sync against the fake session, with a clock that sleeps instantly. */
function syncDeps(fetchFn: typeof fetch, overrides: Partial<SyncDeps> = {}) {
  let now = T0;
  const slept: number[] = [];
  const deps: SyncDeps = {
    fetch: fetchFn,
    store: new RunStore(db, () => now),
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    timeZone: 'Europe/Paris',
    maxSleepMs: 120_000,
    relist: true,
    ...overrides,
  };
  return { deps, slept, advance: (ms: number) => (now += ms) };
}

const runIds = (history: FakeHistory) => history.runs.filter((run) => run.sportType !== 'Ride').map((run) => run.id);

describe('runSync', () => {
  it('stores every own run once, with the numbers of its streams, and skips other sports and athletes', async () => {
    const history = fakeHistory(24);
    const strava = fakeStravaFetch(history);
    const { deps } = syncDeps(strava.fetch);

    const outcome = await runSync(deps);

    expect(outcome).toEqual({ state: 'done', added: 24, failed: 0 });
    const stored = await db.runs.orderBy('startTime').reverse().toArray();
    expect(stored.map((run) => run.id)).toEqual(runIds(history));
    expect(await db.runs.get('17000000001')).toBeUndefined();

    const first = history.runs[0]!;
    const run = stored[0]!;
    expect(run.sportType).toBe('Run');
    expect(run.startTime).toBe(first.start * 1000);
    expect(run.startLocal).toBe('2026-11-20T08:00');
    expect(run.distanceMeters).toBeCloseTo(first.distanceMeters, 0);
    expect(run.movingTimeSeconds).toBeCloseTo(first.movingTimeSeconds, -1);
    expect(run.averageCadenceSpm).toBe(first.cadencePerLeg! * 2);
    // The newest run was recorded without GPS (a treadmill); the next one starts in Grenoble.
    expect(run.start).toBeUndefined();
    expect(stored[1]!.start).toEqual({ lat: expect.closeTo(45.191, 6), lng: 5.72 });
    expect(run.processed.details).toBe(1);

    // A manual entry has no streams: its numbers come from the training list instead.
    const manual = history.runs.find((r) => r.manual)!;
    expect((await db.runs.get(manual.id))?.distanceMeters).toBe(manual.distanceMeters);
    expect(strava.requests.some((url) => url.includes(`/athlete/training_activities/${manual.id}`))).toBe(true);
  });

  it('sends the session headers and stays within the budget', async () => {
    const history = fakeHistory(40);
    const seen: RequestInit[] = [];
    const strava = fakeStravaFetch(history);
    const { deps, slept } = syncDeps(((url: string, init: RequestInit) => {
      seen.push(init);
      return strava.fetch(url, init);
    }) as typeof fetch);
    const outcome = await runSync(deps);
    expect(outcome.state).toBe('done');
    expect(seen.every((init) => init.credentials === 'include')).toBe(true);
    // More than 30 requests: the 31st waited for the minute window to move on.
    expect(strava.requests.length).toBeGreaterThan(30);
    expect(Math.max(...slept)).toBeGreaterThan(0);
  });

  it('resumes after the worker is killed at any request, with every run exactly once', async () => {
    const history = fakeHistory(24);
    const total = fakeStravaFetch(history);
    await runSync(syncDeps(total.fetch).deps);
    const requestsWithoutKill = total.requests.length;
    await db.runs.clear();
    await db.state.clear();

    for (const killAt of [2, 3, 9, 20]) {
      await db.runs.clear();
      await db.state.clear();
      const strava = fakeStravaFetch(history);
      let calls = 0;
      const dying = (async (url: string, init: RequestInit) => {
        if (++calls === killAt) throw new Error('worker killed');
        return strava.fetch(url, init);
      }) as typeof fetch;
      await expect(runSync(syncDeps(dying).deps)).rejects.toThrow('worker killed');

      // The worker starts again: a fresh store over the same database, relisting as an alarm would not.
      const outcome = await runSync(syncDeps(strava.fetch, { relist: false }).deps);
      expect(outcome.state).toBe('done');
      const ids = (await db.runs.toArray()).map((run) => run.id).sort();
      expect(ids).toEqual(runIds(history).sort());
      expect((await db.runs.toArray()).every((run) => run.processed.details === 1)).toBe(true);
      // Only the page or run in flight is asked for again.
      expect(strava.requests.length).toBeLessThanOrEqual(requestsWithoutKill + 2);
    }
  });

  it('backs off on a 429 and then completes', async () => {
    const history = fakeHistory(12);
    const strava = fakeStravaFetch(history, { throttleAt: [6] });
    const { deps, slept } = syncDeps(strava.fetch);
    const outcome = await runSync(deps);
    expect(outcome.state).toBe('done');
    expect(slept).toContain(30_000);
    expect(await db.runs.count()).toBe(12);
  });

  it('stops with "waiting" when the budget asks for a long wait, and resumes later', async () => {
    const history = fakeHistory(40);
    const strava = fakeStravaFetch(history);
    const { deps, advance } = syncDeps(strava.fetch, { maxSleepMs: 20_000 });
    const first = await runSync(deps);
    expect(first.state).toBe('waiting');
    if (first.state !== 'waiting') return;
    expect(first.resumeAt).toBe(T0 + 60_000);
    advance(60_000);
    expect(await runSync({ ...deps, relist: false })).toMatchObject({ state: 'done' });
    expect(await db.runs.count()).toBe(40);
  });

  it.each(['redirect', 'login-page'] as const)('reports a logged-out session (%s) and stores nothing', async (loggedOut) => {
    const strava = fakeStravaFetch(fakeHistory(5), { loggedOut });
    expect(await runSync(syncDeps(strava.fetch).deps)).toEqual({ state: 'logged-out' });
    expect(await db.runs.count()).toBe(0);
  });

  it('notices a session that ends in the middle of a sync', async () => {
    const history = fakeHistory(12);
    const strava = fakeStravaFetch(history);
    let calls = 0;
    const ending = (async (url: string, init: RequestInit) =>
      ++calls > 5 ? fakeStravaFetch(history, { loggedOut: 'login-page' }).fetch(url, init) : strava.fetch(url, init)) as typeof fetch;
    expect(await runSync(syncDeps(ending).deps)).toEqual({ state: 'logged-out' });
    // What was read before stays, and nothing was stored from the login page.
    const runs = await db.runs.toArray();
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((run) => run.distanceMeters === undefined || run.distanceMeters > 0)).toBe(true);
  });

  it('falls back to the training list when the feed breaks', async () => {
    const history = fakeHistory(24);
    const strava = fakeStravaFetch(history, { feedBroken: true });
    expect(await runSync(syncDeps(strava.fetch).deps)).toMatchObject({ state: 'done', added: 24 });
    expect((await db.runs.toArray()).map((r) => r.id).sort()).toEqual(runIds(history).sort());
    const run = await db.runs.get(history.runs[0]!.id);
    // The training list knows the local start.
    expect(run?.startLocal).toBe('2026-11-20T08:00');
  });

  it('after the first full sync, lists only until a page has nothing new', async () => {
    const history = fakeHistory(30);
    await runSync(syncDeps(fakeStravaFetch(history).fetch).deps);

    const newer = fakeHistory(32, Date.UTC(2026, 10, 24, 7, 0) / 1000);
    // Two new runs on top of the same history.
    const grown: FakeHistory = { ...history, runs: [...newer.runs.slice(0, 2).map((r, i) => ({ ...r, id: `1800000000${i}` })), ...history.runs] };
    const strava = fakeStravaFetch(grown);
    const outcome = await runSync(syncDeps(strava.fetch).deps);
    expect(outcome).toMatchObject({ state: 'done', added: 2 });
    const feedPages = strava.requests.filter((url) => url.includes('/dashboard/feed'));
    expect(feedPages.length).toBeLessThanOrEqual(2);
    const streams = strava.requests.filter((url) => url.includes('/streams'));
    expect(streams).toHaveLength(2);
  });

  it('stops when a response changes shape, instead of spending the budget on it: plain words for the runner, the endpoint kept as the detail', async () => {
    const history = fakeHistory(3);
    const strava = fakeStravaFetch(history);
    const broken = (async (url: string, init: RequestInit) => {
      if (url.includes('/streams')) return new Response('{"time":"soon"}', { status: 200, headers: { 'content-type': 'application/json' } });
      return strava.fetch(url, init);
    }) as typeof fetch;
    const outcome = await runSync(syncDeps(broken).deps);
    expect(outcome).toMatchObject({ state: 'error', message: expect.stringMatching(/Strava may have changed its site/), detail: expect.stringMatching(/\/activities\/<id>\/streams/) });
    expect(outcome.state === 'error' && outcome.message).not.toMatch(/\/activities/);
    const run = await db.runs.get(history.runs[0]!.id);
    expect(run?.failures?.details?.error).toMatch(/\/activities\/<id>\/streams/);
    expect(strava.requests.filter((url) => url.includes('/streams'))).toHaveLength(0);
  });

  it('a sync from another time zone does not rewrite the history', async () => {
    const history = fakeHistory(12);
    await runSync(syncDeps(fakeStravaFetch(history).fetch).deps);
    const before = await db.runs.toArray();
    const strava = fakeStravaFetch(history);
    const outcome = await runSync(syncDeps(strava.fetch, { timeZone: 'America/New_York' }).deps);
    expect(outcome).toMatchObject({ state: 'done', added: 0 });
    expect(await db.runs.toArray()).toEqual(before);
  });

  it('retries a passing server error on the feed, without falling back', async () => {
    const history = fakeHistory(8);
    const strava = fakeStravaFetch(history);
    let failedOnce = false;
    const flaky = (async (url: string, init: RequestInit) => {
      if (url.includes('/dashboard/feed') && !failedOnce) {
        failedOnce = true;
        return new Response('<h1>We are sorry</h1>', { status: 503, headers: { 'content-type': 'text/html' } });
      }
      return strava.fetch(url, init);
    }) as typeof fetch;
    const { deps, slept } = syncDeps(flaky);
    expect(await runSync(deps)).toMatchObject({ state: 'done', added: 8 });
    expect(slept).toContain(30_000);
    expect(strava.requests.some((url) => url.includes('/athlete/training_activities?'))).toBe(false);
  });

  it('a web page that is not the login page is a changed shape, not a logout', async () => {
    const history = fakeHistory(2);
    const strava = fakeStravaFetch(history);
    const odd = (async (url: string, init: RequestInit) =>
      url.includes('/streams') ? new Response('<html><body class="logged-in">New app</body></html>', { status: 200, headers: { 'content-type': 'text/html' } }) : strava.fetch(url, init)) as typeof fetch;
    expect(await runSync(syncDeps(odd).deps)).toMatchObject({ state: 'error', detail: expect.stringMatching(/web page instead of JSON/) });
  });

  it('refuses to merge the history of another athlete logged in to strava.com', async () => {
    await runSync(syncDeps(fakeStravaFetch(fakeHistory(3)).fetch).deps);
    const someoneElse = { ...fakeHistory(5, Date.UTC(2026, 10, 23, 7) / 1000), athleteId: 999 };
    const outcome = await runSync(syncDeps(fakeStravaFetch(someoneElse).fetch).deps);
    expect(outcome).toMatchObject({ state: 'error', message: expect.stringMatching(/another athlete/) });
    expect(await db.runs.count()).toBe(3);
  });

  it('a listing resumed after strava.com was logged in as another athlete stores none of their runs', async () => {
    const mine = fakeHistory(25);
    const strava = fakeStravaFetch(mine);
    let calls = 0;
    // The worker stops after the first page of the feed: the listing is half done.
    const dying = (async (url: string, init: RequestInit) => {
      if (url.includes('/dashboard/feed') && ++calls === 2) throw new Error('worker killed');
      return strava.fetch(url, init);
    }) as typeof fetch;
    await expect(runSync(syncDeps(dying).deps)).rejects.toThrow('worker killed');
    const before = (await db.runs.toArray()).map((run) => run.id).sort();
    // Meanwhile someone else logged in to strava.com in this browser.
    const someoneElse = { ...fakeHistory(25, Date.UTC(2026, 10, 23, 7) / 1000), athleteId: 999 };
    someoneElse.runs.forEach((run, index) => (run.id = String(18_000_000_000 + index)));
    const outcome = await runSync(syncDeps(fakeStravaFetch(someoneElse).fetch, { relist: false }).deps);
    expect(outcome).toMatchObject({ state: 'error', message: expect.stringMatching(/another athlete/) });
    expect((await db.runs.toArray()).map((run) => run.id).sort()).toEqual(before);
  });

  it('drops a feed entry of another athlete (the feed may carry them), keeping the runner’s own', async () => {
    const history = fakeHistory(6);
    const theirs = history.runs.filter((run) => run.sportType !== 'Ride')[3]!;
    theirs.athleteId = 7654321;
    const outcome = await runSync(syncDeps(fakeStravaFetch(history).fetch).deps);
    expect(outcome).toMatchObject({ state: 'done', added: 5 });
    expect(await db.runs.get(theirs.id)).toBeUndefined();
  });

  it('does not lose new runs below a page of new other sports', async () => {
    const history = fakeHistory(12);
    await runSync(syncDeps(fakeStravaFetch(history).fetch).deps);
    const newest = history.runs[0]!.start;
    const rides = Array.from({ length: 12 }, (_, i) => ({ ...history.runs[3]!, id: `1900000000${String(i).padStart(2, '0')}`, start: newest + 86_400 * 2 + i * 3600 }));
    const newRun = { ...history.runs[0]!, id: '18500000000', name: 'New run', start: newest + 86_400 };
    const grown = { ...history, runs: [...rides.reverse(), newRun, ...history.runs] };
    expect(await runSync(syncDeps(fakeStravaFetch(grown).fetch).deps)).toMatchObject({ state: 'done', added: 1 });
    expect(await db.runs.get('18500000000')).toBeDefined();
  });

  it('after a kill between a page and its checkpoint, the next relist still finds every new run', async () => {
    const history = fakeHistory(12);
    await runSync(syncDeps(fakeStravaFetch(history).fetch).deps);
    const newest = history.runs[0]!.start;
    const fresh = Array.from({ length: 15 }, (_, i) => ({ ...history.runs[0]!, id: `1860000000${String(i).padStart(2, '0')}`, start: newest + (15 - i) * 86_400 }));
    const grown = { ...history, runs: [...fresh, ...history.runs] };
    const strava = fakeStravaFetch(grown);
    // Killed right after the first feed page arrived.
    let feedPages = 0;
    const dying = (async (url: string, init: RequestInit) => {
      const response = await strava.fetch(url, init);
      if (url.includes('/dashboard/feed') && ++feedPages === 2) throw new Error('worker killed');
      return response;
    }) as typeof fetch;
    await expect(runSync(syncDeps(dying).deps)).rejects.toThrow('worker killed');
    expect(await runSync(syncDeps(strava.fetch).deps)).toMatchObject({ state: 'done' });
    for (const run of fresh) expect(await db.runs.get(run.id)).toBeDefined();
  });
});

describe('athleteFromPage', () => {
  it('reads who is logged in and their units from any strava.com page', async () => {
    const { athleteFromPage } = await import('@/lib/strava/session');
    const { dashboardPage, LOGIN_PAGE } = await import('../fixtures/strava-session');
    expect(athleteFromPage(dashboardPage({ athleteId: 42, measurementPreference: 'feet' }))).toEqual({ id: 42, measurementPreference: 'feet' });
    expect(athleteFromPage(LOGIN_PAGE)).toBeUndefined();
  });
});

describe('runSync: one run that fails unexpectedly', () => {
  it('is marked failed with a back-off, and the sync moves on to the others', async () => {
    const history = fakeHistory(6);
    const strava = fakeStravaFetch(history);
    const store = new RunStore(db, () => T0);
    const bad = history.runs[2]!.id;
    const saveDetails = store.saveDetails.bind(store);
    // Something no one foresaw goes wrong with that one run (a value RunSound cannot store, say).
    store.saveDetails = async (id, details) => {
      if (id === bad) throw new TypeError('Cannot read properties of undefined');
      return saveDetails(id, details);
    };
    const { deps } = syncDeps(strava.fetch, { store });
    const outcome = await runSync(deps);
    expect(outcome).toEqual({ state: 'done', added: 6, failed: 1 });
    const run = await db.runs.get(bad);
    expect(run?.failures?.details?.retryAt).toBeGreaterThan(T0);
    expect((await db.runs.toArray()).filter((candidate) => candidate.distanceMeters !== undefined)).toHaveLength(5);
    // The next pass does not ask for it again before its time.
    const again = await runSync(syncDeps(strava.fetch, { store, relist: false }).deps);
    expect(again).toEqual({ state: 'done', added: 0, failed: 0 });
  });

  it('a full disk stops the sync with what to do, and nothing half-written', async () => {
    const history = fakeHistory(4);
    const strava = fakeStravaFetch(history);
    const store = new RunStore(db, () => T0);
    store.saveDetails = async () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    const outcome = await runSync(syncDeps(strava.fetch, { store }).deps);
    expect(outcome).toMatchObject({ state: 'error' });
    expect(outcome.state === 'error' && outcome.message).toMatch(/disk is full.*free some space/i);
  });
});

describe('runSync: numbers no run has', () => {
  it('a feed entry with a negative elapsed time is kept without it; streams giving a cadence of 900 are kept without it', async () => {
    const history = fakeHistory(4);
    const odd = history.runs.find((run) => run.sportType === 'Run' && !run.manual && run !== history.runs[1])!;
    odd.cadencePerLeg = 450;
    const strava = fakeStravaFetch(history);
    const fetchFn = (async (url: string, init: RequestInit) => {
      const response = await strava.fetch(url, init);
      if (!url.includes('/dashboard/feed')) return response;
      const body = await response.json() as { entries: Array<{ activity?: { id: string; elapsedTime: number } }> };
      for (const entry of body.entries) if (entry.activity?.id === odd.id) entry.activity.elapsedTime = -5;
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const outcome = await runSync(syncDeps(fetchFn).deps);
    expect(outcome).toMatchObject({ state: 'done', added: 4 });
    const run = await db.runs.get(odd.id);
    expect(run?.elapsedTimeSeconds).toBeUndefined();
    expect(run?.averageCadenceSpm).toBeUndefined();
    expect(run?.distanceMeters).toBeGreaterThan(0);
  });
});
