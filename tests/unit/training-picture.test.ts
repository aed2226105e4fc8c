import { describe, expect, it } from 'vitest';
import type { RunFacts } from '@/lib/runs';
import { buildTrainingSeries, fatigueFrom } from '@/lib/training-load';
import { DAILY_POINTS_MAX, fatigueThresholds, loadInWords, fitnessTrendInWords, trainingPicture } from '@/lib/training-load/picture';

/** A run starting at 07:00 on `date`, an hour at threshold pace for 10 km unless told. */
function run(date: string, distanceMeters = 10_000): RunFacts {
  return {
    id: `${date}-${distanceMeters}`,
    name: 'Morning Run',
    sportType: 'Run',
    isTreadmill: false,
    startTime: Date.parse(`${date}T07:00Z`),
    startLocal: `${date}T07:00`,
    distanceMeters,
    movingTimeSeconds: (distanceMeters / 1000) * 360,
  };
}

/** "2026-03-02" (a Monday) plus `days`. */
const day = (days: number) => new Date(Date.UTC(2026, 2, 2 + days)).toISOString().slice(0, 10);
const atThreshold = { thresholdPaceSecondsPerKm: 360 };

describe('trainingPicture', () => {
  const runs = [run(day(0), 5000), run(day(2), 10_000), run(day(7), 8000), run(day(20), 12_000)];
  const series = buildTrainingSeries(runs, atThreshold);

  it('draws every day from the first run to today, each the state at the end of that day', () => {
    const picture = trainingPicture(series, day(24), { firstRunLocal: runs[0]!.startLocal });
    expect(picture.step).toBe('day');
    expect(picture.dates[0]).toBe(day(0));
    expect(picture.dates.at(-1)).toBe(day(24));
    expect(picture.dates).toHaveLength(25);
    // Within the runs, the series' own days; after the last run, rest days that only decay.
    const days = series.days();
    days.forEach((known, i) => {
      expect(picture.fitness[i]).toBeCloseTo(known.ctl, 9);
      expect(picture.fatigue[i]).toBeCloseTo(known.atl, 9);
      expect(picture.form[i]).toBeCloseTo(known.tsb, 9);
    });
    expect(picture.fatigue[24]).toBeCloseTo(days.at(-1)!.atl * Math.exp(-4 / 7), 9);
  });

  it('sums each week’s distance, Monday to Sunday, weeks without a run included', () => {
    const picture = trainingPicture(series, day(24), { firstRunLocal: runs[0]!.startLocal });
    expect(picture.weeks.map(({ weekStartLocal, meters }) => ({ weekStartLocal, meters }))).toEqual([
      { weekStartLocal: day(0), meters: 15_000 },
      { weekStartLocal: day(7), meters: 8000 },
      { weekStartLocal: day(14), meters: 12_000 },
      { weekStartLocal: day(21), meters: 0 },
    ]);
    // Each with where the runner stood at its end: Sunday, or today for this week.
    const at = (date: string) => picture.dates.indexOf(date);
    expect(picture.weeks[1]).toMatchObject({ fitness: picture.fitness[at(day(13))], fatigue: picture.fatigue[at(day(13))], form: picture.form[at(day(13))] });
    expect(picture.weeks[3]).toMatchObject({ fitness: picture.fitness[at(day(24))] });
  });

  it('starts the span `days` before today, not before the first run', () => {
    expect(trainingPicture(series, day(24), { days: 10, firstRunLocal: runs[0]!.startLocal }).dates[0]).toBe(day(15));
    expect(trainingPicture(series, day(24), { days: 365, firstRunLocal: runs[0]!.startLocal }).dates[0]).toBe(day(0));
    // No history: today alone.
    expect(trainingPicture(buildTrainingSeries([]), day(24)).dates).toEqual([day(24)]);
  });

  it('samples a long span by week (each Sunday, and today), so ten years stay a few hundred points', () => {
    const decade = Array.from({ length: 10_000 }, (_, i) => run(new Date(Date.UTC(2016, 0, 4) + Math.floor(i * 0.36) * 86_400_000).toISOString().slice(0, 10), 8000 + (i % 7) * 1000));
    const long = buildTrainingSeries(decade, atThreshold);
    const today = '2026-01-07';
    const picture = trainingPicture(long, today, { firstRunLocal: decade[0]!.startLocal });
    expect(picture.step).toBe('week');
    expect(picture.dates.length).toBeGreaterThan(500);
    expect(picture.dates.length).toBeLessThan(DAILY_POINTS_MAX * 2);
    expect(picture.dates.at(-1)).toBe(today);
    for (const date of picture.dates.slice(0, -1)) expect(new Date(`${date}T00:00Z`).getUTCDay()).toBe(0);
    // The weeks still add up to the whole history.
    const total = picture.weeks.reduce((sum, week) => sum + week.meters, 0);
    expect(total).toBeCloseTo(decade.reduce((sum, each) => sum + each.distanceMeters!, 0), 3);
  });
});

describe('the fatigue thresholds drawn', () => {
  it.each([
    // Below a fitness of 15 the ratio is taken against 15.
    { fitness: 5, elevated: 19.5, high: 22.5 },
    { fitness: 15, elevated: 19.5, high: 22.5 },
    { fitness: 40, elevated: 52, high: 60 },
  ])('at fitness $fitness, fatigue is elevated above $elevated and high above $high', ({ fitness, elevated, high }) => {
    expect(fatigueThresholds(fitness).elevated).toBeCloseTo(elevated, 9);
    expect(fatigueThresholds(fitness).high).toBeCloseTo(high, 9);
  });

  it('are where fatigueFrom changes its level', () => {
    // A fitness at which the form rule (−20, −30) does not come first.
    const fitness = 50;
    const { elevated, high } = fatigueThresholds(fitness);
    expect(fatigueFrom(fitness, elevated - 0.01).level).toBe('normal');
    expect(fatigueFrom(fitness, elevated + 0.01).level).not.toBe('normal');
    expect(fatigueFrom(fitness, high + 0.01).level).toBe('high');
    expect(fatigueFrom(10, fatigueThresholds(10).elevated + 0.01).level).toBe('elevated');
  });
});

describe('fitnessTrendInWords', () => {
  const normal = fatigueFrom(40, 38);
  it.each([
    { ctl: 42, before: 30, words: 'Your fitness (your 6-week load) is 42, up from 30 four weeks ago.' },
    { ctl: 30, before: 42, words: 'Your fitness (your 6-week load) is 30, down from 42 four weeks ago.' },
    { ctl: 41, before: 40, words: 'Your fitness (your 6-week load) is 41, about the same as four weeks ago.' },
  ])('$ctl after $before', ({ ctl, before, words }) => {
    expect(fitnessTrendInWords({ ctl, fatigue: normal }, { ctl: before })).toBe(`${words} ${normal.reason}`);
  });

  it('writes a negative load with a minus sign', () => {
    expect(loadInWords(-12.4)).toBe('−12');
    expect(loadInWords(3.6)).toBe('4');
  });
});
