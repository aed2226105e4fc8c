/**
 * One pass of the library index: reads the runner's Spotify library into IndexedDB, then finds
 * each new track's tempo, energy and valence. Pure of the browser: Spotify's client, the feature
 * services' fetch, the clock and the database are handed in.
 *
 * In order, each step checkpointed after every page or batch, so a worker stopped at any moment
 * resumes where it was, without duplicates (every write is keyed) or gaps:
 * 1. Saved tracks (`GET /me/tracks`, 50 a page, newest first). A later pass stops at the newest
 *    `added_at` it already knows; a full pass (the first, then weekly) reads them all and drops
 *    the saved tracks it did not see: the runner removed them.
 * 2. Top tracks, short, medium and long term: each list replaces the last.
 * 3. The runner's playlists (`GET /me/playlists`): those they own or collaborate on, RunSound's own
 *    left out. A playlist whose snapshot is unchanged is not read again; one that is gone leaves.
 * 4. Each changed playlist's items (`GET /playlists/{id}/items`), 50 a page.
 * 5. Features for every track without: ReccoBeats in batches of 40, then Deezer by ISRC, then a
 *    Deezer search by title and artist. A service that asks to wait longer than its cap is paused,
 *    and its tracks wait for it: the pass ends and says when it goes on.
 * (Plays come from the listening job, which adds each played track with a "played" link.)
 */
import Dexie from 'dexie';
import type { RunSoundDb } from '../db';
import { RunStore } from '../run-store';
import { effectiveFeatures, labelled, saveServiceFeatures } from '../music-features/stored';
import {
  fetchDeezerBpm,
  fetchReccoBeatsFeatures,
  FeatureServiceDown,
  RECCOBEATS_BATCH_SIZE,
  searchDeezerBpm,
  type FeatureClientOptions,
  type FeatureServiceName,
  type TrackFeatures,
} from '../music-features';
import {
  fetchMe,
  fetchMyPlaylists,
  fetchPlaylistItems,
  fetchSavedTracks,
  fetchTopArtists,
  fetchTopTracks,
  missingScopes,
  SpotifyForbidden,
  SpotifyNotFound,
  SpotifyShapeChanged,
  type AddedTrack,
  type SpotifyApi,
  type SpotifyPage,
  type SpotifyTrack,
  type TimeRange,
} from '../spotify';
import type { FeatureStage, LibraryLink, LibrarySource, LibraryTrack } from './types';

export const TOP_RANGES: readonly TimeRange[] = ['short_term', 'medium_term', 'long_term'];
/** A full pass, which notices removed tracks, at least this often. */
export const FULL_PASS_EVERY_MS = 7 * 86_400_000;
/** A service that failed without saying when to come back is asked again after this long. */
export const SERVICE_PAUSE_MS = 30 * 60_000;
/** The shortest pause of a service that asked RunSound to wait. */
export const MIN_SERVICE_PAUSE_MS = 60_000;
/** Plays older than this no longer keep a track in the library. */
export const PLAYED_KEEPS_MS = 180 * 86_400_000;
/** How often the progress counts the index again. */
const RECOUNT_EVERY_MS = 3_000;
/** Deezer lookups per features batch between checkpoints. */
const DEEZER_BATCH = 10;

const PLAYLIST_SCOPES = ['playlist-read-private', 'playlist-read-collaborative'] as const;

export type PassStage = 'saved' | 'top' | 'playlists' | 'playlist-items' | 'features' | 'done';

/** Where a pass is: kept in the state table after every page, so a stopped worker goes on from it. */
export interface PassCheckpoint {
  pass: number;
  full: boolean;
  startedAt: number;
  stage: PassStage;
  savedOffset: number;
  /** The newest saved `added_at` known when the pass began: an incremental pass stops there. */
  savedStopAt: number | null;
  /** How many saved tracks Spotify counted on the first page: if it changes, the pages shifted. */
  savedTotal?: number;
  topIndex: number;
  userId?: string;
  /** Listing the runner's playlists: the next offset (null when done). */
  playlistsOffset: number | null;
  /** Their playlists RunSound reads, with the snapshot each was read at. */
  playlists: { id: string; name: string; snapshotId: string; read: boolean }[];
  playlistIndex: number;
  itemsOffset: number;
}

