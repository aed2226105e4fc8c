/**
 * The shape of a run's music: which tempo, energy and valence each part of the planned run asks
 * for. Pure: a profile and a plan in, phases out.
 *
 * - Most runs are one steady phase at the profile's targets.
 * - Runs of 12 km and more (except intervals and races) are progressive: a warm-up (first 15 %,
 *   tempo −5 %, less energy), a steady middle, and a strong finish (last 20 %, tempo +4 %, more
 *   energy and a little more valence). Runners follow tempo shifts of a few per cent (API-NOTES §4).
 * - Interval sessions warm up (first 15 %), alternate hard blocks with recovery blocks, and cool
 *   down (last 10 %). The runner's actual reps are unknown, so the blocks are musical: about two
 *   tracks hard (6 min), about one track easy (3 min), stretched so that whole blocks fill the middle,
 *   starting and ending hard.
 * - A race playlist begins before the race: about 15 minutes that end at the start, calm music first,
 *   then rising energy, at any tempo (the runner is not running to it yet). Its time runs from 0, so
 *   the race itself starts at 15 minutes (the selection moves it to where the pre-race tracks end).
 *   Then the race as the pace plan says: even (one tempo all the way), or a negative split, whose last
 *   third of the distance is run 2.5 % faster (the first two thirds a little slower, so the finish time
 *   stays distance × goal pace) with a tempo that follows the prior's cadence at that speed. The last
 *   10 % of the distance is the final kick: the same tempo, the highest-energy tracks.
 */
import { priorCadenceSpm } from '../model/prior';
import type { PlannedRun } from '../plan';

export type RunShape = 'steady' | 'progressive' | 'intervals' | 'race';
export type PhaseName =
  | 'steady'
  | 'warm-up'
  | 'finish'
  | 'work'
  | 'recovery'
  | 'cool-down'
  | 'pre-race-calm'
  | 'pre-race-build'
  | 'faster-third'
  | 'final-kick';

export interface RunPhase {
  name: PhaseName;
  /** Seconds from the start of the run. */
  fromSeconds: number;
  toSeconds: number;
  /** Steps per minute the music should carry; null where any tempo will do (before a race). */
  targetTempoBpm: number | null;
  /** 0-1. */
  targetEnergy: number;
  /** 0-1. */
  targetValence: number;
}

/** What the shape needs of a MusicProfile: its three target values. */
export interface ProfileTargets {
  tempo: { value: number };
  energy: { value: number };
  valence: { value: number };
}

export type PlanForShape = Pick<PlannedRun, 'type' | 'distanceMeters' | 'paceSecondsPerKm'> & Pick<Partial<PlannedRun>, 'pacePlan'>;

/** Runs this long and longer are progressive (unless intervals or a race). */
export const PROGRESSIVE_FROM_METERS = 12_000;
/** Share of the planned time spent warming up (progressive runs and intervals). */
export const WARM_UP_SHARE = 0.15;
/** Share of the planned time that finishes strong (progressive runs). */
export const FINISH_SHARE = 0.2;
/** Share of the planned time spent cooling down (intervals). */
export const COOL_DOWN_SHARE = 0.1;
/** Nominal interval blocks, before stretching to fill the session: about two tracks hard, one easy. */
export const WORK_BLOCK_SECONDS = 360;
export const RECOVERY_BLOCK_SECONDS = 180;
/** The music before a race's start: half calm, half building up. */
export const PRE_RACE_SECONDS = 900;
/** A negative split runs the last third of the distance this much faster (speed). */
export const NEGATIVE_SPLIT_SPEED_UP = 1.025;
export const NEGATIVE_SPLIT_SHARE = 1 / 3;
/** Share of a race's distance that is the final kick. */
export const FINAL_KICK_SHARE = 0.1;

