/**
 * Which of the runner's models answers for each target, decided per target: a new training can
 * improve tempo while energy keeps the model in use, and a target the new training has no
 * model for (too few labelled runs now) keeps the one it had.
 *
 * Two models of one target are compared by their holdout skill, each on its own time-ordered
 * holdout: the holdout MAE over the MAE of always guessing the runner's median there. Errors of
 * different holdouts cannot be compared directly (harder runs, another season), while the share
 * of the guess's error a model removes can.
 */
import { FEATURE_NAMES } from '../features';
import type { ModelTarget, StoredModel } from './trainer';
import { TARGETS, type Target, type TargetMetrics } from './types';

/**
 * A new target is clearly worse, and the one in use stays, when its skill is above the current
 * skill × CLEARLY_WORSE_FACTOR + CLEARLY_WORSE_MARGIN. A holdout is a fifth of the runs (12 at
 * 60 runs), so the skill of one model retrained on nearly the same runs moves by a few percent:
 * within 5 % and 0.02 the newer model, which learned from more runs, is the better bet; a real
 * loss (0.60 → 0.70) keeps the current one.
 */
export const CLEARLY_WORSE_FACTOR = 1.05;
export const CLEARLY_WORSE_MARGIN = 0.02;

const TARGET_NAME: Record<Target, string> = { tempo: 'Tempo', energy: 'Energy', valence: 'Valence' };

/** Holdout MAE ÷ holdout baseline MAE: below 1 the model beats guessing the runner's usual. */
export function holdoutSkill(metrics: Pick<TargetMetrics, 'mae' | 'baselineMae'>): number {
  if (metrics.baselineMae > 0) return metrics.mae / metrics.baselineMae;
  return metrics.mae > 0 ? Number.POSITIVE_INFINITY : 1;
}

export function clearlyWorse(fresh: Pick<TargetMetrics, 'mae' | 'baselineMae'>, current: Pick<TargetMetrics, 'mae' | 'baselineMae'>): boolean {
  return holdoutSkill(fresh) > holdoutSkill(current) * CLEARLY_WORSE_FACTOR + CLEARLY_WORSE_MARGIN;
}

/** Was the target made for these features (older models kept one imputer for all targets, and are not)? */
export function compatibleTarget(stored: ModelTarget, featureNames: readonly string[] = FEATURE_NAMES): boolean {
  const names = stored.featureNames as readonly string[] | undefined;
  return (
    names?.length === featureNames.length &&
    names.every((name, i) => name === featureNames[i]) &&
    stored.imputer?.fill?.length === featureNames.length
  );
}

/** Why a stored target does not answer for predictions (the prior does), or undefined when it does. */
export function targetProblem(stored: ModelTarget, featureNames: readonly string[] = FEATURE_NAMES): string | undefined {
  if (!compatibleTarget(stored, featureNames)) return 'it was made by an earlier version of RunSound for other features; the next training replaces it';
  if (!(stored.metrics.mae < stored.metrics.baselineMae)) return 'on your newest runs it did not beat always guessing your usual';
  return undefined;
}

/** The target that answers for predictions, if any. */
export function usableTarget(stored: ModelTarget | undefined): ModelTarget | undefined {
  return stored && !targetProblem(stored) ? stored : undefined;
}

const percent = (metrics: Pick<TargetMetrics, 'mae' | 'baselineMae'>) => {
  const skill = holdoutSkill(metrics);
  return Number.isFinite(skill) ? `${Math.round(skill * 100)} %` : 'far more than 100 %';
};
const day = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);

export interface Selection {
  /** The targets to use: new ones where they won, the current model's elsewhere. */
  targets: Partial<Record<Target, ModelTarget>>;
  /** New targets that were not used (clearly worse than the current ones). */
  rejected: Partial<Record<Target, ModelTarget>>;
  /** Did any new target get in? */
  changed: boolean;
  /** Per target, what happened, in plain words. */
  decisions: Record<Target, string>;
}

/**
 * Chooses per target between `fresh` (a new training's targets, or a model the runner promotes)
 * and the `current` model's: the fresh one unless it is clearly worse (see CLEARLY_WORSE_FACTOR);
 * with `force`, every fresh one. A target without a fresh model keeps the current one; a target
 * made for other features counts as missing. `notes` say why a fresh target is missing.
 */
export function selectTargets(
  fresh: Partial<Record<Target, ModelTarget>>,
  current: StoredModel | undefined,
  options: { force: boolean; notes?: Partial<Record<Target, string>> },
): Selection {
  const selection: Selection = { targets: {}, rejected: {}, changed: false, decisions: {} as Record<Target, string> };
  for (const target of TARGETS) {
    const name = TARGET_NAME[target];
    const candidate = fresh[target] && compatibleTarget(fresh[target]) ? fresh[target] : undefined;
    const existing = current?.targets[target];
    const inUse = existing && compatibleTarget(existing) ? existing : undefined;
    const unusable = (stored: ModelTarget) =>
      stored.metrics.mae < stored.metrics.baselineMae ? '' : ' It does not beat always guessing your usual, so the research prior answers for it.';
    const skills = (a: ModelTarget, b: ModelTarget) => `its error on its newest runs was ${percent(a.metrics)} of always guessing your usual, against ${percent(b.metrics)}`;
    let decision: string;
    if (candidate && inUse) {
      const worse = clearlyWorse(candidate.metrics, inUse.metrics);
      if (worse && !options.force) {
        selection.targets[target] = inUse;
        selection.rejected[target] = candidate;
        decision = `${name}: the model of ${day(inUse.trainedAt)} stays, the new one did clearly worse (${skills(candidate, inUse)}).${unusable(inUse)}`;
      } else {
        selection.targets[target] = candidate;
        selection.changed = true;
        decision = worse
          ? `${name}: new, because you asked for it, although it did worse (${skills(candidate, inUse)}).${unusable(candidate)}`
          : `${name}: new, not clearly worse than the one it replaces (${skills(candidate, inUse)}).${unusable(candidate)}`;
      }
    } else if (candidate) {
      selection.targets[target] = candidate;
      selection.changed = true;
      const why = existing ? 'the one in use was made by an earlier version of RunSound' : 'the first model for it';
      decision = `${name}: new, ${why} (its error on your newest runs was ${percent(candidate.metrics)} of always guessing your usual).${unusable(candidate)}`;
    } else if (inUse) {
      selection.targets[target] = inUse;
      const note = options.notes?.[target];
      decision = `${name}: the model of ${day(inUse.trainedAt)} stays, there is no new one${note ? ` (${note})` : ''}.${unusable(inUse)}`;
    } else {
      const note = options.notes?.[target] ?? (existing ? 'the model in use was made by an earlier version of RunSound' : undefined);
      decision = `${name}: the research prior answers${note ? ` (${note})` : ''}.`;
    }
    selection.decisions[target] = decision;
  }
  return selection;
}

/**
 * A model the runner chose (a rejected one) put in use with all its targets; the current model
 * keeps answering for the targets it has none for.
 */
export function promotedModel(chosen: StoredModel, current: StoredModel | undefined, now: number): StoredModel {
  const selection = selectTargets(chosen.targets, current, { force: true, notes: chosen.notes });
  return {
    createdAt: now,
    datasetKey: chosen.datasetKey,
    runs: chosen.runs,
    targets: selection.targets,
    notes: chosen.notes,
    trainSeconds: chosen.trainSeconds,
    status: 'active',
    decision: `In use because you chose it. ${TARGETS.map((target) => selection.decisions[target]).join(' ')}`,
    ...(chosen.versions ? { versions: chosen.versions } : {}),
  };
}
