import { describe, expect, it } from 'vitest';
import { z } from '@/lib/zod';
import {
  addPlaylistItems,
  createPlaylist,
  fetchMe,
  fetchRecentlyPlayed,
  fetchSavedTracks,
  fetchTopArtists,
  fetchTopTracks,
  MAX_THROTTLE_WAIT_MS,
  QUOTA_BACKOFF_MS,
  RequestCounter,
  searchTracks,
  searchTracksPaged,
  spotifyApi,
  SpotifyForbidden,
  SpotifyHttpError,
  SpotifyNotFound,
  SpotifyOffline,
  SpotifyQuotaExceeded,
  SpotifyRateLimited,
  SpotifyReconnectNeeded,
  SpotifyShapeChanged,
  TokenKeeper,
  toTrack,
} from '@/lib/spotify';
import {
  createFakeMusicServices,
  FAKE_CATALOGUE,
  FAKE_CLIENT_ID,
  fakeMusicFetch,
  fakeTrackId,
  serviceUnavailable,
  spotifyError,
  spotifyQuotaExceeded,
  spotifyTooManyRequests,
  trackUri,
  type FakeMusicOptions,
} from '../fixtures/spotify';
import { caught } from '../caught';

const T0 = Date.UTC(2026, 10, 25, 8, 0);
const API = 'api.spotify.com';

/** A connected runner, the fake services, and a client whose sleeps pass instantly on a fake clock. */
function setUp(options: FakeMusicOptions = {}, scope?: string) {
  let now = T0;
  const slept: number[] = [];
  const services = createFakeMusicServices({ now: () => now, ...options });
  const { fetch, requests } = fakeMusicFetch(services);
  const stored = services.connect(scope);
  const tokens = new TokenKeeper({ fetch, clientId: FAKE_CLIENT_ID, now: () => now, load: async () => stored, save: async () => {} });
  const counter = new RequestCounter();
  const api = spotifyApi({
    fetch,
    tokens,
    now: () => now,
    counter,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  });
  const apiRequests = () => requests.filter((request) => request.url.host === API);
  return { services, api, requests, apiRequests, slept, counter, now: () => now };
}