/** What outlives passes. */
export interface LibraryMeta {
  /** The Spotify account the index is of: another account starts it afresh. */
  userId?: string;
  lastPass: number;
  lastFullAt: number;
  lastCompletedAt?: number;
  /** The snapshot of each playlist when it was last read whole. */
  snapshots: Record<string, string>;
  /** A feature service that asked to wait: not asked again before this time (epoch ms). */
  pausedUntil: Partial<Record<FeatureServiceName, number>>;
}

const emptyMeta = (): LibraryMeta => ({ lastPass: 0, lastFullAt: 0, snapshots: {}, pausedUntil: {} });
export const CHECKPOINT_KEY = 'musicLibrary:pass';
export const META_KEY = 'musicLibrary:meta';
/** The genres of the runner's top artists, by artist id. */
export const GENRES_KEY = 'musicLibrary:genres';

/** Whether a pass of the index has ever finished: until then, generation samples the library. */
export async function libraryComplete(db: RunSoundDb): Promise<boolean> {
  return (await new RunStore(db).getState<LibraryMeta>(META_KEY, emptyMeta())).lastCompletedAt !== undefined;
}

/** The genres Spotify gives the runner's top artists, by artist id (many artists have none). */
export async function libraryGenres(db: RunSoundDb): Promise<Map<string, string[]>> {
  return new Map(Object.entries(await new RunStore(db).getState<Record<string, string[]>>(GENRES_KEY, {})));
}

export interface LibraryProgress {
  stage: PassStage;
  /** In plain words: "reading playlist 3 of 8". */
  step: string;
  tracks: number;
  withTempo: number;
}

export type PassOutcome =
  | { state: 'done'; tracks: number; withTempo: number; playlistsNotAllowed: boolean }
  /** A feature service is paused: the pass goes on at `resumeAt`. */
  | { state: 'waiting'; resumeAt: number; service: FeatureServiceName; tracks: number; withTempo: number; playlistsNotAllowed: boolean };

export interface PassDeps {
  db: RunSoundDb;
  api: SpotifyApi;
  /** For ReccoBeats and Deezer. */
  features: FeatureClientOptions;
  /** The scopes the runner granted ("" when unknown). */
  grantedScopes: string;
  /** Ids of playlists RunSound made: never indexed as the runner's music. */
  ownPlaylistIds: ReadonlySet<string>;
  now: () => number;
  /** Called after every page and batch: progress for the screens, and a sign of life for the worker. */
  onProgress?: (progress: LibraryProgress) => void | Promise<void>;
}

function newTrack(track: SpotifyTrack, now: number): LibraryTrack {
  return { ...track, featureStage: 'reccobeats', firstSeenAt: now };
}

/**
 * The links from one source ("saved", "playlist:<id>", ...), by the links' own key. Read them
 * whole (`toArray`) and filter in memory: a filtered cursor steps through IndexedDB one row at a time.
 */
export function linksFrom(db: RunSoundDb, source: LibrarySource) {
  return db.libraryLinks.where('[source+trackId]').between([source, Dexie.minKey], [source, Dexie.maxKey]);
}

/** The tracks at one stage of the search for their features. */
export function tracksAt(db: RunSoundDb, stage: FeatureStage) {
  return db.libraryTracks.where('[featureStage+id]').between([stage, Dexie.minKey], [stage, Dexie.maxKey]);
}

/**
 * Puts tracks and their links from one source in the index, keeping what is known of tracks
 * already there (their feature stage). Call inside a transaction over libraryTracks and libraryLinks.
 */
export async function addToLibrary(db: RunSoundDb, source: LibrarySource, entries: readonly AddedTrack[], pass: number, now: number): Promise<void> {
  const unique = [...new Map(entries.map((entry) => [entry.track.id, entry])).values()];
  if (unique.length === 0) return;
  const existing = await db.libraryTracks.bulkGet(unique.map((entry) => entry.track.id));
  const rows = unique.map((entry, index) => {
    const known = existing[index];
    const fresh = newTrack(entry.track, now);
    return known ? { ...fresh, featureStage: known.featureStage, firstSeenAt: known.firstSeenAt } : fresh;
  });
  await db.libraryTracks.bulkPut(rows);
  await db.libraryLinks.bulkPut(unique.map((entry): LibraryLink => ({ source, trackId: entry.track.id, at: entry.addedAt ?? now, pass })));
}

