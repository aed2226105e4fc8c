/**
 * Faults while a playlist is made: the worker stopped at every request, lost replies, 429 storms,
 * quota and 5xx from Spotify, ReccoBeats and Deezer, requests that hang, the network down, a
 * revoked Spotify connection and the clock jumping. Each ends with at most one playlist for the
 * run (after the retry the runner or the background makes, with what the attempt remembered) and
 * a plain message when it could not be made.
 */
import { describe, expect, it } from 'vitest';
import type { TrackFeatures } from '@/lib/music-features';
import { priorProfile } from '@/lib/model/prior';
import type { PlannedRun } from '@/lib/plan';
import { generatePlaylist, type GeneratedPlaylist, type GenerateDeps } from '@/lib/playlist/generate';
import { RequestCounter, spotifyApi, TokenKeeper } from '@/lib/spotify';
import {
  createFakeMusicServices,
  FAKE_CLIENT_ID,
  fakeMusicFetch,
  serviceUnavailable,
  spotifyError,
  spotifyQuotaExceeded,
  spotifyTooManyRequests,
  type FakeAnswer,
  type FakeMusicOptions,
  type RequestMatch,
} from '../fixtures/spotify';
import { DAY, expectPlainMessage, hangingFetch, networkDown, settlesWithin, timeoutsFireAtOnce } from './kit';

const T0 = Date.UTC(2026, 10, 25, 8, 0);
const PLAN: PlannedRun = { type: 'easy', paceSecondsPerKm: 360, distanceMeters: 10_000, start: '2026-11-26T18:00' };
const PROFILE = priorProfile(PLAN, 'metric');
const OPTIONS = { excludeExplicit: false, length: { mode: 'duration' as const } };

/**
 * A connected runner. `wrap` puts a fault between RunSound and the services; `attempt` is what the
 * background keeps of a generation under way (the mark of a create it asked for, the playlist made).
 */
function world(options: FakeMusicOptions = {}) {
  let now = T0;
  const services = createFakeMusicServices({ now: () => now, ...options });
  const { fetch, requests } = fakeMusicFetch(services);
  let stored = services.connect();
  const cache = new Map<string, TrackFeatures>();
  const attempt: { mark?: string; playlist?: { id: string; url: string; name: string } } = {};
  const clock = { now: () => now, jump: (ms: number) => void (now += ms) };
  const generate = (wrap: (inner: typeof fetch) => typeof fetch = (inner) => inner): Promise<GeneratedPlaylist> => {
    const faulty = wrap(fetch);
    const counter = new RequestCounter();
    const tokens = new TokenKeeper({ fetch: faulty, clientId: FAKE_CLIENT_ID, now: clock.now, load: async () => stored, save: async (tokens) => void (stored = tokens) });
    const deps: GenerateDeps = {
      api: spotifyApi({ fetch: faulty, tokens, counter, now: clock.now, sleep: async (ms) => void (now += ms) }),
      fetch: faulty,
      counter,
      now: clock.now,
      cachedFeatures: async (ids) => new Map(ids.filter((id) => cache.has(id)).map((id) => [id, cache.get(id)!])),
      saveFeatures: async (features) => {
        for (const [id, value] of features) cache.set(id, value);
      },
      existing: attempt.playlist,
      creationUnconfirmed: attempt.playlist ? undefined : attempt.mark,
      creating: async (mark) => void (attempt.mark = mark),
      created: async (playlist) => void (attempt.playlist = playlist),
    };
    return generatePlaylist(PLAN, PROFILE, 'metric', OPTIONS, deps);
  };
  return { services, requests, generate, clock };
}

/** The run has one playlist, holding the tracks of the generation that ended. */
function expectOnePlaylist(services: ReturnType<typeof world>['services'], result: GeneratedPlaylist) {
  expect(services.playlists).toHaveLength(1);
  expect(services.playlists[0]!.uris).toEqual(result.trackUris);
  expect(result.trackUris.length).toBeGreaterThan(0);
}

/** A fetch whose `nth` request (1-based) or whose requests matching `which` get `fault` instead. */
function faulty(which: number | ((url: URL, call: number) => boolean), fault: (inner: typeof fetch, input: string | URL | Request, init?: RequestInit) => Promise<Response>) {
  return (inner: typeof fetch) => {
    let calls = 0;
    const hits = typeof which === 'number' ? (_: URL, call: number) => call === which : which;
    return ((input: string | URL | Request, init?: RequestInit) => (hits(new URL(String(input)), ++calls) ? fault(inner, input, init) : inner(input, init))) as typeof fetch;
  };
}

