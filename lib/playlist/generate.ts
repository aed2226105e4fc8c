/**
 * From a planned run's music profile to a playlist in the runner's Spotify account.
 *
 * The pool is the runner's whole library, known before they ask (the library index). Tracks are
 * chosen for every phase of the run together; only where a phase still lacks tracks on its beat
 * does RunSound search Spotify, aimed at that phase: artists of the runner's own library whose
 * music sits near the tempo it needs, then the genres they like. Before the library has been read
 * once, a sample of it stands in (top and saved tracks, searches by top artists and genres).
 * Everything outside is handed in, so tests run it against fakes of the services.
 */
import type { TrackFeatures } from '../music-features';
import { lookUpTrackFeatures } from '../music-features';
import { labelled, type TrackLabel } from '../music-features/stored';
import type { MusicProfile } from '../model/profile';
import type { GenerationStep } from './record';
import type { PlannedRun } from '../plan';
import {
  addPlaylistItems,
  createPlaylist,
  fetchSavedTracks,
  fetchTopArtists,
  fetchTopTracks,
  findOwnPlaylist,
  replacePlaylistItems,
  searchTracks,
  type RequestCounter,
  type SpotifyApi,
  type SpotifyTrack,
} from '../spotify';
import type { Units } from '../units';
import { playlistDescription, playlistName, SPOTIFY_DESCRIPTION_MAX, spotifyText } from './name';
import { playlistPicture, type PlaylistPicture } from './picture';
import { describeSelection, selectTracks, tempoFit, type PlaylistLength, type PlaylistSelection, type PoolTrack, type SelectionSummary } from './select';
import { runPhases, type RunPhase } from './shape';

/** Sampling, before the library is known: how many top artists, and genres, are searched. */
const ARTIST_SEARCHES = 3;
const GENRE_SEARCHES = 2;
/**
 * Searches aimed at the phases that lack tracks, once the library is known. With one ReccoBeats
 * batch, one Deezer lookup, creating and filling the playlist (and a token refresh), a playlist
 * stays within 10 requests.
 */
export const MAX_TARGETED_SEARCHES = 4;
/** Deezer is asked one track at a time: only a few, to stay within the request budget. */
const DEEZER_LOOKUPS_SAMPLING = 4;
const DEEZER_LOOKUPS_TARGETED = 1;

export interface GenerateOptions {
  excludeExplicit: boolean;
  length: PlaylistLength;
  /** Genres the runner chose in the settings; searched first, before their top artists' genres. */
  preferredGenres?: readonly string[];
}

type FeaturesToSave = ReadonlyMap<string, TrackFeatures & TrackLabel>;

export interface GenerateDeps {
  api: SpotifyApi;
  /** For ReccoBeats and Deezer. */
  fetch: typeof fetch;
  counter: RequestCounter;
  /**
   * The runner's indexed library with what is known of each track; `complete` once a pass of the
   * index has finished. Without it (or before), a sample of the library is read instead.
   */
  library?: { pool: readonly PoolTrack[]; complete: boolean; genresByArtist?: ReadonlyMap<string, readonly string[]> };
  /** Spotify ids of the runner's recent RunSound playlists: held back so playlists rotate. */
  heldBack?: ReadonlySet<string>;
  /** Of those, the last playlist for the same kind of run: back last, when any must come back. */
  heldBackFirmly?: ReadonlySet<string>;
  now?: () => number;
  /** Features already known, by Spotify id (and the runner's own BPM corrections). */
  cachedFeatures: (ids: readonly string[]) => Promise<Map<string, TrackFeatures>>;
  saveFeatures: (features: FeaturesToSave) => Promise<void>;
  /** A playlist an earlier attempt at this same generation already created: fill it, do not make another. */
  existing?: { id: string; url: string; name: string };
  /**
   * An earlier attempt asked Spotify to create a playlist but never heard back: the mark it put in
   * that playlist's description, to look for it first.
   */
  creationUnconfirmed?: string;
  /** Called with the new playlist's mark just before Spotify is asked to create it, so a retry knows what to look for. */
  creating?: (mark: string) => Promise<void>;
  /** Called as soon as the playlist exists, before its tracks are added. */
  created: (playlist: { id: string; url: string; name: string }) => Promise<void>;
  onProgress?: (message: string, step: GenerationStep) => void;
}

export interface GeneratedPlaylist {
  playlist: { id: string; url: string; name: string };
  trackUris: string[];
  summary: SelectionSummary;
  /** In plain words, honest about how well the tracks fit and what could not be had. */
  summaryText: string;
  warnings: string[];
  requests: Record<string, number>;
  /** Every request to Spotify and the feature services this playlist took. */
  requestCount: number;
  picture: PlaylistPicture;
}

