/**
 * The music profile of a planned run: from the runner's model for each target it has, from the
 * research prior for the others, each with where it came from, how good it is and why.
 */
import { featuresFor, type FeatureName } from '../features';
import { paceSuggestion, type PaceSuggestion } from '../pace-suggestion';
import type { PlannedRun } from '../plan';
import type { Run, RunWeather } from '../runs';
import type { TrainingSeries, TrainingState } from '../training-load';
import type { Units } from '../units';
import { featureRow, imputeRow } from './dataset';
import { explainTarget, predictTarget } from './learner';
import { priorProfile } from './prior';
import type { MusicProfile, ProfileTarget } from './profile';
import { targetProblem } from './selection';
import type { ModelTarget, StoredModel } from './trainer';
import { TARGETS, type Target } from './types';

/** Features in the runner's words, for the reasons shown beside a prediction. */
export const FEATURE_LABELS: Record<FeatureName, string> = {
  paceSecondsPerKm: 'your planned pace',
  distanceKm: 'the distance',
  durationMinutes: 'how long the run lasts',
  elevationGainMeters: 'the climb',
  climbMetersPerKm: 'how hilly it is',
  temperatureC: 'the temperature',
  temperatureBin: 'the temperature',
  precipitationMm: 'the rain',
  windSpeedKmh: 'the wind',
  humidityPct: 'the humidity',
  hourOfDay: 'the time of day',
  dayOfWeek: 'the day of the week',
  runTypeCode: 'the type of run',
  lengthBin: 'the distance',
  km7Before: 'your kilometres in the last 7 days',
  km28Before: 'your kilometres in the last 4 weeks',
  ctlBefore: 'your fitness',
  atlBefore: 'your fatigue',
  tsbBefore: 'your form',
  fatigueLevel: 'your fatigue',
  daysSinceLastRun: 'the days since your last run',
  recentPaceCv: 'how varied your recent paces were',
  recentPaceSecondsPerKm: 'your recent pace',
  paceVsRecentMedian: 'the pace against your usual',
  recentCadenceSpm: 'your recent cadence',
};

/** A push in the target's unit: BPM for tempo, points out of 100 for energy and valence. */
const FORMAT_PUSH: Record<Target, (value: number) => string> = {
  tempo: (v) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)} BPM`,
  energy: (v) => `${v >= 0 ? '+' : '−'}${Math.abs(Math.round(v * 100))}`,
  valence: (v) => `${v >= 0 ? '+' : '−'}${Math.abs(Math.round(v * 100))}`,
};

/** How many reasons a prediction shows. */
const TOP_PUSHES = 3;

function fromModel(target: Target, stored: ModelTarget, imputed: number[], featureNames: readonly FeatureName[]): ProfileTarget {
  const raw = predictTarget(stored.model, imputed);
  const value = target === 'tempo' ? Math.round(raw) : Math.min(1, Math.max(0, Math.round(raw * 100) / 100));
  const { pushes } = explainTarget(stored.model, imputed);
  const top = pushes
    .map((effect, column) => ({ feature: featureNames[column]!, effect }))
    .filter((push) => Math.abs(push.effect) > 1e-9)
    .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect))
    .slice(0, TOP_PUSHES)
    .map((push) => ({ ...push, label: FEATURE_LABELS[push.feature as FeatureName] ?? push.feature }));
  const { metrics } = stored;
  // How many runs it learned from and how close it gets are said once, by accuracyInWords (./profile).
  const reasons = [
    ...(target === 'tempo' ? ['It starts from your recent cadence and adjusts it for this run.'] : []),
    ...top.map((push) => `${push.label[0]!.toUpperCase()}${push.label.slice(1)}: ${FORMAT_PUSH[target](push.effect)}.`),
  ];
  return {
    value,
    source: 'model',
    reasons,
    accuracy: { r2: metrics.r2, mae: metrics.mae, baselineMae: metrics.baselineMae, nTrain: metrics.nTrain, nTest: metrics.nTest },
    pushes: top,
  };
}

export interface PredictionContext {
  model?: StoredModel;
  /** The runner's history (processed runs); only runs before the planned start count. */
  history: readonly Run[];
  /** The history's training series, built once and kept while the history does not change. */
  series?: TrainingSeries;
  /** The forecast for the planned hour and place (or the marked fallback). */
  weather?: RunWeather;
}

/**
 * The profile of a planned run: each target from the model when it has one that answers (made
 * for these features, and better than guessing the runner's usual on their newest runs), else
 * the prior, which then says why the runner's own model does not answer.
 */
export function predictProfile(plan: PlannedRun, units: Units, context: PredictionContext): MusicProfile {
  const state = context.history.length ? context.series?.stateAt(plan.start) : undefined;
  const prior = priorProfile(plan, units, { weather: context.weather, fatigue: state?.fatigue.level });
  const profile = { ...prior };
  const usable: Target[] = [];
  for (const target of TARGETS) {
    const stored = context.model?.targets[target];
    if (!stored) continue;
    const problem = targetProblem(stored);
    if (problem) profile[target] = { ...prior[target], reasons: [`Your own model for ${target} is not used: ${problem}.`, ...prior[target].reasons] };
    else usable.push(target);
  }
  if (!usable.length) return profile;
  const row = featureRow(
    featuresFor(
      { startLocal: plan.start, distanceMeters: plan.distanceMeters, paceSecondsPerKm: plan.paceSecondsPerKm, runType: plan.type, weather: context.weather },
      context.history,
      { state },
    ),
  );
  for (const target of usable) {
    const stored = context.model!.targets[target]!;
    profile[target] = fromModel(target, stored, imputeRow(stored.imputer, row), stored.featureNames);
  }
  return profile;
}

/** Everything the planner shows about a planned run. */
export interface PlanInsight {
  profile: MusicProfile;
  /** The forecast for the planned hour and place, or the fallback (15 °C, dry, calm), marked. */
  weather?: RunWeather;
  /** Fitness, fatigue and form going into the planned day; none without a history. */
  training?: TrainingState;
  /** The runner's usual pace for this type of run; none below 3 runs of it in 90 days. */
  suggestion?: PaceSuggestion;
}

export function planInsight(plan: PlannedRun, units: Units, context: PredictionContext): PlanInsight {
  return {
    profile: predictProfile(plan, units, context),
    weather: context.weather,
    training: context.history.length ? context.series?.stateAt(plan.start) : undefined,
    suggestion: paceSuggestion(context.history, plan.type, plan.start),
  };
}
