/**
 * Choosing tracks for the phases of a run. Pure and deterministic: the same pool, phases and
 * options always give the same playlist, whatever the order of the pool.
 *
 * How a track is chosen, one slot at a time in play order:
 * - Each candidate is judged against the phase its middle would play in.
 * - It fits when its BPM, twice it (a half-time track) or half it (a double-time track) is within
 *   ±3 % of that phase's target tempo (API-NOTES §4). Only when no candidate fits at ±3 % does the
 *   slot widen to ±5 %, then ±8 %; only when none fits even then are tracks of unknown tempo used.
 * - Among the candidates at the narrowest tolerance that has any, the nearest in energy and
 *   valence wins (`featureDistance`); then the smaller tempo offset; then the Spotify id.
 * - Never the same song twice (same id, same ISRC, or same normalised title by a shared artist,
 *   at most 2 tracks per artist, never two tracks in a row sharing an artist (every credited
 *   artist counts, features included).
 * - Explicit tracks are left out when the runner asks.
 *
 * Length: by default the planned time plus 3 to 8 minutes (a run rarely ends on the second, and the
 * music should not stop before the runner does); or exactly N tracks (30 by default).
 */
import { PHASE_LABELS, phaseIndexAt, type PhaseName, type RunPhase } from './shape';

/** A track RunSound may put in a playlist, with the features it knows of it. */
export interface PoolTrack {
  /** Spotify track id. */
  id: string;
  uri: string;
  name: string;
  artists: Array<{ id: string; name: string }>;
  durationMs: number;
  explicit: boolean;
  isrc?: string;
  /** BPM as the feature source measured it; 0 or missing when unknown. */
  tempo?: number;
  /** 0-1. */
  energy?: number;
  /** 0-1. */
  valence?: number;
  /** Where the features came from ("reccobeats", "deezer", "runner", ...). */
  featureSource?: string;
}

/** Tolerances tried in order, in per cent of the phase's target tempo. */
export const TOLERANCE_STEPS_PCT = [3, 5, 8] as const;
export type TolerancePct = (typeof TOLERANCE_STEPS_PCT)[number];
/** The track's BPM times this is the cadence it carries: 2 for half time, 0.5 for double time. */
export type TempoMultiple = 0.5 | 1 | 2;
const TEMPO_MULTIPLES: readonly TempoMultiple[] = [1, 2, 0.5];

/** The playlist runs this much longer than the planned time: at least 3, at most 8 minutes. */
export const EXTRA_MIN_SECONDS = 180;
export const EXTRA_MAX_SECONDS = 480;
export const DEFAULT_TRACK_COUNT = 30;
export const MAX_TRACKS_PER_ARTIST = 2;
/** The gap assumed for an unknown energy or valence: a middling miss, so known features win. */
export const UNKNOWN_FEATURE_GAP = 0.25;

export type PlaylistLength = { mode: 'duration' } | { mode: 'count'; trackCount: number };

export interface SelectOptions {
  /** Default: the planned time plus a few minutes. */
  length?: PlaylistLength;
  /** The runner asked for no explicit tracks. */
  excludeExplicit?: boolean;
}

export interface TempoFit {
  multiple: TempoMultiple;
  /** The track's BPM × multiple: the cadence it carries. */
  effectiveBpm: number;
  /** Signed: (effectiveBpm − target) / target, in per cent. */
  offPct: number;
  /** The narrowest tolerance it fits within. */
  tolerancePct: TolerancePct;
}

export interface SelectedTrack {
  track: PoolTrack;
  /** Index into the phases. */
  phaseIndex: number;
  phase: PhaseName;
  /** When it starts, from the start of the run. */
  startSeconds: number;
  /** How it fits its phase's tempo; undefined when its tempo is unknown. */
  fit: TempoFit | undefined;
}

export interface PhaseSummary {
  name: PhaseName;
  fromSeconds: number;
  toSeconds: number;
  trackCount: number;
  /** The widest tolerance a track of this phase needed (3 = not widened); undefined when it has no track of known tempo. */
  widenedToPct: TolerancePct | undefined;
  unknownTempo: number;
}

export interface SelectionSummary {
  length: PlaylistLength;
  trackCount: number;
  totalMs: number;
  plannedMs: number;
  /** Within ±3 %. */
  perfectFits: number;
  /** Tracks by the narrowest tolerance they fit within. */
  byTolerance: Record<TolerancePct, number>;
  /** Tracks of unknown tempo used because the pool was short. */
  unknownTempo: number;
  /** Tracks carrying the cadence at half time (multiple 2) or double time (multiple 0.5). */
  halfTime: number;
  doubleTime: number;
  /** Pool tracks left out because they are explicit and the runner asked. */
  explicitFiltered: number;
  /** Pool tracks left out because the same song is already in the playlist. */
  duplicatesSkipped: number;
  /** The playlist is shorter than asked: the pool ran out of tracks that fit. */
  short: boolean;
  phases: PhaseSummary[];
}

