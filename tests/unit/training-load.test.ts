import { describe, expect, it } from 'vitest';
import type { RunFacts } from '@/lib/runs';
import {
  ATL_DAYS,
  CTL_DAYS,
  buildTrainingSeries,
  fatigueFrom,
  loadBasisAt,
  runLoad,
  runLoads,
  trainingStateAt,
  trimp,
  type FatigueLevel,
  type LoadBasis,
} from '@/lib/training-load';
import { API_HISTORY_FILE, loadApiHistory } from '../fixtures/real-histories';

/** A run starting at `startLocal` on the runner's wall clock. */
function run(startLocal: string, extra: Partial<RunFacts> = {}): RunFacts {
  return {
    id: `${startLocal}-${extra.distanceMeters ?? 10_000}`,
    name: 'Morning Run',
    sportType: 'Run',
    isTreadmill: false,
    startTime: Date.parse(`${startLocal}Z`),
    startLocal,
    distanceMeters: 10_000,
    movingTimeSeconds: 3600,
    ...extra,
  };
}

/** "2026-03-01" plus `days`. */
function day(days: number, time = '07:00'): string {
  return `${new Date(Date.UTC(2026, 2, 1 + days)).toISOString().slice(0, 10)}T${time}`;
}

const basis: LoadBasis = { restingHeartRate: 60, maxHeartRate: 190, thresholdSpeedMps: 1000 / 300 };
/** With threshold pace 6:00/km, an hour-long 10 km run is an hour at threshold: load 100. */
const atThreshold = { thresholdPaceSecondsPerKm: 360 };

describe('trimp', () => {
  it.each([
    [60, 0.5, 'male', 60 * 0.5 * 0.64 * Math.exp(1.92 * 0.5)],
    [60, 0.5, 'female', 60 * 0.5 * 0.64 * Math.exp(1.67 * 0.5)],
    [30, 0.8, undefined, 30 * 0.8 * 0.64 * Math.exp(1.795 * 0.8)],
    [45, -0.2, 'male', 0],
    [45, 1.3, 'male', 45 * 0.64 * Math.exp(1.92)],
  ] as const)('%s min at HRR %s (%s)', (minutes, hrr, sex, expected) => {
    expect(trimp(minutes, hrr, sex)).toBeCloseTo(expected, 9);
  });
});

describe('runLoad', () => {
  it.each<[string, Partial<RunFacts>, { value: number; method: 'trimp' | 'pace' } | undefined]>([
    ['an hour at threshold heart rate (80 % of reserve) scores 100', { averageHeartRate: 60 + 0.8 * 130 }, { value: 100, method: 'trimp' }],
    ['an hour at threshold pace without heart rate scores 100', { distanceMeters: 12_000 }, { value: 100, method: 'pace' }],
    ['half an hour at threshold pace scores 50', { distanceMeters: 6000, movingTimeSeconds: 1800 }, { value: 50, method: 'pace' }],
    ['an hour at 80 % of threshold speed scores 64', { distanceMeters: 9600 }, { value: 64, method: 'pace' }],
    ['100 m of climbing counts as 1 km on the flat', { distanceMeters: 11_000, elevationGainMeters: 100 }, { value: 100, method: 'pace' }],
    ['an implausible heart rate falls back to pace', { distanceMeters: 12_000, averageHeartRate: 42 }, { value: 100, method: 'pace' }],
    ['elapsed time stands in for moving time', { distanceMeters: 12_000, movingTimeSeconds: undefined, elapsedTimeSeconds: 3600 }, { value: 100, method: 'pace' }],
    ['an unreadable climb counts as none', { distanceMeters: 12_000, elevationGainMeters: Number.NaN }, { value: 100, method: 'pace' }],
    ['a zero moving time falls back to elapsed time', { distanceMeters: 12_000, movingTimeSeconds: 0, elapsedTimeSeconds: 3600 }, { value: 100, method: 'pace' }],
    ['neither heart rate nor distance: no load', { distanceMeters: undefined }, undefined],
    ['no time: no load', { movingTimeSeconds: undefined, averageHeartRate: 150 }, undefined],
  ])('%s', (_, extra, expected) => {
    const load = runLoad(run(day(0), extra), basis);
    if (expected === undefined) return expect(load).toBeUndefined();
    expect(load?.method).toBe(expected.method);
    expect(load?.value).toBeCloseTo(expected.value, 6);
  });

  it('scores an easy heart rate below an hour at threshold, and a woman lower than a man at the same reserve', () => {
    const easy = run(day(0), { averageHeartRate: 140 });
    const male = runLoad(easy, { ...basis, sex: 'male' })!.value;
    expect(male).toBeGreaterThan(40);
    expect(male).toBeLessThan(80);
    expect(runLoad(easy, { ...basis, sex: 'female' })!.value).not.toBeCloseTo(male, 1);
  });

  it("never measures a run against a max heart rate below the run's own", () => {
    const hard = run(day(0), { averageHeartRate: 185, maxHeartRate: 200 });
    const against200 = runLoad(hard, { ...basis, maxHeartRate: 200 })!.value;
    expect(runLoad(hard, basis)!.value).toBeCloseTo(against200, 9);
  });
});