/** Deletes links, then every track no link holds any more. Call inside a transaction. */
async function dropLinks(db: RunSoundDb, links: readonly LibraryLink[]): Promise<void> {
  if (links.length === 0) return;
  await db.libraryLinks.bulkDelete(links.map((link) => [link.source, link.trackId] as [string, string]));
  const trackIds = [...new Set(links.map((link) => link.trackId))];
  const orphans: string[] = [];
  for (const trackId of trackIds) {
    if ((await db.libraryLinks.where('trackId').equals(trackId).count()) === 0) orphans.push(trackId);
  }
  await db.libraryTracks.bulkDelete(orphans);
}

export async function libraryCounts(db: RunSoundDb): Promise<{ tracks: number; withTempo: number }> {
  return { tracks: await db.libraryTracks.count(), withTempo: await tracksAt(db, 'tempo').count() };
}

/** The checkpoint a new pass starts from: full when none was, or the last full one is a week old. */
async function startPass(db: RunSoundDb, meta: LibraryMeta, now: number): Promise<PassCheckpoint> {
  const full = meta.lastFullAt === 0 || now - meta.lastFullAt >= FULL_PASS_EVERY_MS;
  let savedStopAt: number | null = null;
  if (!full) {
    for (const link of await linksFrom(db, 'saved').toArray()) savedStopAt = Math.max(savedStopAt ?? link.at, link.at);
  }
  return {
    pass: meta.lastPass + 1,
    full,
    startedAt: now,
    stage: 'saved',
    savedOffset: 0,
    savedStopAt,
    topIndex: 0,
    playlistsOffset: 0,
    playlists: [],
    playlistIndex: 0,
    itemsOffset: 0,
  };
}

/**
 * A new pass, for the account connected now: another account's index is forgotten first (and
 * `meta` starts afresh), so that two runners' libraries never mix.
 */
async function newPass(deps: PassDeps, meta: LibraryMeta): Promise<PassCheckpoint> {
  const { db } = deps;
  const userId = (await fetchMe(deps.api)).id;
  if (meta.userId !== undefined && meta.userId !== userId) {
    await db.transaction('rw', [db.libraryTracks, db.libraryLinks, db.state], async () => {
      await db.libraryTracks.clear();
      await db.libraryLinks.clear();
      await db.state.delete(GENRES_KEY);
    });
    Object.assign(meta, { ...emptyMeta(), lastPass: meta.lastPass });
  }
  meta.userId = userId;
  return { ...(await startPass(db, meta, deps.now())), userId };
}

