/**
 * Choosing tracks for the phases of a run. Pure and deterministic: the same pool, phases and
 * options always give the same playlist, whatever the order of the pool.
 *
 * When a track fits: its BPM, twice it (a half-time track) or half it (a double-time track) is
 * within ±3 % of the phase's target tempo (API-NOTES §4), or ±5 %, or ±8 % once a phase widens.
 * Phases before a race have no target: any tempo fits there.
 *
 * The tracks of every phase are chosen together, then laid out in play order:
 * 1. Phases with the same targets (the hard blocks of an interval session) are one group; each
 *    group needs the seconds of its phases (the last one also the few minutes past the end).
 * 2. Groups claim tracks step by step: every group first takes what fits it at ±3 %, then (only if
 *    still short) what fits at ±3 % among the runner's recent playlists' tracks (held back for
 *    rotation), then ±5 %, held back at ±5 %, ±8 %, ..., tracks of unknown tempo last. At each step
 *    the scarcest tempo is served first (the most seconds needed against the fewest that fit), and
 *    it takes tracks that another short group could use at ±3 % only after the others: tracks that
 *    fit several phases go where they are needed. So no phase widens while the pool still has
 *    tracks for it at ±3 %.
 * 3. Within a step, the nearest in energy and valence wins (`featureDistance`), a little nearer for
 *    a track the runner loved in the last 30 days; then the smaller tempo offset; then the Spotify
 *    id. The final kick of a race takes the highest-energy tracks of its tempo first.
 * 4. Before a race, the pre-race tracks are the set that lasts closest to 15 minutes (13-17),
 *    calmest first; the race's phases then start where they end.
 * 5. In play order, each slot takes the best claimed track of the phase playing (a track belongs
 *    to the phase its middle plays in), keeping the rules: never the same song twice (same id, same
 *    ISRC, or same normalised title by a shared artist), at most 2 tracks per artist, never two in a
 *    row sharing an artist (every credited artist counts, features included). When a phase's claims
 *    run out, it takes the best track left that nobody ahead has claimed.
 * Explicit tracks are left out when the runner asks.
 *
 * Length: by default the planned time plus 3 to 8 minutes (a run rarely ends on the second, and the
 * music should not stop before the runner does), after the pre-race music of a race; or exactly N
 * tracks (30 by default).
 */
import { normaliseTitle, plainText } from '../music-features/title';
import { isPreRace, PHASE_LABELS, phaseIndexAt, PRE_RACE_SECONDS, type PhaseName, type RunPhase } from './shape';

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
  /** When the runner last saved or played the track, epoch ms. */
  lovedAt?: number;
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
/** A track loved this recently counts a little nearer in mood: at most this much, fading over the days. */
export const RECENT_DAYS = 30;
export const RECENT_BONUS = 0.05;
/** The pre-race music lasts this long: closest to PRE_RACE_SECONDS (15 min). */
export const PRE_RACE_MIN_SECONDS = 780;
export const PRE_RACE_MAX_SECONDS = 1020;

export type PlaylistLength = { mode: 'duration' } | { mode: 'count'; trackCount: number };

export interface SelectOptions {
  /** Default: the planned time plus a few minutes. */
  length?: PlaylistLength;
  /** The runner asked for no explicit tracks. */
  excludeExplicit?: boolean;
  /**
   * Spotify ids of the tracks of the runner's last RunSound playlists: used only when a phase cannot
   * be filled at the same tolerance without them, so that playlists for the same run differ.
   */
  heldBack?: ReadonlySet<string>;
  /**
   * Among those, the tracks of the last playlist for the same kind of run: when held-back tracks
   * must come back, these come back last, so two playlists in a row for the same run differ most.
   */
  heldBackFirmly?: ReadonlySet<string>;
  /** Epoch ms, for how recently the runner loved a track (`PoolTrack.lovedAt`); without it, no recency. */
  now?: number;
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
  /** Where the phase plays in the playlist (a race's phases start where its pre-race music ends). */
  fromSeconds: number;
  toSeconds: number;
  /** Null where any tempo will do (before a race). */
  targetTempoBpm: number | null;
  targetEnergy: number;
  trackCount: number;
  /** The widest tolerance a track of this phase needed (3 = not widened); undefined when it has no track of known tempo. */
  widenedToPct: TolerancePct | undefined;
  unknownTempo: number;
  /**
   * Seconds of this phase played by tracks beyond ±3 % or of unknown tempo (whole tracks, of the
   * phase their middle plays in), or not filled at all (the last phase reaches 3 minutes past the
   * planned end): where more tracks would help.
   */
  lackingSeconds: number;
  /** Songs of the pool within ±3 % of the target; null where any tempo will do. */
  poolWithin3Pct: number | null;
  /** How many of those play in phases of another name. */
  poolWithin3PctUsedElsewhere: number;
}

