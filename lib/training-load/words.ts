/**
 * Fitness, fatigue and form in the runner's words, for the screens that answer "how is my
 * training going" at a glance. Form's bands follow TrainingPeaks' (fresh above +5, fatigue
 * piling up below −20, overreaching below −30: the thresholds fatigueFrom uses too).
 */
import { FATIGUE_THRESHOLDS, type FatigueLevel } from './fatigue';
import type { TrainingState } from './series';

export type FormWord = 'fresh' | 'steady' | 'training hard' | 'tired' | 'very tired';

const FRESH_FORM = 5;
const STEADY_FORM = -10;

export function formInWords(tsb: number): FormWord {
  if (tsb > FRESH_FORM) return 'fresh';
  if (tsb > STEADY_FORM) return 'steady';
  if (tsb >= FATIGUE_THRESHOLDS.elevatedForm) return 'training hard';
  if (tsb >= FATIGUE_THRESHOLDS.highForm) return 'tired';
  return 'very tired';
}

export const FATIGUE_WORDS: Record<FatigueLevel, string> = { normal: 'normal', elevated: 'raised', high: 'high' };

export interface TrainingWords {
  /** "Fitness 42 (your 6-week load)" */
  fitness: string;
  /** "Fatigue normal" */
  fatigue: string;
  /** "Form: fresh" */
  form: string;
  /** The three in one line, joined by " · ". */
  line: string;
}

export function trainingInWords(state: Pick<TrainingState, 'ctl' | 'tsb' | 'fatigue'>): TrainingWords {
  const fitness = `Fitness ${Math.round(state.ctl)} (your 6-week load)`;
  const fatigue = `Fatigue ${FATIGUE_WORDS[state.fatigue.level]}`;
  const form = `Form: ${formInWords(state.tsb)}`;
  return { fitness, fatigue, form, line: [fitness, fatigue, form].join(' · ') };
}
