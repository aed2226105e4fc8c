import { describe, expect, it } from 'vitest';
import { cadenceFit, fittingBands, tempoHistogram, usualCadenceRange } from '@/lib/music-library/tempo-picture';
import { tempoFit } from '@/lib/playlist/select';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20);
const runs = (cadences: ReadonlyArray<number | undefined>, daysApart = 2) =>
  cadences.map((averageCadenceSpm, i) => ({ startTime: NOW - (i + 1) * daysApart * DAY, averageCadenceSpm }));

describe('usualCadenceRange', () => {
  it('is the middle 80 % of the last 90 days’ cadences, leaving out runs without one or with a misread', () => {
    const range = usualCadenceRange(runs([160, 162, 164, 166, 168, 170, 172, 174, 176, 178, 180, undefined, 60, 400]), NOW);
    expect(range).toEqual({ low: 162, high: 178, runs: 11 });
  });

  it('leaves out runs older than 90 days when there are enough recent ones', () => {
    const recent = runs([170, 170, 170, 170, 170]);
    const old = runs([150, 150, 150, 150, 150], 1).map((run) => ({ ...run, startTime: run.startTime - 200 * DAY }));
    expect(usualCadenceRange([...recent, ...old], NOW)).toMatchObject({ low: 170, high: 170, runs: 5 });
  });

  it('takes the newest 30 runs with a cadence when few are recent, and knows nothing below 3', () => {
    const old = runs(Array.from({ length: 40 }, (_, i) => (i < 30 ? 165 : 140)), 30);
    expect(usualCadenceRange(old, NOW)).toMatchObject({ low: 165, high: 165, runs: 30 });
    expect(usualCadenceRange(runs([170, 172]), NOW)).toBeUndefined();
  });
});

describe('cadenceFit and the bands', () => {
  const range = { low: 164, high: 172 };
  it.each([
    { bpm: 168, fit: 1 },
    // ±3 % beyond the range's ends.
    { bpm: 164 * 0.975, fit: 1 },
    { bpm: 172 * 1.025, fit: 1 },
    { bpm: 150, fit: undefined },
    // Half time: a beat every other step.
    { bpm: 84, fit: 2 },
    { bpm: 90, fit: undefined },
    { bpm: 0, fit: undefined },
  ])('$bpm BPM: $fit', ({ bpm, fit }) => {
    expect(cadenceFit(bpm, range)).toBe(fit);
  });

  it('agrees with how a playlist takes a track at a single target tempo', () => {
    for (let bpm = 60; bpm < 220; bpm += 0.5) {
      expect(cadenceFit(bpm, { low: 170, high: 170 }) !== undefined, String(bpm)).toBe(tempoFit(bpm, 170)?.tolerancePct === 3);
    }
  });

  it('draws the tempos that fit, as is and at half time', () => {
    const [asIs, half] = fittingBands(range);
    expect(asIs).toMatchObject({ multiple: 1 });
    expect(asIs!.fromBpm).toBeCloseTo(164 * 0.97, 9);
    expect(asIs!.toBpm).toBeCloseTo(172 * 1.03, 9);
    expect(half!.fromBpm).toBeCloseTo((164 * 0.97) / 2, 9);
    expect(half!.toBpm).toBeCloseTo((172 * 1.03) / 2, 9);
  });
});

describe('tempoHistogram', () => {
  it('counts tracks in 5 BPM bins, tempos beyond the ends in the end bins, and unknown tempos apart', () => {
    const histogram = tempoHistogram([61, 64.9, 65, 120, 168, 170, 84, 30, 250, undefined, 0], { low: 166, high: 170 });
    expect(histogram.bins[0]).toEqual({ fromBpm: 60, toBpm: 65, tracks: 3, fitting: 0 });
    expect(histogram.bins[1]).toMatchObject({ fromBpm: 65, tracks: 1 });
    expect(histogram.bins.find((bin) => bin.fromBpm === 165)).toEqual({ fromBpm: 165, toBpm: 170, tracks: 1, fitting: 1 });
    expect(histogram.bins.find((bin) => bin.fromBpm === 80)).toEqual({ fromBpm: 80, toBpm: 85, tracks: 1, fitting: 1 });
    expect(histogram.bins.at(-1)).toMatchObject({ toBpm: 210, tracks: 1 });
    expect(histogram).toMatchObject({ withTempo: 9, withoutTempo: 2, fitting: 3, halfTime: 1, doubleTime: 0 });
    expect(histogram.bins.reduce((sum, bin) => sum + bin.tracks, 0)).toBe(9);
  });

  it('without a cadence, counts tempos and nothing fits', () => {
    expect(tempoHistogram([120, 170])).toMatchObject({ withTempo: 2, fitting: 0 });
  });
});
