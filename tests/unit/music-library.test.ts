import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { RunSoundDb } from '@/lib/db';
import { searchDeezerBpm, titleWithoutVersion } from '@/lib/music-features';
import { CHECKPOINT_KEY, FULL_PASS_EVERY_MS, libraryComplete, libraryGenres, linksFrom, runLibraryPass, tracksAt, type PassOutcome } from '@/lib/music-library/pass';
import type { LibrarySource } from '@/lib/music-library/types';
import { RequestCounter, spotifyApi, TokenKeeper } from '@/lib/spotify';
import {
  ALL_SCOPES,
  createFakeMusicServices,
  FAKE_ARTISTS,
  FAKE_CATALOGUE,
  FAKE_CLIENT_ID,
  fakeMusicFetch,
  fakeTrackId,
  SCOPES_BEFORE_PLAYLISTS,
  type FakeMusicOptions,
  type FakeTrack,
} from '../fixtures/spotify';

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

/** The runner's library: saved and top tracks, two playlists of their own, one they collaborate on, one they only follow. */
const LIBRARY: FakeMusicOptions = {
  savedTrackIds: ids(0, 30),
  topTrackIds: ids(20, 40),
  ownPlaylists: [
    { id: 'OwnPlaylistLongRuns0001', name: 'Long runs', trackIds: ids(60, 90) },
    { id: 'OwnPlaylistSundays00002', name: 'Sundays', trackIds: ids(85, 100) },
    { id: 'CollabPlaylistClub00003', name: 'Club mix', trackIds: ids(100, 105), ownerId: 'club.friend', collaborative: true },
    { id: 'FollowedPlaylist0000004', name: 'Top 50', trackIds: ids(105, 133), ownerId: 'spotify' },
  ],
};

/**
 * A connected runner on the fake services, with a clock that sleeps pass instantly. `hangAt`
 * makes the n-th request never answer: the worker was stopped while waiting for it.
 */
