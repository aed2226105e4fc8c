/**
 * What the dashboard draws of the runner's music: how many tracks of their library sit at each
 * tempo, and which of them fit the cadence the runner usually runs at, as a playlist would take
 * them (lib/playlist/select.ts: the BPM, twice it or half it within ±3 % of the target).
 */
import { tempoLabel } from '../model/labels';
import { TOLERANCE_STEPS_PCT, tempoFit, type TempoMultiple } from '../playlist/select';
import type { RunFacts } from '../runs';
import { quantileOfSorted } from '../training-load';

/** Recent runs are those of the last 90 days; with fewer than MIN_RECENT of them, the newest FALLBACK_RUNS. */
export const RECENT_DAYS = 90;
const MIN_RECENT = 5;
const FALLBACK_RUNS = 30;
/** Too few runs with a cadence to speak of a usual range. */
const MIN_RUNS = 3;

/** The cadences the runner usually runs at: the middle 80 % of their recent runs' cadence. */
export interface CadenceRange {
  low: number;
  high: number;
  /** How many runs it rests on. */
  runs: number;
}

export function usualCadenceRange(runs: readonly Pick<RunFacts, 'startTime' | 'averageCadenceSpm'>[], now: number): CadenceRange | undefined {
  const measured = runs
    .flatMap((run) => {
      const label = tempoLabel(run);
      return label ? [{ startTime: run.startTime, cadence: label.value }] : [];
    })
    .sort((a, b) => b.startTime - a.startTime);
  const recent = measured.filter((run) => run.startTime >= now - RECENT_DAYS * 86_400_000 && run.startTime <= now);
  const chosen = recent.length >= MIN_RECENT ? recent : measured.slice(0, FALLBACK_RUNS);
  if (chosen.length < MIN_RUNS) return undefined;
  const sorted = chosen.map((run) => run.cadence).sort((a, b) => a - b);
  return { low: quantileOfSorted(sorted, 0.1), high: quantileOfSorted(sorted, 0.9), runs: chosen.length };
}

/** How a track at `bpm` carries a cadence of the range (1 as is, 2 at half time, 0.5 at double time); undefined when it does not. */
export function cadenceFit(bpm: number, range: Pick<CadenceRange, 'low' | 'high'>): TempoMultiple | undefined {
  if (!(bpm > 0)) return undefined;
  for (const multiple of [1, 2, 0.5] as const) {
    const target = Math.min(range.high, Math.max(range.low, bpm * multiple));
    const fit = tempoFit(bpm, target);
    if (fit && fit.tolerancePct === TOLERANCE_STEPS_PCT[0]) return fit.multiple;
  }
  return undefined;
}

/** The tempos that carry the range, as is and at half time (double time is beyond any song's tempo). */
export function fittingBands(range: Pick<CadenceRange, 'low' | 'high'>): Array<{ fromBpm: number; toBpm: number; multiple: 1 | 2 }> {
  const slack = TOLERANCE_STEPS_PCT[0] / 100;
  return [
    { fromBpm: range.low * (1 - slack), toBpm: range.high * (1 + slack), multiple: 1 },
    { fromBpm: (range.low * (1 - slack)) / 2, toBpm: (range.high * (1 + slack)) / 2, multiple: 2 },
  ];
}

export interface TempoBin {
  /** The bin holds tempos from fromBpm up to (not including) toBpm; the first and last also hold those beyond. */
  fromBpm: number;
  toBpm: number;
  tracks: number;
  /** Of them, those that fit the runner's cadence. */
  fitting: number;
}

export interface TempoHistogram {
  bins: TempoBin[];
  withTempo: number;
  withoutTempo: number;
  /** Tracks that fit the cadence range: all, and at half or double time. */
  fitting: number;
  halfTime: number;
  doubleTime: number;
}

export const HISTOGRAM_RANGE = { fromBpm: 60, toBpm: 210, binBpm: 5 } as const;

/** Counts tracks by tempo (undefined or 0: tempo unknown) in bins, and those that fit `range`. */
export function tempoHistogram(tempos: ReadonlyArray<number | undefined>, range?: Pick<CadenceRange, 'low' | 'high'>, bins = HISTOGRAM_RANGE): TempoHistogram {
  const count = Math.ceil((bins.toBpm - bins.fromBpm) / bins.binBpm);
  const histogram: TempoHistogram = {
    bins: Array.from({ length: count }, (_, i) => ({ fromBpm: bins.fromBpm + i * bins.binBpm, toBpm: bins.fromBpm + (i + 1) * bins.binBpm, tracks: 0, fitting: 0 })),
    withTempo: 0,
    withoutTempo: 0,
    fitting: 0,
    halfTime: 0,
    doubleTime: 0,
  };
  for (const tempo of tempos) {
    if (tempo === undefined || !(tempo > 0) || !Number.isFinite(tempo)) {
      histogram.withoutTempo += 1;
      continue;
    }
    histogram.withTempo += 1;
    const bin = histogram.bins[Math.min(count - 1, Math.max(0, Math.floor((tempo - bins.fromBpm) / bins.binBpm)))]!;
    bin.tracks += 1;
    const fit = range ? cadenceFit(tempo, range) : undefined;
    if (fit === undefined) continue;
    bin.fitting += 1;
    histogram.fitting += 1;
    if (fit === 2) histogram.halfTime += 1;
    if (fit === 0.5) histogram.doubleTime += 1;
  }
  return histogram;
}
