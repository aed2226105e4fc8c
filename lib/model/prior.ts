/**
 * The cold-start prior: a music profile for a planned run before RunSound knows the runner.
 * Every number comes from published research summarised in the project's API notes (§4):
 *
 * - Cadence rises with speed. Novices run at about 154-160 steps/min at 2.4-2.9 m/s and add
 *   about 12 steps/min per m/s; elite ultra runners average 182 steps/min and add only about
 *   5.6 per m/s. The prior starts at 157 steps/min at 2.65 m/s, climbs 12 per m/s up to
 *   3.5 m/s and 5.6 per m/s beyond, and stays within 140-190, the range Spotify's Running
 *   feature offered.
 * - Music whose beat matches the step rate helps (Terry et al. 2012: 18-20 % longer time to
 *   exhaustion, 1-2.7 % lower oxygen cost), so the target tempo is the predicted cadence; a
 *   track at half that tempo fits too.
 * - Preferred music intensity rises with exercise intensity (Karageorghis & Jones 2014), so
 *   energy follows the effort the run type implies.
 * - Positive (high-valence) music is the motivational default; hard sessions get a little more
 *   of it, recovery runs and runs in the dark a little less, and a cold or wet day a little more
 *   (music as a mood lift when conditions are against the runner).
 * - When fatigue is elevated or high, or the day is hot, the energy target comes down a little,
 *   so the music does not push a tired or overheating runner beyond the planned effort.
 */
import { startParts, type PlannedRun, type RunType } from '../plan';
import type { RunWeather } from '../runs';
import type { FatigueLevel } from '../training-load';
import { formatPace, type Units } from '../units';
import { energyInWords, type MusicProfile } from './profile';

const BASE_CADENCE_SPM = 157;
const BASE_SPEED_MPS = 2.65;
const NOVICE_SLOPE = 12;
const FAST_SLOPE = 5.6;
const SLOPE_CHANGE_MPS = 3.5;
const MIN_CADENCE_SPM = 140;
const MAX_CADENCE_SPM = 190;

/** Cadence in steps per minute the prior expects at a pace (seconds per km). */
export function priorCadenceSpm(paceSecondsPerKm: number): number {
  const speed = 1000 / paceSecondsPerKm;
  const slow = Math.min(speed, SLOPE_CHANGE_MPS) - BASE_SPEED_MPS;
  const fast = Math.max(0, speed - SLOPE_CHANGE_MPS);
  const cadence = BASE_CADENCE_SPM + NOVICE_SLOPE * slow + FAST_SLOPE * fast;
  return Math.round(Math.min(MAX_CADENCE_SPM, Math.max(MIN_CADENCE_SPM, cadence)));
}

/** Effort each run type implies, as music energy 0-1. */
export const PRIOR_ENERGY: Record<RunType, number> = {
  recovery: 0.35,
  easy: 0.45,
  long: 0.5,
  steady: 0.6,
  tempo: 0.75,
  interval: 0.85,
  race: 0.9,
};

/** How the reasons name each run type. */
const RUN_PHRASE: Record<RunType, string> = {
  recovery: 'A recovery run',
  easy: 'An easy run',
  long: 'A long run',
  steady: 'A steady run',
  tempo: 'A tempo run',
  interval: 'An interval session',
  race: 'A race',
};

const BASE_VALENCE = 0.6;
const VALENCE_SHIFT: Partial<Record<RunType, number>> = { interval: 0.1, race: 0.1, tempo: 0.05, recovery: -0.05 };
/** Before 6:00 or from 21:00 the prior picks calmer, less bright music. */
const DARK_HOURS = (hour: number) => hour < 6 || hour >= 21;

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** What the planned run will meet: its forecast and the runner's fatigue going into it. */
export interface RunConditions {
  weather?: Pick<RunWeather, 'temperatureC' | 'precipitationMm' | 'source'>;
  fatigue?: FatigueLevel;
}

const FATIGUE_ENERGY_SHIFT: Record<FatigueLevel, number> = { normal: 0, elevated: -0.05, high: -0.1 };
const HOT_C = 25;
const COLD_C = 5;
const WET_MM = 0.5;

export function priorProfile(plan: PlannedRun, units: Units, conditions: RunConditions = {}): MusicProfile {
  const cadence = priorCadenceSpm(plan.paceSecondsPerKm);
  const run = RUN_PHRASE[plan.type];
  const weather = conditions.weather?.source === 'fallback' ? undefined : conditions.weather;

  const fatigueShift = FATIGUE_ENERGY_SHIFT[conditions.fatigue ?? 'normal'];
  const hot = weather !== undefined && weather.temperatureC > HOT_C;
  const energy = round2(Math.max(0.1, PRIOR_ENERGY[plan.type] + fatigueShift + (hot ? -0.05 : 0)));
  const energyReasons = [`${run} calls for ${energyInWords(PRIOR_ENERGY[plan.type]).toLowerCase().replace(' energy', '-energy')} music.`];
  if (fatigueShift < 0) energyReasons.push(`Your fatigue is ${conditions.fatigue}: a little less energy (${Math.round(fatigueShift * 100)}).`);
  if (hot) energyReasons.push(`It will be hot (${Math.round(weather.temperatureC)} °C): a little less energy (−5).`);

  const { hour } = startParts(plan.start);
  const typeShift = VALENCE_SHIFT[plan.type] ?? 0;
  const darkShift = DARK_HOURS(hour) ? -0.05 : 0;
  const grey = weather !== undefined && (weather.precipitationMm >= WET_MM || weather.temperatureC < COLD_C);
  const valence = round2(BASE_VALENCE + typeShift + darkShift + (grey ? 0.05 : 0));
  const valenceReasons = ['Upbeat music is the motivational default for training runs.'];
  if (typeShift > 0) valenceReasons.push(`${run} gets brighter music.`);
  if (typeShift < 0) valenceReasons.push(`${run} gets calmer music.`);
  if (darkShift < 0) valenceReasons.push('A start in the dark (before 6 in the morning or from 9 in the evening) gets calmer music.');
  if (grey) valenceReasons.push(weather.precipitationMm >= WET_MM ? 'Rain is forecast: brighter music.' : 'It will be cold: brighter music.');

  return {
    tempo: {
      value: cadence,
      source: 'prior',
      reasons: [
        `At ${formatPace(plan.paceSecondsPerKm, units)} runners typically take about ${cadence} steps per minute.`,
        'Music whose beat matches your steps makes running feel easier.',
      ],
    },
    energy: { value: energy, source: 'prior', reasons: energyReasons },
    valence: { value: valence, source: 'prior', reasons: valenceReasons },
  };
}
