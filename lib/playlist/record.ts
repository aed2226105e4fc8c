import type { MusicProfile } from '../model/profile';
import type { PlannedRun } from '../plan';
import type { PlaylistPicture } from './picture';
import type { SelectionSummary } from './select';

/** A playlist RunSound made, kept with the plan and profile it was made for. */
export interface PlaylistRecord {
  id?: number;
  createdAt: number;
  plan: PlannedRun;
  profile: MusicProfile;
  spotify: { id: string; url: string; name: string };
  trackUris: string[];
  summary: SelectionSummary;
  summaryText: string;
  /** The playlist's tempo against the run's; older records have none. */
  picture?: PlaylistPicture;
}

/** What the screens are told about a generation, as it goes. */
export interface GenerationStatus {
  state: 'idle' | 'working' | 'done' | 'error';
  message: string;
  playlist?: { url: string; name: string };
  summaryText?: string;
  picture?: PlaylistPicture;
  /** How many requests to Spotify and the feature services the generation took. */
  requests?: number;
  updatedAt: number;
}

export const NO_GENERATION: GenerationStatus = { state: 'idle', message: '', updatedAt: 0 };

/** The Spotify ids of a playlist's tracks (its URIs are "spotify:track:<id>"). */
export function playlistTrackIds(record: Pick<PlaylistRecord, 'trackUris'>): string[] {
  return record.trackUris.map((uri) => uri.replace('spotify:track:', ''));
}