const REQUESTS = await (async () => {
  const { requests, generate } = world();
  await generate();
  return requests.length;
})();

describe('the worker stopped mid-generation', () => {
  it.each(Array.from({ length: REQUESTS }, (_, i) => i + 1))('worker stopped at request %i — playlist generation — the retry makes one playlist', async (request) => {
    const { services, generate } = world();
    // The request never answers: the worker was stopped waiting for it; what it did may have been done.
    let hung!: () => void;
    const stopped = new Promise<void>((resolve) => (hung = resolve));
    void generate(faulty(request, (inner, input, init) => (hung(), void inner(input, init).catch(() => {}), new Promise<Response>(() => {}))));
    await stopped;
    expectOnePlaylist(services, await generate());
  });

  it.each([
    ['create', { method: 'POST', path: '/v1/me/playlists' }],
    ['add the tracks', { method: 'POST', path: /\/items$/ }],
  ] as [string, RequestMatch][])('the reply to "%s" lost after Spotify did it — playlist generation — the retry makes one playlist', async (_name, match) => {
    const { services, generate } = world();
    services.once(match, 'lost-reply');
    const error = await generate().catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expectPlainMessage((error as Error).message, /could not reach Spotify.*Check your internet connection/);
    expectOnePlaylist(services, await generate());
  });
});

describe('Spotify says slow down, or is struggling', () => {
  it('429 storm of 3 answers on search — playlist generation — waits them out, one playlist', async () => {
    const { services, generate } = world();
    for (let i = 0; i < 3; i++) services.once({ path: '/v1/search' }, spotifyTooManyRequests(2));
    expectOnePlaylist(services, await generate());
  });

  it.each([
    ['every read', { method: 'GET' }],
    ['create', { method: 'POST', path: '/v1/me/playlists' }],
    ['add the tracks', { method: 'POST', path: /\/items$/ }],
  ] as [string, RequestMatch][])('429 storm on %s, longer than RunSound waits — playlist generation — "try again in", then one playlist', async (_name, match) => {
    const { services, generate, clock } = world();
    // Two waits of 50 s are more than the minute RunSound waits while the runner watches.
    for (let i = 0; i < 2; i++) services.once(match, spotifyTooManyRequests(50));
    const error = await generate().catch((caught: Error) => caught);
    expect(services.playlists.length).toBeLessThanOrEqual(1);
    expectPlainMessage((error as Error).message, /Spotify asked RunSound to slow down.*Try again in/);
    clock.jump(60_000);
    expectOnePlaylist(services, await generate());
  });

  it('QUOTA_EXCEEDED — playlist generation — says the quota is spent and when to try again, nothing made', async () => {
    const { services, generate } = world();
    services.once({ method: 'GET' }, spotifyQuotaExceeded(600));
    const error = await generate().catch((caught: Error) => caught);
    expectPlainMessage((error as Error).message, /used up its request quota.*try again in/);
    expect(services.playlists).toHaveLength(0);
  });

  it.each([
    [500, 'search', { method: 'GET', path: '/v1/search' }],
    [502, 'the saved tracks', { method: 'GET', path: '/v1/me/tracks' }],
    [503, 'create', { method: 'POST', path: '/v1/me/playlists' }],
    [504, 'add the tracks', { method: 'POST', path: /\/items$/ }],
  ] as [number, string, RequestMatch][])('Spotify %i on %s — playlist generation — tried again or told plainly, then one playlist', async (status, _name, match) => {
    const { services, generate } = world();
    services.once(match, { ...serviceUnavailable(), status });
    const first = await generate().catch((caught: Error) => caught);
    if (first instanceof Error) {
      expectPlainMessage(first.message, /Spotify is having trouble.*Try again in a few minutes/);
      expectOnePlaylist(services, await generate());
    } else expectOnePlaylist(services, first);
  });
});

