import { z } from './zod';
import { FASTEST_PACE_S_PER_KM, LONGEST_RUN_M, SLOWEST_PACE_S_PER_KM } from './units';

/** The kinds of run RunSound plans for, from calmest to hardest. */
export const RUN_TYPES = ['recovery', 'easy', 'long', 'steady', 'tempo', 'interval', 'race'] as const;
export type RunType = (typeof RUN_TYPES)[number];

export const RUN_TYPE_LABELS: Record<RunType, string> = {
  recovery: 'Recovery',
  easy: 'Easy',
  long: 'Long run',
  steady: 'Steady',
  tempo: 'Tempo',
  interval: 'Intervals',
  race: 'Race',
};

/** A local wall-clock time as an <input type="datetime-local"> gives it: "2026-11-25T18:00". */
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** How a race is paced: evenly, or a negative split (the last third faster). */
export const PACE_PLANS = ['even', 'negative'] as const;
export type PacePlan = (typeof PACE_PLANS)[number];

export const plannedRunSchema = z.object({
  type: z.enum(RUN_TYPES),
  paceSecondsPerKm: z.number().min(FASTEST_PACE_S_PER_KM).max(SLOWEST_PACE_S_PER_KM),
  distanceMeters: z.number().min(100).max(LONGEST_RUN_M),
  start: z.string().regex(LOCAL_DATE_TIME, 'start must be a local date and time like 2026-11-25T18:00'),
  /** Where the run starts, for its forecast; without it, the runner's home. */
  place: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
  /** Races only: how the race is paced; without it, even. */
  pacePlan: z.enum(PACE_PLANS).optional(),
});
export type PlannedRun = z.infer<typeof plannedRunSchema>;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The local wall-clock text of a Date, minute precision. */
export function toLocalDateTime(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The next full hour after `now`, as local wall-clock text. */
export function nextFullHour(now: Date): string {
  const next = new Date(now);
  next.setMinutes(0, 0, 0);
  next.setHours(next.getHours() + 1);
  return toLocalDateTime(next);
}

/** The next time the clock shows `hourMinute` ("07:30") after `now`, as local wall-clock text. */
export function nextAt(hourMinute: string, now: Date): string {
  const [hour, minute] = hourMinute.split(':').map(Number) as [number, number];
  const next = new Date(now);
  next.setHours(hour, minute, 0, 0);
  if (next <= now) next.setDate(next.getDate() + 1);
  return toLocalDateTime(next);
}

/** Hour of day (0-23) and day of week (0 = Sunday) of a planned start. */
export function startParts(start: string): { hour: number; dayOfWeek: number } {
  const [datePart, timePart] = start.split('T') as [string, string];
  const [y, m, d] = datePart.split('-').map(Number) as [number, number, number];
  return { hour: Number(timePart.slice(0, 2)), dayOfWeek: new Date(Date.UTC(y, m - 1, d)).getUTCDay() };
}

/**
 * What the planner opens on before the runner has typed anything: an easy 8 km at
 * 6:00/km, close to the typical recreational easy run, starting at the next full hour.
 */
export function defaultPlan(now: Date): PlannedRun {
  return { type: 'easy', paceSecondsPerKm: 360, distanceMeters: 8000, start: nextFullHour(now) };
}

