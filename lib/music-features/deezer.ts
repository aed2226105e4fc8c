/**
 * Deezer's public API as a fallback for tempo: `GET https://api.deezer.com/track/isrc:<ISRC>`
 * gives `bpm` (0 when Deezer does not know it), no energy or valence. Deezer answers errors
 * with HTTP 200 and `{"error": {"type", "message", "code"}}`: code 4 is its quota (50 requests
 * per 5 s), 700 a busy service, 800 "no data".
 */
import { z } from '../zod';
import { firstIssue, readJsonLoosely, realSleep, REQUEST_TIMEOUT_MS, retryAfterMs } from '../spotify/http';
import { normaliseTitle, plainText, titleWithoutVersion } from './title';
import { FeatureServiceDown, type FeatureClientOptions, type TrackFeatures } from './types';

export const DEEZER_API_URL = 'https://api.deezer.com';
const ENDPOINT = `GET ${DEEZER_API_URL}/track/isrc:<ISRC>`;

const SEARCH_ENDPOINT = `GET ${DEEZER_API_URL}/search`;
const TRACK_ENDPOINT = `GET ${DEEZER_API_URL}/track/<id>`;

const QUOTA_EXCEEDED = 4;
const SERVICE_BUSY = 700;
/** Deezer's quota window. */
const THROTTLE_WAIT_MS = 5_000;
const MAX_THROTTLE_RETRIES = 2;
/** The longest RunSound waits for Deezer in one request; beyond it Deezer is left for later. */
export const DEEZER_MAX_WAIT_MS = 30_000;

const ISRC = /^[A-Z]{2}[A-Z0-9]{3}\d{7}$/;

/** Music has 20 to 300 beats a minute: outside (5e-324, 1e300), Deezer's figure is no tempo. */
const isTempo = (bpm: number | null | undefined): bpm is number => typeof bpm === 'number' && bpm >= 20 && bpm <= 300;

const deezerErrorSchema = z.object({ error: z.object({ code: z.number(), type: z.string().optional(), message: z.string().optional() }) });
const trackSchema = z.object({ id: z.number(), bpm: z.number().nullable().optional() });

/**
 * One Deezer GET, read as JSON of `schema`: waits out its throttling (HTTP 429, or HTTP 200 with
 * error code 4 or 700) up to DEEZER_MAX_WAIT_MS in all; beyond, or when Deezer is down, throws
 * FeatureServiceDown (with when to try again). Undefined when Deezer has no such data.
 */
async function deezerGet<T>(url: string, endpoint: string, schema: z.ZodType<T>, options: FeatureClientOptions): Promise<T | undefined> {
  const { fetch: fetchFn, sleep = realSleep, now = Date.now, counter } = options;
  let waitedMs = 0;
  for (let throttled = 0; ; throttled++) {
    counter?.count('deezer');
    let response: Response;
    try {
      response = await fetchFn(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch {
      throw new FeatureServiceDown('Deezer', endpoint, 'no answer');
    }
    let wait: number | undefined;
    if (response.status === 429) wait = retryAfterMs(response, now()) ?? THROTTLE_WAIT_MS;
    else if (response.status === 404) return undefined;
    else if (!response.ok) throw new FeatureServiceDown('Deezer', endpoint, `HTTP ${response.status}`);
    else {
      const { json } = await readJsonLoosely(response);
      const error = deezerErrorSchema.safeParse(json);
      if (!error.success) {
        const parsed = schema.safeParse(json);
        if (!parsed.success) throw new FeatureServiceDown('Deezer', endpoint, json === undefined ? 'not JSON' : `unknown shape, ${firstIssue(parsed.error)}`);
        return parsed.data;
      }
      // Throttling comes as HTTP 200 with error code 4; any other error (800: no data) means "not known".
      if (error.data.error.code !== QUOTA_EXCEEDED && error.data.error.code !== SERVICE_BUSY) return undefined;
      wait = THROTTLE_WAIT_MS;
    }
    if (throttled >= MAX_THROTTLE_RETRIES || waitedMs + wait > DEEZER_MAX_WAIT_MS) {
      throw new FeatureServiceDown('Deezer', endpoint, 'too many requests', new Map(), now() + Math.max(wait, THROTTLE_WAIT_MS));
    }
    waitedMs += wait;
    await sleep(wait);
  }
}

/**
 * The track's BPM by ISRC, or undefined when Deezer does not know the track or its tempo.
 * Throws FeatureServiceDown when Deezer is down or stays throttled.
 */
export async function fetchDeezerBpm(isrc: string, options: FeatureClientOptions): Promise<number | undefined> {
  const code = isrc.trim().toUpperCase();
  if (!ISRC.test(code)) return undefined;
  const track = await deezerGet(`${DEEZER_API_URL}/track/isrc:${code}`, ENDPOINT, trackSchema, options);
  return isTempo(track?.bpm) ? track.bpm : undefined;
}

const searchSchema = z.object({
  data: z.array(z.object({ id: z.number(), title: z.string(), artist: z.object({ name: z.string() }).optional() })),
});

/**
 * The BPM of a track Deezer finds by title and artist (`GET /search?q=artist:"A" track:"T"`, then
 * `GET /track/{id}`, since search results carry no `bpm`): for tracks without an ISRC Deezer knows.
 * The title is searched without Spotify's version notes ("feat. X", "- Remastered 2011"), and a
 * result counts only when its title and artist are the same song's. Two requests at most.
 */
export async function searchDeezerBpm(title: string, artists: readonly string[], options: FeatureClientOptions): Promise<number | undefined> {
  const wanted = normaliseTitle(title);
  const artist = artists[0];
  if (!wanted || !artist) return undefined;
  const quote = (text: string) => text.replace(/"/g, ' ').trim();
  const query = `artist:"${quote(artist)}" track:"${quote(titleWithoutVersion(title))}"`;
  const found = await deezerGet(`${DEEZER_API_URL}/search?q=${encodeURIComponent(query)}`, SEARCH_ENDPOINT, searchSchema, options);
  const names = new Set(artists.map(plainText));
  const match = found?.data.find((candidate) => normaliseTitle(candidate.title) === wanted && (!candidate.artist || names.has(plainText(candidate.artist.name))));
  if (!match) return undefined;
  const track = await deezerGet(`${DEEZER_API_URL}/track/${match.id}`, TRACK_ENDPOINT, trackSchema, options);
  return isTempo(track?.bpm) ? track.bpm : undefined;
}

/** Deezer's tempo as features, or undefined when it has none. */
export async function fetchDeezerFeatures(isrc: string, options: FeatureClientOptions): Promise<TrackFeatures | undefined> {
  const tempo = await fetchDeezerBpm(isrc, options);
  return tempo === undefined ? undefined : { tempo, source: 'deezer' };
}