describe('the runner’s max heart rate and threshold, estimated from the runs before', () => {
  const maxima = [182, 185, 186, 188, 190, 191, 193, 195, 224];

  it.each<[string, number[], number]>([
    ['the 95th percentile of recorded maxima, never above the second-highest', maxima, 195],
    ['the 95th percentile of many recorded maxima', Array.from({ length: 21 }, (_, i) => 180 + i), 199],
    ['with fewer than five records, the default 190 unless a record is higher', [170, 180], 190],
    ['with fewer than five records above 190, the highest record', [170, 195], 195],
  ])('%s', (_, recorded, expected) => {
    const runs = recorded.map((maxHeartRate, i) => run(day(i), { maxHeartRate, averageHeartRate: 150 }));
    expect(loadBasisAt(runs, day(30)).maxHeartRate).toBeCloseTo(expected, 1);
  });

  it('uses what the runner told over any estimate', () => {
    const runs = maxima.map((maxHeartRate, i) => run(day(i), { maxHeartRate }));
    const told = loadBasisAt(runs, day(30), { maxHeartRate: 187, restingHeartRate: 48, thresholdPaceSecondsPerKm: 270 });
    expect(told).toEqual({ maxHeartRate: 187, maxHeartRateFrom: 'setting', restingHeartRate: 48, sex: undefined, thresholdSpeedMps: 1000 / 270 });
  });

  it.each<[string, RunFacts[], number]>([
    ['no runs: 5:00/km', [], 300],
    ['only easy hours at 6:00/km: 15 % faster than the usual pace', Array.from({ length: 10 }, (_, i) => run(day(i), { distanceMeters: 10_000 })), 306],
    [
      'runs of 20-60 minutes: the fastest tenth, as the pace they imply for an hour',
      [
        ...Array.from({ length: 8 }, (_, i) => run(day(i))),
        ...Array.from({ length: 4 }, (_, i) => run(day(i + 10), { distanceMeters: 7500, movingTimeSeconds: 30 * 60 })),
      ],
      240 / (0.5 ** (1 - 1 / 1.06)),
    ],
    [
      'runs older than a year do not count',
      Array.from({ length: 10 }, (_, i) => run(day(i - 400), { distanceMeters: 7500, movingTimeSeconds: 30 * 60 })),
      300,
    ],
  ])('threshold pace from %s', (_, runs, expectedPace) => {
    expect(1000 / loadBasisAt(runs, day(30)).thresholdSpeedMps).toBeCloseTo(expectedPace, 1);
  });

  it("never changes a run's load for what came after it", () => {
    const before = Array.from({ length: 8 }, (_, i) => run(day(i), { maxHeartRate: 180 + i, averageHeartRate: 150 }));
    const after = [
      run(day(9), { maxHeartRate: 215, averageHeartRate: 200, distanceMeters: 15_000 }),
      run(day(10), { distanceMeters: 14_000, movingTimeSeconds: 1800 }),
    ];
    const alone = runLoads(before);
    const withLater = runLoads([...after, ...before]);
    for (const r of before) expect(withLater.get(r.id)).toEqual(alone.get(r.id));
  });
});