/** Runs one pass of the index to its end, or until a feature service asks to wait. */
export async function runLibraryPass(deps: PassDeps): Promise<PassOutcome> {
  const { db, api } = deps;
  // A fresh object each time: the pass changes it as it goes.
  const meta = await new RunStore(db).getState<LibraryMeta>(META_KEY, emptyMeta());
  let checkpoint = (await new RunStore(db).getState<PassCheckpoint | undefined>(CHECKPOINT_KEY, undefined)) ?? (await newPass(deps, meta));
  const playlistsAllowed = deps.grantedScopes === '' || missingScopes(deps.grantedScopes, PLAYLIST_SCOPES).length === 0;

  const save = async (next: PassCheckpoint, write?: () => Promise<void>) => {
    await db.transaction('rw', [db.libraryTracks, db.libraryLinks, db.state], async () => {
      await write?.();
      await db.state.put({ key: CHECKPOINT_KEY, value: next });
    });
    checkpoint = next;
    await report();
  };
  // Counting a big index takes a moment: counted again only every few seconds, or at a new stage.
  let counts = await libraryCounts(db);
  let countedAt = deps.now();
  let countedStage = checkpoint.stage;
  const report = async (step = describeStep(checkpoint)) => {
    if (deps.now() - countedAt >= RECOUNT_EVERY_MS || countedStage !== checkpoint.stage) {
      counts = await libraryCounts(db);
      countedAt = deps.now();
      countedStage = checkpoint.stage;
    }
    await deps.onProgress?.({ stage: checkpoint.stage, step, ...counts });
  };
  await report();

  // 1. Saved tracks.
  while (checkpoint.stage === 'saved') {
    const page: SpotifyPage<AddedTrack> = await fetchSavedTracks(api, { offset: checkpoint.savedOffset });
    const stopAt = checkpoint.savedStopAt;
    const reachedKnown = stopAt !== null && page.items.some((entry) => entry.addedAt !== undefined && entry.addedAt <= stopAt);
    // The end is where Spotify says (a page may hold nothing RunSound can use, local files say, and not be the end).
    const last = page.nextOffset === undefined || reachedKnown;
    const savedTotal = checkpoint.savedTotal ?? page.total;
    // Saved or removed while the pass read them, the pages shifted: some tracks may have gone unseen.
    const unchanged = page.total === savedTotal;
    const { pass, full } = checkpoint;
    // A full pass that could not tell removals counts as not full: the next one is full again.
    const next = last ? { ...checkpoint, savedTotal, stage: 'top' as const, full: full && unchanged } : { ...checkpoint, savedTotal, savedOffset: page.nextOffset! };
    await save(next, async () => {
      await addToLibrary(db, 'saved', page.items, pass, deps.now());
      // What a full pass did not see any more, the runner removed.
      if (last && full && unchanged) await dropLinks(db, (await linksFrom(db, 'saved').toArray()).filter((link) => link.pass < pass));
    });
  }

  // 2. Top tracks: each list as it is now.
  while (checkpoint.stage === 'top') {
    const range = TOP_RANGES[checkpoint.topIndex]!;
    const page = await fetchTopTracks(api, { timeRange: range });
    const source: LibrarySource = `top:${range}`;
    const ids = new Set(page.items.map((track) => track.id));
    const gone = (await linksFrom(db, source).toArray()).filter((link) => !ids.has(link.trackId));
    const done = checkpoint.topIndex + 1 >= TOP_RANGES.length;
    // With the last list, the genres of the runner's top artists: what searches aim at when a run lacks tracks.
    const artists = done ? await fetchTopArtists(api, { timeRange: 'long_term' }) : undefined;
    const { pass } = checkpoint;
    await save(done ? { ...checkpoint, stage: playlistsAllowed ? 'playlists' : 'features' } : { ...checkpoint, topIndex: checkpoint.topIndex + 1 }, async () => {
      await addToLibrary(db, source, page.items.map((track) => ({ track, addedAt: deps.now() })), pass, deps.now());
      await dropLinks(db, gone);
      if (artists) await db.state.put({ key: GENRES_KEY, value: Object.fromEntries(artists.items.filter((artist) => artist.genres.length > 0).map((artist) => [artist.id, artist.genres])) });
    });
  }

  // 3. The runner's playlists.
  while (checkpoint.stage === 'playlists') {
    const userId = checkpoint.userId ?? meta.userId ?? (await fetchMe(api)).id;
    const page = await fetchMyPlaylists(api, { offset: checkpoint.playlistsOffset ?? 0 });
    const theirs = page.items.filter((playlist) => (playlist.ownerId === userId || playlist.collaborative) && !deps.ownPlaylistIds.has(playlist.id));
    const listed = [
      ...checkpoint.playlists,
      ...theirs
        .filter((playlist) => !checkpoint.playlists.some((known) => known.id === playlist.id))
        .map((playlist) => ({ id: playlist.id, name: playlist.name, snapshotId: playlist.snapshotId, read: meta.snapshots[playlist.id] === playlist.snapshotId })),
    ];
    if (page.nextOffset !== undefined) {
      await save({ ...checkpoint, userId, playlistsOffset: page.nextOffset, playlists: listed });
      continue;
    }
    // Playlists that are gone (deleted, or no longer theirs) leave the library with their tracks.
    const keep = new Set(listed.map((playlist) => `playlist:${playlist.id}`));
    const gone = (await db.libraryLinks.where('[source+trackId]').between(['playlist:', Dexie.minKey], ['playlist;', Dexie.minKey]).toArray()).filter(
      (link) => !keep.has(link.source),
    );
    await save({ ...checkpoint, userId, playlistsOffset: null, playlists: listed, stage: 'playlist-items', playlistIndex: 0, itemsOffset: 0 }, () => dropLinks(db, gone));
  }

  // 4. Their items, for playlists that changed since they were last read.
  while (checkpoint.stage === 'playlist-items') {
    const playlist = checkpoint.playlists[checkpoint.playlistIndex];
    if (!playlist) {
      await save({ ...checkpoint, stage: 'features' });
      break;
    }
    if (playlist.read) {
      await save({ ...checkpoint, playlistIndex: checkpoint.playlistIndex + 1, itemsOffset: 0 });
      continue;
    }
    const source: LibrarySource = `playlist:${playlist.id}`;
    const { pass } = checkpoint;
    let page: SpotifyPage<AddedTrack>;
    try {
      page = await fetchPlaylistItems(api, playlist.id, { offset: checkpoint.itemsOffset });
    } catch (error) {
      // A playlist Spotify answers in a shape RunSound does not know is left as it was, for this pass.
      if (error instanceof SpotifyShapeChanged) {
        await save({ ...checkpoint, playlistIndex: checkpoint.playlistIndex + 1, itemsOffset: 0 });
        continue;
      }
      // Deleted, or no longer shared with the runner, since it was listed: it leaves the library.
      if (!(error instanceof SpotifyNotFound || error instanceof SpotifyForbidden)) throw error;
      page = { items: [], total: 0, offset: checkpoint.itemsOffset, nextOffset: undefined };
    }
    const last = page.nextOffset === undefined;
    if (!last) {
      await save({ ...checkpoint, itemsOffset: page.nextOffset! }, () => addToLibrary(db, source, page.items, pass, deps.now()));
      continue;
    }
    meta.snapshots[playlist.id] = playlist.snapshotId;
    await save({ ...checkpoint, playlistIndex: checkpoint.playlistIndex + 1, itemsOffset: 0 }, async () => {
      await addToLibrary(db, source, page.items, pass, deps.now());
      // Tracks the runner took out of the playlist.
      await dropLinks(db, (await linksFrom(db, source).toArray()).filter((link) => link.pass < pass));
      await db.state.put({ key: META_KEY, value: meta });
    });
  }

  // 5. Features. A service that asked to wait keeps its tracks at their stage: the pass ends all
  // the same (the library is read), and the next one, at the time the service gave, goes on with them.
  const waiting = await findFeatures(deps, meta, report);

  // The pass is complete: plays too old to count leave, and the next pass starts afresh.
  await db.transaction('rw', [db.libraryTracks, db.libraryLinks, db.state], async () => {
    const cutoff = deps.now() - PLAYED_KEEPS_MS;
    await dropLinks(db, (await linksFrom(db, 'played').toArray()).filter((link) => link.at < cutoff));
    const finished: LibraryMeta = {
      ...meta,
      userId: checkpoint.userId ?? meta.userId,
      lastPass: checkpoint.pass,
      lastFullAt: checkpoint.full ? checkpoint.startedAt : meta.lastFullAt,
      lastCompletedAt: deps.now(),
      // Snapshots of playlists no longer listed are forgotten.
      snapshots: playlistsAllowed ? Object.fromEntries(checkpoint.playlists.map((playlist) => [playlist.id, meta.snapshots[playlist.id] ?? ''])) : meta.snapshots,
    };
    await db.state.put({ key: META_KEY, value: finished });
    await db.state.delete(CHECKPOINT_KEY);
  });
  const result = { ...(await libraryCounts(db)), playlistsNotAllowed: !playlistsAllowed };
  return waiting ? { state: 'waiting', ...waiting, ...result } : { state: 'done', ...result };
}

