/**
 * What the runner listened to during a run, from the plays Spotify reports (recently played):
 * the evidence the model's valence labels read (lib/model/labels.ts), with the runner's own
 * answers about a run's music when they gave them. Spotify gives each play's
 * time, not how long it lasted: a track counts until the next play starts, at most its length,
 * and only inside the run.
 */
import type { MusicEvidence } from '../model/labels';
import type { Run } from '../runs';
import type { PlaylistRecord } from './record';

export interface StoredPlay {
  /** Epoch ms, as Spotify's played_at. */
  playedAt: number;
  trackId: string;
  durationMs: number;
  /** The playlist it was played from: RunSound's own, when it made it. */
  contextUri?: string;
}

/** At least this many tracks with known valence make a run's listening evidence. */
export const MIN_MATCHED_TRACKS = 3;

export function listeningEvidence(
  runs: readonly Pick<Run, 'id' | 'startTime' | 'elapsedTimeSeconds' | 'movingTimeSeconds' | 'musicFeedback'>[],
  plays: readonly StoredPlay[],
  featuresOf: (trackId: string) => { valence?: number; tempo?: number; energy?: number } | undefined,
): Map<string, MusicEvidence> {
  const sorted = [...plays].sort((a, b) => a.playedAt - b.playedAt);
  const evidence = new Map<string, MusicEvidence>();
  for (const run of runs) {
    const seconds = run.elapsedTimeSeconds ?? run.movingTimeSeconds;
    if (!seconds) continue;
    const end = run.startTime + seconds * 1000;
    const listening: Array<{ valence: number; tempo?: number; energy?: number; secondsPlayed: number }> = [];
    sorted.forEach((play, index) => {
      if (play.playedAt < run.startTime || play.playedAt >= end) return;
      const features = featuresOf(play.trackId);
      if (features?.valence === undefined) return;
      const next = sorted[index + 1]?.playedAt ?? Number.POSITIVE_INFINITY;
      const until = Math.min(play.playedAt + play.durationMs, next, end);
      listening.push({
        valence: features.valence,
        ...(features.tempo === undefined ? {} : { tempo: features.tempo }),
        ...(features.energy === undefined ? {} : { energy: features.energy }),
        secondsPlayed: Math.max(0, (until - play.playedAt) / 1000),
      });
    });
    const feedback = run.musicFeedback;
    const rated = feedback?.liked && feedback.playlistValence !== undefined ? { valence: feedback.playlistValence } : undefined;
    if (listening.length >= MIN_MATCHED_TRACKS || feedback) {
      evidence.set(run.id, {
        ...(listening.length >= MIN_MATCHED_TRACKS ? { listening } : {}),
        ...(rated ? { rating: rated } : {}),
        ...(feedback ? { feedback: { tempo: feedback.tempo, energy: feedback.energy } } : {}),
      });
    }
  }
  return evidence;
}

/** The span of a run in which its plays count (an hour when the run's duration is unknown). */
export function runWindow(run: Pick<Run, 'startTime' | 'elapsedTimeSeconds' | 'movingTimeSeconds'>): { from: number; to: number } {
  return { from: run.startTime, to: run.startTime + (run.elapsedTimeSeconds ?? run.movingTimeSeconds ?? 3600) * 1000 };
}

/**
 * The RunSound playlist a run played, from the plays during it: the one Spotify says was playing
 * (the play's context), or else the newest whose tracks at least two of the plays were.
 * `playlists` newest first.
 */
export function playlistOfPlays<P extends Pick<PlaylistRecord, 'spotify' | 'trackUris'>>(plays: readonly Pick<StoredPlay, 'trackId' | 'contextUri'>[], playlists: readonly P[]): P | undefined {
  if (!plays.length) return undefined;
  const played = new Set(plays.map((play) => `spotify:track:${play.trackId}`));
  const contexts = new Set(plays.map((play) => play.contextUri));
  return playlists.find((playlist) => contexts.has(`spotify:playlist:${playlist.spotify.id}`) || playlist.trackUris.filter((uri) => played.has(uri)).length >= 2);
}
