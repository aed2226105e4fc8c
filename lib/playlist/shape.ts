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
 * - A race is run at even effort from the gun (its warm-up happens before the start): steady.
 */
import type { PlannedRun } from '../plan';

export type RunShape = 'steady' | 'progressive' | 'intervals';
export type PhaseName = 'steady' | 'warm-up' | 'finish' | 'work' | 'recovery' | 'cool-down';

export interface RunPhase {
  name: PhaseName;
  /** Seconds from the start of the run. */
  fromSeconds: number;
  toSeconds: number;
  /** Steps per minute the music should carry. */
  targetTempoBpm: number;
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

export type PlanForShape = Pick<PlannedRun, 'type' | 'distanceMeters' | 'paceSecondsPerKm'>;

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

/** How each phase departs from the profile: tempo as a factor, energy and valence in points of 0-1. */
export const PHASE_SHIFTS: Record<PhaseName, { tempoFactor: number; energy: number; valence: number }> = {
  steady: { tempoFactor: 1, energy: 0, valence: 0 },
  'warm-up': { tempoFactor: 0.95, energy: -0.1, valence: 0 },
  finish: { tempoFactor: 1.04, energy: 0.1, valence: 0.05 },
  work: { tempoFactor: 1.04, energy: 0.1, valence: 0.05 },
  recovery: { tempoFactor: 0.95, energy: -0.2, valence: 0 },
  'cool-down': { tempoFactor: 0.95, energy: -0.2, valence: 0 },
};

/** The words a runner reads for each phase. */
export const PHASE_LABELS: Record<PhaseName, string> = {
  steady: 'steady part',
  'warm-up': 'warm-up',
  finish: 'finish',
  work: 'hard blocks',
  recovery: 'recoveries',
  'cool-down': 'cool-down',
};

/** The planned time of a run: distance × pace, in whole seconds. */
export function plannedDurationSeconds(plan: Pick<PlannedRun, 'distanceMeters' | 'paceSecondsPerKm'>): number {
  return Math.round((plan.distanceMeters / 1000) * plan.paceSecondsPerKm);
}

export function runShape(plan: Pick<PlannedRun, 'type' | 'distanceMeters'>): RunShape {
  if (plan.type === 'interval') return 'intervals';
  if (plan.type === 'race') return 'steady';
  return plan.distanceMeters >= PROGRESSIVE_FROM_METERS ? 'progressive' : 'steady';
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function phase(name: PhaseName, fromSeconds: number, toSeconds: number, profile: ProfileTargets): RunPhase {
  const shift = PHASE_SHIFTS[name];
  return {
    name,
    fromSeconds: Math.round(fromSeconds),
    toSeconds: Math.round(toSeconds),
    targetTempoBpm: round(profile.tempo.value * shift.tempoFactor, 1),
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
 * The phases of a planned run, in order, covering 0 to the planned time with no gap. Tracks that
 * play past the planned end (the playlist runs a few minutes long) keep the last phase's targets.
 */
export function runPhases(profile: ProfileTargets, plan: PlanForShape): RunPhase[] {
  const total = plannedDurationSeconds(plan);
  const shape = runShape(plan);
  if (shape === 'steady') return [phase('steady', 0, total, profile)];
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