function describeStep(checkpoint: PassCheckpoint): string {
  switch (checkpoint.stage) {
    case 'saved':
      return checkpoint.savedOffset === 0 ? 'reading your saved tracks' : `reading your saved tracks (${checkpoint.savedOffset} so far)`;
    case 'top':
      return 'reading your top tracks';
    case 'playlists':
      return 'listing your playlists';
    case 'playlist-items':
      return `reading playlist ${Math.min(checkpoint.playlistIndex + 1, checkpoint.playlists.length)} of ${checkpoint.playlists.length}`;
    case 'features':
      return 'finding tempos';
    case 'done':
      return '';
  }
}

/** The stage after a service had nothing: Deezer by ISRC when the track has one, then Deezer search, then none. */
function nextStage(track: LibraryTrack, after: FeatureStage): FeatureStage {
  if (after === 'reccobeats' && track.isrc) return 'deezer-isrc';
  if (after === 'reccobeats' || after === 'deezer-isrc') return 'deezer-search';
  return 'no-tempo';
}

const SERVICE_OF: Record<'reccobeats' | 'deezer-isrc' | 'deezer-search', FeatureServiceName> = {
  reccobeats: 'ReccoBeats',
  'deezer-isrc': 'Deezer',
  'deezer-search': 'Deezer',
};

