/** Settings shared by every part of the extension, kept in extension storage (never storage.sync for state). */
import { storage } from 'wxt/utils/storage';
import { NO_GENERATION, type GenerationStatus } from '@/lib/playlist/record';
import { LIBRARY_NOT_INDEXED, type LibraryStatus } from '@/lib/music-library/types';
import type { LatLng } from '@/lib/runs';
import type { LoadSettings } from '@/lib/training-load';
import {
  NEVER_SYNCED,
  NOT_TRAINING,
  NOTHING_PROCESSED,
  SPOTIFY_NOT_SET_UP,
  type HistoryStatus,
  type SpotifyStatus,
  type SyncStatus,
  type TrainingStatus,
} from '@/lib/sync-status';
import { unitsForLocale, type Units } from '@/lib/units';

export const unitsSetting = storage.defineItem<Units>('local:units', {
  init: () => unitsForLocale(globalThis.navigator?.language),
});

/** Who chose the units: the locale's default, Strava's preference (read on sync), or the runner. */
export const unitsSource = storage.defineItem<'locale' | 'strava' | 'runner'>('local:unitsSource', { fallback: 'locale' });

/** The Strava sync's state, written by the background, watched by every screen. */
export const syncStatus = storage.defineItem<SyncStatus>('local:syncStatus', { fallback: NEVER_SYNCED });

/** What the background last derived from the history (weather, load, fatigue). */
export const historyStatus = storage.defineItem<HistoryStatus>('local:historyStatus', { fallback: NOTHING_PROCESSED });

/** The runner's home, for the weather of runs without a start place; null: their most frequent start. */
export const homeSetting = storage.defineItem<(LatLng & { name?: string }) | null>('local:home', { fallback: null });

/**
 * The runner's own heart rates and the training-load method; a heart rate left out is measured
 * from their runs (maximum) or the typical one (resting). Changing them recomputes every load.
 */
export const trainingLoadSetting = storage.defineItem<Pick<LoadSettings, 'restingHeartRate' | 'maxHeartRate' | 'method'>>('local:trainingLoad', { fallback: {} });

/**
 * The dashboard's getting-started steps: 'auto' shows them until every step is done; the runner
 * may hide them ('hidden') or bring them back ('shown').
 */
export const firstRunSetting = storage.defineItem<'auto' | 'hidden' | 'shown'>('local:firstRun', { fallback: 'auto' });

/** What "Generate playlist" starts with: explicit tracks left out or not, and a track count (null: as long as the run). */
export const playlistDefaults = storage.defineItem<{ excludeExplicit: boolean; trackCount: number | null }>('local:playlistDefaults', {
  fallback: { excludeExplicit: false, trackCount: null },
});

/** Where the training of the runner's model stands, for the options page. */
export const trainingStatus = storage.defineItem<TrainingStatus>('local:trainingStatus', { fallback: NOT_TRAINING });

/** The Client ID of the runner's own Spotify app (not a secret: PKCE needs none). */
export const spotifyClientId = storage.defineItem<string>('local:spotifyClientId', { fallback: '' });

/** Whether and as whom Spotify is connected. The tokens themselves live in the background's IndexedDB. */
export const spotifyStatus = storage.defineItem<SpotifyStatus>('local:spotifyStatus', { fallback: SPOTIFY_NOT_SET_UP });

/**
 * The PKCE verifier and state of a sign-in under way: in session storage, which content scripts
 * cannot read and which does not outlive the browser.
 */
export const spotifyPendingAuth = storage.defineItem<{ verifier: string; state: string } | null>('session:spotifyPendingAuth', { fallback: null });

/** The playlist being made, or the last one made, for the planner's screens. */
export const generationStatus = storage.defineItem<GenerationStatus>('local:generationStatus', { fallback: NO_GENERATION });

/** Genres the runner likes to run to, searched for playlist candidates besides their own top artists'. */
export const preferredGenres = storage.defineItem<string[]>('local:preferredGenres', { fallback: [] });

/** No request to Spotify before this time (epoch ms): after it said "quota exceeded" or "slow down". */
export const spotifyBackoffUntil = storage.defineItem<number>('local:spotifyBackoffUntil', { fallback: 0 });

/** Where the index of the runner's Spotify library stands, written by the background. */
export const libraryStatus = storage.defineItem<LibraryStatus>('local:libraryStatus', { fallback: LIBRARY_NOT_INDEXED });