export interface SelectionSummary {
  length: PlaylistLength;
  trackCount: number;
  /** The whole playlist, pre-race music included. */
  totalMs: number;
  /** The planned run (a race: distance × goal pace), without its pre-race music. */
  plannedMs: number;
  /** The music before a race's start (where the race starts in the playlist); 0 for other runs. */
  preRaceMs: number;
  /** Tracks before a race's start (any tempo). */
  preRaceTracks: number;
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
  /** Tracks of the runner's recent playlists used again because too few others fit. */
  heldBackUsed: number;
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
  return Math.sqrt(energyGap * energyGap + valenceGap * valenceGap);
}

/** The keys under which a track counts as the same song as another. */
function songKeys(track: PoolTrack): string[] {
  const title = normaliseTitle(track.name);
  const keys = [`id:${track.id}`];
  if (track.isrc) keys.push(`isrc:${track.isrc.toUpperCase()}`);
  for (const artist of track.artists) keys.push(`song:${title}|${plainText(artist.name)}`);
  return keys;
}

function artistKeys(track: PoolTrack): string[] {
  return [...new Set(track.artists.map((artist) => artist.id || `name:${plainText(artist.name)}`))];
}

function hasKnownTempo(track: PoolTrack): track is PoolTrack & { tempo: number } {
  return track.tempo !== undefined && Number.isFinite(track.tempo) && track.tempo > 0;
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

/** Claiming goes step by step: each tolerance (then unknown tempo), fresh tracks before held-back ones. */
const UNKNOWN_STEP = TOLERANCE_STEPS_PCT.length;
const TIER_COUNT = (UNKNOWN_STEP + 1) * 2;
/** A group claims a little more than its phases last: the layout loses some to the artist rules and boundaries. */
const CLAIM_MARGIN_SECONDS = 180;
const CLAIM_MARGIN_SHARE = 0.05;
/** The pre-race set is chosen among this many of the best pre-race claims (every subset is tried). */
const PRE_RACE_CHOICES = 10;
/** Pre-race totals this close count as equally close to 15 minutes; then the better tracks win. */
const PRE_RACE_CLOSE_SECONDS = 30;
const DAY_MS = 86_400_000;
/** Tracks are a few minutes long; in count mode the needs assume this when the pool gives no better guess. */
const TYPICAL_TRACK_SECONDS = 210;

interface Candidate {
  track: PoolTrack;
  /** Position in the pool sorted by id: the last tie-break. */
  order: number;
  /** Candidates with the same song are one song: A and B share an ISRC, B and C a title, so A is C. */
  song: number;
  artistKeys: string[];
  heldBack: boolean;
  /** Held back from the last playlist for the same kind of run: the last held-back tracks to return. */
  heldFirmly: boolean;
  recencyBonus: number;
  /** By tempo target (index into the run's distinct targets): how it fits; undefined beyond ±8 % or unknown. */
  fits: Array<TempoFit | undefined>;
  /** By tempo target: the tolerance step it fits at, UNKNOWN_STEP when its tempo is unknown, undefined when it does not fit. */
  steps: Array<number | undefined>;
  claimedBy: Group | undefined;
  used: boolean;
}

/** Phases with the same targets, whose tracks are chosen together. */
interface Group {
  phaseIndexes: number[];
  /** Its targets: those of its first phase. */
  target: RunPhase;
  /** Index into the run's distinct tempo targets; -1 where any tempo will do. */
  tempo: number;
  /** The final kick: the highest-energy tracks of its tempo. */
  kick: boolean;
  needSeconds: number;
  claimedSeconds: number;
  /** Its claims, best first once claiming is done. */
  reserve: Candidate[];
}

function stepFor(candidate: Candidate, group: Group): number | undefined {
  return group.tempo < 0 ? 0 : candidate.steps[group.tempo];
}

function tierFor(candidate: Candidate, group: Group): number | undefined {
  const step = stepFor(candidate, group);
  return step === undefined ? undefined : step * 2 + (candidate.heldBack ? 1 : 0);
}

function fitFor(candidate: Candidate, group: Group): TempoFit | undefined {
  return group.tempo < 0 ? undefined : candidate.fits[group.tempo];
}

/** Lower is better: the mood gap to the group's targets (for the final kick, the energy below 1), less a recency bonus. */
function moodScore(candidate: Candidate, group: Group): number {
  const { track } = candidate;
  if (group.kick) {
    const energy = track.energy ?? group.target.targetEnergy - UNKNOWN_FEATURE_GAP;
    return 1 - energy - candidate.recencyBonus;
  }
  return featureDistance(track, group.target) - candidate.recencyBonus;
}

function offsetFor(candidate: Candidate, group: Group): number {
  const fit = fitFor(candidate, group);
  return fit ? Math.abs(fit.offPct) : Infinity;
}

/** Compares keys of numbers, first difference wins. */
function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const difference = a[i]! - b[i]!;
    if (difference !== 0) return difference;
  }
  return 0;
}

