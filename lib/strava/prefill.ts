/** The plan a Strava page suggests: "a run like this one", or a run of this route. */
import { defaultPlan, nextAt, plannedRunSchema, type PlannedRun, type RunType } from '../plan';
import { runTypeFromName } from '../run-type';
import { formatDistance, formatElevation, formatPace, type Units } from '../units';
import type { ActivityFacts, RouteFacts } from './page-facts';
import { RUN_SPORT_TYPES } from '../runs';

export interface PlanPrefill {
  plan: PlannedRun;
  /** What was taken from the page, in the runner's words and units. */
  note: string;
}

/** Keeps only the values a plan accepts; the rest stay as in `base`. */
function merge(base: PlannedRun, changes: Partial<PlannedRun>): PlannedRun {
  const plan = { ...base };
  for (const [key, value] of Object.entries(changes) as Array<[keyof PlannedRun, never]>) {
    const candidate = { ...plan, [key]: value };
    if (value !== undefined && plannedRunSchema.safeParse(candidate).success) plan[key] = value;
  }
  return plan;
}

export function planFromActivity(facts: ActivityFacts, units: Units, now: Date): PlanPrefill {
  const base = defaultPlan(now);
  if (facts.sportType && !RUN_SPORT_TYPES.has(facts.sportType)) {
    return { plan: base, note: `This activity is a ${facts.sportType}, not a run, so the plan starts from an easy run.` };
  }
  const pace =
    facts.distanceMeters && facts.movingTimeSeconds ? (facts.movingTimeSeconds / facts.distanceMeters) * 1000 : undefined;
  const plan = merge(base, {
    type: (facts.name && runTypeFromName(facts.name)) || base.type,
    distanceMeters: facts.distanceMeters,
    paceSecondsPerKm: pace,
  });
  const what = facts.name ? `“${facts.name}”` : 'this activity';
  if (!facts.distanceMeters) {
    return { plan, note: `RunSound could not read the distance of ${what}; adjust the plan below.` };
  }
  return {
    plan,
    note: `A run like ${what}: ${formatDistance(plan.distanceMeters, units)} at ${formatPace(plan.paceSecondsPerKm, units)}.`,
  };
}

export function planFromRoute(facts: RouteFacts, units: Units, now: Date, start?: { lat: number; lng: number }): PlanPrefill {
  const plan = merge(defaultPlan(now), { distanceMeters: facts.distanceMeters, place: start });
  const what = facts.name ? `“${facts.name}”` : 'this route';
  if (!facts.distanceMeters) {
    return { plan, note: `RunSound could not read the distance of ${what}; adjust the plan below.` };
  }
  const climb = facts.elevationGainMeters ? ` with ${formatElevation(facts.elevationGainMeters, units)} of climbing` : '';
  const from = start ? ' The forecast is for its start.' : '';
  return { plan, note: `A run of ${what}: ${formatDistance(plan.distanceMeters, units)}${climb}. Choose your type and pace.${from}` };
}

/** What the history knows of a run, as the Strava panel asks for it. */
export interface StoredRunSummary {
  name: string;
  type: RunType;
  distanceMeters?: number;
  paceSecondsPerKm?: number;
  startLocal: string;
  start?: { lat: number; lng: number };
}

/** "A run like this one" from the runner's own history: its type, pace, distance, time of day and place. */
export function planFromStoredRun(run: StoredRunSummary, units: Units, now: Date): PlanPrefill {
  const plan = merge(defaultPlan(now), {
    type: run.type,
    distanceMeters: run.distanceMeters,
    paceSecondsPerKm: run.paceSecondsPerKm,
    start: nextAt(run.startLocal.slice(11, 16), now),
    place: run.start,
  });
  return {
    plan,
    note: `A run like “${run.name}” from your history: ${formatDistance(plan.distanceMeters, units)} at ${formatPace(plan.paceSecondsPerKm, units)}, at ${run.startLocal.slice(11, 16)}${run.start ? ', from the same place' : ''}.`,
  };
}
