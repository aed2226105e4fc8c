/**
 * A small Spotify Web API client for what RunSound needs in Spotify's late-2026 world
 * (shared/API-NOTES.md §3): dev-mode apps, search pages of at most 10, `/me/playlists` and
 * `/playlists/{id}/items`. Every answer is validated; every failure becomes an error the runner
 * can act on, naming the endpoint. Pure: fetch, the token keeper, sleep and the clock are handed in.
 */
import { z } from '../zod';
import {
  QUOTA_BACKOFF_MS,
  SpotifyForbidden,
  SpotifyHttpError,
  SpotifyNotFound,
  SpotifyOffline,
  SpotifyQuotaExceeded,
  SpotifyRateLimited,
  SpotifyReconnectNeeded,
  SpotifyShapeChanged,
  type ForbiddenReason,
} from './errors';
import { firstIssue, readJsonLoosely, realSleep, REQUEST_TIMEOUT_MS, retryAfterMs, type Clock, type Fetch, type Sleep } from './http';
import { RequestCounter } from './request-counter';
import type { AccessTokenSource } from './tokens';

export const SPOTIFY_API_URL = 'https://api.spotify.com/v1';

/** 429s in a row RunSound waits out before giving up. */
export const MAX_THROTTLE_RETRIES = 3;
/** The longest RunSound waits for Spotify's rate limit in one request, while the runner watches. */
export const MAX_THROTTLE_WAIT_MS = 60_000;
/** When a 429 has no Retry-After: 2 s, then 4 s, 8 s. */
const DEFAULT_THROTTLE_MS = 2_000;
/** A GET that answered 5xx is tried once more after this pause (never a POST: it might have been done). */
const SERVER_ERROR_RETRY_MS = 1_000;

export type Query = Record<string, string | number | boolean | undefined>;

export interface SpotifyApiOptions {
  fetch: Fetch;
  tokens: AccessTokenSource;
  sleep?: Sleep;
  now?: Clock;
  /** Shared with the feature services to keep one generation within its request budget. */
  counter?: RequestCounter;
}

export interface SpotifyApi {
  get<T>(path: string, schema: z.ZodType<T>, query?: Query): Promise<T>;
  post<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T>;
  /** A JSON body, or a string sent as-is with `contentType` (a base64 JPEG cover). */
  put<T>(path: string, body: unknown, schema: z.ZodType<T>, options?: { contentType?: string }): Promise<T>;
  /** Every request this client sent (retries included), and those of whoever shares the counter. */
  readonly counter: RequestCounter;
}

const errorBodySchema = z.object({
  error: z.object({ status: z.number().optional(), message: z.string().optional(), reason: z.string().optional() }),
});

/** Spotify's message and reason from an error answer: JSON `{error: {status, message, reason}}` or plain text. */
function describeError(text: string, json: unknown): { message: string; reason?: string } {
  const parsed = errorBodySchema.safeParse(json);
  if (parsed.success) return { message: parsed.data.error.message ?? '', reason: parsed.data.error.reason };
  return { message: text.trim().slice(0, 200) };
}

function forbiddenReason(message: string): ForbiddenReason {
  // Dev-mode apps answer users missing from the app's list in plain text, in one of these words.
  if (/not registered|not approved|may not be registered/i.test(message)) return 'not-on-user-list';
  if (/scope/i.test(message)) return 'missing-scope';
  return 'unavailable';
}

