/**
 * Features as RunSound keeps them (the trackFeatures table): the runner's corrected BPM always
 * wins over the services', and a service's new answer never erases it.
 */
import type { RunSoundDb, StoredTrackFeatures } from '../db';
import type { SpotifyTrack } from '../spotify';
import type { TrackFeatures } from './types';

/** What a track's features are for RunSound: the runner's corrected BPM wins over the services'. */
export function effectiveFeatures(row: StoredTrackFeatures): TrackFeatures {
  return row.correctedTempo ? { ...row, tempo: row.correctedTempo, source: 'runner' } : row;
}

/** What RunSound knows of a track besides its sound, so the runner can recognise it. */
export interface TrackLabel {
  isrc?: string;
  name?: string;
  /** Its artists' names, comma-separated. */
  artists?: string;
}

/** Found features with what identifies each track (when `tracks` has it), for the runner to recognise it. */
export function labelled(found: ReadonlyMap<string, TrackFeatures>, tracks: ReadonlyMap<string, SpotifyTrack>): Map<string, TrackFeatures & TrackLabel> {
  return new Map(
    [...found].map(([id, features]) => {
      const track = tracks.get(id);
      return [id, track ? { ...features, ...(track.isrc ? { isrc: track.isrc } : {}), name: track.name, artists: track.artists.map((artist) => artist.name).join(', ') } : features];
    }),
  );
}

/**
 * Stores what the services found, over what was kept before (energy and valence a service gave
 * earlier stay when the new answer has only a tempo), keeping the runner's correction.
 */
export async function saveServiceFeatures(db: RunSoundDb, found: ReadonlyMap<string, TrackFeatures & TrackLabel>, now: number): Promise<void> {
  if (found.size === 0) return;
  const ids = [...found.keys()];
  const kept = await db.trackFeatures.bulkGet(ids);
  await db.trackFeatures.bulkPut(
    ids.map((id, index): StoredTrackFeatures => {
      const before = kept[index];
      const row: StoredTrackFeatures = { ...before, ...found.get(id)!, id, updatedAt: now };
      if (before?.correctedTempo !== undefined) row.correctedTempo = before.correctedTempo;
      return row;
    }),
  );
}
