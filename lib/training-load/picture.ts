/**
 * What the dashboard draws of the runner's training: fitness, fatigue and form day by day, the
 * fatigue at which the acute:chronic rule (lib/training-load/fatigue.ts) calls the load elevated
 * or high, and the distance of each week, over a span of days ending today.
 *
 * A long span is sampled once a week (each week's last day, and today), so that ten years of
 * history stay a few hundred points: fitness changes slowly, and the table beside the chart is
 * weekly anyway.
 */
import { localDateText, localDayNumber, mondayOf } from './calendar';
import { FATIGUE_THRESHOLDS, type Fatigue } from './fatigue';
import type { TrainingSeries } from './series';

/** Above this many days the picture is sampled by week. */
export const DAILY_POINTS_MAX = 400;

export interface TrainingPicture {
  /** 'day': one point per day; 'week': the last day of each week, and today. */
  step: 'day' | 'week';
  /** Each point's local date, "YYYY-MM-DD", oldest first: the state at the end of that day. */
  dates: string[];
  fitness: number[];
  fatigue: number[];
  form: number[];
  /** Fatigue above this is elevated (a fast build): 1.3 × fitness, fitness taken as at least 15. */
  elevatedFatigue: number[];
  /** Fatigue above this is high (injuries much more likely): 1.5 × fitness, likewise. */
  highFatigue: number[];
  /** Every week (starting on Monday) the span touches, oldest first: the metres run in it, and the state at its end (today for this week). */
  weeks: TrainingWeek[];
}

export interface TrainingWeek {
  weekStartLocal: string;
  meters: number;
  fitness: number;
  fatigue: number;
  form: number;
}

/** Form below these is fatigue piling up, then a high risk of overreaching (TrainingPeaks' zones). */
export const FORM_THRESHOLDS = { elevated: FATIGUE_THRESHOLDS.elevatedForm, high: FATIGUE_THRESHOLDS.highForm } as const;

/** The fatigue at which the ratio rule turns elevated and high, for a fitness. */
export function fatigueThresholds(fitness: number): { elevated: number; high: number } {
  const base = Math.max(fitness, FATIGUE_THRESHOLDS.chronicFloor);
  return { elevated: base * FATIGUE_THRESHOLDS.elevatedRatio, high: base * FATIGUE_THRESHOLDS.highRatio };
}

/**
 * The picture of `days` days ending on `today` ("YYYY-MM-DD"), from the history's series; a span
 * starting before the first run starts with it (nothing to draw before).
 */
export function trainingPicture(series: TrainingSeries, today: string, options: { days?: number; firstRunLocal?: string } = {}): TrainingPicture {
  const last = localDayNumber(today);
  if (!Number.isFinite(last)) throw new RangeError(`Not a local date: "${today}" (expected YYYY-MM-DD)`);
  const firstRun = options.firstRunLocal ? localDayNumber(options.firstRunLocal) : Number.NaN;
  const starts = [options.days === undefined ? Number.NaN : last - options.days + 1, firstRun].filter(Number.isFinite);
  const first = Math.min(last, starts.length ? Math.max(...starts) : last);
  const step = last - first + 1 > DAILY_POINTS_MAX ? 'week' : 'day';

  const picture: TrainingPicture = { step, dates: [], fitness: [], fatigue: [], form: [], elevatedFatigue: [], highFatigue: [], weeks: [] };
  for (let day = first; day <= last; day++) {
    // A week's last day is Sunday: the day before the next Monday.
    if (step === 'week' && day !== last && mondayOf(day + 1) !== day + 1) continue;
    // The state going into the next day is this day's, at its end.
    const state = series.stateAt(localDateText(day + 1));
    const thresholds = fatigueThresholds(state.ctl);
    picture.dates.push(localDateText(day));
    picture.fitness.push(state.ctl);
    picture.fatigue.push(state.atl);
    picture.form.push(state.tsb);
    picture.elevatedFatigue.push(thresholds.elevated);
    picture.highFatigue.push(thresholds.high);
  }
  for (let monday = mondayOf(first); monday <= last; monday += 7) {
    const meters = series.stateAt(localDateText(monday + 7)).km7 * 1000;
    const end = series.stateAt(localDateText(Math.min(monday + 7, last + 1)));
    picture.weeks.push({ weekStartLocal: localDateText(monday), meters, fitness: end.ctl, fatigue: end.atl, form: end.tsb });
  }
  return picture;
}

/** A load in words: rounded, with a real minus sign. */
export function loadInWords(value: number): string {
  const rounded = Math.round(value);
  return rounded < 0 ? `−${-rounded}` : String(rounded);
}

/**
 * Where the runner stands, in two or three sentences: fitness and how it moved over four weeks,
 * then what fatigue says (the same words as the planner's).
 */
export function fitnessTrendInWords(now: { ctl: number; fatigue: Fatigue }, fourWeeksAgo: { ctl: number }): string {
  const change = now.ctl - fourWeeksAgo.ctl;
  const moved = Math.abs(change) < Math.max(2, fourWeeksAgo.ctl * 0.05) ? 'about the same as' : change > 0 ? 'up from' : 'down from';
  const trend = moved === 'about the same as' ? 'about the same as four weeks ago' : `${moved} ${loadInWords(fourWeeksAgo.ctl)} four weeks ago`;
  return `Your fitness (your 6-week load) is ${loadInWords(now.ctl)}, ${trend}. ${now.fatigue.reason}`;
}