/** How each phase departs from the profile: tempo as a factor, energy and valence in points of 0-1. */
export const PHASE_SHIFTS: Record<PhaseName, { tempoFactor: number | null; energy: number; valence: number }> = {
  steady: { tempoFactor: 1, energy: 0, valence: 0 },
  'warm-up': { tempoFactor: 0.95, energy: -0.1, valence: 0 },
  finish: { tempoFactor: 1.04, energy: 0.1, valence: 0.05 },
  work: { tempoFactor: 1.04, energy: 0.1, valence: 0.05 },
  recovery: { tempoFactor: 0.95, energy: -0.2, valence: 0 },
  'cool-down': { tempoFactor: 0.95, energy: -0.2, valence: 0 },
  // Before the start any tempo will do: calm first, then building up to race energy.
  'pre-race-calm': { tempoFactor: null, energy: -0.4, valence: -0.1 },
  'pre-race-build': { tempoFactor: null, energy: -0.15, valence: 0 },
  // The race's own tempo changes come from the pace plan (see racePhases).
  'faster-third': { tempoFactor: 1, energy: 0.05, valence: 0.05 },
  'final-kick': { tempoFactor: 1, energy: 0.1, valence: 0.05 },
};

/** The words a runner reads for each phase. */
export const PHASE_LABELS: Record<PhaseName, string> = {
  steady: 'steady part',
  'warm-up': 'warm-up',
  finish: 'finish',
  work: 'hard blocks',
  recovery: 'recoveries',
  'cool-down': 'cool-down',
  'pre-race-calm': 'calm music before the start',
  'pre-race-build': 'build-up to the start',
  'faster-third': 'faster last third',
  'final-kick': 'final kick',
};

const PRE_RACE_PHASES: ReadonlySet<PhaseName> = new Set(['pre-race-calm', 'pre-race-build']);

/** The phases that play before a race starts. */
export function isPreRace(phase: Pick<RunPhase, 'name'>): boolean {
  return PRE_RACE_PHASES.has(phase.name);
}

/** The planned time of a run: distance × pace, in whole seconds. */
export function plannedDurationSeconds(plan: Pick<PlannedRun, 'distanceMeters' | 'paceSecondsPerKm'>): number {
  return Math.round((plan.distanceMeters / 1000) * plan.paceSecondsPerKm);
}

export function runShape(plan: Pick<PlannedRun, 'type' | 'distanceMeters'>): RunShape {
  if (plan.type === 'interval') return 'intervals';
  if (plan.type === 'race') return 'race';
  return plan.distanceMeters >= PROGRESSIVE_FROM_METERS ? 'progressive' : 'steady';
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** `cadenceFactor` multiplies the phase's own tempo factor (a race's pace plan). */
function phase(name: PhaseName, fromSeconds: number, toSeconds: number, profile: ProfileTargets, cadenceFactor = 1): RunPhase {
  const shift = PHASE_SHIFTS[name];
  return {
    name,
    fromSeconds: Math.round(fromSeconds),
    toSeconds: Math.round(toSeconds),
    targetTempoBpm: shift.tempoFactor === null ? null : round(profile.tempo.value * shift.tempoFactor * cadenceFactor, 1),
    targetEnergy: round(clamp01(profile.energy.value + shift.energy), 2),
    targetValence: round(clamp01(profile.valence.value + shift.valence), 2),
  };
}

/** The alternating middle of an interval session: whole hard and easy blocks, hard first and last. */
function intervalBlocks(fromSeconds: number, toSeconds: number, profile: ProfileTargets): RunPhase[] {
  const middle = toSeconds - fromSeconds;
  const workBlocks = Math.max(
    1,
    Math.round((middle + RECOVERY_BLOCK_SECONDS) / (WORK_BLOCK_SECONDS + RECOVERY_BLOCK_SECONDS)),
  );
  const stretch = middle / (workBlocks * WORK_BLOCK_SECONDS + (workBlocks - 1) * RECOVERY_BLOCK_SECONDS);
  const blocks: RunPhase[] = [];
  let at = fromSeconds;
  for (let i = 0; i < workBlocks; i++) {
    const workEnd = i === workBlocks - 1 ? toSeconds : at + WORK_BLOCK_SECONDS * stretch;
    blocks.push(phase('work', at, workEnd, profile));
    at = workEnd;
    if (i < workBlocks - 1) {
      const recoveryEnd = at + RECOVERY_BLOCK_SECONDS * stretch;
      blocks.push(phase('recovery', at, recoveryEnd, profile));
      at = recoveryEnd;
    }
  }
  return blocks;
}

