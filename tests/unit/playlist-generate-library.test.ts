import { describe, expect, it } from 'vitest';
import type { TrackFeatures } from '@/lib/music-features';
import { priorProfile } from '@/lib/model/prior';
import type { PlannedRun } from '@/lib/plan';
import { generatePlaylist, MAX_TARGETED_SEARCHES, pressPlayHint, targetedQueries, type GenerateDeps } from '@/lib/playlist/generate';
import { selectTracks, tempoFit, type PoolTrack } from '@/lib/playlist/select';
import { runPhases } from '@/lib/playlist/shape';
import { RequestCounter, spotifyApi, TokenKeeper } from '@/lib/spotify';
import { poolOf, realisticLibrary } from '../fixtures/realistic-library';
import { createFakeMusicServices, FAKE_CLIENT_ID, fakeMusicFetch, type FakeMusicOptions } from '../fixtures/spotify';

const T0 = Date.UTC(2026, 10, 25, 8, 0);
const CATALOGUE = realisticLibrary({ size: 1400, seed: 26 });

/** A connected runner whose library (the first `librarySize` tracks of the catalogue) RunSound has indexed. */
function setUp(librarySize: number, options: FakeMusicOptions = {}) {
  let now = T0;
  const services = createFakeMusicServices({ now: () => now, catalogue: CATALOGUE, ...options });
  const { fetch, requests } = fakeMusicFetch(services);
  const stored = services.connect();
  const counter = new RequestCounter();
  const tokens = new TokenKeeper({ fetch, clientId: FAKE_CLIENT_ID, now: () => now, load: async () => stored, save: async () => {} });
  const api = spotifyApi({ fetch, tokens, counter, now: () => now, sleep: async (ms) => void (now += ms) });
  const cache = new Map<string, TrackFeatures>();
  const deps: GenerateDeps = {
    api,
    fetch,
    counter,
    library: { pool: poolOf(CATALOGUE.slice(0, librarySize)), complete: true },
    now: () => now,
    cachedFeatures: async (ids) => new Map(ids.filter((id) => cache.has(id)).map((id) => [id, cache.get(id)!])),
    saveFeatures: async (features) => {
      for (const [id, value] of features) cache.set(id, value);
    },
    created: async () => {},
  };
  return { services, deps, counter, requests };
}

const plan = (changes: Partial<PlannedRun>): PlannedRun => ({ type: 'easy', paceSecondsPerKm: 330, distanceMeters: 10_000, start: '2026-11-26T18:00', ...changes });
const duration = { excludeExplicit: false, length: { mode: 'duration' } } as const;

describe('generatePlaylist from the indexed library', () => {
  it.each([
    ['an easy 10 km', plan({})],
    ['a tempo 8 km', plan({ type: 'tempo', paceSecondsPerKm: 270, distanceMeters: 8000 })],
    ['a long 16 km', plan({ type: 'long', paceSecondsPerKm: 345, distanceMeters: 16_000 })],
  ])('%s takes at most 10 requests, and reads nothing of the library again', async (_name, planned) => {
    const { deps, counter, requests } = setUp(650);
    const result = await generatePlaylist(planned, priorProfile(planned, 'metric'), 'metric', duration, deps);
    expect(counter.total).toBeLessThanOrEqual(10);
    expect(result.requestCount).toBe(counter.total);
    expect(requests.some((request) => /\/v1\/me\/(tracks|top)/.test(request.url.pathname))).toBe(false);
    expect(result.picture.tracks).toHaveLength(result.trackUris.length);
  });

  it('searches only when a phase lacks tracks on its beat, naming artists of the runner’s library near that tempo', async () => {
    // A small library: the run cannot be filled on the beat from it alone.
    const { deps, requests } = setUp(120);
    const planned = plan({});
    await generatePlaylist(planned, priorProfile(planned, 'metric'), 'metric', duration, deps);
    const searches = requests.filter((request) => request.url.pathname === '/v1/search').map((request) => request.url.searchParams.get('q')!);
    expect(searches.length).toBeGreaterThan(0);
    expect(searches.length).toBeLessThanOrEqual(MAX_TARGETED_SEARCHES);
    const names = new Set(CATALOGUE.slice(0, 120).flatMap((track) => track.artists.map((artist) => artist.name)));
    for (const query of searches) expect(names.has(/^artist:"(.*)"$/.exec(query)?.[1] ?? '')).toBe(true);
  });

  it('with a library that fits, makes no search at all: creating and filling the playlist is all', async () => {
    // Plenty on the beat: the whole catalogue as the runner's library.
    const { deps, counter } = setUp(1400);
    const planned = plan({});
    await generatePlaylist(planned, priorProfile(planned, 'metric'), 'metric', duration, deps);
    expect(counter.byService()).toEqual({ spotify: 2 });
  });

  it('while the library is still being read, samples it as before and says so', async () => {
    const { deps, requests } = setUp(0);
    const planned = plan({});
    const result = await generatePlaylist(planned, priorProfile(planned, 'metric'), 'metric', duration, { ...deps, library: { pool: [], complete: false } });
    expect(result.warnings.join(' ')).toMatch(/still reading your Spotify library/);
    expect(requests.some((request) => request.url.pathname === '/v1/me/top/tracks')).toBe(true);
  });
});