export interface PlaylistSelection {
  tracks: SelectedTrack[];
  phases: RunPhase[];
  summary: SelectionSummary;
}

/** The best way a BPM carries a target tempo, as itself, twice it or half it; undefined beyond ±8 %. */
export function tempoFit(bpm: number, targetTempoBpm: number): TempoFit | undefined {
  let multiple: TempoMultiple = 1;
  let offPct = Infinity;
  for (const candidate of TEMPO_MULTIPLES) {
    const candidateOffPct = ((bpm * candidate - targetTempoBpm) / targetTempoBpm) * 100;
    if (Math.abs(candidateOffPct) < Math.abs(offPct)) {
      multiple = candidate;
      offPct = candidateOffPct;
    }
  }
  // A hair of slack so that exactly ±3.0 % counts as within ±3 %.
  const tolerancePct = TOLERANCE_STEPS_PCT.find((step) => Math.abs(offPct) <= step + 1e-9);
  if (tolerancePct === undefined) return undefined;
  return { multiple, effectiveBpm: bpm * multiple, offPct, tolerancePct };
}

/**
 * How far a track's mood is from a phase's: the Euclidean distance of energy and valence (both
 * 0-1, weighed alike), an unknown value counting as a gap of 0.25.
 */
export function featureDistance(
  track: Pick<PoolTrack, 'energy' | 'valence'>,
  phase: Pick<RunPhase, 'targetEnergy' | 'targetValence'>,
): number {
  const energyGap = track.energy === undefined ? UNKNOWN_FEATURE_GAP : track.energy - phase.targetEnergy;
  const valenceGap = track.valence === undefined ? UNKNOWN_FEATURE_GAP : track.valence - phase.targetValence;
  return Math.hypot(energyGap, valenceGap);
}

function plain(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// Words that mark a version of a song rather than another song: "- Remastered 2011", "(Radio Edit)".
const VERSION_WORDS =
  /\b(?:remaster(?:ed)?|re-?recorded|version|edit|mix|remix|live|mono|stereo|deluxe|bonus|single|radio|anniversary|acoustic|demo|extended|from)\b/i;
const FEATURING = /^\s*(?:feat\.?|ft\.?|featuring|with)\s/i;

/**
 * A song's title without what marks a version: "Heroes - 2017 Remaster" and "Heroes (feat. X)"
 * both read "heroes". Case, accents and punctuation do not count.
 */
export function normaliseTitle(title: string): string {
  let text = title.replace(/\s*[([]([^)\]]*)[)\]]/g, (whole, inside: string) =>
    FEATURING.test(inside) || VERSION_WORDS.test(inside) ? ' ' : whole,
  );
  for (;;) {
    // The last " - " of the title: "Song - Live - 2011 Remaster" loses its notes one by one.
    const dash = /^(.*\S)\s+[-–—]\s+(.*)$/.exec(text);
    if (!dash || (!VERSION_WORDS.test(dash[2]!) && !FEATURING.test(dash[2]!))) break;
    text = dash[1]!;
  }
  return plain(text);
}

/** The keys under which a track counts as the same song as another. */
function songKeys(track: PoolTrack): string[] {
  const title = normaliseTitle(track.name);
  const keys = [`id:${track.id}`];
  if (track.isrc) keys.push(`isrc:${track.isrc.toUpperCase()}`);
  for (const artist of track.artists) keys.push(`song:${title}|${plain(artist.name)}`);
  return keys;
}

function artistKeys(track: PoolTrack): string[] {
  return [...new Set(track.artists.map((artist) => artist.id || `name:${plain(artist.name)}`))];
}

function hasKnownTempo(track: PoolTrack): track is PoolTrack & { tempo: number } {
  return track.tempo !== undefined && Number.isFinite(track.tempo) && track.tempo > 0;
}

interface Candidate {
  track: PoolTrack;
  /** Candidates with the same song are one song: A and B share an ISRC, B and C a title, so A is C. */
  song: number;
  artistKeys: string[];
}

/** Numbers the songs of the pool: tracks linked by any shared key, directly or through others, share a number. */
function songNumbers(tracks: readonly PoolTrack[]): number[] {
  const parent = tracks.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const firstWithKey = new Map<string, number>();
  tracks.forEach((track, i) => {
    for (const key of songKeys(track)) {
      const first = firstWithKey.get(key);
      if (first === undefined) firstWithKey.set(key, i);
      else parent[root(i)] = root(first);
    }
  });
  return tracks.map((_, i) => root(i));
}

