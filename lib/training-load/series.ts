/**
 * Daily training load over the runner's history, with fitness (CTL), fatigue (ATL) and form
 * (TSB), computed once for all days so any day's state is a lookup.
 *
 * CTL and ATL are exponentially weighted daily loads, x += (load − x) × (1 − e^(−1/τ)), with
 * τ = 42 and 7 days, starting from 0 before the first run; TSB = CTL − ATL. Days are the
 * runner's local calendar days.
 */
import type { RunFacts } from '../runs';
import { groupByStart, localDateText, localDayNumber, mondayOf } from './calendar';
import { fatigueFrom, type Fatigue } from './fatigue';
import { runLoads, type LoadSettings, type RunLoad } from './run-load';

export const CTL_DAYS = 42;
export const ATL_DAYS = 7;

/** Where the runner stands going into a day: everything up to the end of the day before. */
export interface TrainingState {
  dateLocal: string;
  ctl: number;
  atl: number;
  tsb: number;
  /** Kilometres run in the 7 and 28 days before. */
  km7: number;
  km28: number;
  fatigue: Fatigue;
}

/** One day of the history, as it stood at the end of that day. */
export interface TrainingDay {
  dateLocal: string;
  load: number;
  km: number;
  ctl: number;
  atl: number;
  tsb: number;
}

export interface TrainingSeries {
  /** Each run's load, by run id. */
  loads: ReadonlyMap<string, RunLoad>;
  /** Every day from the first run to the last, rest days included. */
  days(): TrainingDay[];
  /** Kilometres per week, weeks starting on Monday, from the first run's week to the last. */
  weeklyKm(): Array<{ weekStartLocal: string; km: number }>;
  /** The state going into `dateLocal` ("YYYY-MM-DD", a time after it is ignored), any day. */
  stateAt(dateLocal: string): TrainingState;
}

const CTL_DECAY = Math.exp(-1 / CTL_DAYS);
const ATL_DECAY = Math.exp(-1 / ATL_DAYS);

export function buildTrainingSeries(runs: readonly RunFacts[], settings: LoadSettings = {}): TrainingSeries {
  const loads = runLoads(runs, settings);
  const dated = groupByStart(runs)
    .flat()
    .map((run) => ({ run, day: localDayNumber(run.startLocal) }))
    .filter(({ day }) => Number.isFinite(day));
  const firstDay = dated[0]?.day ?? 0;
  const dayCount = dated.length ? dated[dated.length - 1]!.day - firstDay + 1 : 0;

  const load = new Float64Array(dayCount);
  const km = new Float64Array(dayCount);
  for (const { run, day } of dated) {
    load[day - firstDay]! += loads.get(run.id)?.value ?? 0;
    if (run.distanceMeters !== undefined && run.distanceMeters > 0) km[day - firstDay]! += run.distanceMeters / 1000;
  }
  const ctl = new Float64Array(dayCount);
  const atl = new Float64Array(dayCount);
  // kmBefore[i] = kilometres of all days before index i, so any window is one subtraction.
  const kmBefore = new Float64Array(dayCount + 1);
  let fitness = 0;
  let fatigue = 0;
  for (let i = 0; i < dayCount; i++) {
    fitness += (load[i]! - fitness) * (1 - CTL_DECAY);
    fatigue += (load[i]! - fatigue) * (1 - ATL_DECAY);
    ctl[i] = fitness;
    atl[i] = fatigue;
    kmBefore[i + 1] = kmBefore[i]! + km[i]!;
  }

  /** Kilometres on days [from, to) counted from `firstDay`, clamped to the series. */
  function kmBetween(from: number, to: number): number {
    const clamp = (i: number) => Math.min(dayCount, Math.max(0, i - firstDay));
    return kmBefore[clamp(to)]! - kmBefore[clamp(from)]!;
  }

  return {
    loads,
    days() {
      return Array.from({ length: dayCount }, (_, i) => ({
        dateLocal: localDateText(firstDay + i),
        load: load[i]!,
        km: km[i]!,
        ctl: ctl[i]!,
        atl: atl[i]!,
        tsb: ctl[i]! - atl[i]!,
      }));
    },
    weeklyKm() {
      const weeks: Array<{ weekStartLocal: string; km: number }> = [];
      if (dayCount === 0) return weeks;
      for (let monday = mondayOf(firstDay); monday < firstDay + dayCount; monday += 7) {
        weeks.push({ weekStartLocal: localDateText(monday), km: kmBetween(monday, monday + 7) });
      }
      return weeks;
    },
    stateAt(dateLocal) {
      const day = localDayNumber(dateLocal);
      if (!Number.isFinite(day)) throw new RangeError(`Not a local date: "${dateLocal}" (expected YYYY-MM-DD)`);
      const dayBefore = day - 1 - firstDay;
      let fitnessBefore = 0;
      let fatigueBefore = 0;
      if (dayBefore >= 0 && dayCount > 0) {
        const last = Math.min(dayBefore, dayCount - 1);
        // Rest days after the last run only decay: load 0 gives x × e^(−1/τ) per day.
        const restDays = dayBefore - last;
        fitnessBefore = ctl[last]! * CTL_DECAY ** restDays;
        fatigueBefore = atl[last]! * ATL_DECAY ** restDays;
      }
      return {
        dateLocal: localDateText(day),
        ctl: fitnessBefore,
        atl: fatigueBefore,
        tsb: fitnessBefore - fatigueBefore,
        km7: kmBetween(day - 7, day),
        km28: kmBetween(day - 28, day),
        fatigue: fatigueFrom(fitnessBefore, fatigueBefore),
      };
    },
  };
}

/** Where the runner stands going into `dateLocal`, from their runs (later runs are ignored). */
export function trainingStateAt(runs: readonly RunFacts[], dateLocal: string, settings: LoadSettings = {}): TrainingState {
  return buildTrainingSeries(runs, settings).stateAt(dateLocal);
}
