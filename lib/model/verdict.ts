/**
 * Is the runner's model any good for them, in one glance: per target, what it predicts and how
 * close it gets on their newest runs ("predicts your cadence within ±3 steps/min"), or why the
 * research prior answers instead. The numbers are the holdout's (see ./evaluate.ts).
 */
import { predictsWhat, within } from './profile';
import { targetProblem } from './selection';
import type { ModelTarget, StoredModel } from './trainer';
import { TARGETS, type Target } from './types';

export interface TargetVerdict {
  target: Target;
  /** Does the runner's own model answer for it (else the research prior does)? */
  own: boolean;
  /** "Tempo: predicts your cadence within ±3 steps/min (always guessing your usual: ±5)." */
  text: string;
}

export interface ModelVerdict {
  state: 'good' | 'partly' | 'not-yet';
  /** One sentence: the answer. */
  headline: string;
  targets: TargetVerdict[];
}

const NAME: Record<Target, string> = { tempo: 'Tempo', energy: 'Energy', valence: 'Mood' };
/** What each target learns from, for a target without a model. */
const LEARNS_FROM: Record<Target, string> = {
  tempo: 'it learns from runs that recorded your cadence',
  energy: 'it learns from your heart rate, or your pace against your usual',
  valence: 'it learns from the music you play during runs',
};

/** The trainer's note, in the runner's words ("4 labelled runs" is "4 runs to learn from"). */
function plainNote(note: string): string {
  return note.replace(/\blabelled runs\b/g, 'runs to learn from').replace(/\blabelled run\b/g, 'run to learn from');
}

function targetVerdict(target: Target, stored: ModelTarget | undefined, note: string | undefined): TargetVerdict {
  if (stored && !targetProblem(stored)) {
    const { mae, baselineMae } = stored.metrics;
    return { target, own: true, text: `${NAME[target]}: predicts ${predictsWhat(target)} within ${within(target, mae)} (always guessing your usual: ${within(target, baselineMae)}).` };
  }
  if (stored) {
    const problem = targetProblem(stored)!;
    return { target, own: false, text: `${NAME[target]}: not yet, ${problem}; research on runners answers for it.` };
  }
  return { target, own: false, text: `${NAME[target]}: not yet, ${LEARNS_FROM[target]}${note ? ` (${plainNote(note)})` : ''}; research on runners answers for it.` };
}

function list(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function modelVerdict(model: StoredModel | undefined): ModelVerdict {
  if (!model) {
    return {
      state: 'not-yet',
      headline: 'Not yet: research on runners answers until RunSound has learned from your runs.',
      targets: TARGETS.map((target) => targetVerdict(target, undefined, undefined)),
    };
  }
  const targets = TARGETS.map((target) => targetVerdict(target, model.targets[target], model.notes[target]));
  const own = targets.filter((verdict) => verdict.own);
  if (!own.length) {
    return { state: 'not-yet', headline: 'Not yet: it does not beat always guessing your usual, so research on runners answers.', targets };
  }
  const names = own.map((verdict) => NAME[verdict.target].toLowerCase());
  const best = own[0]!.target;
  return {
    state: own.length === TARGETS.length ? 'good' : 'partly',
    headline: `Good for ${list(names)}: it predicts ${predictsWhat(best)} within ${within(best, model.targets[best]!.metrics.mae)}.`,
    targets,
  };
}