describe('the feature services fail', () => {
  const storm = (status: number): FakeAnswer => ({ status, contentType: 'application/json', body: '{}', headers: { 'retry-after': '0' } });
  it.each([
    ['ReccoBeats', 429, 'api.reccobeats.com'],
    ['ReccoBeats', 500, 'api.reccobeats.com'],
    ['ReccoBeats', 503, 'api.reccobeats.com'],
    ['Deezer', 429, 'api.deezer.com'],
    ['Deezer', 502, 'api.deezer.com'],
  ] as const)('%s answers %i to everything — playlist generation — one playlist anyway, the summary says the service is down', async (service, status, host) => {
    const { services, generate } = world(service === 'Deezer' ? { reccoBeatsDown: true } : {});
    for (let i = 0; i < 20; i++) services.once({ host }, storm(status));
    const result = await generate();
    expectOnePlaylist(services, result);
    expect(result.warnings.some((warning) => warning.includes(service))).toBe(true);
    for (const warning of result.warnings) expectPlainMessage(warning, /not answering well.*uses what it already knows/);
  });

  it('Deezer asks to wait a day — playlist generation — not waited out, the summary says Deezer is skipped', async () => {
    const { services, generate } = world({ reccoBeatsDown: true });
    services.once({ host: 'api.deezer.com' }, { status: 429, contentType: 'application/json', body: '{}', headers: { 'retry-after': '86400' } });
    const result = await settlesWithin(generate(), 'the generation');
    expectOnePlaylist(services, result);
    expect(result.warnings.join(' ')).toMatch(/Deezer/);
  });
});

describe('requests that hang, and no network', () => {
  it.each([
    ['Spotify', 'api.spotify.com'],
    ['its token refresh', 'accounts.spotify.com'],
    ['ReccoBeats', 'api.reccobeats.com'],
    ['Deezer', 'api.deezer.com'],
  ])('%s never answers — playlist generation — times out, no request without a timeout', async (_name, host) => {
    const asked = timeoutsFireAtOnce();
    const { services, generate, clock } = world(host === 'api.deezer.com' ? { reccoBeatsDown: true } : {});
    // The access token expires at once: the refresh goes to accounts.spotify.com.
    if (host === 'accounts.spotify.com') clock.jump(2 * 3_600_000);
    let hungOnce = false;
    let unguarded: string[] = [];
    const result = await settlesWithin(
      generate((inner) => {
        const hanging = hangingFetch(inner, (url) => !hungOnce && new URL(url).host === host && (hungOnce = true));
        unguarded = hanging.unguarded;
        return hanging.fetch;
      }).catch((caught: Error) => caught),
      'the generation',
    );
    expect(hungOnce).toBe(true);
    expect(unguarded).toEqual([]);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((ms) => ms <= 30_000)).toBe(true);
    if (result instanceof Error) {
      expectPlainMessage(result.message, /could not reach Spotify.*Check your internet connection/);
      expectOnePlaylist(services, await generate());
    } else expectOnePlaylist(services, result);
  });

  it('network down — playlist generation — "could not reach Spotify", nothing made', async () => {
    const { services, generate } = world();
    const error = await generate(() => networkDown).catch((caught: Error) => caught);
    expectPlainMessage((error as Error).message, /could not reach Spotify.*Check your internet connection/);
    expect(services.playlists).toHaveLength(0);
  });
});

describe('the Spotify connection', () => {
  it('access revoked in the Spotify account (invalid_grant) — playlist generation — "connect Spotify again", nothing made', async () => {
    const { services, generate } = world();
    services.expireAccessTokens();
    services.revokeRefreshTokens();
    const error = await generate().catch((caught: Error) => caught);
    expectPlainMessage((error as Error).message, /no longer accepts RunSound’s connection.*Connect Spotify again/);
    expect(services.playlists).toHaveLength(0);
  });

  it('access tokens expired mid-generation — playlist generation — renewed, one playlist', async () => {
    const { services, generate } = world();
    let expired = false;
    const result = await generate(faulty((url) => !expired && url.pathname === '/v1/me/playlists' && (expired = true), (inner, input, init) => (services.expireAccessTokens(), inner(input, init))));
    expect(expired).toBe(true);
    expectOnePlaylist(services, result);
  });

  it('a 401 that renewing does not cure — playlist generation — "connect Spotify again"', async () => {
    const { services, generate } = world();
    for (let i = 0; i < 3; i++) services.once({ host: 'api.spotify.com' }, spotifyError(401, 'The access token expired'));
    const error = await generate().catch((caught: Error) => caught);
    expectPlainMessage((error as Error).message, /Connect Spotify again/);
    expect(services.playlists).toHaveLength(0);
  });
});

describe('the clock jumps', () => {
  it.each([
    ['a day forward', DAY],
    ['a day back', -DAY],
  ])('the clock jumps %s at request 4 — playlist generation — one playlist', async (_name, jump) => {
    const { services, generate, clock } = world();
    let jumped = false;
    const result = await generate(faulty(4, (inner, input, init) => ((jumped = true), clock.jump(jump), inner(input, init))));
    expect(jumped).toBe(true);
    expectOnePlaylist(services, result);
  });
});