interface Judged {
  candidate: Candidate;
  phaseIndex: number;
  fit: TempoFit | undefined;
  /** 0-2: the tolerance step; 3: unknown tempo. */
  rank: number;
  distance: number;
}

function better(a: Judged, b: Judged): boolean {
  if (a.rank !== b.rank) return a.rank < b.rank;
  if (a.distance !== b.distance) return a.distance < b.distance;
  const aOff = a.fit ? Math.abs(a.fit.offPct) : Infinity;
  const bOff = b.fit ? Math.abs(b.fit.offPct) : Infinity;
  if (aOff !== bOff) return aOff < bOff;
  return a.candidate.track.id < b.candidate.track.id;
}

/** Chooses the playlist's tracks for the phases of a run (see the file's comment for how). */
export function selectTracks(
  pool: readonly PoolTrack[],
  phases: readonly RunPhase[],
  options: SelectOptions = {},
): PlaylistSelection {
  const length = options.length ?? { mode: 'duration' };
  const plannedSeconds = phases.length > 0 ? phases[phases.length - 1]!.toSeconds : 0;
  const minMs = (plannedSeconds + EXTRA_MIN_SECONDS) * 1000;
  const maxMs = (plannedSeconds + EXTRA_MAX_SECONDS) * 1000;

  let explicitFiltered = 0;
  const playable: PoolTrack[] = [];
  for (const track of pool) {
    if (!Number.isFinite(track.durationMs) || track.durationMs <= 0) continue;
    if (options.excludeExplicit && track.explicit) {
      explicitFiltered++;
      continue;
    }
    playable.push(track);
  }
  const songs = songNumbers(playable);
  const candidates = playable.map((track, i): Candidate => ({ track, song: songs[i]!, artistKeys: artistKeys(track) }));

  const chosen: SelectedTrack[] = [];
  const usedSongs = new Set<number>();
  const perArtist = new Map<string, number>();
  let previousArtists: string[] = [];
  let elapsedMs = 0;
  const remaining = new Set(candidates);

  const wantsMore = (): boolean =>
    length.mode === 'count' ? chosen.length < length.trackCount : elapsedMs < minMs;

  while (phases.length > 0 && wantsMore()) {
    let best: Judged | undefined;
    for (const candidate of remaining) {
      const { track } = candidate;
      if (usedSongs.has(candidate.song)) continue;
      if (candidate.artistKeys.some((key) => (perArtist.get(key) ?? 0) >= MAX_TRACKS_PER_ARTIST)) continue;
      if (candidate.artistKeys.some((key) => previousArtists.includes(key))) continue;
      if (length.mode === 'duration' && elapsedMs + track.durationMs > maxMs) continue;

      const phaseIndex = phaseIndexAt(phases, (elapsedMs + track.durationMs / 2) / 1000);
      const phase = phases[phaseIndex]!;
      let fit: TempoFit | undefined;
      let rank: number;
      if (hasKnownTempo(track)) {
        fit = tempoFit(track.tempo, phase.targetTempoBpm);
        if (!fit) continue;
        rank = TOLERANCE_STEPS_PCT.indexOf(fit.tolerancePct);
      } else {
        rank = TOLERANCE_STEPS_PCT.length;
      }
      const judged: Judged = { candidate, phaseIndex, fit, rank, distance: featureDistance(track, phase) };
      if (!best || better(judged, best)) best = judged;
    }
    if (!best) break;

    const { candidate } = best;
    chosen.push({
      track: candidate.track,
      phaseIndex: best.phaseIndex,
      phase: phases[best.phaseIndex]!.name,
      startSeconds: elapsedMs / 1000,
      fit: best.fit,
    });
    remaining.delete(candidate);
    usedSongs.add(candidate.song);
    for (const key of candidate.artistKeys) perArtist.set(key, (perArtist.get(key) ?? 0) + 1);
    previousArtists = candidate.artistKeys;
    elapsedMs += candidate.track.durationMs;
  }

  const duplicatesSkipped = [...remaining].filter((candidate) => usedSongs.has(candidate.song)).length;

  return {
    tracks: chosen,
    phases: [...phases],
    summary: summarise(chosen, phases, {
      length,
      totalMs: elapsedMs,
      plannedMs: plannedSeconds * 1000,
      explicitFiltered,
      duplicatesSkipped,
      short: wantsMore(),
    }),
  };
}

