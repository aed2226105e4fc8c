/**
 * Cadence against pace: the runner's runs, and what the tempo model and the research prior
 * expect across the runner's range of paces for a typical easy run of theirs tomorrow (their
 * usual easy distance, at their usual hour, in their current form). The same features and the
 * same prediction as the planner's (lib/model/predict.ts), one pace at a time.
 */
import { featuresFor } from '../features';
import { runPaceSecondsPerKm, type Run } from '../runs';
import { localDateText, localDayNumber, median, quantileOfSorted, type TrainingSeries } from '../training-load';
import { featureRow, imputeRow } from './dataset';
import { tempoLabel } from './labels';
import { predictTarget } from './learner';
import { priorCadenceSpm } from './prior';
import { compatibleTarget } from './selection';
import type { ModelTarget } from './trainer';

/** Points along each curve. */
export const CURVE_POINTS = 25;
/** An 8 km easy run at the next hour is the planner's default; the same when the history says nothing. */
const DEFAULT_EASY_METERS = 8000;
const DEFAULT_HOUR = 7;
/** The paces drawn when the runner has too few runs with one: 4:00 to 7:30 per km. */
const DEFAULT_PACES = { fastest: 240, slowest: 450 } as const;
/** The newest runs the typical easy run is drawn from. */
const TYPICAL_RUNS = 60;

export interface RunCadence {
  runId: string;
  startTime: number;
  paceSecondsPerKm: number;
  cadenceSpm: number;
}

/** Every run with both a pace and a plausible cadence, oldest first. */
export function runCadences(history: readonly Run[]): RunCadence[] {
  return history
    .flatMap((run) => {
      const pace = runPaceSecondsPerKm(run);
      const label = tempoLabel(run);
      return pace !== undefined && Number.isFinite(pace) && label ? [{ runId: run.id, startTime: run.startTime, paceSecondsPerKm: pace, cadenceSpm: label.value }] : [];
    })
    .sort((a, b) => a.startTime - b.startTime);
}

export interface CadenceCurvePoint {
  paceSecondsPerKm: number;
  prior: number;
  /** The tempo model's cadence, when the runner has one made for these features. */
  model?: number;
}

export interface CadenceCurves {
  /** The typical easy run the curves are for. */
  plan: { startLocal: string; distanceMeters: number };
  points: CadenceCurvePoint[];
}

const typeOf = (run: Run) => run.runTypeCorrection ?? run.runType?.type;

/**
 * The curves from `todayLocal` ("YYYY-MM-DD"): a typical easy run tomorrow, at paces from the
 * runner's fastest 5 % to their slowest 5 % of runs with a cadence.
 */
export function cadenceCurves(history: readonly Run[], series: TrainingSeries, tempo: ModelTarget | undefined, todayLocal: string): CadenceCurves {
  const sorted = [...history].sort((a, b) => a.startTime - b.startTime);
  const newest = sorted.slice(-TYPICAL_RUNS);
  const easy = newest.filter((run) => typeOf(run) === 'easy' && run.distanceMeters);
  const distance = median((easy.length >= 3 ? easy : newest).flatMap((run) => (run.distanceMeters ? [run.distanceMeters] : [])));
  const hour = median(newest.map((run) => Number(run.startLocal.slice(11, 13))));
  const startLocal = `${localDateText(localDayNumber(todayLocal) + 1)}T${String(Number.isFinite(hour) ? Math.round(hour) : DEFAULT_HOUR).padStart(2, '0')}:00`;
  const distanceMeters = Number.isFinite(distance) ? Math.round(distance / 100) * 100 : DEFAULT_EASY_METERS;

  const paces = runCadences(history)
    .map((run) => run.paceSecondsPerKm)
    .sort((a, b) => a - b);
  const fastest = paces.length >= 5 ? quantileOfSorted(paces, 0.05) : DEFAULT_PACES.fastest;
  const slowest = paces.length >= 5 ? quantileOfSorted(paces, 0.95) : DEFAULT_PACES.slowest;
  const span = Math.max(slowest - fastest, 30);

  const usable = tempo && compatibleTarget(tempo) ? tempo : undefined;
  // Only the last runs and the training state count for a plan's features: the rest is left out.
  const state = series.stateAt(startLocal);
  const recent = sorted.slice(-TYPICAL_RUNS);
  const points = Array.from({ length: CURVE_POINTS }, (_, i): CadenceCurvePoint => {
    const pace = fastest + (span * i) / (CURVE_POINTS - 1);
    const point: CadenceCurvePoint = { paceSecondsPerKm: pace, prior: priorCadenceSpm(pace) };
    if (usable) {
      const features = featuresFor({ startLocal, distanceMeters, paceSecondsPerKm: pace, runType: 'easy' }, recent, { state });
      point.model = predictTarget(usable.model, imputeRow(usable.imputer, featureRow(features)));
    }
    return point;
  });
  return { plan: { startLocal, distanceMeters }, points };
}
