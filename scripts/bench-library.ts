/**
 * What indexing a runner's Spotify library costs: for libraries of 1,000, 5,000 and 10,000 tracks
 * shaped like real ones (tests/fixtures/realistic-library.ts; all saved, 50 top tracks, ten
 * playlists of their own of 100 tracks each), one first pass of the library index against the
 * tests' fake Spotify, ReccoBeats and Deezer, in fake-indexeddb. Prints the requests per service,
 * how long the pass takes at the index's polite pacing (a simulated clock: the pauses between
 * requests, not the services' answer times), the CPU time it took here, the heap it grew and the
 * bytes the index keeps (its rows as JSON), per library size. No network. `npm run bench:library`
 * (run with --expose-gc, so that the heap is measured after a collection).
 */
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import Dexie from 'dexie';
import { RunSoundDb } from '../lib/db.ts';
import { pacedFetch } from '../lib/music-library/pacing.ts';
import { runLibraryPass } from '../lib/music-library/pass.ts';
import { RequestCounter, spotifyApi, TokenKeeper } from '../lib/spotify/index.ts';
import { realisticLibrary } from '../tests/fixtures/realistic-library.ts';
import { createFakeMusicServices, FAKE_CLIENT_ID, fakeMusicFetch } from '../tests/fixtures/spotify.ts';

const SIZES = [1_000, 5_000, 10_000];

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** A 22-character base62 id, as random-looking as Spotify's, derived from `seed`. */
function spotifyLikeId(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  return Array.from(digest.subarray(0, 22), (byte) => BASE62[byte % 62]).join('');
}
const T0 = Date.UTC(2026, 11, 1, 8);

async function bench(size: number) {
  // Spotify's ids look random; the fixture's count up. Sorted keys would make fake-indexeddb's
  // search tree (not a browser's IndexedDB) degenerate, and the bench would time that instead.
  const catalogue = realisticLibrary({ size, seed: 7 }).map((track) => ({ ...track, id: spotifyLikeId(track.id) }));
  const ids = catalogue.map((track) => track.id);
  let now = T0;
  const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
  const services = createFakeMusicServices({
    now: clock.now,
    catalogue,
    savedTrackIds: ids,
    topTrackIds: ids.slice(0, 50),
    ownPlaylists: Array.from({ length: 10 }, (_, index) => ({
      id: `BenchPlaylist${String(index).padStart(10, '0')}`,
      name: `Playlist ${index + 1}`,
      trackIds: ids.slice((index * 997) % Math.max(1, size - 100), ((index * 997) % Math.max(1, size - 100)) + 100),
    })),
  });
  const { fetch: fakeFetch } = fakeMusicFetch(services);
  const fetchFn = pacedFetch(fakeFetch, clock);
  let stored = services.connect();
  const counter = new RequestCounter();
  const tokens = new TokenKeeper({ fetch: fetchFn, clientId: FAKE_CLIENT_ID, now: clock.now, load: async () => stored, save: async (tokens) => void (stored = tokens) });
  const db = new RunSoundDb(`bench-library-${size}`);

  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpuBefore = process.cpuUsage();
  const outcome = await runLibraryPass({
    db,
    api: spotifyApi({ fetch: fetchFn, tokens, counter, now: clock.now, sleep: clock.sleep }),
    features: { fetch: fetchFn, counter, now: clock.now, sleep: clock.sleep },
    grantedScopes: '',
    ownPlaylistIds: new Set(),
    now: clock.now,
  });
  const cpu = process.cpuUsage(cpuBefore);
  globalThis.gc?.();
  // What stays: in Node, fake-indexeddb keeps the database itself in the heap.
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
  const rows = [await db.libraryTracks.toArray(), await db.libraryLinks.toArray(), await db.trackFeatures.toArray()];
  const bytes = rows.reduce((sum, table) => sum + table.reduce((inner, row) => inner + JSON.stringify(row).length, 0), 0);
  db.close();
  await Dexie.delete(db.name);
  return {
    size,
    tracks: outcome.tracks,
    withTempo: outcome.withTempo,
    requests: counter.byService(),
    pacedMinutes: (now - T0) / 60_000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    heapMb: heapGrowth / 2 ** 20,
    indexMb: bytes / 2 ** 20,
    bytesPerTrack: bytes / outcome.tracks,
  };
}

const results = [];
for (const size of SIZES) results.push(await bench(size));
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(results, null, 2));
} else {
  console.log('| library | tracks with a tempo | Spotify / ReccoBeats / Deezer requests | time at the polite pace | CPU s here | heap kept MB (with the database) | index MB (bytes a track) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    const requests = `${r.requests.spotify ?? 0} / ${r.requests.reccobeats ?? 0} / ${r.requests.deezer ?? 0}`;
    console.log(
      `| ${r.size.toLocaleString('en-GB')} | ${r.withTempo.toLocaleString('en-GB')} of ${r.tracks.toLocaleString('en-GB')} | ${requests} | ${r.pacedMinutes.toFixed(1)} min | ${r.cpuSeconds.toFixed(1)} | ${r.heapMb.toFixed(0)} | ${r.indexMb.toFixed(1)} (${Math.round(r.bytesPerTrack)}) |`,
    );
  }
}
