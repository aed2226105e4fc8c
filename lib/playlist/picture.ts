/**
 * A small picture of a playlist: each track's tempo, folded to the cadence it carries, against the
 * phase targets, along the run's time. Pure, and small, because it is stored with every playlist.
 *
 * Times are seconds from the start of the playlist, the timeline the phases and tracks share. A
 * race's pre-race phases (any tempo is fine, `targetTempoBpm: null`) come first; the race itself
 * starts at `runStartSeconds`.
 */
import { minutesInWords, type PlaylistSelection, type SelectedTrack } from './select';
import { PHASE_LABELS, type PhaseName } from './shape';

/** A track is on the beat within this much of its phase's target, in per cent (select.ts's narrowest tolerance). */
export const ON_BEAT_PCT = 3;

export interface PicturePhase {
  name: string;
  label: string;
  fromSeconds: number;
  toSeconds: number;
  /** Null where any tempo is fine (before a race). */
  targetTempoBpm: number | null;
}

export interface PictureTrack {
  name: string;
  artists: string;
  startSeconds: number;
  durationSeconds: number;
  /** The cadence the track carries (its BPM ×1, ×2 or ×½), to 0.1 BPM; null when its tempo is unknown. */
  carriedBpm: number | null;
  /** Within ±3 % of its phase's target, or in a phase where any tempo is fine. */
  onBeat: boolean;
}

export interface PlaylistPicture {
  /** The planned end: the last phase's end. */
  plannedSeconds: number;
  /** Where the run (the race) starts; 0 when there is no pre-race music. */
  runStartSeconds: number;
  phases: PicturePhase[];
  tracks: PictureTrack[];
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The phase a moment falls in, as select.ts judges a track by its middle; past the end, the last. */
function phaseAt(phases: readonly PicturePhase[], seconds: number): PicturePhase | undefined {
  return phases.find((phase) => seconds < phase.toSeconds) ?? phases[phases.length - 1];
}

/** The target tempo a track of the picture was chosen against; null when any tempo was fine. */
export function targetTempoOf(picture: PlaylistPicture, track: PictureTrack): number | null {
  return phaseAt(picture.phases, track.startSeconds + track.durationSeconds / 2)?.targetTempoBpm ?? null;
}

/** The multiple of `bpm` (×1, ×2, ×½) nearest `target`. */
function folded(bpm: number, target: number): number {
  return [bpm, bpm * 2, bpm / 2].reduce((best, candidate) =>
    Math.abs(candidate - target) < Math.abs(best - target) ? candidate : best,
  );
}

function knownTempo(tempo: number | undefined): number | undefined {
  return tempo !== undefined && Number.isFinite(tempo) && tempo > 0 ? tempo : undefined;
}

function pictureTrack(selected: SelectedTrack, target: number | null, foldTo: number | null): PictureTrack {
  const { track, fit } = selected;
  const tempo = knownTempo(track.tempo);
  // Without a fit (unknown tempo, or a phase with no target) a known tempo is folded toward the
  // nearest target the runner will run to, so that it reads on the same scale.
  const reference = target ?? foldTo;
  const carried = fit ? fit.effectiveBpm : tempo === undefined ? null : reference === null ? tempo : folded(tempo, reference);
  const onBeat =
    target === null ||
    (fit ? fit.tolerancePct <= ON_BEAT_PCT : carried !== null && Math.abs(carried - target) <= (target * ON_BEAT_PCT) / 100);
  return {
    name: track.name,
    artists: track.artists.map((artist) => artist.name).join(', '),
    startSeconds: Math.round(selected.startSeconds),
    durationSeconds: Math.round(track.durationMs / 1000),
    carriedBpm: carried === null ? null : round1(carried),
    onBeat,
  };
}

/** The picture of a selection; `runStartSeconds` is where the race starts when music plays before it. */
export function playlistPicture(selection: PlaylistSelection, runStartSeconds = 0): PlaylistPicture {
  // A phase without a target (before a race) reads as null.
  const phases = selection.phases.map(
    (phase): PicturePhase => ({
      name: phase.name,
      label: PHASE_LABELS[phase.name as PhaseName] ?? phase.name,
      fromSeconds: phase.fromSeconds,
      toSeconds: phase.toSeconds,
      targetTempoBpm: (phase.targetTempoBpm as number | null | undefined) ?? null,
    }),
  );
  const tracks = selection.tracks.map((selected) => {
    const target = phases[selected.phaseIndex]?.targetTempoBpm ?? null;
    const nextTarget = phases.slice(selected.phaseIndex).find((phase) => phase.targetTempoBpm !== null)?.targetTempoBpm ?? null;
    return pictureTrack(selected, target, nextTarget);
  });
  return {
    plannedSeconds: phases.length > 0 ? phases[phases.length - 1]!.toSeconds : 0,
    runStartSeconds: Math.max(0, Math.round(runStartSeconds)),
    phases,
    tracks,
  };
}

/** "165", "156.8". */
export function bpmInWords(bpm: number): string {
  return String(round1(bpm));
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * The picture in plain words, for those who do not see it: "24 of 26 tracks on the beat; 62 min
 * of music for a 58 min run. Widest miss: “X” at 171 BPM against 165."
 */
export function pictureInWords(picture: PlaylistPicture): string {
  const { tracks } = picture;
  if (tracks.length === 0) return 'No track in this playlist.';
  const judged = tracks.map((track) => ({ track, target: targetTempoOf(picture, track) }));
  const targeted = judged.filter(({ target }) => target !== null);
  const beforeStart = tracks.length - targeted.length;
  const unknown = targeted.filter(({ track }) => track.carriedBpm === null).length;
  const onBeat = targeted.filter(({ track }) => track.onBeat).length;

  const fits = [`${onBeat} of ${plural(targeted.length, 'track')} on the beat`];
  if (unknown > 0) fits.push(`${unknown} of unknown tempo`);
  if (beforeStart > 0) fits.push(`${beforeStart} before the start, at any tempo`);
  const musicSeconds = tracks.reduce((sum, track) => sum + track.durationSeconds, 0);
  const runSeconds = picture.plannedSeconds - picture.runStartSeconds;
  const sentences = [`${fits.join(', ')}; ${minutesInWords(musicSeconds)} of music for a ${minutesInWords(runSeconds)} run.`];

  let widest: { name: string; carried: number; target: number; offPct: number } | undefined;
  for (const { track, target } of targeted) {
    if (track.onBeat || track.carriedBpm === null || target === null) continue;
    const offPct = Math.abs(track.carriedBpm - target) / target;
    if (!widest || offPct > widest.offPct) widest = { name: track.name, carried: track.carriedBpm, target, offPct };
  }
  if (widest) {
    sentences.push(`Widest miss: “${widest.name}” at ${bpmInWords(widest.carried)} BPM against ${bpmInWords(widest.target)}.`);
  }
  return sentences.join(' ');
}
