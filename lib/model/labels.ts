/**
 * What each past run says its music should have been: one label per target, each with where it
 * came from (LabelSource), so that a target is trained only on runs with evidence for it and every
 * screen can say what a number rests on.
 *
 * - Tempo: the run's cadence. Music whose beat matches the steps helps (API-NOTES §4), so the
 *   tempo that fitted a run is its steps per minute (source 'cadence').
 * - Energy: the run's effort, as a fraction of the heart-rate reserve. With heart rate:
 *   HRR = (average HR − resting HR) / (max HR − resting HR), with the runner's numbers as
 *   lib/training-load has them going into the run's day: max HR estimated from the runs before,
 *   resting HR their setting, else 60 (source 'heart rate'). Without: the run's intensity factor IF (climb-adjusted speed over the
 *   runner's threshold speed, both as lib/training-load works them out from the runs before),
 *   turned into the HRR it implies, HRR ≈ IF − 0.10 (source 'pace'): on the two real histories
 *   in ../shared/data, the 478 runs with both had HRR = IF − 0.10 on average, with the same
 *   spread (per runner −0.10 and −0.05). One fixed offset, not one learned per runner as the
 *   history grows, so that a pace label means the same in a runner's first year and their fifth.
 *   Either effort then goes through the one mapping `energyOfEffort`.
 * - Valence: only from evidence about the music itself (tracks played during the run, the
 *   runner's rating after it), which arrives with the Spotify issue. Without it, a run has no
 *   valence label: the prior answers until enough runs have one.
 */
import type { RunFacts } from '../runs';
import {
  LoadBasisTracker,
  effortSpeedMps,
  groupByStart,
  localDayNumber,
  type LoadBasis,
  type LoadSettings,
} from '../training-load';
import type { Label, LabelSource, RunLabels } from './types';

/**
 * Cadences outside this range are a misread (a watch on the wrist of a walker, a per-leg value
 * counted once), not a run: walking is below about 120 steps/min, the fastest sprinters reach
 * about 230.
 */
export const PLAUSIBLE_CADENCE_SPM = { min: 120, max: 230 } as const;

/** Average heart rates outside this range are a loose strap or a misread (lib/training-load's range). */
export const PLAUSIBLE_AVERAGE_HEART_RATE = { min: 80, max: 220 } as const;

/**
 * Effort (fraction of the heart-rate reserve) to music energy (0-1), linear through two anchors
 * and clamped: an easy run at 50 % of the reserve wants calm music (0.3), a hard one at 90 %
 * (about threshold and above) wants the most energetic (0.95). Energy is 0 below about 32 % and
 * 1 from about 93 %. Preferred music intensity rises with exercise intensity (Karageorghis &
 * Jones 2014); the anchors put the prior's run types (PRIOR_ENERGY: easy 0.45, tempo 0.75, race
 * 0.9) at their usual efforts (easy ≈ 60 % HRR, tempo ≈ 80 %, race ≈ 90 %).
 */
export const ENERGY_ANCHORS = {
  calm: { effort: 0.5, energy: 0.3 },
  hard: { effort: 0.9, energy: 0.95 },
} as const;

/** HRR ≈ IF + this, for runs without heart rate (see the file comment). */
export const PACE_EFFORT_OFFSET = -0.1;

/**
 * A pace label needs this many earlier runs with a speed: before them, the threshold speed is
 * RunSound's default, not the runner's own, and "fast for this runner" means nothing yet.
 */
export const MIN_EARLIER_RUNS_FOR_PACE_LABEL = 5;

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** Music energy 0-1 for an effort given as a fraction of the heart-rate reserve (see ENERGY_ANCHORS). */
export function energyOfEffort(heartRateReserve: number): number {
  const { calm, hard } = ENERGY_ANCHORS;
  const slope = (hard.energy - calm.energy) / (hard.effort - calm.effort);
  return clamp01(calm.energy + (heartRateReserve - calm.effort) * slope);
}

/** The tempo label: the run's cadence in steps per minute, when there is a plausible one. */
export function tempoLabel(run: Pick<RunFacts, 'averageCadenceSpm'>): Label | undefined {
  const cadence = run.averageCadenceSpm;
  if (cadence === undefined || !Number.isFinite(cadence)) return undefined;
  if (cadence < PLAUSIBLE_CADENCE_SPM.min || cadence > PLAUSIBLE_CADENCE_SPM.max) return undefined;
  return { value: cadence, source: 'cadence' };
}

