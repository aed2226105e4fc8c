/**
 * The runner's library as a pool to choose a playlist from: every indexed track with what is
 * known of its sound, the runner's own BPM winning over the services', and when they last saved
 * or played it (recent favourites count a little more).
 */
import type { RunSoundDb } from '../db';
import { effectiveFeatures } from '../music-features/stored';
import type { PoolTrack } from '../playlist/select';
import { linksFrom } from './pass';

export async function libraryPool(db: RunSoundDb): Promise<PoolTrack[]> {
  const tracks = await db.libraryTracks.toArray();
  const features = await db.trackFeatures.bulkGet(tracks.map((track) => track.id));
  const lovedAt = new Map<string, number>();
  for (const source of ['saved', 'played'] as const) {
    for (const link of await linksFrom(db, source).toArray()) lovedAt.set(link.trackId, Math.max(lovedAt.get(link.trackId) ?? 0, link.at));
  }
  return tracks.map(({ featureStage: _stage, firstSeenAt: _seen, ...track }, index) => {
    const row = features[index];
    const known = row ? effectiveFeatures(row) : undefined;
    const entry: PoolTrack = { ...track, tempo: known?.tempo, energy: known?.energy, valence: known?.valence, featureSource: known?.source };
    const loved = lovedAt.get(track.id);
    if (loved !== undefined) entry.lovedAt = loved;
    return entry;
  });
}