export function spotifyApi({ fetch: fetchFn, tokens, sleep = realSleep, now = Date.now, counter = new RequestCounter() }: SpotifyApiOptions): SpotifyApi {
  async function request<T>(method: 'GET' | 'POST' | 'PUT', path: string, schema: z.ZodType<T>, query?: Query, body?: unknown, contentType?: string): Promise<T> {
    const url = new URL(`${SPOTIFY_API_URL}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const endpoint = `${method} /v1${path}`;
    const headers: Record<string, string> = {};
    let payload: string | undefined;
    if (body !== undefined) {
      const raw = typeof body === 'string' && contentType !== undefined;
      headers['content-type'] = contentType ?? 'application/json';
      payload = raw ? body : JSON.stringify(body);
    }

    let refreshed = false;
    let throttled = 0;
    let waitedMs = 0;
    let serverErrors = 0;
    for (;;) {
      const token = await tokens.accessToken(counter);
      counter.count('spotify');
      let response: Response;
      try {
        response = await fetchFn(url.href, {
          method,
          headers: { ...headers, authorization: `Bearer ${token}` },
          body: payload,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        throw new SpotifyOffline(endpoint, error);
      }
      const { text, json } = await readJsonLoosely(response);

      if (response.ok) {
        if (text.trim() && json === undefined) throw new SpotifyShapeChanged(endpoint, 'not JSON');
        const parsed = schema.safeParse(json);
        if (!parsed.success) throw new SpotifyShapeChanged(endpoint, firstIssue(parsed.error));
        return parsed.data;
      }

      const { message, reason } = describeError(text, json);
      switch (response.status) {
        case 401:
          if (refreshed) throw new SpotifyReconnectNeeded('unauthorized', endpoint, message);
          refreshed = true;
          await tokens.refreshAfterRejection(token, counter);
          continue;
        case 403:
          throw new SpotifyForbidden(endpoint, forbiddenReason(message), message);
        case 404:
          throw new SpotifyNotFound(endpoint);
        case 429: {
          const asked = retryAfterMs(response, now());
          if (reason === 'QUOTA_EXCEEDED') {
            // Its Retry-After is often short or missing: asking again soon only spends more quota.
            const wait = Math.max(asked ?? 0, QUOTA_BACKOFF_MS);
            throw new SpotifyQuotaExceeded(endpoint, now() + wait, wait);
          }
          const wait = asked ?? DEFAULT_THROTTLE_MS * 2 ** throttled;
          if (throttled >= MAX_THROTTLE_RETRIES || waitedMs + wait > MAX_THROTTLE_WAIT_MS) {
            throw new SpotifyRateLimited(endpoint, now() + wait, wait);
          }
          throttled += 1;
          waitedMs += wait;
          await sleep(wait);
          continue;
        }
        default:
          if (response.status >= 500 && method === 'GET' && serverErrors === 0) {
            serverErrors += 1;
            await sleep(SERVER_ERROR_RETRY_MS);
            continue;
          }
          throw new SpotifyHttpError(endpoint, response.status, message);
      }
    }
  }

  return {
    get: (path, schema, query) => request('GET', path, schema, query),
    post: (path, body, schema) => request('POST', path, schema, undefined, body),
    put: (path, body, schema, options) => request('PUT', path, schema, undefined, body, options?.contentType),
    counter,
  };
}

// --- Shapes, as Spotify's Web API reference gives them after the February 2026 changes
// (no `popularity`, no `available_markets`; `external_ids.isrc`, `explicit`, `duration_ms` kept).

export interface SpotifyArtistRef {
  id: string;
  name: string;
}

/** A track as RunSound keeps it. */
export interface SpotifyTrack {
  id: string;
  uri: string;
  name: string;
  artists: SpotifyArtistRef[];
  durationMs: number;
  explicit: boolean;
  isrc?: string;
}

const trackSchema = z.object({
  // Local files in a library have no id: they cannot be added to a playlist or looked up.
  id: z.string().nullable(),
  uri: z.string(),
  name: z.string(),
  type: z.string().optional(),
  is_local: z.boolean().optional(),
  artists: z.array(z.object({ id: z.string().nullable().optional(), name: z.string() })),
  duration_ms: z.number().nonnegative(),
  explicit: z.boolean(),
  external_ids: z.object({ isrc: z.string().optional() }).optional(),
});
type RawTrack = z.infer<typeof trackSchema>;

/** RunSound's track from Spotify's, or undefined for a local file or a podcast episode. */
export function toTrack(raw: RawTrack): SpotifyTrack | undefined {
  if (!raw.id || raw.is_local || (raw.type !== undefined && raw.type !== 'track')) return undefined;
  const track: SpotifyTrack = {
    id: raw.id,
    uri: raw.uri,
    name: raw.name,
    artists: raw.artists.map((artist) => ({ id: artist.id ?? '', name: artist.name })),
    durationMs: raw.duration_ms,
    explicit: raw.explicit,
  };
  const isrc = raw.external_ids?.isrc?.trim().toUpperCase();
  if (isrc) track.isrc = isrc;
  return track;
}

/**
 * The items of a page, each checked on its own: one odd item (an episode, a local file in an older
 * shape) is left out rather than failing the page; a page of which no item has the shape RunSound
 * knows still fails, naming the endpoint, since then Spotify changed what RunSound needs.
 */
function itemsOf<Item extends z.ZodType>(item: Item) {
  return z.array(z.unknown()).transform((raws, ctx) => {
    const kept: z.infer<Item>[] = [];
    let firstProblem: string | undefined;
    for (const raw of raws) {
      const parsed = item.safeParse(raw);
      if (parsed.success) kept.push(parsed.data);
      else firstProblem ??= firstIssue(parsed.error);
    }
    if (raws.length > 0 && kept.length === 0 && firstProblem) {
      ctx.addIssue({ code: 'custom', message: `no item of a known shape (${firstProblem})` });
      return z.NEVER;
    }
    return kept;
  });
}

/** Far beyond any list of Spotify's (a library of saved tracks holds at most 10,000). */
const LONGEST_LIST = 100_000_000;

/**
 * A page of a list. RunSound needs its items and `next` (whether there is more): a change to those
 * stops it, naming the endpoint. `total`, `offset` and `limit` it can do without (it knows what it
 * asked for), but when they are there they must make sense.
 */
function pagingSchema<Item extends z.ZodType>(item: Item) {
  // Counts and positions: a negative total, a limit of 0 (a next page that never moves on) or a
  // position no list of Spotify's reaches (its lists hold thousands, not 2⁵³) is garbage.
  const count = z.number().int().nonnegative().max(LONGEST_LIST);
  return z.object({ items: itemsOf(item), total: count.optional(), offset: count.optional(), limit: count.positive().optional(), next: z.string().nullable() });
}

/** One page of a list, and the offset of the next page (undefined on the last one). */
export interface SpotifyPage<T> {
  items: T[];
  total: number;
  offset: number;
  nextOffset: number | undefined;
}

/** `asked`: the offset and limit RunSound asked for, for an answer that leaves them out. */
function page<T>(raw: { total?: number; offset?: number; limit?: number; next: string | null }, items: T[], asked: { offset: number; limit: number }): SpotifyPage<T> {
  const offset = raw.offset ?? asked.offset;
  let nextOffset: number | undefined;
  if (raw.next !== null) {
    let fromNext = Number.NaN;
    try {
      fromNext = Number(new URL(raw.next).searchParams.get('offset') ?? Number.NaN);
    } catch {
      // An unreadable `next`: the page after this one starts `limit` further on.
    }
    nextOffset = Number.isFinite(fromNext) && fromNext > offset ? fromNext : offset + (raw.limit ?? asked.limit);
  }
  // Without a total: what this page shows of the list (one more when there are more).
  return { items, total: raw.total ?? offset + items.length + (nextOffset === undefined ? 0 : 1), offset, nextOffset };
}

const tracksOf = (raws: (RawTrack | null)[]): SpotifyTrack[] => raws.flatMap((raw) => (raw ? (toTrack(raw) ?? []) : []));

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.floor(value)));

/** The largest page of top and saved tracks and artists. */
export const LIBRARY_PAGE_LIMIT = 50;
/** The largest search page for dev-mode apps since February 2026: more answers 400 "Invalid limit". */
export const SEARCH_PAGE_LIMIT = 10;
/** Spotify's search offers no results past this offset. */
export const SEARCH_MAX_OFFSET = 1000;
/** URIs per `POST /playlists/{id}/items`. */
export const PLAYLIST_ITEMS_PER_REQUEST = 100;

export type TimeRange = 'short_term' | 'medium_term' | 'long_term';

export interface PageRequest {
  limit?: number;
  offset?: number;
}

// --- The runner

export interface SpotifyUser {
  id: string;
  /** The name to show; the id when the account has none. */
  displayName: string;
}

// `country`, `email`, `product` and `explicit_content` are gone for dev-mode apps since February 2026.
const userSchema = z.object({ id: z.string(), display_name: z.string().nullable().optional() });

/** `GET /me`: who connected. */
export async function fetchMe(api: SpotifyApi): Promise<SpotifyUser> {
  const user = await api.get('/me', userSchema);
  return { id: user.id, displayName: user.display_name || user.id };
}

// --- The track pool

const trackPageSchema = pagingSchema(trackSchema.nullable());

/** `GET /me/top/tracks`: the runner's most played tracks (`user-top-read`), up to 50 a page. */
export async function fetchTopTracks(api: SpotifyApi, { timeRange = 'medium_term', limit = LIBRARY_PAGE_LIMIT, offset = 0 }: PageRequest & { timeRange?: TimeRange } = {}): Promise<SpotifyPage<SpotifyTrack>> {
  const asked = { offset, limit: clamp(limit, 1, LIBRARY_PAGE_LIMIT) };
  const raw = await api.get('/me/top/tracks', trackPageSchema, { time_range: timeRange, ...asked });
  return page(raw, tracksOf(raw.items), asked);
}

const savedTrackPageSchema = pagingSchema(z.object({ added_at: z.string(), track: trackSchema.nullable() }));

/** A track in one of the runner's lists, with when it was added there (epoch ms; undefined when Spotify does not say). */
export interface AddedTrack {
  track: SpotifyTrack;
  addedAt: number | undefined;
}

function addedTracks(raws: { added_at?: string | null; track: RawTrack | null }[]): AddedTrack[] {
  return raws.flatMap((raw) => {
    const track = raw.track ? toTrack(raw.track) : undefined;
    if (!track) return [];
    const addedAt = raw.added_at ? Date.parse(raw.added_at) : Number.NaN;
    return [{ track, addedAt: Number.isNaN(addedAt) ? undefined : addedAt }];
  });
}

/** `GET /me/tracks`: the runner's saved tracks (`user-library-read`), newest first, up to 50 a page. */
export async function fetchSavedTracks(api: SpotifyApi, { limit = LIBRARY_PAGE_LIMIT, offset = 0 }: PageRequest = {}): Promise<SpotifyPage<AddedTrack>> {
  const asked = { offset, limit: clamp(limit, 1, LIBRARY_PAGE_LIMIT) };
  const raw = await api.get('/me/tracks', savedTrackPageSchema, asked);
  return page(raw, addedTracks(raw.items), asked);
}

/** One of the runner's playlists, as the library index needs it. */
export interface SpotifyPlaylistSummary {
  id: string;
  name: string;
  ownerId: string;
  collaborative: boolean;
  /** Changes whenever the playlist's items change: an unchanged one need not be read again. */
  snapshotId: string;
  itemCount: number;
}

// Playlists carry `items` since February 2026 (`tracks` before): both are read.
const playlistSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  owner: z.object({ id: z.string() }),
  collaborative: z.boolean().optional(),
  snapshot_id: z.string(),
  items: z.object({ total: z.number().int().nonnegative() }).nullable().optional(),
  tracks: z.object({ total: z.number().int().nonnegative() }).nullable().optional(),
});
const myPlaylistsPageSchema = pagingSchema(playlistSummarySchema.nullable());

/** `GET /me/playlists`: the playlists the runner owns or follows (`playlist-read-private`), up to 50 a page. */
export async function fetchMyPlaylists(api: SpotifyApi, { limit = LIBRARY_PAGE_LIMIT, offset = 0 }: PageRequest = {}): Promise<SpotifyPage<SpotifyPlaylistSummary>> {
  const asked = { offset, limit: clamp(limit, 1, LIBRARY_PAGE_LIMIT) };
  const raw = await api.get('/me/playlists', myPlaylistsPageSchema, asked);
  return page(
    raw,
    raw.items.flatMap((playlist) =>
      playlist
        ? [
            {
              id: playlist.id,
              name: playlist.name,
              ownerId: playlist.owner.id,
              collaborative: playlist.collaborative ?? false,
              snapshotId: playlist.snapshot_id,
              itemCount: playlist.items?.total ?? playlist.tracks?.total ?? 0,
            },
          ]
        : [],
    ),
    asked,
  );
}

// Items carry `item` since February 2026 (`track` before); episodes and local files are left out.
const playlistItemsPageSchema = pagingSchema(
  z.object({ added_at: z.string().nullable().optional(), item: trackSchema.nullable().optional(), track: trackSchema.nullable().optional() }).nullable(),
);

/** `GET /playlists/{id}/items`: one page of a playlist the runner owns or collaborates on, up to 50. */
export async function fetchPlaylistItems(api: SpotifyApi, playlistId: string, { limit = LIBRARY_PAGE_LIMIT, offset = 0 }: PageRequest = {}): Promise<SpotifyPage<AddedTrack>> {
  const asked = { offset, limit: clamp(limit, 1, LIBRARY_PAGE_LIMIT) };
  const raw = await api.get(`/playlists/${encodeURIComponent(playlistId)}/items`, playlistItemsPageSchema, asked);
  return page(raw, addedTracks(raw.items.flatMap((entry) => (entry ? [{ added_at: entry.added_at, track: entry.item ?? entry.track ?? null }] : []))), asked);
}

export interface SpotifyArtist {
  id: string;
  name: string;
  /** Often empty in 2026: Spotify leaves many artists without genres. */
  genres: string[];
}

const artistPageSchema = pagingSchema(z.object({ id: z.string(), name: z.string(), genres: z.array(z.string()).optional() }));

/** `GET /me/top/artists` (`user-top-read`), up to 50 a page. */
export async function fetchTopArtists(api: SpotifyApi, { timeRange = 'medium_term', limit = LIBRARY_PAGE_LIMIT, offset = 0 }: PageRequest & { timeRange?: TimeRange } = {}): Promise<SpotifyPage<SpotifyArtist>> {
  const asked = { offset, limit: clamp(limit, 1, LIBRARY_PAGE_LIMIT) };
  const raw = await api.get('/me/top/artists', artistPageSchema, { time_range: timeRange, ...asked });
  return page(
    raw,
    raw.items.map((artist) => ({ id: artist.id, name: artist.name, genres: artist.genres ?? [] })),
    asked,
  );
}

const searchSchema = z.object({ tracks: trackPageSchema });

/**
 * `GET /search?type=track`: one page of at most 10 tracks (a larger limit answers 400), in the
 * runner's market. Past Spotify's last offset it answers an empty page without asking.
 */
export async function searchTracks(api: SpotifyApi, { query, limit = SEARCH_PAGE_LIMIT, offset = 0 }: PageRequest & { query: string }): Promise<SpotifyPage<SpotifyTrack>> {
  const pageLimit = clamp(limit, 1, SEARCH_PAGE_LIMIT);
  if (offset > SEARCH_MAX_OFFSET) return { items: [], total: 0, offset, nextOffset: undefined };
  const raw = await api.get('/search', searchSchema, { q: query, type: 'track', market: 'from_token', limit: pageLimit, offset });
  const result = page(raw.tracks, tracksOf(raw.tracks.items), { offset, limit: pageLimit });
  if (result.nextOffset !== undefined && result.nextOffset > SEARCH_MAX_OFFSET) result.nextOffset = undefined;
  return result;
}

/** Up to `count` tracks for one query, page after page of 10, stopping at the last page or after `maxPages`. */
export async function searchTracksPaged(api: SpotifyApi, { query, count, offset = 0, maxPages = Infinity }: { query: string; count: number; offset?: number; maxPages?: number }): Promise<SpotifyTrack[]> {
  const tracks: SpotifyTrack[] = [];
  let next: number | undefined = offset;
  for (let pages = 0; next !== undefined && tracks.length < count && pages < maxPages; pages++) {
    const result = await searchTracks(api, { query, offset: next, limit: Math.min(SEARCH_PAGE_LIMIT, count - tracks.length) });
    tracks.push(...result.items);
    next = result.items.length > 0 ? result.nextOffset : undefined;
  }
  return tracks.slice(0, count);
}

// --- The playlist

export interface CreatedPlaylist {
  id: string;
  uri: string;
  name: string;
  /** Opens the playlist in Spotify. */
  url: string;
}

const playlistSchema = z.object({ id: z.string(), uri: z.string(), name: z.string(), external_urls: z.object({ spotify: z.string() }) });

/**
 * `POST /me/playlists` (`POST /users/{id}/playlists` is gone since February 2026). Not retried
 * after a 5xx: the playlist may exist already, and a retry must never make a second one.
 */
export async function createPlaylist(api: SpotifyApi, { name, description, isPublic = false }: { name: string; description: string; isPublic?: boolean }): Promise<CreatedPlaylist> {
  const playlist = await api.post('/me/playlists', { name, description, public: isPublic }, playlistSchema);
  return { id: playlist.id, uri: playlist.uri, name: playlist.name, url: playlist.external_urls.spotify };
}

const snapshotSchema = z.object({ snapshot_id: z.string() });

/**
 * `POST /playlists/{id}/items` in batches of 100, in order; `/tracks` answers 403 since
 * February 2026. Returns the last snapshot id; `onBatch` hears how many are in after each batch.
 */
export async function addPlaylistItems(api: SpotifyApi, playlistId: string, uris: readonly string[], onBatch?: (added: number) => void): Promise<string | undefined> {
  let snapshot: string | undefined;
  for (let start = 0; start < uris.length; start += PLAYLIST_ITEMS_PER_REQUEST) {
    const batch = uris.slice(start, start + PLAYLIST_ITEMS_PER_REQUEST);
    snapshot = (await api.post(`/playlists/${encodeURIComponent(playlistId)}/items`, { uris: batch }, snapshotSchema)).snapshot_id;
    onBatch?.(start + batch.length);
  }
  return snapshot;
}

/** Spotify takes covers of at most 256 KB, as base64 JPEG. */
export const MAX_COVER_BASE64_LENGTH = Math.floor((256 * 1024 * 4) / 3);

/** `PUT /playlists/{id}/images` (`ugc-image-upload`): a base64 JPEG without the `data:` prefix. */
/**
 * Sets a playlist's items to exactly `uris`: the first 100 replace what it holds, the rest are
 * added. A retry that fills a playlist an earlier attempt may have half-filled uses this, so no
 * track is added twice.
 */
export async function replacePlaylistItems(api: SpotifyApi, playlistId: string, uris: readonly string[]): Promise<void> {
  const path = `/playlists/${encodeURIComponent(playlistId)}/items`;
  await api.put(path, { uris: uris.slice(0, PLAYLIST_ITEMS_PER_REQUEST) }, z.unknown());
  if (uris.length > PLAYLIST_ITEMS_PER_REQUEST) await addPlaylistItems(api, playlistId, uris.slice(PLAYLIST_ITEMS_PER_REQUEST));
}

const playlistPageSchema = z.object({
  items: itemsOf(playlistSchema.extend({ description: z.string().nullish() }).nullable()),
  total: z.number(),
  offset: z.number(),
});

/**
 * The playlist an attempt created, among the runner's 50 newest: named `name` and carrying the
 * attempt's `mark` in its description. How a retry finds a playlist whose creation reply was
 * lost, instead of creating a second; a playlist that only has the same name (last Monday's
 * for the same run) is never taken for it.
 */
export async function findOwnPlaylist(api: SpotifyApi, name: string, mark: string): Promise<CreatedPlaylist | undefined> {
  const page = await api.get('/me/playlists', playlistPageSchema, { limit: LIBRARY_PAGE_LIMIT });
  const found = page.items.find((playlist) => playlist?.name === name && (playlist.description ?? '').includes(mark));
  return found ? { id: found.id, uri: found.uri, name: found.name, url: found.external_urls.spotify } : undefined;
}

export async function uploadPlaylistCover(api: SpotifyApi, playlistId: string, base64Jpeg: string): Promise<void> {
  if (base64Jpeg.length > MAX_COVER_BASE64_LENGTH) throw new RangeError('A playlist cover must be a JPEG of at most 256 KB.');
  await api.put(`/playlists/${encodeURIComponent(playlistId)}/images`, base64Jpeg, z.unknown(), { contentType: 'image/jpeg' });
}

// --- What the runner played

export interface SpotifyPlay {
  track: SpotifyTrack;
  /** When the track was played (epoch ms). */
  playedAt: number;
  /** The playlist or album it was played from, when Spotify says. */
  contextUri?: string;
}

const recentlyPlayedSchema = z.object({
  items: z.array(
    z.object({
      // Tracks keep `track` here; `item` is read too, in case the playlist rename of February 2026 spreads.
      track: trackSchema.nullable().optional(),
      item: trackSchema.nullable().optional(),
      played_at: z.string(),
      context: z.object({ uri: z.string() }).nullable().optional(),
    }),
  ),
  next: z.string().nullable().optional(),
  cursors: z.object({ after: z.string().nullable().optional(), before: z.string().nullable().optional() }).nullable().optional(),
});

/** `GET /me/player/recently-played`: the last 50 plays, optionally only those after `after` (epoch ms). */
export async function fetchRecentlyPlayed(api: SpotifyApi, { after }: { after?: number } = {}): Promise<SpotifyPlay[]> {
  const raw = await api.get('/me/player/recently-played', recentlyPlayedSchema, { limit: LIBRARY_PAGE_LIMIT, after });
  return raw.items.flatMap((play) => {
    const source = play.track ?? play.item;
    const track = source ? toTrack(source) : undefined;
    const playedAt = Date.parse(play.played_at);
    if (!track || Number.isNaN(playedAt)) return [];
    return [play.context?.uri ? { track, playedAt, contextUri: play.context.uri } : { track, playedAt }];
  });
}
