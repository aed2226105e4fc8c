import { describe, expect, it } from 'vitest';
import type { TrackFeatures } from '@/lib/music-features';
import { priorProfile } from '@/lib/model/prior';
import type { PlannedRun } from '@/lib/plan';
import { generatePlaylist, type GenerateDeps } from '@/lib/playlist/generate';
import { tempoFit } from '@/lib/playlist/select';
import { plannedDurationSeconds, runPhases } from '@/lib/playlist/shape';
import { RequestCounter, spotifyApi, TokenKeeper } from '@/lib/spotify';
import { createFakeMusicServices, FAKE_CLIENT_ID, fakeMusicFetch, fakeTrack, type FakeMusicOptions } from '../fixtures/spotify';

const T0 = Date.UTC(2026, 10, 25, 8, 0);

function setUp(options: FakeMusicOptions = {}) {
  let now = T0;
  const services = createFakeMusicServices({ now: () => now, ...options });
  const { fetch } = fakeMusicFetch(services);
  const stored = services.connect();
  const counter = new RequestCounter();
  const tokens = new TokenKeeper({ fetch, clientId: FAKE_CLIENT_ID, now: () => now, load: async () => stored, save: async () => {} });
  const api = spotifyApi({ fetch, tokens, counter, now: () => now, sleep: async (ms) => void (now += ms) });
  const cache = new Map<string, TrackFeatures>();
  const created: string[] = [];
  const deps: GenerateDeps = {
    api,
    fetch,
    counter,
    cachedFeatures: async (ids) => new Map(ids.filter((id) => cache.has(id)).map((id) => [id, cache.get(id)!])),
    saveFeatures: async (features) => {
      for (const [id, value] of features) cache.set(id, value);
    },
    created: async (playlist) => void created.push(playlist.id),
  };
  return { services, deps, counter, cache, created };
}

const plan = (changes: Partial<PlannedRun>): PlannedRun => ({ type: 'easy', paceSecondsPerKm: 360, distanceMeters: 10_000, start: '2026-11-26T18:00', ...changes });