/**
 * Looks up features for tracks still without, stage by stage, a batch at a time, each batch
 * saved with the tracks' new stages in one transaction. Returns when a service must be waited for.
 */
async function findFeatures(deps: PassDeps, meta: LibraryMeta, report: (step?: string) => Promise<void>): Promise<{ resumeAt: number; service: FeatureServiceName } | undefined> {
  const { db } = deps;
  let paused: { resumeAt: number; service: FeatureServiceName } | undefined;
  for (const stage of ['reccobeats', 'deezer-isrc', 'deezer-search'] as const) {
    const service = SERVICE_OF[stage];
    for (;;) {
      const until = meta.pausedUntil[service] ?? 0;
      if (until > deps.now()) {
        if (!paused || until < paused.resumeAt) paused = { resumeAt: until, service };
        break;
      }
      const batch = await tracksAt(db, stage)
        .limit(stage === 'reccobeats' ? RECCOBEATS_BATCH_SIZE : DEEZER_BATCH)
        .toArray();
      if (batch.length === 0) break;
      const byId = new Map(batch.map((track) => [track.id, track]));
      // Features cached before (an earlier playlist, a play) need no lookup.
      const cached = await db.trackFeatures.bulkGet(batch.map((track) => track.id));
      const stages = new Map<string, FeatureStage>();
      const found = new Map<string, TrackFeatures>();
      const toAsk: LibraryTrack[] = [];
      batch.forEach((track, index) => {
        const row = cached[index];
        if (row && effectiveFeatures(row).tempo) stages.set(track.id, 'tempo');
        else toAsk.push(track);
      });
      let failure: FeatureServiceDown | undefined;
      try {
        if (stage === 'reccobeats') {
          const answers = await fetchReccoBeatsFeatures(
            toAsk.map((track) => track.id),
            deps.features,
          );
          for (const [id, features] of answers) found.set(id, features);
        } else {
          for (const track of toAsk) {
            const tempo =
              stage === 'deezer-isrc'
                ? await fetchDeezerBpm(track.isrc ?? '', deps.features)
                : await searchDeezerBpm(track.name, track.artists.map((artist) => artist.name), deps.features);
            // Handled one at a time: a failure half-way keeps what was found before it.
            stages.set(track.id, tempo === undefined ? nextStage(track, stage) : 'tempo');
            if (tempo !== undefined) {
              const before = cached[batch.indexOf(track)];
              found.set(track.id, { energy: before?.energy, valence: before?.valence, tempo, source: stage === 'deezer-isrc' ? 'deezer' : 'deezer-search' });
            }
          }
        }
      } catch (error) {
        if (!(error instanceof FeatureServiceDown)) throw error;
        failure = error;
        for (const [id, features] of error.partial) {
          found.set(id, features);
          if (stage === 'reccobeats' && features.tempo !== undefined) stages.set(id, 'tempo');
        }
      }
      if (stage === 'reccobeats' && !failure) {
        for (const track of toAsk) stages.set(track.id, found.get(track.id)?.tempo !== undefined ? 'tempo' : nextStage(track, stage));
      }
      await db.transaction('rw', [db.libraryTracks, db.trackFeatures, db.state], async () => {
        await saveServiceFeatures(db, labelled(found, byId), deps.now());
        for (const [id, next] of stages) await db.libraryTracks.update(id, { featureStage: next });
        if (failure) {
          // At least a minute, whatever it said: a "Retry-After: 0" must not become a loop.
          meta.pausedUntil[service] = Math.max(failure.retryAt ?? 0, deps.now() + (failure.retryAt ? MIN_SERVICE_PAUSE_MS : SERVICE_PAUSE_MS));
          await db.state.put({ key: META_KEY, value: meta });
        }
      });
      await report('finding tempos');
    }
  }
  return paused;
}