/** The run's average heart rate as a fraction of the reserve, against the runner's numbers before it. */
export function heartRateReserveOf(run: Pick<RunFacts, 'averageHeartRate'>, basis: LoadBasis): number | undefined {
  const hr = run.averageHeartRate;
  if (hr === undefined || !(hr >= PLAUSIBLE_AVERAGE_HEART_RATE.min && hr <= PLAUSIBLE_AVERAGE_HEART_RATE.max)) return undefined;
  // No max estimate can be below what this very run averaged.
  const maxHr = Math.max(basis.maxHeartRate, hr);
  if (!(maxHr > basis.restingHeartRate)) return undefined;
  return (hr - basis.restingHeartRate) / (maxHr - basis.restingHeartRate);
}

/** Climb-adjusted speed over the runner's threshold speed (lib/training-load's intensity factor). */
export function intensityFactorOf(run: RunFacts, basis: LoadBasis): number | undefined {
  const speed = effortSpeedMps(run);
  if (speed === undefined || !(basis.thresholdSpeedMps > 0)) return undefined;
  return speed / basis.thresholdSpeedMps;
}

/**
 * The energy label from heart rate when the run recorded one, else from pace when the runner has
 * enough earlier runs (`earlierRunsWithSpeed`) for their threshold to be their own. `basis` must
 * be the runner's numbers going into the run's day (LoadBasisTracker.basisOn, before the run is added).
 */
export function energyLabel(run: RunFacts, basis: LoadBasis, earlierRunsWithSpeed: number): Label | undefined {
  const hrr = heartRateReserveOf(run, basis);
  if (hrr !== undefined) return { value: energyOfEffort(hrr), source: 'heart rate' };
  if (earlierRunsWithSpeed < MIN_EARLIER_RUNS_FOR_PACE_LABEL) return undefined;
  const intensity = intensityFactorOf(run, basis);
  return intensity === undefined ? undefined : { value: energyOfEffort(intensity + PACE_EFFORT_OFFSET), source: 'pace' };
}

/**
 * Evidence about the music of one run. Both kinds arrive with the Spotify issue, which owns how
 * they are gathered; this is the shape the labels read.
 */
export interface MusicEvidence {
  /**
   * Tracks played during the run: their valence (0-1), and tempo (BPM) and energy (0-1) when
   * known, and how long each played.
   */
  listening?: ReadonlyArray<{ valence: number; tempo?: number; energy?: number; secondsPlayed: number }>;
  /** The runner's answer after the run: how bright the music should have been, 0 (dark, calm) to 1 (bright). */
  rating?: { valence: number };
  /** The runner's quick answers after a run with a RunSound playlist: was the music right? */
  feedback?: MusicFeedback;
}

/** "Tempo: slower / right / faster; energy: lower / right / higher": what the music should have been. */
export interface MusicFeedback {
  tempo: 'slower' | 'right' | 'faster';
  energy: 'lower' | 'right' | 'higher';
}

/**
 * How far an answer moves a label: 3 % of tempo (about the step runners notice, API notes §4)
 * and 0.1 of energy. The answer says the music should have been that much off the run's own
 * measure, so the label the model learns moves with it.
 */
export const FEEDBACK_SHIFT = { tempo: 0.03, energy: 0.1 } as const;

/** A label moved by the runner's answer (its source becomes 'rating'), or the label as it was. */
export function withFeedback(label: Label | undefined, target: 'tempo' | 'energy', feedback: MusicFeedback | undefined): Label | undefined {
  if (!label || !feedback) return label;
  if (target === 'tempo') {
    if (feedback.tempo === 'right') return label;
    return { value: label.value * (1 + (feedback.tempo === 'faster' ? 1 : -1) * FEEDBACK_SHIFT.tempo), source: 'rating' };
  }
  if (feedback.energy === 'right') return label;
  return { value: clamp01(label.value + (feedback.energy === 'higher' ? 1 : -1) * FEEDBACK_SHIFT.energy), source: 'rating' };
}

/** Less music than this says little about what the run wanted: a skipped intro, a single track. */
export const MIN_LISTENING_SECONDS = 5 * 60;

/**
 * The valence label: the runner's own rating when there is one (they said it), else the
 * time-weighted valence of what they listened to; no label without evidence about the music.
 */
