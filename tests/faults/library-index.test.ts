/**
 * Faults while the Spotify library is indexed: the worker stopped at requests across a first pass,
 * 429 storms and 5xx from Spotify, ReccoBeats and Deezer, requests that hang, the network down,
 * the connection revoked, a full disk and the clock jumping. Each ends, after the passes the
 * resume alarm starts, with the same index as a pass nothing disturbed: no track lost or twice.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { RunSoundDb } from '@/lib/db';
import { CHECKPOINT_KEY, libraryComplete, runLibraryPass, type PassOutcome } from '@/lib/music-library/pass';
import { RequestCounter, SpotifyHttpError, SpotifyOffline, SpotifyQuotaExceeded, SpotifyRateLimited, spotifyApi, TokenKeeper } from '@/lib/spotify';
import {
  createFakeMusicServices,
  FAKE_CATALOGUE,
  FAKE_CLIENT_ID,
  fakeMusicFetch,
  serviceUnavailable,
  spotifyError,
  spotifyQuotaExceeded,
  spotifyTooManyRequests,
  type FakeMusicOptions,
  type RequestMatch,
} from '../fixtures/spotify';
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

const ids = (from: number, to: number) => FAKE_CATALOGUE.slice(from, to).map((track) => track.id);
/** Saved tracks over two pages, top tracks, a playlist over two pages and one of their own. */
const LIBRARY: FakeMusicOptions = {
  savedTrackIds: ids(0, 60),
  topTrackIds: ids(20, 40),
  ownPlaylists: [
    { id: 'OwnPlaylistLongRuns0001', name: 'Long runs', trackIds: ids(60, 125) },
    { id: 'OwnPlaylistSundays00002', name: 'Sundays', trackIds: ids(120, 133) },
  ],
};

type Wrap = (inner: typeof fetch) => typeof fetch;

function world(options: FakeMusicOptions = LIBRARY) {
  let now = T0;
  const services = createFakeMusicServices({ now: () => now, ...structuredClone(options) });
  const { fetch, requests } = fakeMusicFetch(services);
  let stored = services.connect();
  const db = new RunSoundDb(`faults-library-${++serial}`);
  opened.push(db);
  const clock = { now: () => now, jump: (ms: number) => void (now += ms) };
  const pass = (wrap: Wrap = (inner) => inner) => {
    const faulty = wrap(fetch);
    const counter = new RequestCounter();
    const tokens = new TokenKeeper({ fetch: faulty, clientId: FAKE_CLIENT_ID, now: clock.now, load: async () => stored, save: async (tokens) => void (stored = tokens) });
    const sleep = async (ms: number) => void (now += ms);
    return runLibraryPass({
      db,
      api: spotifyApi({ fetch: faulty, tokens, now: clock.now, sleep, counter }),
      features: { fetch: faulty, now: clock.now, sleep, counter },
      grantedScopes: services.connect().scope,
      ownPlaylistIds: new Set(),
      now: clock.now,
    });
  };
  /** Passes as the resume alarm starts them, after each wait the pass or Spotify asked for, until one is done. */
  const resume = async (): Promise<PassOutcome> => {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        const outcome = await pass();
        if (outcome.state === 'done') return outcome;
        now = Math.max(now, outcome.resumeAt);
      } catch (error) {
        // Spotify struggling (5xx) or unreachable: the next periodic pass, hours later.
        if (error instanceof SpotifyHttpError || error instanceof SpotifyOffline) now += 6 * 3_600_000;
        else if (error instanceof SpotifyRateLimited || error instanceof SpotifyQuotaExceeded) now = Math.max(now, error.retryAt);
        else throw error;
      }
    }
    throw new Error('the index kept waiting');
  };
  return { services, db, requests, pass, resume, clock };
}

/** Everything the index holds, in a form two databases can be compared by. */
async function snapshot(db: RunSoundDb) {
  const tracks = (await db.libraryTracks.toArray()).map(({ firstSeenAt: _seen, ...track }) => track).sort((a, b) => a.id.localeCompare(b.id));
  const links = (await db.libraryLinks.toArray()).map((link) => `${link.source} ${link.trackId}`).sort();
  const features = (await db.trackFeatures.toArray()).map(({ updatedAt: _at, ...row }) => row).sort((a, b) => a.id.localeCompare(b.id));
  return { tracks, links, features };
}