describe('spotifyApi: requests and errors', () => {
  it('sends the bearer token and reads the runner’s name from GET /me', async () => {
    const world = setUp();
    expect(await fetchMe(world.api)).toEqual({ id: 'jane.runner', displayName: 'Jane Runner' });
    expect(world.apiRequests()).toHaveLength(1);
    expect(world.counter.of('spotify')).toBe(1);
  });

  it('shows the account id when the runner has no display name', async () => {
    expect(await fetchMe(setUp({ user: { id: 'runner42', displayName: null } }).api)).toEqual({ id: 'runner42', displayName: 'runner42' });
  });

  it('refreshes the token once after a 401 and retries the request', async () => {
    const world = setUp();
    world.services.expireAccessTokens();
    expect((await fetchMe(world.api)).id).toBe('jane.runner');
    expect(world.requests.map((request) => `${request.method} ${request.url.host}${request.url.pathname}`)).toEqual([
      'GET api.spotify.com/v1/me',
      'POST accounts.spotify.com/api/token',
      'GET api.spotify.com/v1/me',
    ]);
    expect(world.counter.total).toBe(3);
  });

  it('asks the runner to reconnect when Spotify answers 401 again after the refresh', async () => {
    const world = setUp();
    world.services.once({ host: API }, spotifyError(401, 'Invalid access token'));
    world.services.once({ host: API }, spotifyError(401, 'Invalid access token'));
    const error = await caught(fetchMe(world.api));
    expect(error).toBeInstanceOf(SpotifyReconnectNeeded);
    expect((error as SpotifyReconnectNeeded).reason).toBe('unauthorized');
    expect(error.message).toMatch(/GET \/v1\/me.*Connect Spotify again/);
    expect(world.apiRequests()).toHaveLength(2);
  });

  it('asks the runner to reconnect when the refresh after a 401 is refused', async () => {
    const world = setUp();
    world.services.expireAccessTokens();
    world.services.revokeRefreshTokens();
    const error = await caught(fetchMe(world.api));
    expect(error).toBeInstanceOf(SpotifyReconnectNeeded);
    expect((error as SpotifyReconnectNeeded).reason).toBe('grant-invalid');
  });

  it.each([
    {
      case: 'the runner is not on their dev-mode app’s user list',
      options: { onUserList: false },
      scope: undefined,
      call: fetchMe,
      reason: 'not-on-user-list',
      words: /GET \/v1\/me.*not on your app’s user list.*Spotify Developer Dashboard → your app → User Management → add your Spotify e-mail/,
    },
    {
      case: 'an endpoint closed to dev-mode apps',
      options: {},
      scope: undefined,
      call: (api: Parameters<typeof fetchMe>[0]) => api.get('/audio-features', z.unknown(), { ids: fakeTrackId(1) }),
      reason: 'unavailable',
      words: /GET \/v1\/audio-features.*User Management.*does not offer GET \/v1\/audio-features to apps in development mode/,
    },
    {
      case: 'a permission RunSound was not granted',
      options: {},
      scope: 'user-library-read',
      call: (api: Parameters<typeof fetchMe>[0]) => fetchTopTracks(api),
      reason: 'missing-scope',
      words: /GET \/v1\/me\/top\/tracks.*Insufficient client scope.*connect again/,
    },
  ])('explains a 403 when $case', async ({ options, scope, call, reason, words }) => {
    const world = setUp(options, scope);
    const error = await caught(call(world.api));
    expect(error).toBeInstanceOf(SpotifyForbidden);
    expect((error as SpotifyForbidden).reason).toBe(reason);
    expect(error.message).toMatch(words);
  });

  it('says what was not found on a 404', async () => {
    const error = await caught(addPlaylistItems(setUp().api, 'NoSuchPlaylist00000000', [trackUri(fakeTrackId(1))]));
    expect(error).toBeInstanceOf(SpotifyNotFound);
    expect(error.message).toMatch(/POST \/v1\/playlists\/NoSuchPlaylist00000000\/items/);
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    const world = setUp();
    world.services.once({ host: API, path: '/v1/search' }, spotifyTooManyRequests(3));
    world.services.once({ host: API, path: '/v1/search' }, spotifyTooManyRequests(5));
    const page = await searchTracks(world.api, { query: 'running' });
    expect(page.items.length).toBeGreaterThan(0);
    expect(world.slept).toEqual([3000, 5000]);
    expect(world.counter.of('spotify')).toBe(3);
  });

  it.each([
    { case: 'keeps answering 429', answers: [1, 1, 1, 1, 1], requests: 4, slept: [1000, 1000, 1000] },
    { case: 'asks for a wait longer than RunSound waits while the runner watches', answers: [120], requests: 1, slept: [] },
    { case: 'asks for waits that add up to too long', answers: [40, 40], requests: 2, slept: [40_000] },
  ])('gives up with a clear message when Spotify $case', async ({ answers, requests, slept }) => {
    const world = setUp();
    for (const seconds of answers) world.services.once({ host: API }, spotifyTooManyRequests(seconds));
    const error = await caught(fetchMe(world.api));
    expect(error).toBeInstanceOf(SpotifyRateLimited);
    expect(error.message).toMatch(/slow down \(GET \/v1\/me\)/);
    expect(world.apiRequests()).toHaveLength(requests);
    expect(world.slept).toEqual(slept);
    expect(world.slept.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(MAX_THROTTLE_WAIT_MS);
  });

  it.each([
    { retryAfter: undefined, backoff: QUOTA_BACKOFF_MS, words: /about an hour/ },
    { retryAfter: 2, backoff: QUOTA_BACKOFF_MS, words: /about an hour/ },
    { retryAfter: 3 * 3600, backoff: 3 * 3_600_000, words: /about 3 hours/ },
  ])('backs off for a long time on QUOTA_EXCEEDED (Retry-After $retryAfter) instead of asking again', async ({ retryAfter, backoff, words }) => {
    const world = setUp();
    world.services.once({ host: API }, spotifyQuotaExceeded(retryAfter));
    const error = await caught(fetchMe(world.api));
    expect(error).toBeInstanceOf(SpotifyQuotaExceeded);
    expect((error as SpotifyQuotaExceeded).retryAt).toBe(T0 + backoff);
    expect(error.message).toMatch(/quota.*GET \/v1\/me/);
    expect(error.message).toMatch(words);
    expect(world.apiRequests()).toHaveLength(1);
    expect(world.slept).toEqual([]);
  });

  it('says Spotify cannot be reached when the network fails', async () => {
    const world = setUp();
    world.services.once({ host: API }, 'network-error');
    const error = await caught(fetchMe(world.api));
    expect(error).toBeInstanceOf(SpotifyOffline);
    expect(error.message).toMatch(/could not reach Spotify \(GET \/v1\/me\)/);
  });

  it('tries a GET once more after a 5xx, but never repeats a playlist creation', async () => {
    const world = setUp();
    world.services.once({ host: API, path: '/v1/me' }, serviceUnavailable());
    expect((await fetchMe(world.api)).id).toBe('jane.runner');

    world.services.once({ host: API, path: '/v1/me/playlists' }, spotifyError(502, 'Bad gateway'));
    const error = await caught(createPlaylist(world.api, { name: 'Easy Run', description: '' }));
    expect(error).toBeInstanceOf(SpotifyHttpError);
    expect(error.message).toMatch(/POST \/v1\/me\/playlists answered 502/);
    expect(world.apiRequests().filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('stops when an answer is not in the shape it knows, naming the endpoint', async () => {
    const world = setUp();
    world.services.once({ host: API }, { status: 200, contentType: 'application/json', body: '{"user":{"name":"Jane"}}' });
    const error = await caught(fetchMe(world.api));
    expect(error).toBeInstanceOf(SpotifyShapeChanged);
    expect(error.message).toMatch(/GET \/v1\/me.*id/);
  });
});

describe('spotifyApi: the track pool', () => {
  it('maps Spotify’s track objects to RunSound’s tracks', async () => {
    const world = setUp();
    const page = await fetchTopTracks(world.api, { limit: 5 });
    const source = FAKE_CATALOGUE[0]!;
    expect(page.items[0]).toEqual({
      id: source.id,
      uri: `spotify:track:${source.id}`,
      name: source.name,
      artists: source.artists.map(({ id, name }) => ({ id, name })),
      durationMs: source.durationMs,
      explicit: source.explicit,
      isrc: source.isrc,
    });
    const withoutIsrc = FAKE_CATALOGUE.find((track) => !track.isrc)!;
    const found = await searchTracks(world.api, { query: `track:"${withoutIsrc.name}"` });
    expect(found.items.find((track) => track.id === withoutIsrc.id)).not.toHaveProperty('isrc');
  });

  it.each([
    { type: 'episode', is_local: false, id: 'e', kept: false },
    { type: 'track', is_local: true, id: null, kept: false },
    { type: 'track', is_local: false, id: 'x', kept: true },
  ])('keeps only playable tracks (type $type, local $is_local)', ({ type, is_local, id, kept }) => {
    const raw = { id, uri: `spotify:${type}:x`, name: 'n', type, is_local, artists: [], duration_ms: 1, explicit: false };
    expect(toTrack(raw) !== undefined).toBe(kept);
  });

  it('pages top and saved tracks 50 at a time (saved tracks come as { added_at, track })', async () => {
    const world = setUp();
    const top = await fetchTopTracks(world.api, { limit: 500 });
    // Every third track of the catalogue is a top track: 45, within one page of at most 50.
    expect(top.items).toHaveLength(FAKE_CATALOGUE.filter((_, i) => i % 3 === 0).length);
    expect(top.items.length).toBeLessThanOrEqual(50);
    expect(top.nextOffset).toBeUndefined();
    const saved = await fetchSavedTracks(world.api, { limit: 10 });
    expect(saved.items.map((entry) => entry.track.id)).toEqual(FAKE_CATALOGUE.filter((_, i) => i % 4 === 1).slice(0, 10).map((track) => track.id));
    expect(saved.nextOffset).toBe(10);
    const rest = await fetchSavedTracks(world.api, { offset: saved.nextOffset });
    expect(rest.items).toHaveLength(saved.total - 10);
    for (const request of world.apiRequests()) expect(Number(request.url.searchParams.get('limit'))).toBeLessThanOrEqual(50);
  });

  it('reads top artists with their genres, empty when Spotify has none', async () => {
    const artists = await fetchTopArtists(setUp().api);
    expect(artists.items).toHaveLength(8);
    expect(artists.items[0]).toEqual({ id: expect.any(String), name: 'The Tempo Keepers', genres: ['pop'] });
    expect(artists.items[4]?.genres).toEqual([]);
  });

  it('never asks search for more than 10 tracks a page, and pages with offset', async () => {
    const world = setUp();
    const single = await searchTracks(world.api, { query: 'running', limit: 50 });
    expect(single.items).toHaveLength(10);

    const many = await searchTracksPaged(world.api, { query: 'a', count: 25 });
    expect(many).toHaveLength(25);
    expect(new Set(many.map((track) => track.id)).size).toBe(25);
    const searches = world.apiRequests().filter((request) => request.url.pathname === '/v1/search');
    expect(searches.map((request) => [request.url.searchParams.get('offset'), request.url.searchParams.get('limit')])).toEqual([
      ['0', '10'],
      ['0', '10'],
      ['10', '10'],
      ['20', '5'],
    ]);
    for (const request of searches) {
      expect(request.url.searchParams.get('type')).toBe('track');
      expect(Number(request.url.searchParams.get('limit'))).toBeLessThanOrEqual(10);
    }
  });

  it('stops paging a search at its last page', async () => {
    const world = setUp();
    const tracks = await searchTracksPaged(world.api, { query: 'genre:rock', count: 100 });
    const rock = FAKE_CATALOGUE.filter((track) => track.artists.some((artist) => artist.genres.includes('rock')));
    expect(tracks.map((track) => track.id)).toEqual(rock.map((track) => track.id));
    expect(world.apiRequests()).toHaveLength(Math.ceil(rock.length / 10));
  });

  it('does not search past offset 1000', async () => {
    const world = setUp();
    expect((await searchTracks(world.api, { query: 'a', offset: 1010 })).items).toEqual([]);
    expect(world.apiRequests()).toHaveLength(0);
  });

  it('reads recent plays with when they were played and from which playlist', async () => {
    const plays = [
      { trackId: fakeTrackId(3), playedAt: T0 - 600_000, contextUri: 'spotify:playlist:RunSoundPlaylist000001' },
      { trackId: fakeTrackId(4), playedAt: T0 - 300_000 },
    ];
    const world = setUp({ plays });
    const recent = await fetchRecentlyPlayed(world.api, { after: T0 - 3_600_000 });
    expect(recent.map((play) => [play.track.id, play.playedAt, play.contextUri])).toEqual([
      [fakeTrackId(4), T0 - 300_000, undefined],
      [fakeTrackId(3), T0 - 600_000, 'spotify:playlist:RunSoundPlaylist000001'],
    ]);
    expect(world.apiRequests()[0]!.url.searchParams.get('limit')).toBe('50');
  });
});

describe('spotifyApi: the playlist', () => {
  it('creates a private playlist with POST /me/playlists and gives its link', async () => {
    const world = setUp();
    const playlist = await createPlaylist(world.api, { name: 'Tempo Run | 5:15/km | 10.0km @ 165 BPM', description: 'Steady, 165 BPM' });
    expect(playlist).toEqual({
      id: 'RunSoundPlaylist000001',
      uri: 'spotify:playlist:RunSoundPlaylist000001',
      name: 'Tempo Run | 5:15/km | 10.0km @ 165 BPM',
      url: 'https://open.spotify.com/playlist/RunSoundPlaylist000001',
    });
    expect(JSON.parse(world.apiRequests()[0]!.body!)).toEqual({ name: 'Tempo Run | 5:15/km | 10.0km @ 165 BPM', description: 'Steady, 165 BPM', public: false });
    expect(world.services.playlists[0]?.public).toBe(false);
  });

  it.each([
    { count: 1, batches: [1] },
    { count: 100, batches: [100] },
    { count: 101, batches: [100, 1] },
    { count: 250, batches: [100, 100, 50] },
  ])('adds $count tracks in batches of at most 100, in order', async ({ count, batches }) => {
    const world = setUp();
    const playlist = await createPlaylist(world.api, { name: 'Long Run', description: '' });
    const uris = Array.from({ length: count }, (_, i) => trackUri(FAKE_CATALOGUE[i % FAKE_CATALOGUE.length]!.id));
    const progress: number[] = [];
    const snapshot = await addPlaylistItems(world.api, playlist.id, uris, (added) => progress.push(added));
    const posts = world.apiRequests().filter((request) => request.url.pathname.endsWith('/items'));
    expect(posts.map((request) => (JSON.parse(request.body!) as { uris: string[] }).uris.length)).toEqual(batches);
    expect(world.services.playlists[0]?.uris).toEqual(uris);
    expect(progress.at(-1)).toBe(count);
    expect(snapshot).toMatch(/snapshot/);
  });
});

describe('what RunSound needs of a page', () => {
  const savedPage = (fields: Record<string, unknown>) => ({
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({ href: 'https://api.spotify.com/v1/me/tracks', items: [], ...fields }),
  });

  it.each([
    ['no offset', { total: 80, limit: 50, next: 'https://api.spotify.com/v1/me/tracks?offset=50&limit=50' }, 50],
    ['no total, no limit', { offset: 0, next: 'https://api.spotify.com/v1/me/tracks?offset=50&limit=50' }, 50],
    ['nothing but next, and an unreadable one', { next: 'not a url' }, 50],
    ['the last page, without offset or total', { next: null }, undefined],
  ])('a page with %s still pages', async (_label, fields, nextOffset) => {
    const world = setUp();
    world.services.once({ path: '/v1/me/tracks' }, savedPage(fields));
    const page = await fetchSavedTracks(world.api);
    expect(page.nextOffset).toBe(nextOffset);
    expect(page.offset).toBe(0);
  });

  it.each([
    ['next missing', { total: 80, limit: 50, offset: 0 }],
    ['a negative total', { total: -1, limit: 50, offset: 0, next: null }],
    ['a limit of 0', { total: 80, limit: 0, offset: 0, next: 'https://api.spotify.com/v1/me/tracks?offset=0' }],
  ])('a page with %s stops, naming the endpoint', async (_label, fields) => {
    const world = setUp();
    world.services.once({ path: '/v1/me/tracks' }, savedPage(fields));
    const error = await caught(fetchSavedTracks(world.api));
    expect(error).toBeInstanceOf(SpotifyShapeChanged);
    expect((error as Error).message).toContain('/v1/me/tracks');
  });
});
