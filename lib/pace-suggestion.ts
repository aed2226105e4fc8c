/**
 * The pace the runner usually runs a type of run at: the interquartile range of their runs of
 * that type in the 90 days before the planned start, and how many runs it rests on.
 */
import type { RunType } from './plan';
import { runPaceSecondsPerKm, type Run } from './runs';
import { quantileOfSorted } from './training-load';

export const SUGGESTION_DAYS = 90;
/** Fewer runs than this say too little about a usual pace. */
export const MIN_RUNS_FOR_SUGGESTION = 3;

export interface PaceSuggestion {
  type: RunType;
  /** Seconds per km: the faster and the slower end of the middle half of their paces. */
  fastSecondsPerKm: number;
  slowSecondsPerKm: number;
  runs: number;
}

/** The local date `days` before a "YYYY-MM-DDTHH:mm" start, in the same form. */
function daysBefore(startLocal: string, days: number): string {
  const [date, time] = startLocal.split('T') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const earlier = new Date(Date.UTC(y, m - 1, d - days));
  return `${earlier.toISOString().slice(0, 10)}T${time}`;
}

export function paceSuggestion(history: readonly Run[], type: RunType, startLocal: string): PaceSuggestion | undefined {
  const from = daysBefore(startLocal, SUGGESTION_DAYS);
  const paces = history
    .filter((run) => run.startLocal >= from && run.startLocal < startLocal)
    .filter((run) => (run.runTypeCorrection ?? run.runType?.type) === type)
    .map(runPaceSecondsPerKm)
    .filter((pace): pace is number => pace !== undefined)
    .sort((a, b) => a - b);
  if (paces.length < MIN_RUNS_FOR_SUGGESTION) return undefined;
  return { type, fastSecondsPerKm: quantileOfSorted(paces, 0.25), slowSecondsPerKm: quantileOfSorted(paces, 0.75), runs: paces.length };
}