/** Each track once, the first of its id kept. */
function unique<T extends { id: string }>(tracks: readonly T[]): T[] {
  const seen = new Set<string>();
  return tracks.filter((track) => !seen.has(track.id) && seen.add(track.id));
}

/** Features for new candidates: the cache first, then the services, within a lookup budget. */
async function withFeatures(candidates: readonly SpotifyTrack[], deps: GenerateDeps, maxDeezerLookups: number, warnings: string[]): Promise<PoolTrack[]> {
  const known = await deps.cachedFeatures(candidates.map((track) => track.id));
  const missing = candidates.filter((track) => !known.has(track.id));
  if (missing.length) {
    const lookup = await lookUpTrackFeatures(missing, { fetch: deps.fetch, counter: deps.counter, maxDeezerLookups });
    for (const down of lookup.servicesDown) warnings.push(down.message);
    for (const [id, features] of lookup.features) known.set(id, features);
    await deps.saveFeatures(labelled(lookup.features, new Map(missing.map((track) => [track.id, track]))));
  }
  return candidates.map((track) => {
    const features = known.get(track.id);
    return { ...track, tempo: features?.tempo, energy: features?.energy, valence: features?.valence, featureSource: features?.source };
  });
}

/** Before the library index has run: a sample of the library, as RunSound read it at first. */
async function sampleLibrary(options: GenerateOptions, deps: GenerateDeps, warnings: string[]): Promise<PoolTrack[]> {
  const { api } = deps;
  deps.onProgress?.('Gathering tracks from your Spotify library…', 'library');
  const [top, saved, artists] = [await fetchTopTracks(api), await fetchSavedTracks(api), await fetchTopArtists(api, { limit: 10 })];
  const searches: SpotifyTrack[] = [];
  for (const artist of artists.items.slice(0, ARTIST_SEARCHES)) {
    searches.push(...(await searchTracks(api, { query: `artist:"${artist.name}"` })).items);
  }
  const genres = [...new Set([...(options.preferredGenres ?? []), ...artists.items.flatMap((artist) => artist.genres ?? [])])].slice(0, GENRE_SEARCHES);
  for (const genre of genres) searches.push(...(await searchTracks(api, { query: `genre:"${genre}"` })).items);
  const candidates = unique([...top.items, ...saved.items.map((entry) => entry.track), ...searches]);
  deps.onProgress?.(`Finding the tempo of ${candidates.length} tracks…`, 'tempos');
  return withFeatures(candidates, deps, DEEZER_LOOKUPS_SAMPLING, warnings);
}

/**
 * What to search for the phases that lack tracks on their beat: the artists of the runner's own
 * library with the most tracks near each such phase's tempo (×1, ×2 or ×½ within ±8 %), then the
 * genres the runner likes, then the genres of those artists. At most `limit` queries, the phase
 * lacking most first.
 */
export function targetedQueries(
  pool: readonly PoolTrack[],
  phases: readonly RunPhase[],
  selection: PlaylistSelection,
  preferredGenres: readonly string[],
  limit: number,
  genresByArtist: ReadonlyMap<string, readonly string[]> = new Map(),
): string[] {
  const lacking = selection.summary.phases
    .map((summary, index) => ({ summary, phase: phases[index]! }))
    .filter(({ summary, phase }) => summary.lackingSeconds > 0 && phase.targetTempoBpm !== null)
    .sort((a, b) => b.summary.lackingSeconds - a.summary.lackingSeconds || a.phase.fromSeconds - b.phase.fromSeconds);
  const queries: string[] = [];
  const add = (query: string) => {
    if (queries.length < limit && !queries.includes(query)) queries.push(query);
  };
  const genresNearTempo = new Map<string, number>();
  for (const { phase } of lacking) {
    const target = phase.targetTempoBpm!;
    const nearTempo = new Map<string, number>();
    for (const track of pool) {
      if (!track.tempo || !tempoFit(track.tempo, target)) continue;
      for (const artist of track.artists) {
        nearTempo.set(artist.name, (nearTempo.get(artist.name) ?? 0) + 1);
        for (const genre of genresByArtist.get(artist.id) ?? []) genresNearTempo.set(genre, (genresNearTempo.get(genre) ?? 0) + 1);
      }
    }
    const artists = [...nearTempo].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
    // Each lacking phase gets its share of the searches; what is left goes to the genres.
    for (const name of artists.slice(0, Math.max(1, Math.floor(limit / lacking.length)))) add(`artist:"${name.replace(/"/g, ' ')}"`);
  }
  if (lacking.length > 0) {
    const libraryGenres = [...genresNearTempo].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([genre]) => genre);
    for (const genre of [...preferredGenres, ...libraryGenres]) add(`genre:"${genre.replace(/"/g, ' ')}"`);
  }
  return queries;
}