describe('generatePlaylist', () => {
  it.each([
    ['an easy 10 km', plan({})],
    ['a 16 km long run', plan({ type: 'long', distanceMeters: 16_000, paceSecondsPerKm: 370 })],
    ['an interval session', plan({ type: 'interval', distanceMeters: 9_000, paceSecondsPerKm: 300 })],
  ])('makes one private playlist for %s, its tracks fitting their phases, within 25 requests', async (_name, planned) => {
    const { services, deps, counter, created } = setUp();
    const profile = priorProfile(planned, 'metric');
    const result = await generatePlaylist(planned, profile, 'metric', { excludeExplicit: false, length: { mode: 'duration' } }, deps);

    expect(created).toHaveLength(1);
    expect(services.playlists).toHaveLength(1);
    const saved = services.playlists[0]!;
    expect(saved.public).toBe(false);
    expect(saved.name).toMatch(/ \| \d:\d\d\/km \| \d+\.\dkm @ \d+ BPM$/);
    expect(saved.uris).toEqual(result.trackUris);
    // Every track of known tempo fits a phase of the run: its BPM, half or double within ±8 % (the widest step).
    const targets = runPhases(profile, planned).flatMap((phase) => (phase.targetTempoBpm === null ? [] : [phase.targetTempoBpm]));
    for (const chosen of result.trackUris) {
      const track = fakeTrack(chosen.replace('spotify:track:', ''))!;
      expect(targets.some((target) => tempoFit(track.tempo, target) !== undefined)).toBe(true);
    }
    const { byTolerance, unknownTempo, trackCount } = result.summary;
    expect(byTolerance[3] + byTolerance[5] + byTolerance[8] + unknownTempo).toBe(trackCount);
    // The fake library is small: when it cannot fill the run, the playlist says it came up short.
    if (result.summary.totalMs / 1000 < plannedDurationSeconds(planned)) {
      expect(result.summary.short).toBe(true);
      expect(result.summaryText).toMatch(/of music for your planned .*: not enough tracks fit/);
    }
    expect(new Set(result.trackUris).size).toBe(result.trackUris.length);
    expect(counter.total).toBeLessThanOrEqual(25);
    expect(result.summaryText).toMatch(/tracks within ±\d %/);
  });

  it('a retry fills the playlist the first attempt created, instead of making a second', async () => {
    const { services, deps } = setUp();
    const planned = plan({});
    const profile = priorProfile(planned, 'metric');
    // The first attempt dies after the playlist exists (items refused by a passing failure).
    services.once({ method: 'POST', path: /\/items$/ }, 'network-error');
    let firstPlaylist: { id: string; url: string; name: string } | undefined;
    await expect(
      generatePlaylist(planned, profile, 'metric', { excludeExplicit: false, length: { mode: 'duration' } }, {
        ...deps,
        created: async (playlist) => void (firstPlaylist = playlist),
      }),
    ).rejects.toThrow();
    expect(services.playlists).toHaveLength(1);

    const retry = await generatePlaylist(planned, profile, 'metric', { excludeExplicit: false, length: { mode: 'duration' } }, { ...deps, existing: firstPlaylist });
    expect(services.playlists).toHaveLength(1);
    expect(services.playlists[0]!.uris).toEqual(retry.trackUris);
  });

  it('searches the genres the runner prefers', async () => {
    const { services, deps } = setUp();
    const planned = plan({});
    await generatePlaylist(planned, priorProfile(planned, 'metric'), 'metric', { excludeExplicit: false, length: { mode: 'duration' }, preferredGenres: ['drum and bass'] }, deps);
    const searches = services.log.filter((entry) => entry.url.includes('/v1/search')).map((entry) => new URL(entry.url).searchParams.get('q'));
    expect(searches).toContain('genre:"drum and bass"');
  });

  it('a retry after the tracks did reach Spotify sets the items again instead of adding them twice', async () => {
    const { services, deps } = setUp();
    const planned = plan({});
    const profile = priorProfile(planned, 'metric');
    const first = await generatePlaylist(planned, profile, 'metric', { excludeExplicit: false, length: { mode: 'duration' } }, deps);
    // The reply was lost, so the runner tries again: the same playlist, filled once.
    const again = await generatePlaylist(planned, profile, 'metric', { excludeExplicit: false, length: { mode: 'duration' } }, { ...deps, existing: first.playlist });
    expect(services.playlists).toHaveLength(1);
    expect(services.playlists[0]!.uris).toEqual(again.trackUris);
  });

  it('a retry after the reply to "create" was lost finds the playlist instead of making a second', async () => {
    const { services, deps } = setUp();
    const planned = plan({});
    const profile = priorProfile(planned, 'metric');
    let attempt: string | undefined;
    // Spotify creates the playlist, but its answer never arrives.
    services.once({ method: 'POST', path: '/v1/me/playlists' }, 'lost-reply');
    await expect(
      generatePlaylist(planned, profile, 'metric', { excludeExplicit: false, length: { mode: 'duration' } }, { ...deps, creating: async (token) => void (attempt = token) }),
    ).rejects.toThrow();
    expect(attempt).toBeDefined();
    expect(services.playlists).toHaveLength(1);
    const retry = await generatePlaylist(planned, profile, 'metric', { excludeExplicit: false, length: { mode: 'duration' } }, { ...deps, creationUnconfirmed: attempt });
    expect(services.playlists).toHaveLength(1);
    expect(services.playlists[0]!.uris).toEqual(retry.trackUris);
  });

  it('a retry never refills an older playlist that only has the same name', async () => {
    const { services, deps } = setUp();
    const planned = plan({});
    const profile = priorProfile(planned, 'metric');
    // Monday's playlist for the same kind of run: the same name.
    const monday = await generatePlaylist(planned, profile, 'metric', { excludeExplicit: false, length: { mode: 'count', trackCount: 5 } }, deps);
    const mondayTracks = [...services.playlists[0]!.uris];
    // Tuesday: the request to create never reached Spotify, but RunSound could not know.
    let attempt: string | undefined;
    services.once({ method: 'POST', path: '/v1/me/playlists' }, 'network-error');
    await expect(
      generatePlaylist(planned, profile, 'metric', { excludeExplicit: false, length: { mode: 'duration' } }, { ...deps, creating: async (token) => void (attempt = token) }),
    ).rejects.toThrow();
    const retry = await generatePlaylist(planned, profile, 'metric', { excludeExplicit: false, length: { mode: 'duration' } }, { ...deps, creationUnconfirmed: attempt });
    expect(retry.playlist.id).not.toBe(monday.playlist.id);
    expect(services.playlists).toHaveLength(2);
    expect(services.playlists[0]!.uris).toEqual(mondayTracks);
  });

  it('uses cached features the second time, and says so when ReccoBeats is down', async () => {
    const { deps, counter, cache } = setUp();
    const planned = plan({});
    await generatePlaylist(planned, priorProfile(planned, 'metric'), 'metric', { excludeExplicit: true, length: { mode: 'count', trackCount: 10 } }, deps);
    expect(cache.size).toBeGreaterThan(0);
    const reccoBefore = counter.of('reccobeats');
    await generatePlaylist(planned, priorProfile(planned, 'metric'), 'metric', { excludeExplicit: true, length: { mode: 'count', trackCount: 10 } }, deps);
    expect(counter.of('reccobeats')).toBe(reccoBefore);

    const down = setUp({ reccoBeatsDown: true });
    const result = await generatePlaylist(planned, priorProfile(planned, 'metric'), 'metric', { excludeExplicit: false, length: { mode: 'duration' } }, down.deps);
    expect(result.warnings.join(' ')).toMatch(/ReccoBeats/);
  });
});