describe('targetedQueries', () => {
  const pool: PoolTrack[] = poolOf(CATALOGUE.slice(0, 200));
  it('asks nothing when every phase is on the beat', () => {
    const full = poolOf(CATALOGUE);
    const phases = runPhases(priorProfile(plan({}), 'metric'), plan({}));
    expect(targetedQueries(full, phases, selectTracks(full, phases), ['drum and bass'], 4)).toEqual([]);
  });

  it('aims at the lacking phases, artists with most tracks near the tempo first, then the runner’s genres, within the limit', () => {
    const planned = plan({ type: 'long', paceSecondsPerKm: 345, distanceMeters: 16_000 });
    const phases = runPhases(priorProfile(planned, 'metric'), planned);
    const selection = selectTracks(pool, phases);
    const queries = targetedQueries(pool, phases, selection, ['drum and bass'], 4);
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.length).toBeLessThanOrEqual(4);
    expect(new Set(queries).size).toBe(queries.length);
  });

  it('after the artists, searches the runner’s liked genres, then the genres of their artists near the tempo', () => {
    const planned = plan({});
    const phases = runPhases(priorProfile(planned, 'metric'), planned);
    const small = poolOf(CATALOGUE.slice(0, 60));
    const selection = selectTracks(small, phases);
    const target = phases[0]!.targetTempoBpm!;
    const nearArtist = small.find((track) => track.tempo && tempoFit(track.tempo, target))!.artists[0]!;
    const queries = targetedQueries(small, phases, selection, ['drum and bass'], 20, new Map([[nearArtist.id, ['uk garage']]]));
    expect(queries.indexOf('genre:"drum and bass"')).toBeGreaterThan(queries.findLastIndex((query) => query.startsWith('artist:')));
    expect(queries.at(-1)).toBe('genre:"uk garage"');
  });
});

describe('pressPlayHint', () => {
  it.each([
    ['2026-12-13T09:00', 15 * 60_000, 'Press play at 08:45: the race part starts with the gun at 09:00.'],
    ['2026-12-13T09:00', 14 * 60_000 + 32_400, 'Press play at 08:45:28: the race part starts with the gun at 09:00.'],
    ['2026-12-13T00:10', 16 * 60_000, 'Press play at 23:54: the race part starts with the gun at 00:10.'],
    ['2026-12-13T09:00', 0, undefined],
  ])('a %s start with %i ms before it', (start, preRaceMs, hint) => {
    expect(pressPlayHint({ start }, preRaceMs, 'en-GB')).toBe(hint);
  });

  it('writes the times as the locale does', () => {
    expect(pressPlayHint({ start: '2026-12-13T09:00' }, 15 * 60_000, 'en-US')).toBe('Press play at 08:45 AM: the race part starts with the gun at 09:00 AM.');
  });
});