describe('buildTrainingSeries', () => {
  const alpha = (tau: number) => 1 - Math.exp(-1 / tau);

  it('turns one hour at threshold into fitness and fatigue, decaying on the days after', () => {
    const series = buildTrainingSeries([run(day(0))], atThreshold);
    const next = series.stateAt(day(1));
    expect(next.ctl).toBeCloseTo(100 * alpha(CTL_DAYS), 9);
    expect(next.atl).toBeCloseTo(100 * alpha(ATL_DAYS), 9);
    expect(next.tsb).toBeCloseTo(next.ctl - next.atl, 9);
    // Planned two days after the last run: one more rest day of decay.
    const twoDaysOn = series.stateAt(day(2).slice(0, 10));
    expect(twoDaysOn.ctl).toBeCloseTo(next.ctl * Math.exp(-1 / CTL_DAYS), 9);
    expect(twoDaysOn.atl).toBeCloseTo(next.atl * Math.exp(-1 / ATL_DAYS), 9);
    expect(trainingStateAt([run(day(0))], day(2), atThreshold)).toEqual(twoDaysOn);
  });

  it('does not count the day itself: the state is what the runner starts the day with', () => {
    const series = buildTrainingSeries([run(day(0))], atThreshold);
    expect(series.stateAt(day(0))).toMatchObject({ ctl: 0, atl: 0, km7: 0, km28: 0 });
    expect(series.stateAt(day(-5))).toMatchObject({ ctl: 0, atl: 0, km7: 0 });
  });

  it('settles fitness and fatigue on a steady daily load, with form near zero', () => {
    const runs = Array.from({ length: 300 }, (_, i) => run(day(i), { distanceMeters: 5000, movingTimeSeconds: 1800 }));
    const state = buildTrainingSeries(runs, atThreshold).stateAt(day(300));
    expect(state.ctl).toBeCloseTo(50, 0);
    expect(state.atl).toBeCloseTo(50, 4);
    expect(Math.abs(state.tsb)).toBeLessThan(0.5);
    expect(state.fatigue.level).toBe('normal');
  });

  it('counts kilometres by local calendar day: the 7 and the 28 days before', () => {
    const runs = [
      ...Array.from({ length: 30 }, (_, i) => run(day(i), { distanceMeters: 10_000 })),
      // 23:30 on the 30th day on the runner's clock (the next day in UTC) belongs to the 30th.
      run(day(29, '23:30'), { distanceMeters: 5000, startTime: Date.parse(`${day(30, '04:30')}Z`) }),
    ];
    const series = buildTrainingSeries(runs, atThreshold);
    expect(series.stateAt(day(30))).toMatchObject({ km7: 75, km28: 285 });
    expect(series.stateAt(day(29))).toMatchObject({ km7: 70, km28: 280 });
    expect(series.stateAt(day(40))).toMatchObject({ km7: 0, km28: 185 });
  });

  it('lists every day, rest days included, and kilometres per Monday-to-Sunday week', () => {
    // 2026-03-01 is a Sunday.
    const series = buildTrainingSeries([run(day(0)), run(day(1)), run(day(8), { distanceMeters: 21_100 }), run(day(8, '18:00'))], atThreshold);
    const days = series.days();
    expect(days.map((d) => d.dateLocal)).toEqual(Array.from({ length: 9 }, (_, i) => day(i).slice(0, 10)));
    expect(days[8]!.km).toBeCloseTo(31.1, 9);
    expect(days[4]!.load).toBe(0);
    expect(series.weeklyKm()).toEqual([
      { weekStartLocal: '2026-02-23', km: 10 },
      { weekStartLocal: '2026-03-02', km: 10 },
      { weekStartLocal: '2026-03-09', km: expect.closeTo(31.1, 9) },
    ]);
  });

  it('is not thrown off by unreadable numbers in one run', () => {
    const broken = run(day(1), { distanceMeters: Number.NaN, movingTimeSeconds: Number.NaN, averageHeartRate: Number.NaN });
    const state = buildTrainingSeries([run(day(0)), broken], atThreshold).stateAt(day(2));
    expect(state).toMatchObject({ km7: 10, km28: 10 });
    expect(state.ctl).toBeGreaterThan(0);
  });

  it('handles a runner with no runs', () => {
    const series = buildTrainingSeries([]);
    expect(series.days()).toEqual([]);
    expect(series.weeklyKm()).toEqual([]);
    expect(series.stateAt('2026-03-01')).toMatchObject({ ctl: 0, atl: 0, tsb: 0, km7: 0, km28: 0, fatigue: { level: 'normal' } });
  });

  it('rejects a day that is no date', () => {
    expect(() => buildTrainingSeries([]).stateAt('next Tuesday')).toThrow(/Not a local date/);
  });
});

describe('fatigueFrom', () => {
  it.each<[string, number, number, FatigueLevel]>([
    ['no training at all', 0, 0, 'normal'],
    ['a steady routine', 50, 50, 'normal'],
    ['a quiet week', 50, 30, 'normal'],
    ['a week 1.4 times the usual', 50, 70, 'elevated'],
    ['a week 1.6 times the usual', 50, 80, 'high'],
    ['a big runner 25 below form', 100, 125, 'elevated'],
    ['a big runner 35 below form', 100, 135, 'high'],
    ['a beginner ramping up fast', 5, 21, 'elevated'],
    ['a beginner ramping up very fast', 5, 25, 'high'],
    ['a beginner after one run', 1.4, 8, 'normal'],
  ])('%s (CTL %s, ATL %s) → %s', (_, ctl, atl, level) => {
    const fatigue = fatigueFrom(ctl, atl);
    expect(fatigue.level).toBe(level);
    expect(fatigue.reason).toMatch(/\.$/);
  });

  it('says why in numbers', () => {
    expect(fatigueFrom(50, 80).reason).toContain('1.6 times your usual');
    expect(fatigueFrom(100, 135).reason).toContain('form is −35');
  });
});

describe('training load over a real history (Strava API export in ../shared/data; skipped when absent)', () => {
  it.skipIf(!API_HISTORY_FILE)('gives plausible fitness, and mostly normal fatigue', async () => {
    const runs = (await loadApiHistory())!;
    const series = buildTrainingSeries(runs);
    const loads = [...series.loads.values()];
    expect(loads.length).toBeGreaterThan(runs.length * 0.95);
    expect(loads.every((l) => l.value >= 0 && l.value < 600)).toBe(true);
    const days = series.days();
    const peak = Math.max(...days.map((d) => d.ctl));
    expect(peak).toBeGreaterThan(20);
    expect(peak).toBeLessThan(200);
    const levels = days.map((d) => series.stateAt(d.dateLocal).fatigue.level);
    expect(levels.filter((l) => l === 'normal').length / levels.length).toBeGreaterThan(0.6);
    expect(levels).toContain('high');
  });
});
