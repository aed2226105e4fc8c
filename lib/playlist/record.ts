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

/** The steps of making a playlist, in order, as the screens show them. */
export const GENERATION_STEPS = ['library', 'tempos', 'choosing', 'saving'] as const;
export type GenerationStep = (typeof GENERATION_STEPS)[number];
export const GENERATION_STEP_LABELS: Record<GenerationStep, string> = {
  library: 'Reading your library',
  tempos: 'Finding tempos',
  choosing: 'Choosing tracks',
  saving: 'Saving to Spotify',
};

/** What the screens are told about a generation, as it goes. */
export interface GenerationStatus {
  state: 'idle' | 'working' | 'done' | 'error';
  message: string;
  /** The step under way, while working (none before the first). */
  step?: GenerationStep;
  /** The plan it is for (`planKey`): a screen showing another plan does not show it as its own. */
  planKey?: string;
  playlist?: { url: string; name: string };
  summaryText?: string;
  picture?: PlaylistPicture;
  /** How many requests to Spotify and the feature services the generation took. */
  requests?: number;
  updatedAt: number;
}

export const NO_GENERATION: GenerationStatus = { state: 'idle', message: '', updatedAt: 0 };

/** The same plan gives the same key (its place aside: the forecast's, not the playlist's). */
export function planKey(plan: PlannedRun): string {
  return `${plan.type}:${plan.pacePlan ?? 'even'}:${Math.round(plan.paceSecondsPerKm)}:${Math.round(plan.distanceMeters)}:${plan.start}`;
}

/** A playlist as its card shows it: no cover, the facts a runner checks before pressing play. */
export interface PlaylistCard {
  name: string;
  /** Its page on open.spotify.com (the Strava panel shows no link to it: the page could read it). */
  url: string;
  createdAt: number;
  /** The music's length. */
  seconds: number;
  /** Tracks within ±3 % of their target, of the tracks with a target (music before a race has none). */
  onBeat: number;
  withTarget: number;
  summaryText: string;
  /** A race's "Press play at 08:45: …", which the runner must not miss. */
  pressPlay?: string;
  picture?: PlaylistPicture;
}

export function playlistCard(
  record: Pick<PlaylistRecord, 'spotify' | 'createdAt' | 'summary' | 'summaryText' | 'picture'>,
  pressPlay?: string,
): PlaylistCard {
  const { summary } = record;
  return {
    ...(pressPlay ? { pressPlay } : {}),
    name: record.spotify.name,
    url: record.spotify.url,
    createdAt: record.createdAt,
    seconds: Math.round(summary.totalMs / 1000),
    onBeat: summary.perfectFits,
    withTarget: summary.trackCount - summary.preRaceTracks,
    summaryText: record.summaryText,
    picture: record.picture,
  };
}

/** The Spotify ids of a playlist's tracks (its URIs are "spotify:track:<id>"). */
export function playlistTrackIds(record: Pick<PlaylistRecord, 'trackUris'>): string[] {
  return record.trackUris.map((uri) => uri.replace('spotify:track:', ''));
}