/**
 * How much the cadence changes, relative to the cadence at `paceSecondsPerKm`, when running at
 * `otherPaceSecondsPerKm`: the prior's cadence-speed slope there. The prior rounds to whole steps,
 * too coarse for a 2.5 % change of speed, so its slope is read over a 1 m/s span around the pace.
 */
export function cadenceFactor(paceSecondsPerKm: number, otherPaceSecondsPerKm: number): number {
  const speed = 1000 / paceSecondsPerKm;
  const slope = priorCadenceSpm(1000 / (speed + 0.5)) - priorCadenceSpm(1000 / (speed - 0.5));
  return 1 + (slope * (1000 / otherPaceSecondsPerKm - speed)) / priorCadenceSpm(paceSecondsPerKm);
}

/** The race itself, from `start`: even, or a negative split; the last 10 % is the final kick. */
function racePhases(start: number, profile: ProfileTargets, plan: PlanForShape): RunPhase[] {
  const total = plannedDurationSeconds(plan);
  const km = plan.distanceMeters / 1000;
  const end = start + total;
  if (plan.pacePlan !== 'negative') {
    return [
      phase('steady', start, start + total * (1 - FINAL_KICK_SHARE), profile),
      phase('final-kick', start + total * (1 - FINAL_KICK_SHARE), end, profile),
    ];
  }
  // The first two thirds a little slower than the goal pace, the last third 2.5 % faster, the same finish time.
  const firstPace = plan.paceSecondsPerKm / (1 - NEGATIVE_SPLIT_SHARE + NEGATIVE_SPLIT_SHARE / NEGATIVE_SPLIT_SPEED_UP);
  const fastPace = firstPace / NEGATIVE_SPLIT_SPEED_UP;
  const firstEnd = start + km * (1 - NEGATIVE_SPLIT_SHARE) * firstPace;
  const kickStart = end - km * FINAL_KICK_SHARE * fastPace;
  const slower = cadenceFactor(plan.paceSecondsPerKm, firstPace);
  const faster = cadenceFactor(plan.paceSecondsPerKm, fastPace);
  return [
    phase('steady', start, firstEnd, profile, slower),
    phase('faster-third', firstEnd, kickStart, profile, faster),
    phase('final-kick', kickStart, end, profile, faster),
  ];
}

/**
 * The phases of a planned run, in order, covering 0 to the planned time with no gap (for a race,
 * 0 to the pre-race block and the race). Tracks that play past the planned end (the playlist runs a
 * few minutes long) keep the last phase's targets.
 */
export function runPhases(profile: ProfileTargets, plan: PlanForShape): RunPhase[] {
  const total = plannedDurationSeconds(plan);
  const shape = runShape(plan);
  if (shape === 'steady') return [phase('steady', 0, total, profile)];
  if (shape === 'race') {
    return [
      phase('pre-race-calm', 0, PRE_RACE_SECONDS / 2, profile),
      phase('pre-race-build', PRE_RACE_SECONDS / 2, PRE_RACE_SECONDS, profile),
      ...racePhases(PRE_RACE_SECONDS, profile, plan),
    ];
  }
  const warmUpEnd = total * WARM_UP_SHARE;
  if (shape === 'progressive') {
    const finishStart = total * (1 - FINISH_SHARE);
    return [
      phase('warm-up', 0, warmUpEnd, profile),
      phase('steady', warmUpEnd, finishStart, profile),
      phase('finish', finishStart, total, profile),
    ];
  }
  const coolDownStart = total * (1 - COOL_DOWN_SHARE);
  return [
    phase('warm-up', 0, warmUpEnd, profile),
    ...intervalBlocks(Math.round(warmUpEnd), Math.round(coolDownStart), profile),
    phase('cool-down', coolDownStart, total, profile),
  ];
}

/** The phase playing at `seconds` into the run; past the planned end, the last one. */
export function phaseIndexAt(phases: readonly RunPhase[], seconds: number): number {
  for (let i = 0; i < phases.length; i++) {
    if (seconds < phases[i]!.toSeconds) return i;
  }
  return phases.length - 1;
}
