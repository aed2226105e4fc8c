import type { RunType } from './plan';

/** A pattern that matches any of `words` as whole words, accents included ("fractionné"). */
function words(...alternatives: string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\d])(?:${alternatives.join('|')})(?![\\p{L}])`, 'iu');
}

/**
 * Words runners put in activity names, in several languages, and the run type they mean.
 * Checked in order: the first rule that matches wins, so the more specific come first
 * (repetitions before "track", "recovery" before "easy", "race" before "long").
 */
const NAME_RULES: ReadonlyArray<{ type: RunType; pattern: RegExp }> = [
  // 6x800, 10 x 400m, 5×1k, 3x1 mile: repetitions are intervals in any language.
  { type: 'interval', pattern: /(?<!\d)\d{1,2}\s*[x×*]\s*\d/i },
  {
    type: 'interval',
    pattern: words(
      'intervals?', 'intervall(?:e|training)?', 'intervalos?', 'intervalli', 'fractionn[ée]s?', 'fartlek',
      'repeats?', 'reps', 'track', 'vma', 's[ée]ries', 'piste', 'bahn', 'hill sprints?', 'sprints?',
    ),
  },
  {
    type: 'race',
    pattern: words(
      'race', 'racing', 'parkrun', 'marathon', 'half[- ]?marathon', 'semi[- ]?marat[oó]n', 'semi', 'wettkampf',
      'course', 'comp[ée]tition', 'carrera', 'gara', 'pb', 'pr',
    ),
  },
  {
    type: 'recovery',
    pattern: words('recovery', 'r[ée]cup', 'r[ée]cup[ée]ration', 'regeneration', 'regenerativo', 'recuperaci[oó]n', 'shake-?out'),
  },
  { type: 'tempo', pattern: words('tempo', 'threshold', 'schwelle', 'schwellenlauf', 'seuil', 'umbral', 'soglia', 'cruise') },
  {
    type: 'long',
    pattern: words('long run', 'long', 'lsd', 'langer lauf', 'longlauf', 'sortie longue', 'tirada larga', 'rodaje largo', 'lungo', 'lungh[oi]'),
  },
  { type: 'easy', pattern: words('easy', 'locker', 'footing', 'suave', 'facile', 'lento', 'gentle', 'jog', 'jogging') },
  { type: 'steady', pattern: words('steady', 'aerobic', 'moderate', 'endurance', 'dauerlauf', 'rodaje') },
];

/** The run type an activity's name says, or undefined when it says none ("Morning Run"). */
export function runTypeFromName(name: string): RunType | undefined {
  return NAME_RULES.find((rule) => rule.pattern.test(name))?.type;
}