export function valenceLabel(evidence: MusicEvidence | undefined): Label | undefined {
  const rated = evidence?.rating?.valence;
  if (rated !== undefined && Number.isFinite(rated)) return { value: clamp01(rated), source: 'rating' };
  const played = (evidence?.listening ?? []).filter(
    (track) => Number.isFinite(track.valence) && Number.isFinite(track.secondsPlayed) && track.secondsPlayed > 0,
  );
  const seconds = played.reduce((sum, track) => sum + track.secondsPlayed, 0);
  if (seconds < MIN_LISTENING_SECONDS) return undefined;
  const valence = played.reduce((sum, track) => sum + clamp01(track.valence) * track.secondsPlayed, 0) / seconds;
  return { value: valence, source: 'listening' };
}

/** A tempo folded into the runner's step range: half or double time is the same beat. */
function toStepRange(bpm: number): number {
  let value = bpm;
  while (value < PLAUSIBLE_CADENCE_SPM.min) value *= 2;
  while (value > PLAUSIBLE_CADENCE_SPM.max) value /= 2;
  return value;
}

/** Time-weighted mean of a feature of the tracks played, with enough music; undefined otherwise. */
function listened(evidence: MusicEvidence | undefined, feature: 'tempo' | 'energy'): number | undefined {
  const played = (evidence?.listening ?? []).filter((track) => Number.isFinite(track[feature]) && track[feature]! > 0 && track.secondsPlayed > 0);
  const seconds = played.reduce((sum, track) => sum + track.secondsPlayed, 0);
  if (seconds < MIN_LISTENING_SECONDS) return undefined;
  const value = (track: (typeof played)[number]) => (feature === 'tempo' ? toStepRange(track.tempo!) : track.energy!);
  return played.reduce((sum, track) => sum + value(track) * track.secondsPlayed, 0) / seconds;
}

/**
 * Tempo and energy labels from what was played, for runs whose own measurements give none (no
 * cadence, no heart rate and too little history for pace): the run's own measure says more about
 * the run than music chosen beforehand, so it comes first. Played tempos are folded to the
 * runner's step range (half or double time counts as the same beat).
 */
export function listeningLabel(evidence: MusicEvidence | undefined, target: 'tempo' | 'energy'): Label | undefined {
  const value = listened(evidence, target);
  if (value === undefined) return undefined;
  return { value: target === 'energy' ? clamp01(value) : value, source: 'listening' };
}

export interface LabelOptions {
  /** The runner's own heart-rate and threshold numbers, as lib/training-load takes them. */
  loadSettings?: LoadSettings;
  /** Evidence about the music, by run id. */
  music?: ReadonlyMap<string, MusicEvidence>;
}

/**
 * Every run's labels, by run id (a run without any label has an empty entry). The runner's max
 * heart rate and threshold speed for a run come from the runs that started before its day, in
 * the same walk through the history as lib/training-load's loads.
 */
export function labelsForHistory(runs: readonly RunFacts[], options: LabelOptions = {}): Map<string, RunLabels> {
  const tracker = new LoadBasisTracker(options.loadSettings);
  const labels = new Map<string, RunLabels>();
  let earlierRunsWithSpeed = 0;
  for (const group of groupByStart(runs)) {
    const basis = tracker.basisOn(localDayNumber(group[0]!.startLocal));
    for (const run of group) {
      const runLabels: RunLabels = {};
      const evidence = options.music?.get(run.id);
      const tempo = withFeedback(tempoLabel(run) ?? listeningLabel(evidence, 'tempo'), 'tempo', evidence?.feedback);
      const energy = withFeedback(energyLabel(run, basis, earlierRunsWithSpeed) ?? listeningLabel(evidence, 'energy'), 'energy', evidence?.feedback);
      const valence = valenceLabel(evidence);
      if (tempo) runLabels.tempo = tempo;
      if (energy) runLabels.energy = energy;
      if (valence) runLabels.valence = valence;
      labels.set(run.id, runLabels);
    }
    for (const run of group) {
      tracker.add(run);
      if (effortSpeedMps(run) !== undefined) earlierRunsWithSpeed += 1;
    }
  }
  return labels;
}

/** How many of a target's labels come from each source. */
export function countLabelSources(labels: Iterable<Label | null | undefined>): Partial<Record<LabelSource, number>> {
  const counts: Partial<Record<LabelSource, number>> = {};
  for (const label of labels) if (label) counts[label.source] = (counts[label.source] ?? 0) + 1;
  return counts;
}