function byTrack(a: PoolTrack, b: PoolTrack): number {
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  const keys = (track: PoolTrack) => [track.id, track.isrc ?? '', track.uri, track.name, String(track.durationMs)];
  const [ka, kb] = [keys(a), keys(b)];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
  return 0;
}

function recencyBonus(track: PoolTrack, now: number | undefined): number {
  if (now === undefined || track.lovedAt === undefined || !Number.isFinite(track.lovedAt)) return 0;
  const days = Math.max(0, now - track.lovedAt) / DAY_MS;
  return days >= RECENT_DAYS ? 0 : RECENT_BONUS * (1 - days / RECENT_DAYS);
}

function overlap(fromA: number, toA: number, fromB: number, toB: number): number {
  return Math.max(0, Math.min(toA, toB) - Math.max(fromA, fromB));
}

function sameTargets(a: RunPhase, b: RunPhase): boolean {
  return (
    isPreRace(a) === isPreRace(b) &&
    (a.name === 'final-kick') === (b.name === 'final-kick') &&
    a.targetTempoBpm === b.targetTempoBpm &&
    a.targetEnergy === b.targetEnergy &&
    a.targetValence === b.targetValence
  );
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The tracks claimed by a group: its need, served scarcest tempo first, tolerance by tolerance (see the file's comment). */
function claimTracks(candidates: readonly Candidate[], groups: readonly Group[], tempoCount: number): void {
  const claimedSongs = new Set<number>();
  const artistClaims = new Map<string, number>();
  const claimable = (candidate: Candidate) =>
    !candidate.claimedBy &&
    !claimedSongs.has(candidate.song) &&
    candidate.artistKeys.every((key) => (artistClaims.get(key) ?? 0) < MAX_TRACKS_PER_ARTIST);
  const claim = (candidate: Candidate, group: Group) => {
    candidate.claimedBy = group;
    claimedSongs.add(candidate.song);
    for (const key of candidate.artistKeys) artistClaims.set(key, (artistClaims.get(key) ?? 0) + 1);
    group.claimedSeconds += candidate.track.durationMs / 1000;
    group.reserve.push(candidate);
  };
  const stillNeeds = (group: Group) => group.claimedSeconds < group.needSeconds;
  const tempoGroups = Array.from({ length: tempoCount }, (_, tempo) => groups.filter((group) => group.tempo === tempo));
  const remainingNeed = (tempo: number) =>
    tempoGroups[tempo]!.reduce((sum, group) => sum + Math.max(0, group.needSeconds - group.claimedSeconds), 0);
  // The candidates of each tempo by tier, built once: most of a big pool fits no tempo at all.
  const byTier = Array.from({ length: tempoCount }, () => Array.from({ length: TIER_COUNT }, (): Candidate[] => []));
  for (const candidate of candidates) {
    candidate.steps.forEach((step, tempo) => {
      if (step !== undefined) byTier[tempo]![step * 2 + (candidate.heldBack ? 1 : 0)]!.push(candidate);
    });
  }
  const available = (tempo: number, tiers: readonly number[]) => {
    let seconds = 0;
    for (const tier of tiers) for (const candidate of byTier[tempo]![tier]!) if (claimable(candidate)) seconds += candidate.track.durationMs / 1000;
    return seconds;
  };

  interface Pair {
    candidate: Candidate;
    group: Group;
    mark: number;
    score: number;
    off: number;
  }
  const firm = (pair: Pair) => (pair.candidate.heldFirmly ? 1 : 0);
  const better = (a: Pair, b: Pair) => a.mark - b.mark || firm(a) - firm(b) || a.score - b.score || a.off - b.off || a.candidate.order - b.candidate.order;
  /**
   * A group's best pairs among the candidates, at most `limit` of them (a big pool's pre-race block
   * needs a handful of its thousands of tracks): kept sorted as they come, most fall off at once.
   */
  const bestPairs = (pool: readonly Candidate[], group: Group, contested: (candidate: Candidate) => boolean, limit: number): Pair[] => {
    const pairOf = (candidate: Candidate): Pair => ({
      candidate,
      group,
      mark: contested(candidate) ? 1 : 0,
      score: moodScore(candidate, group),
      off: offsetFor(candidate, group),
    });
    if (limit >= pool.length) return pool.map(pairOf);
    const best: Pair[] = [];
    for (const candidate of pool) {
      const pair = pairOf(candidate);
      if (best.length >= limit && better(pair, best[best.length - 1]!) >= 0) continue;
      let at = best.length;
      while (at > 0 && better(pair, best[at - 1]!) < 0) at--;
      best.splice(at, 0, pair);
      if (best.length > limit) best.pop();
    }
    return best;
  };
  /** Serves some groups from the candidates at one tier, the final kick first, then the nearest moods. */
  const serve = (served: readonly Group[], pool: readonly Candidate[], contested: (candidate: Candidate) => boolean) => {
    const kicks = served.filter((group) => group.kick);
    const others = served.filter((group) => !group.kick);
    for (const set of [...kicks.map((kick) => [kick]), others]) {
      // Enough pairs for what the groups still need (tracks last 2:30 or more), with room for the rules;
      // all of them when that was not enough.
      for (const all of [false, true]) {
        const needing = set.filter(stillNeeds);
        if (needing.length === 0) break;
        const pairs = needing.flatMap((group) =>
          bestPairs(pool, group, contested, all ? Infinity : 2 * Math.ceil((group.needSeconds - group.claimedSeconds) / 150) + 10),
        );
        pairs.sort(better);
        for (const { candidate, group } of pairs) {
          if (stillNeeds(group) && claimable(candidate)) claim(candidate, group);
        }
        if (pairs.length === pool.length * needing.length) break;
      }
    }
  };

  for (let tier = 0; tier < TIER_COUNT; tier++) {
    const done = new Set<number>();
    for (;;) {
      // The scarcest tempo at this tier: the most seconds still needed against the fewest that fit.
      let scarcest = -1;
      let scarcestRatio = 0;
      for (let tempo = 0; tempo < tempoCount; tempo++) {
        if (done.has(tempo)) continue;
        const need = remainingNeed(tempo);
        const seconds = need > 0 ? available(tempo, [tier]) : 0;
        if (seconds === 0) {
          done.add(tempo);
          continue;
        }
        if (need / seconds > scarcestRatio) {
          scarcest = tempo;
          scarcestRatio = need / seconds;
        }
      }
      if (scarcest < 0) break;
      done.add(scarcest);
      // Other tempos short even at ±3 %: the tracks they could use go last.
      const short: number[] = [];
      for (let tempo = 0; tempo < tempoCount; tempo++) {
        const need = remainingNeed(tempo);
        if (tempo !== scarcest && need > 0 && available(tempo, [0, 1]) < need) short.push(tempo);
      }
      const contested = (candidate: Candidate) => short.some((tempo) => candidate.steps[tempo] === 0);
      serve(tempoGroups[scarcest]!, byTier[scarcest]![tier]!.filter(claimable), contested);
    }
  }

  // Where any tempo will do (before a race): what the run's tempos left, fresh tracks first.
  const anyTempo = groups.filter((group) => group.tempo < 0);
  for (const heldBack of [false, true]) {
    if (!anyTempo.some(stillNeeds)) break;
    serve(anyTempo, candidates.filter((candidate) => claimable(candidate) && candidate.heldBack === heldBack), () => false);
  }

  for (const group of groups) {
    const key = (candidate: Candidate) => [tierFor(candidate, group)!, candidate.heldFirmly ? 1 : 0, moodScore(candidate, group), offsetFor(candidate, group), candidate.order];
    group.reserve.sort((a, b) => compareKeys(key(a), key(b)));
  }
}

/**
 * The pre-race tracks: of the best pre-race claims, the set whose length is closest to 15 minutes
 * (13-17), held-back tracks only when needed, then the nearest moods; calmest first.
 */
function choosePreRace(groups: readonly Group[], maxTracks: number): Candidate[] {
  const claims = groups
    .flatMap((group) => group.reserve.map((candidate) => ({ candidate, key: [tierFor(candidate, group)!, moodScore(candidate, group), candidate.order] })))
    .sort((a, b) => compareKeys(a.key, b.key))
    .slice(0, PRE_RACE_CHOICES);
  const options = claims.map(({ candidate }) => candidate);
  const conflicts = options.map((candidate, i) =>
    options.reduce((mask, other, j) => (j !== i && other.artistKeys.some((key) => candidate.artistKeys.includes(key)) ? mask | (1 << j) : mask), 0),
  );
  let best: { mask: number; key: number[] } | undefined;
  for (let mask = 1; mask < 1 << options.length; mask++) {
    let seconds = 0;
    let count = 0;
    let heldBack = 0;
    let score = 0;
    let clash = false;
    for (let i = 0; i < options.length; i++) {
      if (!(mask & (1 << i))) continue;
      if (mask & conflicts[i]!) clash = true;
      seconds += options[i]!.track.durationMs / 1000;
      count++;
      if (options[i]!.heldBack) heldBack++;
      score += claims[i]!.key[1]!;
    }
    if (clash || count > maxTracks) continue;
    const outside = Math.max(0, PRE_RACE_MIN_SECONDS - seconds, seconds - PRE_RACE_MAX_SECONDS);
    const key = [outside, heldBack, Math.round(Math.abs(seconds - PRE_RACE_SECONDS) / PRE_RACE_CLOSE_SECONDS), score / count];
    if (!best || compareKeys(key, best.key) < 0) best = { mask, key };
  }
  if (!best) return [];
  const chosen = options.filter((_, i) => best.mask & (1 << i));
  const energy = (candidate: Candidate) => candidate.track.energy ?? 0.5;
  return chosen.sort((a, b) => energy(a) - energy(b) || a.order - b.order);
}

/** Chooses the playlist's tracks for the phases of a run (see the file's comment for how). */
export function selectTracks(
  pool: readonly PoolTrack[],
  phases: readonly RunPhase[],
  options: SelectOptions = {},
): PlaylistSelection {
  const length = options.length ?? { mode: 'duration' };
  const heldBackIds = options.heldBack ?? new Set<string>();

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
  playable.sort(byTrack);
  const songs = songNumbers(playable);

  // The run's distinct tempo targets, and its groups of phases with the same targets.
  const tempos = [...new Set(phases.flatMap((phase) => (phase.targetTempoBpm === null ? [] : [phase.targetTempoBpm])))].sort((a, b) => a - b);
  const groups: Group[] = [];
  const groupOf: Group[] = phases.map((phase, index) => {
    let group = groups.find((other) => sameTargets(other.target, phase));
    if (!group) {
      group = {
        phaseIndexes: [],
        target: phase,
        tempo: phase.targetTempoBpm === null ? -1 : tempos.indexOf(phase.targetTempoBpm),
        kick: phase.name === 'final-kick',
        needSeconds: 0,
        claimedSeconds: 0,
        reserve: [],
      };
      groups.push(group);
    }
    group.phaseIndexes.push(index);
    return group;
  });

  const candidates = playable.map((track, order): Candidate => {
    const known = hasKnownTempo(track);
    const fits = tempos.map((target) => (known ? tempoFit(track.tempo!, target) : undefined));
    return {
      track,
      order,
      song: songs[order]!,
      artistKeys: artistKeys(track),
      heldBack: heldBackIds.has(track.id),
      heldFirmly: options.heldBackFirmly?.has(track.id) ?? false,
      recencyBonus: recencyBonus(track, options.now),
      fits,
      steps: fits.map((fit) => (!known ? UNKNOWN_STEP : fit ? TOLERANCE_STEPS_PCT.indexOf(fit.tolerancePct) : undefined)),
      claimedBy: undefined,
      used: false,
    };
  });

  // What each group needs: its phases' seconds up to where the playlist is expected to end.
  const lastIndex = phases.length - 1;
  const plannedEnd = phases.length > 0 ? phases[lastIndex]!.toSeconds : 0;
  const horizon =
    length.mode === 'count'
      ? length.trackCount * (median(playable.map((track) => track.durationMs / 1000)) ?? TYPICAL_TRACK_SECONDS)
      : plannedEnd + (EXTRA_MIN_SECONDS + EXTRA_MAX_SECONDS) / 2;
  phases.forEach((phase, index) => {
    groupOf[index]!.needSeconds += overlap(phase.fromSeconds, index === lastIndex ? Infinity : phase.toSeconds, 0, horizon);
  });
  for (const group of groups) {
    if (group.needSeconds > 0) group.needSeconds += Math.max(CLAIM_MARGIN_SECONDS, group.needSeconds * CLAIM_MARGIN_SHARE);
  }
  claimTracks(candidates, groups, tempos.length);

  const chosen: SelectedTrack[] = [];
  const usedSongs = new Set<number>();
  const perArtist = new Map<string, number>();
  let previousArtists: string[] = [];
  let elapsedMs = 0;
  const use = (candidate: Candidate, phaseIndex: number) => {
    chosen.push({
      track: candidate.track,
      phaseIndex,
      phase: phases[phaseIndex]!.name,
      startSeconds: elapsedMs / 1000,
      fit: fitFor(candidate, groupOf[phaseIndex]!),
    });
    candidate.used = true;
    usedSongs.add(candidate.song);
    for (const key of candidate.artistKeys) perArtist.set(key, (perArtist.get(key) ?? 0) + 1);
    previousArtists = candidate.artistKeys;
    elapsedMs += candidate.track.durationMs;
  };

  // Before a race: the pre-race set; the race's phases then start where it ends.
  const preRaceGroups = groups.filter((group) => group.tempo < 0);
  const firstRunPhase = phases.findIndex((phase) => !isPreRace(phase));
  const nominalRunStart = preRaceGroups.length > 0 ? (firstRunPhase >= 0 ? phases[firstRunPhase]!.fromSeconds : plannedEnd) : 0;
  const preRace = preRaceGroups.length > 0 ? choosePreRace(preRaceGroups, length.mode === 'count' ? length.trackCount : Infinity) : [];
  const preRaceSeconds = preRace.reduce((sum, candidate) => sum + candidate.track.durationMs / 1000, 0);
  const scale = nominalRunStart > 0 ? preRaceSeconds / nominalRunStart : 0;
  const played: RunPhase[] = phases.map((phase) =>
    isPreRace(phase)
      ? { ...phase, fromSeconds: phase.fromSeconds * scale, toSeconds: phase.toSeconds * scale }
      : { ...phase, fromSeconds: phase.fromSeconds - nominalRunStart + preRaceSeconds, toSeconds: phase.toSeconds - nominalRunStart + preRaceSeconds },
  );
  for (const candidate of preRace) {
    const middle = (elapsedMs + candidate.track.durationMs / 2) / 1000;
    const index = played.findIndex((phase) => isPreRace(phase) && middle < phase.toSeconds);
    use(candidate, index >= 0 ? index : preRaceGroups[preRaceGroups.length - 1]!.phaseIndexes.at(-1)!);
  }

  const runEnd = played.length > 0 ? played[lastIndex]!.toSeconds : 0;
  const minMs = (runEnd + EXTRA_MIN_SECONDS) * 1000;
  const maxMs = (runEnd + EXTRA_MAX_SECONDS) * 1000;
  const wantsMore = (): boolean => (length.mode === 'count' ? chosen.length < length.trackCount : elapsedMs < minMs);
  const allowed = (candidate: Candidate) =>
    !candidate.used &&
    !usedSongs.has(candidate.song) &&
    candidate.artistKeys.every((key) => (perArtist.get(key) ?? 0) < MAX_TRACKS_PER_ARTIST && !previousArtists.includes(key)) &&
    (length.mode === 'count' || elapsedMs + candidate.track.durationMs <= maxMs);
  const phaseAtMiddle = (candidate: Candidate) => phaseIndexAt(played, (elapsedMs + candidate.track.durationMs / 2) / 1000);
  const isAhead = (group: Group) => {
    const last = group.phaseIndexes[group.phaseIndexes.length - 1]!;
    return last === lastIndex || played[last]!.toSeconds > elapsedMs / 1000;
  };
  const fromReserve = (group: Group): [Candidate, number] | undefined => {
    for (const candidate of group.reserve) {
      if (!allowed(candidate)) continue;
      const index = phaseAtMiddle(candidate);
      if (groupOf[index] === group) return [candidate, index];
    }
    return undefined;
  };
  /** The best track left for the phase it would play in, not claimed by a group still ahead. */
  const fromPool = (): [Candidate, number] | undefined => {
    let best: { candidate: Candidate; index: number; key: number[] } | undefined;
    for (const candidate of candidates) {
      if (!allowed(candidate)) continue;
      const index = phaseAtMiddle(candidate);
      const group = groupOf[index]!;
      const tier = tierFor(candidate, group);
      if (tier === undefined || group.tempo < 0) continue;
      const claimedAhead = candidate.claimedBy !== undefined && candidate.claimedBy !== group && isAhead(candidate.claimedBy);
      const key = [claimedAhead ? 1 : 0, tier, moodScore(candidate, group), offsetFor(candidate, group), candidate.order];
      if (!best || compareKeys(key, best.key) < 0) best = { candidate, index, key };
    }
    return best && [best.candidate, best.index];
  };

  while (firstRunPhase >= 0 && wantsMore()) {
    const index = phaseIndexAt(played, elapsedMs / 1000);
    const group = groupOf[index]!;
    const next = groupOf.find((other, i) => i > index && other !== group && other.tempo >= 0);
    const pick = (group.tempo >= 0 ? fromReserve(group) : undefined) ?? (next ? fromReserve(next) : undefined) ?? fromPool();
    if (!pick) break;
    use(...pick);
  }

  const duplicatesSkipped = candidates.filter((candidate) => !candidate.used && usedSongs.has(candidate.song)).length;
  const within3Pct = tempos.map((_, tempo) => new Set(candidates.filter((candidate) => candidate.steps[tempo] === 0).map((candidate) => candidate.song)));

  return {
    tracks: chosen,
    phases: played,
    summary: summarise(
      chosen,
      played,
      phases.map((phase) => (phase.targetTempoBpm === null ? undefined : within3Pct[tempos.indexOf(phase.targetTempoBpm)])),
      new Map(candidates.filter((candidate) => candidate.used).map((candidate) => [candidate.track, candidate.song])),
      {
        length,
        totalMs: elapsedMs,
        plannedMs: Math.round((plannedEnd - nominalRunStart) * 1000),
        preRaceMs: Math.round(preRaceSeconds * 1000),
        explicitFiltered,
        duplicatesSkipped,
        heldBackUsed: candidates.filter((candidate) => candidate.used && candidate.heldBack).length,
        short: wantsMore(),
      },
    ),
  };
}

function summarise(
  tracks: readonly SelectedTrack[],
  phases: readonly RunPhase[],
  within3Pct: ReadonlyArray<ReadonlySet<number> | undefined>,
  songOf: ReadonlyMap<PoolTrack, number>,
  facts: Pick<
    SelectionSummary,
    'length' | 'totalMs' | 'plannedMs' | 'preRaceMs' | 'explicitFiltered' | 'duplicatesSkipped' | 'heldBackUsed' | 'short'
  >,
): SelectionSummary {
  const timed = tracks.filter((track) => phases[track.phaseIndex]!.targetTempoBpm !== null);
  const byTolerance: Record<TolerancePct, number> = { 3: 0, 5: 0, 8: 0 };
  for (const { fit } of timed) if (fit) byTolerance[fit.tolerancePct]++;
  const lastIndex = phases.length - 1;
  const playlistEnd = facts.totalMs / 1000;
  const lastTo = phases.length > 0 ? phases[lastIndex]!.toSeconds : 0;
  const requiredEnd =
    facts.length.mode === 'duration' ? lastTo + EXTRA_MIN_SECONDS : facts.short ? Math.max(lastTo, playlistEnd) : playlistEnd;
  const lacking = tracks.filter((track) => phases[track.phaseIndex]!.targetTempoBpm !== null && (!track.fit || track.fit.tolerancePct > 3));

  const phaseSummaries = phases.map((phase, index): PhaseSummary => {
    const own = tracks.filter((track) => track.phaseIndex === index);
    const tolerances = own.flatMap((track) => (track.fit ? [track.fit.tolerancePct] : []));
    const songs = within3Pct[index];
    let lackingSeconds: number;
    if (phase.targetTempoBpm === null) {
      // Before a race any track will do: only a pre-race block too short lacks.
      const preRaceSeconds = facts.preRaceMs / 1000;
      lackingSeconds = preRaceSeconds < PRE_RACE_MIN_SECONDS ? (PRE_RACE_SECONDS - preRaceSeconds) / 2 : 0;
    } else {
      const to = index === lastIndex ? Math.max(requiredEnd, playlistEnd) : facts.length.mode === 'count' && !facts.short ? Math.min(phase.toSeconds, playlistEnd) : phase.toSeconds;
      const from = Math.min(phase.fromSeconds, to);
      const unfilled = to - from - overlap(from, to, 0, playlistEnd);
      // A track belongs to the phase its middle plays in, as when it was chosen.
      const badlyPlayed = lacking.reduce((sum, track) => (track.phaseIndex === index ? sum + track.track.durationMs / 1000 : sum), 0);
      lackingSeconds = unfilled + badlyPlayed;
    }
    return {
      name: phase.name,
      fromSeconds: phase.fromSeconds,
      toSeconds: phase.toSeconds,
      targetTempoBpm: phase.targetTempoBpm,
      targetEnergy: phase.targetEnergy,
      trackCount: own.length,
      widenedToPct: tolerances.length > 0 ? (Math.max(...tolerances) as TolerancePct) : undefined,
      unknownTempo: phase.targetTempoBpm === null ? 0 : own.filter((track) => !track.fit).length,
      lackingSeconds: Math.round(lackingSeconds),
      poolWithin3Pct: songs ? songs.size : null,
      poolWithin3PctUsedElsewhere: songs
        ? tracks.filter((track) => phases[track.phaseIndex]!.name !== phase.name && songs.has(songOf.get(track.track)!)).length
        : 0,
    };
  });
  return {
    ...facts,
    trackCount: tracks.length,
    preRaceTracks: tracks.length - timed.length,
    perfectFits: byTolerance[3],
    byTolerance,
    unknownTempo: timed.filter((track) => !track.fit).length,
    halfTime: timed.filter((track) => track.fit?.multiple === 2).length,
    doubleTime: timed.filter((track) => track.fit?.multiple === 0.5).length,
    phases: phaseSummaries,
  };
}
/** A length of music or of a run, to the minute: "58 min", "1 h", "1 h 02 min". */
export function minutesInWords(seconds: number): string {
  const total = Math.round(seconds / 60);
  if (total < 60) return `${total} min`;
  const rest = total % 60;
  return rest === 0 ? `${total / 60} h` : `${Math.floor(total / 60)} h ${String(rest).padStart(2, '0')} min`;
}

const minutes = (ms: number) => minutesInWords(ms / 1000);

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "14 min 30 s", "15 min". */
function minutesAndSeconds(ms: number): string {
  const total = Math.round(ms / 1000);
  const [whole, rest] = [Math.floor(total / 60), total % 60];
  return rest === 0 ? `${whole} min` : `${whole} min ${rest} s`;
}

/** How long the playlist is against what was asked (a race's pre-race music apart). */
function lengthInWords(summary: SelectionSummary): string {
  const total = minutes(summary.totalMs - summary.preRaceMs);
  const planned = minutes(summary.plannedMs);
  if (summary.length.mode === 'count') {
    return summary.short
      ? `Only ${summary.trackCount} of the ${summary.length.trackCount} tracks you asked for (${minutes(summary.totalMs)}): not enough tracks fit.`
      : `${plural(summary.trackCount, 'track')}, ${minutes(summary.totalMs)} of music for your planned ${planned}.`;
  }
  return summary.short
    ? `Only ${total} of music for your planned ${planned}: not enough tracks fit.`
    : `${total} of music for your planned ${planned}.`;
}

/** "The finish widened to ±5 %: your music had only 2 tracks within ±3 % of 171 BPM." */
function wideningInWords(summary: SelectionSummary): string[] {
  const byName = new Map<PhaseName, PhaseSummary[]>();
  for (const phase of summary.phases) {
    if (phase.widenedToPct !== undefined && phase.widenedToPct > 3) byName.set(phase.name, [...(byName.get(phase.name) ?? []), phase]);
  }
  return [...byName].map(([name, widened]) => {
    const widest = Math.max(...widened.map((phase) => phase.widenedToPct!));
    const { poolWithin3Pct, poolWithin3PctUsedElsewhere, targetTempoBpm } = widened[0]!;
    const label = PHASE_LABELS[name];
    const tempo = `${Math.round(targetTempoBpm ?? 0)} BPM`;
    const had = poolWithin3Pct ? `only ${plural(poolWithin3Pct, 'track')}` : 'no track';
    const elsewhere =
      poolWithin3PctUsedElsewhere > 0
        ? `, and ${poolWithin3PctUsedElsewhere === poolWithin3Pct ? (poolWithin3Pct === 1 ? 'it plays' : 'all of them play') : `${poolWithin3PctUsedElsewhere} of them play`} in other parts of the run`
        : '';
    return `The ${label} widened to ±${widest} %: your music had ${had} within ±3 % of ${tempo}${elsewhere}.`;
  });
}

/**
 * The honest plain-language account of a selection, e.g. "24 of 27 tracks within ±3 % of their
 * target cadence; 2 within ±5 %; 1 of unknown tempo because your library was short. The finish
 * widened to ±5 %: your music had only 2 tracks within ±3 % of 171 BPM."
 */
export function describeSelection(summary: SelectionSummary): string {
  const sentences: string[] = [];
  const n = summary.trackCount - summary.preRaceTracks;
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
  sentences.push(...wideningInWords(summary));

  const timeShifted = summary.halfTime + summary.doubleTime;
  if (timeShifted > 0) {
    const ways = [
      summary.halfTime > 0 ? `${summary.halfTime} at half time (a beat every other step)` : '',
      summary.doubleTime > 0 ? `${summary.doubleTime} at double time (two beats a step)` : '',
    ].filter(Boolean);
    sentences.push(`${listInWords(ways)} ${timeShifted === 1 ? 'carries' : 'carry'} your cadence.`);
  }
  if (summary.heldBackUsed > 0) {
    sentences.push(
      `${plural(summary.heldBackUsed, 'track')} from your recent RunSound playlists ${summary.heldBackUsed === 1 ? 'is' : 'are'} back: too few others fit.`,
    );
  }
  if (summary.preRaceMs > 0) {
    sentences.push(
      `Press play ${minutesAndSeconds(summary.preRaceMs)} before your start: ${plural(summary.preRaceTracks, 'track')}, calm first, then building up to the race.`,
    );
  }

  if (n > 0) sentences.push(lengthInWords(summary));
  if (summary.explicitFiltered > 0) {
    sentences.push(`${plural(summary.explicitFiltered, 'explicit track')} left out, as you asked.`);
  }
  return sentences.join(' ');
}
