/**
 * Tempo, energy and valence per track from the services that still give them in 2026:
 * ReccoBeats first (batched), then Deezer's BPM by ISRC for tracks still without a tempo.
 * A service that is down is skipped and reported; the caller caches what was found (with its
 * source) and uses tracks of unknown tempo only when the pool is short.
 */
import { fetchDeezerBpm } from './deezer';
import { fetchReccoBeatsFeatures } from './reccobeats';
import { FeatureServiceDown, type FeatureClientOptions, type TrackFeatures } from './types';

export * from './deezer';
export * from './reccobeats';
export * from './title';
export * from './types';

export interface FeatureLookup {
  /** By Spotify track id; tracks neither service knows are absent. */
  features: Map<string, TrackFeatures>;
  /** The services that failed, to tell the runner what RunSound fell back from. */
  servicesDown: FeatureServiceDown[];
}

/** Deezer takes one request per track: by default at most this many in one lookup. */
export const DEFAULT_MAX_DEEZER_LOOKUPS = 10;

export async function lookUpTrackFeatures(
  tracks: readonly { id: string; isrc?: string }[],
  options: FeatureClientOptions & { maxDeezerLookups?: number },
): Promise<FeatureLookup> {
  const servicesDown: FeatureServiceDown[] = [];
  let features: Map<string, TrackFeatures>;
  try {
    features = await fetchReccoBeatsFeatures(
      tracks.map((track) => track.id),
      options,
    );
  } catch (error) {
    if (!(error instanceof FeatureServiceDown)) throw error;
    servicesDown.push(error);
    features = new Map(error.partial);
  }

  const withoutTempo = tracks.filter((track) => track.isrc && features.get(track.id)?.tempo === undefined);
  for (const track of withoutTempo.slice(0, options.maxDeezerLookups ?? DEFAULT_MAX_DEEZER_LOOKUPS)) {
    let tempo: number | undefined;
    try {
      tempo = await fetchDeezerBpm(track.isrc!, options);
    } catch (error) {
      if (!(error instanceof FeatureServiceDown)) throw error;
      servicesDown.push(error);
      break;
    }
    // Deezer's tempo, with ReccoBeats' energy and valence when it had those without a tempo.
    if (tempo !== undefined) features.set(track.id, { ...features.get(track.id), tempo, source: 'deezer' });
  }
  return { features, servicesDown };
}