const { EXPECTED, REQUESTS } = await (async () => {
  const reference = world();
  await reference.pass();
  const expected = await snapshot(reference.db);
  reference.db.close();
  await Dexie.delete(reference.db.name);
  opened.splice(0);
  return { EXPECTED: expected, REQUESTS: reference.requests.length };
})();

/** The index is whole: what an undisturbed pass makes, no pass left under way. */
async function expectWholeIndex(db: RunSoundDb) {
  expect(await snapshot(db)).toEqual(EXPECTED);
  expect(await db.state.get(CHECKPOINT_KEY)).toBeUndefined();
  expect(await libraryComplete(db)).toBe(true);
}

/** The `nth` request, or those `which` matches, get `fault` instead. */
function faulty(which: number | ((url: URL, call: number) => boolean), fault: (inner: typeof fetch, input: string | URL | Request, init?: RequestInit) => Promise<Response>): Wrap {
  return (inner) => {
    let calls = 0;
    const hits = typeof which === 'number' ? (_: URL, call: number) => call === which : which;
    return ((input: string | URL | Request, init?: RequestInit) => (hits(new URL(String(input)), ++calls) ? fault(inner, input, init) : inner(input, init))) as typeof fetch;
  };
}

// Every third request of a first pass, and its last one (the unit tests stop it at every one).
const STOPS = [...new Set([...Array.from({ length: Math.ceil(REQUESTS / 3) }, (_, i) => 1 + 3 * i), REQUESTS])];

describe('the worker stopped mid-library-index', () => {
  it.each(STOPS)('worker stopped at request %i — library index — resumes, every track once', async (request) => {
    const { db, pass, resume } = world();
    let hung!: () => void;
    const stopped = new Promise<void>((resolve) => (hung = resolve));
    void pass(faulty(request, () => (hung(), new Promise<Response>(() => {}))));
    await stopped;
    await resume();
    await expectWholeIndex(db);
  });
});

describe('the services say slow down, or are struggling', () => {
  it.each([
    ['Spotify', 429, 'the saved tracks', { host: 'api.spotify.com', path: '/v1/me/tracks' }, () => spotifyTooManyRequests(40)],
    ['Spotify', 429, 'playlist items', { host: 'api.spotify.com', path: /\/items$/ }, () => spotifyTooManyRequests(40)],
    ['Spotify', 503, 'the saved tracks', { host: 'api.spotify.com', path: '/v1/me/tracks' }, serviceUnavailable],
    ['Spotify', 500, 'playlist items', { host: 'api.spotify.com', path: /\/items$/ }, () => ({ ...serviceUnavailable(), status: 500 })],
    ['ReccoBeats', 429, 'audio features', { host: 'api.reccobeats.com' }, () => ({ status: 429, contentType: 'application/json', body: '{}', headers: { 'retry-after': '120' } })],
    ['ReccoBeats', 503, 'audio features', { host: 'api.reccobeats.com' }, serviceUnavailable],
    ['Deezer', 429, 'track tempo', { host: 'api.deezer.com' }, () => ({ status: 429, contentType: 'application/json', body: '{}', headers: { 'retry-after': '120' } })],
    ['Deezer', 502, 'track tempo', { host: 'api.deezer.com' }, () => ({ ...serviceUnavailable(), status: 502 })],
  ] as const)('%s storm of %i answers on %s — library index — waits, then every track once', async (_service, _status, _what, match, answer) => {
    const { db, services, pass, resume } = world();
    for (let i = 0; i < 8; i++) services.once(match as RequestMatch, answer());
    const first = await pass().catch((error: Error) => error);
    if (first instanceof Error) expectPlainMessage(first.message, /Spotify (asked RunSound to slow down.*Try again in|is having trouble.*Try again in a few minutes)/);
    await resume();
    await expectWholeIndex(db);
  });

  it('QUOTA_EXCEEDED — library index — says the quota is spent and when; the index goes on after', async () => {
    const { db, services, pass, resume } = world();
    services.once({ host: 'api.spotify.com', path: '/v1/me/top/tracks' }, spotifyQuotaExceeded(600));
    const error = await pass().catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(SpotifyQuotaExceeded);
    expectPlainMessage((error as Error).message, /used up its request quota.*try again in/);
    await resume();
    await expectWholeIndex(db);
  });
});