function summarise(
  tracks: readonly SelectedTrack[],
  phases: readonly RunPhase[],
  facts: Pick<SelectionSummary, 'length' | 'totalMs' | 'plannedMs' | 'explicitFiltered' | 'duplicatesSkipped' | 'short'>,
): SelectionSummary {
  const byTolerance: Record<TolerancePct, number> = { 3: 0, 5: 0, 8: 0 };
  for (const { fit } of tracks) if (fit) byTolerance[fit.tolerancePct]++;
  const phaseSummaries = phases.map((phase, index): PhaseSummary => {
    const own = tracks.filter((track) => track.phaseIndex === index);
    const tolerances = own.flatMap((track) => (track.fit ? [track.fit.tolerancePct] : []));
    return {
      name: phase.name,
      fromSeconds: phase.fromSeconds,
      toSeconds: phase.toSeconds,
      trackCount: own.length,
      widenedToPct: tolerances.length > 0 ? (Math.max(...tolerances) as TolerancePct) : undefined,
      unknownTempo: own.filter((track) => !track.fit).length,
    };
  });
  return {
    ...facts,
    trackCount: tracks.length,
    perfectFits: byTolerance[3],
    byTolerance,
    unknownTempo: tracks.filter((track) => !track.fit).length,
    halfTime: tracks.filter((track) => track.fit?.multiple === 2).length,
    doubleTime: tracks.filter((track) => track.fit?.multiple === 0.5).length,
    phases: phaseSummaries,
  };
}

function minutes(ms: number): string {
  const total = Math.round(ms / 60_000);
  if (total < 60) return `${total} min`;
  const rest = total % 60;
  return rest === 0 ? `${total / 60} h` : `${Math.floor(total / 60)} h ${String(rest).padStart(2, '0')} min`;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** How long the playlist is against what was asked. */
function lengthInWords(summary: SelectionSummary): string {
  const total = minutes(summary.totalMs);
  const planned = minutes(summary.plannedMs);
  if (summary.length.mode === 'count') {
    return summary.short
      ? `Only ${summary.trackCount} of the ${summary.length.trackCount} tracks you asked for (${total}): not enough tracks fit.`
      : `${plural(summary.trackCount, 'track')}, ${total} of music for your planned ${planned}.`;
  }
  return summary.short
    ? `Only ${total} of music for your planned ${planned}: not enough tracks fit.`
    : `${total} of music for your planned ${planned}.`;
}

/**
 * The honest plain-language account of a selection, e.g. "24 of 27 tracks within ±3 % of their
 * target tempo; 2 within ±5 %; 1 of unknown tempo because your library was short."
 */
export function describeSelection(summary: SelectionSummary): string {
  const sentences: string[] = [];
  const n = summary.trackCount;
  if (n === 0) {
    sentences.push('No track in your library fits this run’s tempo, even within ±8 %.');
  } else {
    const parts = [`${summary.perfectFits} of ${plural(n, 'track')} within ±3 % of their target cadence`];
    if (summary.byTolerance[5] > 0) parts.push(`${summary.byTolerance[5]} within ±5 %`);
    if (summary.byTolerance[8] > 0) parts.push(`${summary.byTolerance[8]} within ±8 %`);
    if (summary.unknownTempo > 0) {
      parts.push(`${summary.unknownTempo} of unknown tempo because your library was short`);
    }
    sentences.push(`${parts.join('; ')}.`);
  }

  const widest = new Map<PhaseName, TolerancePct>();
  for (const phase of summary.phases) {
    if (phase.widenedToPct !== undefined && phase.widenedToPct > 3) {
      widest.set(phase.name, Math.max(widest.get(phase.name) ?? 3, phase.widenedToPct) as TolerancePct);
    }
  }
  if (widest.size > 0) {
    const where = ([5, 8] as const).flatMap((pct) => {
      const names = [...widest].filter(([, widened]) => widened === pct).map(([name]) => `the ${PHASE_LABELS[name]}`);
      return names.length > 0 ? [`±${pct} % in ${listInWords(names)}`] : [];
    });
    sentences.push(`Too few tracks fit at ±3 %, so the tolerance widened to ${listInWords(where)}.`);
  }

  const timeShifted = summary.halfTime + summary.doubleTime;
  if (timeShifted > 0) {
    const ways = [
      summary.halfTime > 0 ? `${summary.halfTime} at half time (a beat every other step)` : '',
      summary.doubleTime > 0 ? `${summary.doubleTime} at double time (two beats a step)` : '',
    ].filter(Boolean);
    sentences.push(`${listInWords(ways)} ${timeShifted === 1 ? 'carries' : 'carry'} your cadence.`);
  }

  if (n > 0) sentences.push(lengthInWords(summary));
  if (summary.explicitFiltered > 0) {
    sentences.push(`${plural(summary.explicitFiltered, 'explicit track')} left out, as you asked.`);
  }
  return sentences.join(' ');
}
