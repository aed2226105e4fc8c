/**
 * From a planned run's music profile to a playlist in the runner's Spotify account:
 * candidates from their own library (top and saved tracks, searches by their top artists and
 * genres: Spotify gives new apps no recommendations), tempo, energy and valence from ReccoBeats
 * and Deezer (cached), tracks chosen for each phase of the run, then one private playlist.
 * Everything outside is handed in, so tests run it against fakes of the services.
 */
import type { TrackFeatures } from '../music-features';
import { lookUpTrackFeatures } from '../music-features';
import type { MusicProfile } from '../model/profile';
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
import { playlistDescription, playlistName } from './name';
import { describeSelection, selectTracks, type PlaylistLength, type PoolTrack, type SelectionSummary } from './select';
import { runPhases } from './shape';

/** How many of the runner's top artists, and of their genres, are searched for more candidates. */
const ARTIST_SEARCHES = 3;
const GENRE_SEARCHES = 2;
/** Deezer is asked one track at a time: only a few, to stay within the request budget. */
const DEEZER_LOOKUPS = 4;

export interface GenerateOptions {
  excludeExplicit: boolean;
  length: PlaylistLength;
  /** Genres the runner chose in the settings; searched first, before their top artists' genres. */
  preferredGenres?: readonly string[];
}

export interface GenerateDeps {
  api: SpotifyApi;
  /** For ReccoBeats and Deezer. */
  fetch: typeof fetch;
  counter: RequestCounter;
  /** Features already known, by Spotify id (and the runner's own BPM corrections). */
  cachedFeatures: (ids: readonly string[]) => Promise<Map<string, TrackFeatures>>;
  saveFeatures: (features: ReadonlyMap<string, TrackFeatures & { isrc?: string; name?: string; artists?: string }>) => Promise<void>;
  /** A playlist an earlier attempt at this same generation already created: fill it, do not make another. */
  existing?: { id: string; url: string; name: string };
  /** An earlier attempt asked Spotify to create a playlist but never heard back: look for it first. */
  creationUnconfirmed?: boolean;
  /** Called just before Spotify is asked to create the playlist, so a retry knows to look for it. */
  creating?: () => Promise<void>;
  /** Called as soon as the playlist exists, before its tracks are added. */
  created: (playlist: { id: string; url: string; name: string }) => Promise<void>;
  onProgress?: (message: string) => void;
}

export interface GeneratedPlaylist {
  playlist: { id: string; url: string; name: string };
  trackUris: string[];
  summary: SelectionSummary;
  /** In plain words, honest about how well the tracks fit and what could not be had. */
  summaryText: string;
  warnings: string[];
  requests: Record<string, number>;
}

function unique(tracks: readonly SpotifyTrack[]): SpotifyTrack[] {
  const seen = new Set<string>();
  return tracks.filter((track) => !seen.has(track.id) && seen.add(track.id));
}

export async function generatePlaylist(plan: PlannedRun, profile: MusicProfile, units: Units, options: GenerateOptions, deps: GenerateDeps): Promise<GeneratedPlaylist> {
  const { api } = deps;
  const warnings: string[] = [];

  deps.onProgress?.('Gathering tracks from your Spotify library…');
  const [top, saved, artists] = [await fetchTopTracks(api), await fetchSavedTracks(api), await fetchTopArtists(api, { limit: 10 })];
  const searches: SpotifyTrack[] = [];
  for (const artist of artists.items.slice(0, ARTIST_SEARCHES)) {
    searches.push(...(await searchTracks(api, { query: `artist:"${artist.name}"` })).items);
  }
  const genres = [...new Set([...(options.preferredGenres ?? []), ...artists.items.flatMap((artist) => artist.genres ?? [])])].slice(0, GENRE_SEARCHES);
  for (const genre of genres) searches.push(...(await searchTracks(api, { query: `genre:"${genre}"` })).items);
  const candidates = unique([...top.items, ...saved.items.map((entry) => entry.track), ...searches]);

  deps.onProgress?.(`Finding the tempo of ${candidates.length} tracks…`);
  const known = await deps.cachedFeatures(candidates.map((track) => track.id));
  const missing = candidates.filter((track) => !known.has(track.id));
  if (missing.length) {
    const lookup = await lookUpTrackFeatures(missing, { fetch: deps.fetch, counter: deps.counter, maxDeezerLookups: DEEZER_LOOKUPS });
    for (const down of lookup.servicesDown) warnings.push(`${down.message} RunSound used what it already knew.`);
    const found = new Map<string, TrackFeatures & { isrc?: string; name?: string; artists?: string }>();
    for (const track of missing) {
      const features = lookup.features.get(track.id);
      if (features) {
        known.set(track.id, features);
        found.set(track.id, { ...features, isrc: track.isrc, name: track.name, artists: track.artists.map((artist) => artist.name).join(', ') });
      }
    }
    await deps.saveFeatures(found);
  }
  const pool: PoolTrack[] = candidates.map((track) => {
    const features = known.get(track.id);
    return { ...track, tempo: features?.tempo, energy: features?.energy, valence: features?.valence, featureSource: features?.source };
  });

  const phases = runPhases(profile, plan);
  const selection = selectTracks(pool, phases, { length: options.length, excludeExplicit: options.excludeExplicit });
  if (selection.tracks.length === 0) {
    throw new Error('Your Spotify library gave RunSound no track it could use. Save or play more music on Spotify, then try again.');
  }

  const name = playlistName(plan, profile.tempo.value, units);
  let playlist = deps.existing ?? (deps.creationUnconfirmed ? await findOwnPlaylist(api, name) : undefined);
  const reused = playlist !== undefined;
  if (!playlist) {
    deps.onProgress?.('Creating the playlist in Spotify…');
    await deps.creating?.();
    playlist = await createPlaylist(api, { name, description: playlistDescription(profile, plan) });
  }
  await deps.created(playlist);
  const trackUris = selection.tracks.map((chosen) => chosen.track.uri);
  deps.onProgress?.(`Adding ${trackUris.length} tracks…`);
  // A playlist an earlier attempt made may already hold some tracks: set its items, do not append.
  if (reused) await replacePlaylistItems(api, playlist.id, trackUris);
  else await addPlaylistItems(api, playlist.id, trackUris);

  return {
    playlist,
    trackUris,
    summary: selection.summary,
    summaryText: describeSelection(selection.summary),
    warnings,
    requests: deps.counter.byService(),
  };
}
