/**
 * Making a playlist for a planned run, in the background where the Spotify tokens are: one at a
 * time, its progress told to every screen, kept in IndexedDB with its plan and profile. A retry of
 * the same plan fills the playlist an interrupted attempt created instead of making a second.
 */
import { generatePlaylist } from '@/lib/playlist/generate';
import { planKey, playlistTrackIds, type GenerationStatus, type PlaylistRecord } from '@/lib/playlist/record';
import type { PlannedRun } from '@/lib/plan';
import { RunStore } from '@/lib/run-store';
import { RequestCounter, spotifyApi, SpotifyReconnectNeeded } from '@/lib/spotify';
import type { Units } from '@/lib/units';
import { libraryComplete, libraryGenres } from '@/lib/music-library/pass';
import { singleFlight, statusChannel } from '@/lib/jobs';
import { effectiveFeatures, saveServiceFeatures } from '@/lib/music-features/stored';
import { libraryPool } from '@/lib/music-library/pool';
import { openDb } from '@/storage/db';
import { generationStatus, preferredGenres, spotifyStatus } from '@/storage/settings';
import { noteSpotifyError, spotifyTokens, spotifyWait } from './spotify';
import { planRun } from './predictions';

const fetchFn: typeof fetch = (input, init) => fetch(input, init);
/** Playlists whose tracks the next one holds back, so that two in a row differ. */
const RECENT_PLAYLISTS_HELD_BACK = 5;
/** Each update is the whole status: what an earlier generation said is not kept. */
const status = statusChannel(generationStatus, () => ({ updatedAt: Date.now() }));
// (The channel's stamp sets `updatedAt`.)
const publishStatus = (value: Omit<GenerationStatus, 'updatedAt'>) => status.replace({ ...value, updatedAt: 0 });

/** The same plan gives the same key: what a retry looks up. */
function attemptKey(plan: PlannedRun): string {
  return `playlistAttempt:${planKey(plan)}`;
}

export interface GenerateRequest {
  plan: PlannedRun;
  units: Units;
  excludeExplicit: boolean;
  /** A number of tracks, or null for the length of the run. */
  trackCount: number | null;
}

async function generate({ plan, units, excludeExplicit, trackCount }: GenerateRequest): Promise<GenerationStatus> {
  // Every status of this generation says which plan it is for.
  const publish = (value: Omit<GenerationStatus, 'updatedAt' | 'planKey'>) => publishStatus({ ...value, planKey: planKey(plan) });
  if ((await spotifyStatus.getValue()).state !== 'connected') {
    return publish({ state: 'error', message: 'Connect Spotify first: in RunSound’s settings, under Spotify.' });
  }
  const wait = await spotifyWait();
  if (wait) return publish({ state: 'error', message: wait });
  const store = new RunStore(openDb());
  const key = attemptKey(plan);
  try {
    await publish({ state: 'working', message: 'Working out the music profile…' });
    const { profile } = await planRun(plan, units);
    const counter = new RequestCounter();
    const api = spotifyApi({ fetch: fetchFn, tokens: await spotifyTokens(), counter });
    const db = openDb();
    // Rotation: the tracks of the runner's last five RunSound playlists wait their turn.
    const recent = await db.playlists.orderBy('createdAt').reverse().limit(RECENT_PLAYLISTS_HELD_BACK).toArray();
    const heldBack = new Set(recent.flatMap(playlistTrackIds));
    const sameKind = recent.find((record) => record.plan.type === plan.type);
    const heldBackFirmly = new Set(sameKind ? playlistTrackIds(sameKind) : []);
    const result = await generatePlaylist(
      plan,
      profile,
      units,
      { excludeExplicit, length: trackCount ? { mode: 'count', trackCount } : { mode: 'duration' }, preferredGenres: await preferredGenres.getValue() },
      {
        api,
        fetch: fetchFn,
        counter,
        library: { pool: await libraryPool(db), complete: await libraryComplete(db), genresByArtist: await libraryGenres(db) },
        heldBack,
        heldBackFirmly,
        now: Date.now,
        cachedFeatures: async (ids) => {
          const rows = await db.trackFeatures.bulkGet([...ids]);
          return new Map(rows.flatMap((row) => (row ? [[row.id, effectiveFeatures(row)] as const] : [])));
        },
        saveFeatures: (features) => saveServiceFeatures(db, features, Date.now()),
        existing: await store.getState<PlaylistRecord['spotify'] | undefined>(key, undefined),
        // (A mark; an attempt of an older RunSound left `true`, which no playlist carries.)
        creationUnconfirmed: await store.getState<unknown>(`${key}:creating`, undefined).then((mark) => (typeof mark === 'string' ? mark : undefined)),
        creating: (mark) => store.putState(`${key}:creating`, mark),
        created: (playlist) => store.putState(key, playlist),
        onProgress: (message, step) => void publish({ state: 'working', message, step }),
      },
    );
    await db.playlists.add({
      createdAt: Date.now(),
      plan,
      profile,
      spotify: result.playlist,
      trackUris: result.trackUris,
      summary: result.summary,
      summaryText: result.summaryText,
      picture: result.picture,
    });
    await store.putState(key, undefined);
    await store.putState(`${key}:creating`, undefined);
    return await publish({
      state: 'done',
      message: [`“${result.playlist.name}” is in your Spotify.`, ...result.warnings].join(' '),
      playlist: { url: result.playlist.url, name: result.playlist.name },
      summaryText: result.summaryText,
      picture: result.picture,
      requests: result.requestCount,
    });
  } catch (error) {
    await noteSpotifyError(error);
    const message = error instanceof Error ? error.message : String(error);
    const partial = await store.getState<PlaylistRecord['spotify'] | undefined>(key, undefined);
    return publish({
      state: 'error',
      message:
        error instanceof SpotifyReconnectNeeded
          ? `${message} Connect Spotify again in RunSound’s settings.`
          : `${message}${partial ? ` The playlist “${partial.name}” was created; try again to fill it.` : ''}`,
    });
  }
}

let asked: GenerateRequest | undefined;
const generation = singleFlight(() => generate(asked!));

/** Makes the playlist; a second request while one is made gets the first one's answer. */
export function generateNow(request: GenerateRequest): Promise<GenerationStatus> {
  if (!generation.busy()) asked = request;
  return generation.run();
}

/** Resolves once no playlist is being made (what it made, or failed to, is in its status). */
export async function generationSettled(): Promise<void> {
  while (generation.busy()) await generation.run().catch(() => undefined);
}

/** A generation the worker was stopped in the middle of cannot finish: say so, and free the button. */
export async function clearInterruptedGeneration(): Promise<void> {
  const current = await generationStatus.getValue();
  if (current.state === 'working' && !generation.busy()) {
    await publishStatus({
      state: 'error',
      message: 'Making the playlist was interrupted. Press Generate playlist to finish it: no second playlist is made.',
      planKey: current.planKey,
    });
  }
}