describe('requests that hang, and no network', () => {
  it.each(['api.spotify.com', 'accounts.spotify.com', 'api.reccobeats.com', 'api.deezer.com'])('%s never answers — library index — times out, then every track once', async (host) => {
    timeoutsFireAtOnce();
    const { db, pass, resume, clock } = world();
    if (host === 'accounts.spotify.com') clock.jump(2 * 3_600_000);
    let hungOnce = false;
    let unguarded: string[] = [];
    const first = await settlesWithin(
      pass((inner) => {
        const hanging = hangingFetch(inner, (url) => !hungOnce && new URL(url).host === host && (hungOnce = true));
        unguarded = hanging.unguarded;
        return hanging.fetch;
      }).catch((error: Error) => error),
      'the library pass',
    );
    expect(hungOnce).toBe(true);
    expect(unguarded).toEqual([]);
    if (first instanceof Error) expectPlainMessage(first.message, /could not reach Spotify.*Check your internet connection/);
    await resume();
    await expectWholeIndex(db);
  });

  it('network down — library index — "could not reach Spotify", then every track once when it is back', async () => {
    const { db, pass, resume } = world();
    const error = await pass(() => networkDown).catch((caught: Error) => caught);
    expectPlainMessage((error as Error).message, /could not reach Spotify.*Check your internet connection/);
    await resume();
    await expectWholeIndex(db);
  });

  it('network down halfway — library index — stops, then every track once when it is back', async () => {
    const { db, pass, resume } = world();
    const first = await pass(faulty((_, call) => call > REQUESTS / 2, () => networkDown(''))).catch((caught: Error) => caught);
    // Spotify unreachable stops the pass; the feature services unreachable pause their lookups.
    if (first instanceof Error) expectPlainMessage(first.message, /could not reach Spotify.*Check your internet connection/);
    else expect(first.state).toBe('waiting');
    await resume();
    await expectWholeIndex(db);
  });
});

describe('the Spotify connection', () => {
  it('access revoked mid-index (invalid_grant) — library index — "connect Spotify again", nothing half-read kept as complete', async () => {
    const { db, services, pass } = world();
    const error = await pass(faulty((url, call) => call > 4 && url.host === 'api.spotify.com', (inner, input, init) => (services.expireAccessTokens(), services.revokeRefreshTokens(), inner(input, init)))).catch(
      (caught: Error) => caught,
    );
    expectPlainMessage((error as Error).message, /no longer accepts RunSound’s connection.*Connect Spotify again/);
    expect(await libraryComplete(db)).toBe(false);
  });

  it('a 401 that renewing does not cure — library index — "connect Spotify again"', async () => {
    const { services, pass } = world();
    for (let i = 0; i < 3; i++) services.once({ host: 'api.spotify.com' }, spotifyError(401, 'Invalid access token'));
    const error = await pass().catch((caught: Error) => caught);
    expectPlainMessage((error as Error).message, /Connect Spotify again/);
  });
});

describe('storage full', () => {
  it.each(['libraryTracks', 'libraryLinks', 'trackFeatures', 'state'] as const)('IndexedDB full writing %s — library index — stops, nothing half-written; every track once after space is freed', async (table) => {
    const { db, pass, resume } = world();
    await db.open();
    // The table refuses its writes after the first two: the disk filled up during the pass.
    const target = db[table] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const originals = Object.fromEntries(['put', 'bulkPut', 'update', 'add'].map((method) => [method, target[method]!]));
    let writes = 0;
    for (const method of Object.keys(originals)) {
      target[method] = function (this: unknown, ...args: unknown[]) {
        if (++writes > 2) return Promise.reject(quotaExceeded());
        return originals[method]!.apply(target, args);
      };
    }
    const error = await pass().catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('QuotaExceededError');
    expect(await libraryComplete(db)).toBe(false);
    Object.assign(target, originals);
    await resume();
    await expectWholeIndex(db);
  });
});

describe('the clock jumps', () => {
  it.each([
    ['a day forward', DAY],
    ['a day back', -DAY],
  ])('the clock jumps %s mid-pass — library index — every track once', async (_name, jump) => {
    const { db, pass, resume, clock } = world();
    const outcome = await pass(faulty(6, (inner, input, init) => (clock.jump(jump), inner(input, init))));
    if (outcome.state === 'waiting') expect(outcome.resumeAt - clock.now()).toBeLessThan(DAY / 2);
    await resume();
    await expectWholeIndex(db);
  });
});
