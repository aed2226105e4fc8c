/**
 * ReccoBeats (https://api.reccobeats.com/v1, free, no key): tempo, energy and valence by Spotify
 * track id, now that Spotify gives new apps no audio features. Unknown ids are silently missing
 * from its answer, and its own ids differ from Spotify's: results are mapped back by `href`
 * (https://open.spotify.com/track/<spotify id>). One operator, no published limits: expect
 * outages and 429s, and let the caller fall back.
 */
import { z } from '../zod';
import { firstIssue, readJsonLoosely, realSleep, REQUEST_TIMEOUT_MS, retryAfterMs } from '../spotify/http';
import { FeatureServiceDown, type FeatureClientOptions, type TrackFeatures } from './types';

export const RECCOBEATS_AUDIO_FEATURES_URL = 'https://api.reccobeats.com/v1/audio-features';
const ENDPOINT = `GET ${RECCOBEATS_AUDIO_FEATURES_URL}`;

/** Ids per request, as ReccoBeats takes them. */
export const RECCOBEATS_BATCH_SIZE = 40;
const MAX_THROTTLE_RETRIES = 2;
const MAX_THROTTLE_WAIT_MS = 30_000;
const DEFAULT_THROTTLE_MS = 5_000;

const SPOTIFY_ID = /^[0-9A-Za-z]{22}$/;
const SPOTIFY_TRACK_HREF = /^https:\/\/open\.spotify\.com\/track\/([0-9A-Za-z]{22})(?:[/?#]|$)/;

const optionalNumber = z.number().nullable().optional();
const featuresSchema = z.object({
  content: z.array(
    z.object({
      id: z.string(),
      href: z.string(),
      tempo: optionalNumber,
      energy: optionalNumber,
      valence: optionalNumber,
    }),
  ),
});

/** The Spotify id in a ReccoBeats `href`, or undefined. */
export function spotifyIdFromHref(href: string): string | undefined {
  return SPOTIFY_TRACK_HREF.exec(href)?.[1];
}

const unit = (value: number | null | undefined) => (typeof value === 'number' && value >= 0 && value <= 1 ? value : undefined);

/**
 * Features for the Spotify ids ReccoBeats knows, by Spotify id, in batches of 40. Ids it does not
 * know are absent from the result. Throws FeatureServiceDown (with what was found so far) when
 * ReccoBeats is down, keeps answering 429, or answers in an unknown shape.
 */
export async function fetchReccoBeatsFeatures(spotifyIds: readonly string[], options: FeatureClientOptions): Promise<Map<string, TrackFeatures>> {
  const { fetch: fetchFn, sleep = realSleep, now = Date.now, counter } = options;
  const ids = [...new Set(spotifyIds)].filter((id) => SPOTIFY_ID.test(id));
  const found = new Map<string, TrackFeatures>();

  for (let start = 0; start < ids.length; start += RECCOBEATS_BATCH_SIZE) {
    const batch = ids.slice(start, start + RECCOBEATS_BATCH_SIZE);
    const asked = new Set(batch);
    const url = `${RECCOBEATS_AUDIO_FEATURES_URL}?ids=${batch.join(',')}`;
    const down = (detail: string, retryAt?: number) => new FeatureServiceDown('ReccoBeats', ENDPOINT, detail, found, retryAt);

    let throttled = 0;
    let waitedMs = 0;
    for (;;) {
      counter?.count('reccobeats');
      let response: Response;
      try {
        response = await fetchFn(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      } catch {
        throw down('no answer');
      }
      if (response.status === 429) {
        const wait = retryAfterMs(response, now()) ?? DEFAULT_THROTTLE_MS;
        if (throttled >= MAX_THROTTLE_RETRIES || waitedMs + wait > MAX_THROTTLE_WAIT_MS) throw down('too many requests', now() + wait);
        throttled += 1;
        waitedMs += wait;
        await sleep(wait);
        continue;
      }
      // None of the ids known: nothing to add.
      if (response.status === 404) break;
      if (!response.ok) throw down(`HTTP ${response.status}`);
      const { json } = await readJsonLoosely(response);
      const parsed = featuresSchema.safeParse(json);
      if (!parsed.success) throw down(json === undefined ? 'not JSON' : `unknown shape, ${firstIssue(parsed.error)}`);
      for (const entry of parsed.data.content) {
        const spotifyId = spotifyIdFromHref(entry.href);
        if (!spotifyId || !asked.has(spotifyId)) continue;
        const features: TrackFeatures = { source: 'reccobeats' };
        // Music has 20 to 300 beats a minute: outside, ReccoBeats' figure is no tempo.
        if (typeof entry.tempo === 'number' && entry.tempo >= 20 && entry.tempo <= 300) features.tempo = entry.tempo;
        const energy = unit(entry.energy);
        if (energy !== undefined) features.energy = energy;
        const valence = unit(entry.valence);
        if (valence !== undefined) features.valence = valence;
        found.set(spotifyId, features);
      }
      break;
    }
  }
  return found;
}
