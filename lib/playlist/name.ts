/**
 * The name and description a generated playlist gets in Spotify, in the runner's units:
 * "Tempo Run | 5:15/km | 10.0km @ 165 BPM" or "Tempo Run | 8:27/mi | 6.2mi @ 165 BPM".
 */
import type { ProfileSource } from '../model/profile';
import type { PlannedRun, RunType } from '../plan';
import { distanceUnit, formatDistance, formatPace, type Units } from '../units';
import { PRE_RACE_SECONDS, runPhases, runShape, type PlanForShape, type ProfileTargets, type RunPhase } from './shape';

/** Spotify's limits for a playlist's name and description, in characters. */
export const SPOTIFY_NAME_MAX = 100;
export const SPOTIFY_DESCRIPTION_MAX = 300;

/** What a playlist calls each run type (RUN_TYPE_LABELS are the planner's shorter words). */
export const PLAYLIST_RUN_NAMES: Record<RunType, string> = {
  recovery: 'Recovery Run',
  easy: 'Easy Run',
  long: 'Long Run',
  steady: 'Steady Run',
  tempo: 'Tempo Run',
  interval: 'Interval Session',
  race: 'Race',
};

/**
 * Text Spotify accepts: one line, no '<' or '>', at most `max` characters (cut at a word with an
 * ellipsis when longer). Counted in UTF-16 units, never fewer than Spotify's characters.
 */
export function spotifyText(text: string, max: number): string {
  const clean = text
    .replace(/[<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** "Tempo Run | 5:15/km | 10.0km @ 165 BPM". */
export function playlistName(
  plan: Pick<PlannedRun, 'type' | 'paceSecondsPerKm' | 'distanceMeters'>,
  tempoBpm: number,
  units: Units,
): string {
  const distance = `${formatDistance(plan.distanceMeters, units, false)}${distanceUnit(units)}`;
  const name = `${PLAYLIST_RUN_NAMES[plan.type]} | ${formatPace(plan.paceSecondsPerKm, units)} | ${distance} @ ${Math.round(tempoBpm)} BPM`;
  return spotifyText(name, SPOTIFY_NAME_MAX);
}

export interface DescribedProfile extends ProfileTargets {
  tempo: { value: number; source?: ProfileSource };
}

function bpm(phase: RunPhase | undefined): string {
  return `${Math.round(phase?.targetTempoBpm ?? 0)} BPM`;
}

function shapeInWords(phases: readonly RunPhase[], plan: PlanForShape): string {
  switch (runShape(plan)) {
    case 'steady':
      return 'Steady all the way.';
    case 'progressive': {
      const [warmUp, steady, finish] = phases;
      return `Progressive: warm-up at ${bpm(warmUp)}, steady at ${bpm(steady)}, a stronger finish at ${bpm(finish)}.`;
    }
    case 'intervals': {
      const work = phases.filter((phase) => phase.name === 'work');
      const recovery = phases.find((phase) => phase.name === 'recovery' || phase.name === 'cool-down');
      const blocks = work.length === 1 ? '1 hard block' : `${work.length} hard blocks`;
      return `Intervals: ${blocks} at ${bpm(work[0])}, easier music at ${bpm(recovery)} around them.`;
    }
    case 'race': {
      const before = `Race: ${Math.round(PRE_RACE_SECONDS / 60)} min of calm, then rising music before the start;`;
      const kick = 'the strongest tracks for the final kick.';
      const steady = phases.find((phase) => phase.name === 'steady');
      const faster = phases.find((phase) => phase.name === 'faster-third');
      if (faster) {
        // The rise is small (cadence changes little with speed): tenths when whole BPM would hide it.
        const hidden = bpm(steady) === bpm(faster);
        const tenths = (phase: RunPhase | undefined) => `${(phase?.targetTempoBpm ?? 0).toFixed(1)} BPM`;
        const [from, to] = hidden ? [tenths(steady), tenths(faster)] : [bpm(steady), bpm(faster)];
        return `${before} a negative split at ${from}, then ${to} for the faster last third; ${kick}`;
      }
      return `${before} even pace at ${bpm(steady)}; ${kick}`;
    }
  }
}

/**
 * "Music at 165 BPM to match your cadence (predicted from your runs), energy 55/100, valence
 * 60/100. Progressive: warm-up at 157 BPM, ... Made by RunSound."
 */
export function playlistDescription(profile: DescribedProfile, plan: PlanForShape): string {
  const source =
    profile.tempo.source === 'model'
      ? ' (predicted from your runs)'
      : profile.tempo.source === 'prior'
        ? ' (from typical runners at your pace)'
        : '';
  const points = (value: number): string => `${Math.round(value * 100)}/100`;
  const text = [
    `Music at ${Math.round(profile.tempo.value)} BPM to match your cadence${source},`,
    `energy ${points(profile.energy.value)}, valence ${points(profile.valence.value)}.`,
    shapeInWords(runPhases(profile, plan), plan),
    'Made by RunSound.',
  ].join(' ');
  return spotifyText(text, SPOTIFY_DESCRIPTION_MAX);
}
