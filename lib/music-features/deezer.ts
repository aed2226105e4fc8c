/**
 * Deezer's public API as a fallback for tempo: `GET https://api.deezer.com/track/isrc:<ISRC>`
 * gives `bpm` (0 when Deezer does not know it), no energy or valence. Deezer answers errors
 * with HTTP 200 and `{"error": {"type", "message", "code"}}`: code 4 is its quota (50 requests
 * per 5 s), 700 a busy service, 800 "no data".
 */
import { z } from '../zod';
import { firstIssue, readJsonLoosely, realSleep, REQUEST_TIMEOUT_MS, retryAfterMs } from '../spotify/http';
import { FeatureServiceDown, type FeatureClientOptions, type TrackFeatures } from './types';

export const DEEZER_API_URL = 'https://api.deezer.com';
const ENDPOINT = `GET ${DEEZER_API_URL}/track/isrc:<ISRC>`;

const QUOTA_EXCEEDED = 4;
const SERVICE_BUSY = 700;
/** Deezer's quota window. */
const THROTTLE_WAIT_MS = 5_000;
const MAX_THROTTLE_RETRIES = 2;

const ISRC = /^[A-Z]{2}[A-Z0-9]{3}\d{7}$/;

const answerSchema = z.union([
  z.object({ error: z.object({ code: z.number(), type: z.string().optional(), message: z.string().optional() }) }),
  z.object({ id: z.number(), bpm: z.number().nullable().optional() }),
]);

/**
 * The track's BPM by ISRC, or undefined when Deezer does not know the track or its tempo.
 * Throws FeatureServiceDown when Deezer is down or stays throttled.
 */
export async function fetchDeezerBpm(isrc: string, options: FeatureClientOptions): Promise<number | undefined> {
  const { fetch: fetchFn, sleep = realSleep, now = Date.now, counter } = options;
  const code = isrc.trim().toUpperCase();
  if (!ISRC.test(code)) return undefined;
  const url = `${DEEZER_API_URL}/track/isrc:${code}`;

  for (let throttled = 0; ; throttled++) {
    counter?.count('deezer');
    let response: Response;
    try {
      response = await fetchFn(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch {
      throw new FeatureServiceDown('Deezer', ENDPOINT, 'no answer');
    }
    let wait: number | undefined;
    if (response.status === 429) wait = retryAfterMs(response, now()) ?? THROTTLE_WAIT_MS;
    else if (response.status === 404) return undefined;
    else if (!response.ok) throw new FeatureServiceDown('Deezer', ENDPOINT, `HTTP ${response.status}`);
    else {
      const { json } = await readJsonLoosely(response);
      const parsed = answerSchema.safeParse(json);
      if (!parsed.success) throw new FeatureServiceDown('Deezer', ENDPOINT, json === undefined ? 'not JSON' : `unknown shape, ${firstIssue(parsed.error)}`);
      const answer = parsed.data;
      if (!('error' in answer)) return answer.bpm && answer.bpm > 0 ? answer.bpm : undefined;
      // Throttling comes as HTTP 200 with error code 4; any other error (800: no data) means "not known".
      if (answer.error.code !== QUOTA_EXCEEDED && answer.error.code !== SERVICE_BUSY) return undefined;
      wait = THROTTLE_WAIT_MS;
    }
    if (throttled >= MAX_THROTTLE_RETRIES) throw new FeatureServiceDown('Deezer', ENDPOINT, 'too many requests');
    await sleep(wait);
  }
}

/** Deezer's tempo as features, or undefined when it has none. */
export async function fetchDeezerFeatures(isrc: string, options: FeatureClientOptions): Promise<TrackFeatures | undefined> {
  const tempo = await fetchDeezerBpm(isrc, options);
  return tempo === undefined ? undefined : { tempo, source: 'deezer' };
}