function world(options: FakeMusicOptions = LIBRARY, scope = ALL_SCOPES, database?: RunSoundDb) {
  let now = T0;
  // A copy: tests change the runner's library as they go.
  const services = createFakeMusicServices({ now: () => now, ...structuredClone(options) });
  const { fetch, requests } = fakeMusicFetch(services);
  let stored = services.connect(scope);
  const db = database ?? new RunSoundDb(`runsound-library-${++serial}`);
  if (!database) opened.push(db);
  const clock = {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
  const pass = (hangAt?: { request: number; hung: () => void }, ownPlaylistIds: ReadonlySet<string> = new Set()) => {
    let sent = 0;
    const maybeHanging = ((input: string | URL | Request, init?: RequestInit) => {
      sent += 1;
      if (hangAt && sent === hangAt.request) {
        hangAt.hung();
        return new Promise<Response>(() => {});
      }
      return fetch(input, init);
    }) as typeof fetch;
    const tokens = new TokenKeeper({
      fetch: maybeHanging,
      clientId: FAKE_CLIENT_ID,
      now: clock.now,
      load: async () => stored,
      save: async (tokens) => {
        stored = tokens;
      },
    });
    const counter = new RequestCounter();
    return runLibraryPass({
      db,
      api: spotifyApi({ fetch: maybeHanging, tokens, now: clock.now, sleep: clock.sleep, counter }),
      features: { fetch: maybeHanging, now: clock.now, sleep: clock.sleep, counter },
      grantedScopes: scope,
      ownPlaylistIds,
      now: clock.now,
    });
  };
  return { services, db, requests, pass, clock };
}

/** Everything the index holds, in a form two databases can be compared by. */
async function snapshot(db: RunSoundDb) {
  const tracks = (await db.libraryTracks.toArray()).map(({ firstSeenAt: _seen, ...track }) => track).sort((a, b) => a.id.localeCompare(b.id));
  const links = (await db.libraryLinks.toArray()).map((link) => `${link.source} ${link.trackId}`).sort();
  const features = (await db.trackFeatures.toArray()).map(({ updatedAt: _at, ...row }) => row).sort((a, b) => a.id.localeCompare(b.id));
  return { tracks, links, features };
}

const linked = async (db: RunSoundDb, source: LibrarySource) => (await linksFrom(db, source).toArray()).map((link) => link.trackId).sort();

describe('the library index: a first pass', () => {
  it('reads saved and top tracks and the playlists the runner owns or collaborates on, then every track’s features', async () => {
    const { db, pass, requests } = world();
    const outcome = await pass();
    expect(outcome).toMatchObject({ state: 'done', playlistsNotAllowed: false });

    expect(await linked(db, 'saved')).toEqual(ids(0, 30).sort());
    expect(await linked(db, 'top:medium_term')).toEqual(ids(20, 40).sort());
    expect(await linked(db, 'playlist:OwnPlaylistLongRuns0001')).toEqual(ids(60, 90).sort());
    expect(await linked(db, 'playlist:CollabPlaylistClub00003')).toEqual(ids(100, 105).sort());
    // A playlist the runner only follows is not theirs (and Spotify answers 403 to its items).
    expect(await linked(db, 'playlist:FollowedPlaylist0000004')).toEqual([]);
    expect(requests.some((request) => request.url.pathname.includes('FollowedPlaylist'))).toBe(false);
    // One row per track, wherever it came from.
    expect(await db.libraryTracks.count()).toBe(new Set([...ids(0, 40), ...ids(60, 105)]).size);

    // Every track has been through the services: a tempo, or none known anywhere.
    const stages = await db.libraryTracks.toArray();
    expect(stages.every((track) => track.featureStage === 'tempo' || track.featureStage === 'no-tempo')).toBe(true);
    for (const track of stages) {
      const fake = FAKE_CATALOGUE.find((candidate) => candidate.id === track.id)!;
      const features = await db.trackFeatures.get(track.id);
      if (fake.inReccoBeats) expect(features).toMatchObject({ tempo: fake.tempo, source: 'reccobeats' });
      else if (fake.isrc && fake.deezerBpm) expect(features).toMatchObject({ tempo: fake.deezerBpm, source: 'deezer' });
      if (track.featureStage === 'tempo') expect(features?.tempo).toBeGreaterThan(0);
    }
    expect(outcome.withTempo).toBe(stages.filter((track) => track.featureStage === 'tempo').length);
    // The genres of their top artists, for searches aimed at what a run lacks.
    expect((await libraryGenres(db)).get(FAKE_ARTISTS[0]!.id)).toEqual(FAKE_ARTISTS[0]!.genres);
    // ReccoBeats is asked 40 tracks at a time.
    const recco = requests.filter((request) => request.url.host === 'api.reccobeats.com');
    expect(recco).toHaveLength(Math.ceil(stages.length / 40));
  });

  it('leaves RunSound’s own playlists out of the runner’s music', async () => {
    const { db, pass } = world();
    await pass(undefined, new Set(['OwnPlaylistSundays00002']));
    expect(await linked(db, 'playlist:OwnPlaylistSundays00002')).toEqual([]);
  });

  it('without the playlist permissions (connected before RunSound asked for them), reads the rest and says so', async () => {
    const { db, pass, requests } = world(LIBRARY, SCOPES_BEFORE_PLAYLISTS);
    const outcome = await pass();
    expect(outcome).toMatchObject({ state: 'done', playlistsNotAllowed: true });
    expect(requests.some((request) => request.url.pathname.startsWith('/v1/me/playlists'))).toBe(false);
    expect(await linked(db, 'saved')).toHaveLength(30);
  });
});

describe('the library index: later passes', () => {
  it('an incremental pass reads saved tracks only down to the newest it knew', async () => {
    const { db, pass, services, requests, clock } = world({ ...LIBRARY, savedTrackIds: ids(0, 130) });
    await pass();
    clock.advance(6 * 3_600_000);
    services.saveTrack(fakeTrackId(131));
    const before = requests.length;
    await pass();
    const savedPages = requests.slice(before).filter((request) => request.url.pathname === '/v1/me/tracks');
    expect(savedPages).toHaveLength(1);
    expect(await linked(db, 'saved')).toContain(fakeTrackId(131));
    // Unchanged playlists are not read again.
    expect(requests.slice(before).some((request) => /\/v1\/playlists\/.+\/items/.test(request.url.pathname))).toBe(false);
  });

  it('a full pass drops what the runner removed; a changed playlist is read again and drops what left it', async () => {
    const { db, pass, services, clock } = world();
    await pass();
    const removedSaved = ids(0, 1)[0]!; // saved only
    const stillInTop = ids(25, 26)[0]!; // saved and top
    services.unsaveTrack(removedSaved);
    services.unsaveTrack(stillInTop);
    const longRuns = services.library.ownPlaylists[0]!;
    const leftPlaylist = longRuns.trackIds.shift()!; // in "Long runs" only
    longRuns.version = 2;

    clock.advance(FULL_PASS_EVERY_MS);
    await pass();
    expect(await db.libraryTracks.get(removedSaved)).toBeUndefined();
    expect(await db.libraryTracks.get(leftPlaylist)).toBeUndefined();
    expect(await db.libraryTracks.get(stillInTop)).toBeDefined();
    expect(await linked(db, 'saved')).not.toContain(stillInTop);
    // A playlist the runner deleted leaves with its tracks.
    services.library.ownPlaylists.splice(2, 1);
    await pass();
    expect(await linked(db, 'playlist:CollabPlaylistClub00003')).toEqual([]);
    expect(await db.libraryTracks.get(ids(100, 101)[0]!)).toBeUndefined();
  });

  it('keeps the runner’s own BPM when a service’s answer comes in', async () => {
    const { db, pass } = world();
    const id = ids(0, 1)[0]!;
    await db.trackFeatures.put({ id, source: 'reccobeats', energy: 0.5, correctedTempo: 171, updatedAt: 1 });
    await pass();
    expect((await db.trackFeatures.get(id))?.correctedTempo).toBe(171);
    expect((await db.libraryTracks.get(id))?.featureStage).toBe('tempo');
  });
});

describe('the library index: odd answers', () => {
  const localFile = (index: number) => ({
    added_at: '2026-10-01T10:00:00Z',
    track: { id: null, uri: `spotify:local:Artist:Album:Song+${index}:200`, name: `Song ${index}`, type: 'track', is_local: true, artists: [{ id: null, name: 'Artist' }], duration_ms: 200_000, explicit: false },
  });

  it('a page of nothing but local files is not the end of the saved tracks', async () => {
    const { db, pass, services } = world({ ...LIBRARY, savedTrackIds: ids(0, 80) });
    // Spotify's page at offset 0: 50 local files (no id: nothing RunSound can use), and more after it.
    services.once(
      { path: '/v1/me/tracks' },
      { status: 200, contentType: 'application/json', body: JSON.stringify({ href: '', items: Array.from({ length: 50 }, (_, i) => localFile(i)), limit: 50, offset: 0, total: 80, previous: null, next: 'https://api.spotify.com/v1/me/tracks?offset=50&limit=50' }) },
    );
    await pass();
    expect(await linked(db, 'saved')).toEqual(ids(50, 80).sort());
  });

  it('a playlist holding a podcast episode is read, the episode left out', async () => {
    const { db, pass } = world({ ...LIBRARY, ownPlaylists: [{ id: 'OwnPlaylistLongRuns0001', name: 'Long runs', trackIds: ['episode:0RunSoundFakeEpisode01', ...ids(60, 63)] }] });
    expect(await pass()).toMatchObject({ state: 'done' });
    expect(await linked(db, 'playlist:OwnPlaylistLongRuns0001')).toEqual(ids(60, 63).sort());
  });

  it('another Spotify account connected: the index starts afresh, the two libraries never mix', async () => {
    const first = world();
    await first.pass();
    expect(await first.db.libraryTracks.count()).toBeGreaterThan(0);
    // The same database, now with another runner signed in to Spotify.
    const other = world({ savedTrackIds: ids(120, 125), topTrackIds: [], ownPlaylists: [], user: { id: 'someone.else', displayName: 'Someone' } }, ALL_SCOPES, first.db);
    const outcome = await other.pass();
    expect(outcome.tracks).toBe(5);
    expect(await linked(first.db, 'saved')).toEqual(ids(120, 125).sort());
  });

  it('a full pass during which the runner saved or removed tracks removes nothing, and the next pass is full again', async () => {
    const { db, pass, services, clock, requests } = world({ ...LIBRARY, savedTrackIds: ids(0, 120) });
    await pass();
    clock.advance(FULL_PASS_EVERY_MS);
    // Between the first and the second page, the runner removes a track near the top: the pages shift.
    const second = { path: '/v1/me/tracks' };
    let pages = 0;
    const original = services.answer.bind(services);
    services.answer = (request) => {
      if (new URL(request.url).pathname === second.path && ++pages === 2) services.unsaveTrack(ids(3, 4)[0]!);
      return original(request);
    };
    await pass();
    // The track that moved up a page was never seen; it is still theirs, and still indexed.
    expect(await linked(db, 'saved')).toContain(ids(50, 51)[0]!);
    const before = requests.length;
    clock.advance(3_600_000);
    await pass();
    const savedPages = requests.slice(before).filter((request) => request.url.pathname === '/v1/me/tracks');
    expect(savedPages.length).toBeGreaterThan(1);
    expect(await linked(db, 'saved')).not.toContain(ids(3, 4)[0]!);
  });
});

describe('the library index: a worker stopped at any request resumes without duplicates or gaps', () => {
  // Two pages of saved tracks and two of one playlist's items, so that every offset is resumed from.
  const PAGED: FakeMusicOptions = {
    savedTrackIds: ids(0, 70),
    topTrackIds: ids(20, 40),
    ownPlaylists: [
      { id: 'OwnPlaylistLongRuns0001', name: 'Long runs', trackIds: ids(60, 125) },
      { id: 'OwnPlaylistSundays00002', name: 'Sundays', trackIds: ids(120, 133) },
    ],
  };

  it('every request of a first pass', async () => {
    const reference = world(PAGED);
    await reference.pass();
    const expected = await snapshot(reference.db);
    const total = reference.requests.length;
    expect(total).toBeGreaterThan(10);

    expect(reference.requests.filter((request) => request.url.searchParams.get('offset') === '50')).toHaveLength(2);
    for (let request = 1; request <= total; request++) {
      const { db, pass } = world(PAGED);
      let hung!: () => void;
      const stopped = new Promise<void>((resolve) => (hung = resolve));
      void pass({ request, hung });
      await stopped;
      // The new worker finds the checkpoint and goes on from it.
      let outcome: PassOutcome = await pass();
      // A feature service "down" while the worker died is paused, not lost: later, the pass goes on.
      while (outcome.state === 'waiting') outcome = await pass();
      expect({ request, ...(await snapshot(db)) }).toEqual({ request, ...expected });
      expect(await db.state.get(CHECKPOINT_KEY)).toBeUndefined();
    }
  }, 120_000);
});

describe('the library index: feature services', () => {
  it('a "Retry-After: 0" storm pauses the service for at least a minute, not a loop', async () => {
    const { pass, services, requests } = world();
    for (let i = 0; i < 3; i++) services.once({ host: 'api.reccobeats.com' }, { status: 429, contentType: 'application/json', body: '{}', headers: { 'retry-after': '0' } });
    const outcome = await pass();
    expect(outcome).toMatchObject({ state: 'waiting', service: 'ReccoBeats', resumeAt: T0 + 60_000 });
    expect(requests.filter((request) => request.url.host === 'api.reccobeats.com')).toHaveLength(3);
  });

  it('a ReccoBeats that asks to wait an hour pauses its lookups, says until when, and goes on after', async () => {
    const { db, pass, services, clock } = world();
    services.once({ host: 'api.reccobeats.com' }, { status: 429, contentType: 'application/json', body: '{"error":"Too Many Requests","code":4291}', headers: { 'retry-after': '3600' } });
    const outcome = await pass();
    expect(outcome).toMatchObject({ state: 'waiting', service: 'ReccoBeats', resumeAt: T0 + 3_600_000 });
    expect(await tracksAt(db, 'reccobeats').count()).toBeGreaterThan(0);
    // The library itself is read: the pass is over, playlists can use it, and the next pass goes on.
    expect(await libraryComplete(db)).toBe(true);
    expect(await db.state.get(CHECKPOINT_KEY)).toBeUndefined();
    clock.advance(3_600_000);
    expect(await pass()).toMatchObject({ state: 'done' });
    expect(await tracksAt(db, 'reccobeats').count()).toBe(0);
  });

  it('finds a track neither service knows by id or ISRC with a Deezer search of its plain title', async () => {
    const song: FakeTrack = { ...FAKE_CATALOGUE[0]!, id: fakeTrackId(900), name: 'Golden Miles (feat. Pace Band 2) - Remastered 2011', isrc: undefined, inReccoBeats: false, deezerBpm: 172 };
    const { db, pass, requests } = world({ catalogue: [...FAKE_CATALOGUE, song], savedTrackIds: [song.id], topTrackIds: [], ownPlaylists: [] });
    await pass();
    expect(await db.trackFeatures.get(song.id)).toMatchObject({ tempo: 172, source: 'deezer-search' });
    const search = requests.find((request) => request.url.host === 'api.deezer.com' && request.url.pathname === '/search')!;
    expect(search.url.searchParams.get('q')).toBe(`artist:"${song.artists[0]!.name}" track:"Golden Miles"`);
  });
});

describe('titleWithoutVersion', () => {
  it.each([
    ['Heroes - 2017 Remaster', 'Heroes'],
    ['Heroes (feat. Somebody)', 'Heroes'],
    ['Run Boy Run - Radio Edit', 'Run Boy Run'],
    ['Song - Live - 2011 Remastered', 'Song'],
    ['Under Pressure (with David Bowie) - Remastered 2011', 'Under Pressure'],
    ['Part I (Intro)', 'Part I (Intro)'],
    ['Mr. Brightside', 'Mr. Brightside'],
  ])('%s → %s', (title, plain) => {
    expect(titleWithoutVersion(title)).toBe(plain);
  });

  it('a Deezer search answer counts only for the same song by the same artist', async () => {
    const answers: string[] = [];
    const fetchFn = (async (url: string) => {
      answers.push(url);
      if (url.includes('/search')) return new Response(JSON.stringify({ data: [{ id: 1, title: 'Golden Miles (Live)', artist: { name: 'Someone Else' } }], total: 1 }));
      return new Response(JSON.stringify({ id: 1, bpm: 120 }));
    }) as unknown as typeof fetch;
    expect(await searchDeezerBpm('Golden Miles', ['Stride Theory'], { fetch: fetchFn })).toBeUndefined();
    expect(answers).toHaveLength(1);
  });
});
