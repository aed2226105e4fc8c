/**
 * The runner's music library as RunSound keeps it: every track of theirs it knows, and one link
 * per place the track came from. A track stays while at least one link does.
 */
import type { SpotifyTrack, TimeRange } from '../spotify';

/**
 * Where a track of the library came from: saved ("Liked Songs"), a top-tracks list, one of the
 * runner's own playlists ("playlist:<id>"), or a play Spotify reported.
 */
export type LibrarySource = 'saved' | `top:${TimeRange}` | `playlist:${string}` | 'played';

/** How far the search for a track's tempo has come: each service is asked once, in this order. */
export type FeatureStage = 'reccobeats' | 'deezer-isrc' | 'deezer-search' | 'tempo' | 'no-tempo';

/** A track of the runner's library: Spotify's facts, and how far the search for its tempo has come. */
export interface LibraryTrack extends SpotifyTrack {
  featureStage: FeatureStage;
  firstSeenAt: number;
}

export interface LibraryLink {
  source: LibrarySource;
  trackId: string;
  /** When the track was added there, or played (epoch ms). */
  at: number;
  /** The index pass that last saw the link: a full pass removes the saved links it did not see. */
  pass: number;
}

/** What the screens are told about the library index, as it goes. */
export interface LibraryStatus {
  state: 'never' | 'indexing' | 'done' | 'waiting' | 'error';
  /** In plain words, for the runner. */
  message: string;
  tracks: number;
  withTempo: number;
  /** What the index is doing now: "reading playlist 3 of 8". */
  step?: string;
  /** The runner's playlists are left out until they connect again with the new permission. */
  playlistsNotAllowed?: boolean;
  /** When a waiting index goes on by itself (epoch ms). */
  resumeAt?: number;
  lastCompletedAt?: number;
  updatedAt: number;
}

export const LIBRARY_NOT_INDEXED: LibraryStatus = {
  state: 'never',
  message: 'RunSound has not read your Spotify library yet.',
  tracks: 0,
  withTempo: 0,
  updatedAt: 0,
};

/** "Your music: 1,240 tracks, 1,102 with a tempo · reading playlist 3 of 8". */
export function libraryLine(status: LibraryStatus): string {
  const count = (n: number) => n.toLocaleString('en-GB');
  const known = `Your music: ${count(status.tracks)} ${status.tracks === 1 ? 'track' : 'tracks'}, ${count(status.withTempo)} with a tempo`;
  if (status.state === 'indexing' && status.step) return `${known} · ${status.step}`;
  if (status.state === 'never') return 'Your music: not read yet';
  return known;
}