/** A short mark, unique to one attempt at creating a playlist: "RunSound 3f9a1c2e". */
function playlistMark(): string {
  return `RunSound ${globalThis.crypto.randomUUID().slice(0, 8)}`;
}

/** The description with the attempt's mark at its end, within Spotify's limit. */
function markedDescription(description: string, mark: string): string {
  const suffix = ` (${mark})`;
  return `${spotifyText(description, SPOTIFY_DESCRIPTION_MAX - suffix.length)}${suffix}`;
}

/** "Press play at 08:45: the race part starts with the gun at 09:00.", times as the locale writes them. */
export function pressPlayHint(plan: Pick<PlannedRun, 'start'>, preRaceMs: number, locale?: string): string | undefined {
  if (preRaceMs <= 0) return undefined;
  const [date, time] = plan.start.split('T') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  // The plan's wall clock, kept as UTC so that no time zone moves it.
  const gun = new Date(Date.UTC(y, m - 1, d, hh, mm));
  const play = new Date(gun.getTime() - Math.round(preRaceMs / 1000) * 1000);
  const clock = (at: Date) =>
    at.toLocaleTimeString(locale, { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', ...(at.getUTCSeconds() ? { second: '2-digit' } : {}) });
  return `Press play at ${clock(play)}: the race part starts with the gun at ${clock(gun)}.`;
}

export async function generatePlaylist(plan: PlannedRun, profile: MusicProfile, units: Units, options: GenerateOptions, deps: GenerateDeps): Promise<GeneratedPlaylist> {
  const { api } = deps;
  const warnings: string[] = [];
  const phases = runPhases(profile, plan);
  const selectOptions = { length: options.length, excludeExplicit: options.excludeExplicit, heldBack: deps.heldBack, heldBackFirmly: deps.heldBackFirmly, now: deps.now?.() };

  let pool: PoolTrack[];
  if (deps.library?.complete && deps.library.pool.length > 0) {
    deps.onProgress?.(`Choosing from the ${deps.library.pool.length.toLocaleString('en-GB')} tracks of your library…`, 'choosing');
    pool = [...deps.library.pool];
  } else {
    const sampled = await sampleLibrary(options, deps, warnings);
    pool = unique([...(deps.library?.pool ?? []), ...sampled]);
    if (deps.library && !deps.library.complete) warnings.push('RunSound is still reading your Spotify library: this playlist comes from part of it.');
  }
  let selection = selectTracks(pool, phases, selectOptions);

  // Searches only for what a phase still lacks, aimed at it.
  if (deps.library?.complete) {
    const queries = targetedQueries(pool, phases, selection, options.preferredGenres ?? [], MAX_TARGETED_SEARCHES, deps.library.genresByArtist);
    if (queries.length > 0) {
      deps.onProgress?.('Searching Spotify for music on the beat of the parts your library is short of…', 'choosing');
      const known = new Set(pool.map((track) => track.id));
      const found: SpotifyTrack[] = [];
      for (const query of queries) found.push(...(await searchTracks(api, { query })).items.filter((track) => !known.has(track.id)));
      const fresh = unique(found);
      if (fresh.length > 0) {
        pool = [...pool, ...(await withFeatures(fresh, deps, DEEZER_LOOKUPS_TARGETED, warnings))];
        selection = selectTracks(pool, phases, selectOptions);
      }
    }
  }
  if (selection.tracks.length === 0) {
    throw new Error('Your Spotify library gave RunSound no track it could use. Save or play more music on Spotify, then try again.');
  }

  const name = playlistName(plan, profile.tempo.value, units);
  let playlist = deps.existing ?? (deps.creationUnconfirmed ? await findOwnPlaylist(api, name, deps.creationUnconfirmed) : undefined);
  const reused = playlist !== undefined;
  if (!playlist) {
    deps.onProgress?.('Creating the playlist in Spotify…', 'saving');
    const mark = playlistMark();
    await deps.creating?.(mark);
    playlist = await createPlaylist(api, { name, description: markedDescription(playlistDescription(profile, plan), mark) });
  }
  await deps.created(playlist);
  const trackUris = selection.tracks.map((chosen) => chosen.track.uri);
  deps.onProgress?.(`Adding ${trackUris.length} tracks…`, 'saving');
  // A playlist an earlier attempt made may already hold some tracks: set its items, do not append.
  if (reused) await replacePlaylistItems(api, playlist.id, trackUris);
  else await addPlaylistItems(api, playlist.id, trackUris);

  const hint = pressPlayHint(plan, selection.summary.preRaceMs);
  return {
    playlist,
    trackUris,
    summary: selection.summary,
    summaryText: [describeSelection(selection.summary), hint].filter(Boolean).join(' '),
    warnings,
    requests: deps.counter.byService(),
    requestCount: deps.counter.total,
    picture: playlistPicture(selection, selection.summary.preRaceMs / 1000),
  };
}
