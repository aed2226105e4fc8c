import { describe, expect, it } from 'vitest';
import {
  FEATURE_NAMES,
  LENGTH_BIN_EDGES_KM,
  RUN_TYPE_CODES,
  TEMPERATURE_BIN_EDGES_C,
  binOf,
  featureTargetOfRun,
  featuresFor,
  featuresForHistory,
  type FeatureTarget,
} from '@/lib/features';
import { RUN_TYPES, type RunType } from '@/lib/plan';
import type { Run, RunWeather } from '@/lib/runs';
import { buildTrainingSeries } from '@/lib/training-load';
import { API_HISTORY_FILE, loadApiHistory } from '../fixtures/real-histories';

const weather: RunWeather = {
  temperatureC: 21,
  precipitationMm: 0.4,
  windSpeedKmh: 12,
  humidityPct: 70,
  weatherCode: 61,
  source: 'archive',
  place: { lat: 52.5, lng: 13.4, basis: 'start' },
};

/** A past run on day `day` of March 2026 (later days roll over), 8 km at 6:00/km unless told. */
function run(day: number, extra: Partial<Run> = {}, time = '07:00'): Run {
  const date = `${new Date(Date.UTC(2026, 2, day)).toISOString().slice(0, 10)}T${time}`;
  return {
    id: `run-${day}-${time}`,
    name: 'Morning Run',
    sportType: 'Run',
    isTreadmill: false,
    startTime: Date.parse(`${date}Z`),
    startLocal: date,
    distanceMeters: 8000,
    movingTimeSeconds: 2880,
    elapsedTimeSeconds: 2900,
    elevationGainMeters: 40,
    averageCadenceSpm: 166,
    averageHeartRate: 148,
    maxHeartRate: 172,
    sources: ['session'],
    processed: {},
    updatedAt: 0,
    ...extra,
  };
}

/**
 * Forty days of varied training: paces, distances, cadences (some missing), heart rates,
 * weather (some missing), types, a double day, and two runs in the same minute.
 */
function history(): Run[] {
  const runs: Run[] = [];
  for (let day = 1; day <= 40; day++) {
    if (day % 7 === 3) continue;
    const pace = 330 + ((day * 37) % 60);
    const km = day % 7 === 0 ? 18 : 6 + (day % 5);
    runs.push(
      run(day, {
        distanceMeters: km * 1000,
        movingTimeSeconds: km * pace,
        averageCadenceSpm: day % 4 === 0 ? undefined : 160 + (day % 9),
        averageHeartRate: day % 6 === 0 ? undefined : 140 + (day % 20),
        weather: day % 5 === 0 ? undefined : { ...weather, temperatureC: (day % 30) - 2 },
        workoutType: day % 10 === 1 ? 3 : 0,
        name: day % 8 === 0 ? 'Tempo' : 'Morning Run',
      }),
    );
  }
  runs.push(run(12, { distanceMeters: 5000, movingTimeSeconds: 1800 }, '18:30'));
  runs.push({ ...run(20), id: 'same-minute-twin', distanceMeters: 3000, movingTimeSeconds: 900 });
  return runs;
}

const planned: FeatureTarget = {
  startLocal: '2026-04-12T18:30',
  distanceMeters: 10_000,
  paceSecondsPerKm: 320,
  elevationGainMeters: 85,
  runType: 'tempo',
  weather,
};

describe('FEATURE_NAMES', () => {
  it('names at least 15 distinct features, in the order featuresFor returns them', () => {
    expect(FEATURE_NAMES.length).toBeGreaterThanOrEqual(15);
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURE_NAMES.length);
    expect(Object.keys(featuresFor(planned, history()))).toEqual([...FEATURE_NAMES]);
  });

  it('mentions heart rate or cadence only as the runs before (recent…)', () => {
    expect(FEATURE_NAMES.filter((name) => /heart|cadence/i.test(name) && !name.startsWith('recent'))).toEqual([]);
  });
});

describe('encodings', () => {
  it('codes run types from calmest (0) to hardest (6)', () => {
    expect(RUN_TYPES.map((type) => RUN_TYPE_CODES[type])).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(RUN_TYPE_CODES.recovery).toBeLessThan(RUN_TYPE_CODES.tempo);
  });

  it.each([
    [-3, 0], [4.9, 0], [5, 1], [11.9, 1], [12, 2], [17.5, 2], [18, 3], [23.9, 3], [24, 4], [38, 4], [Number.NaN, Number.NaN],
  ])('temperature %s °C → bin %s', (celsius, bin) => {
    expect(binOf(celsius, TEMPERATURE_BIN_EDGES_C)).toBe(bin);
  });

  it.each([
    [3, 0], [5, 1], [9.99, 1], [10, 2], [15, 3], [21.1, 4], [29, 4], [42.2, 5], [Number.NaN, Number.NaN],
  ])('length %s km → bin %s', (km, bin) => {
    expect(binOf(km, LENGTH_BIN_EDGES_KM)).toBe(bin);
  });
});

describe('featuresFor a planned run', () => {
  it('describes the plan, the forecast and the days before', () => {
    const runs = history();
    const features = featuresFor(planned, runs);
    const lastRun = runs.reduce((a, b) => (a.startLocal > b.startLocal ? a : b));
    expect(features).toMatchObject({
      paceSecondsPerKm: 320,
      distanceKm: 10,
      durationMinutes: 320 * 10 / 60,
      elevationGainMeters: 85,
      climbMetersPerKm: 8.5,
      temperatureC: 21,
      temperatureBin: 3,
      precipitationMm: 0.4,
      windSpeedKmh: 12,
      humidityPct: 70,
      hourOfDay: 18,
      dayOfWeek: 0, // 2026-04-12 is a Sunday
      runTypeCode: RUN_TYPE_CODES.tempo,
      lengthBin: 2,
    });
    // The last run was on April 9 (day 40) at 07:00: 3 days 11.5 hours before.
    expect(lastRun.startLocal).toBe('2026-04-09T07:00');
    expect(features.daysSinceLastRun).toBeCloseTo(3 + 11.5 / 24, 9);
  });

  it('takes the training state going into the planned day, decayed over the rest days', () => {
    const runs = history();
    const state = buildTrainingSeries(runs).stateAt('2026-04-12');
    const features = featuresFor(planned, runs);
    expect(features).toMatchObject({ ctlBefore: state.ctl, atlBefore: state.atl, tsbBefore: state.tsb, km7Before: state.km7, km28Before: state.km28 });
    expect(state.km7).toBeGreaterThan(0);
    expect(features.ctlBefore).toBeLessThan(buildTrainingSeries(runs).stateAt('2026-04-10').ctl);
    expect(featuresFor(planned, runs, { state: { ...state, ctl: 42 } }).ctlBefore).toBe(42);
  });

  it('summarises the last ten runs: pace spread, median pace, and median cadence of those that have one', () => {
    const paces = [300, 310, 320, 330, 340, 350, 360, 370, 380, 390, 400, 600];
    const cadences = [150, undefined, 170, Number.NaN, 172, 174, undefined, 176, 178, 180, 182, 184];
    const runs = paces.map((pace, i) => run(i + 1, { movingTimeSeconds: 8 * pace, averageCadenceSpm: cadences[i] }));
    const features = featuresFor({ ...planned, startLocal: '2026-03-14T07:00' }, runs);
    const lastTen = paces.slice(-10);
    const mean = lastTen.reduce((a, b) => a + b) / 10;
    const sd = Math.sqrt(lastTen.reduce((s, p) => s + (p - mean) ** 2, 0) / 9);
    expect(features.recentPaceCv).toBeCloseTo(sd / mean, 9);
    expect(features.recentPaceSecondsPerKm).toBe(365);
    expect(features.paceVsRecentMedian).toBeCloseTo(320 / 365, 9);
    // Last ten with a cadence: 150, 170, 172, 174, 176, 178, 180, 182, 184 (nine): median 176.
    expect(features.recentCadenceSpm).toBe(176);
  });

  it.each<[string, Partial<FeatureTarget>, string[]]>([
    ['no route: climb unknown', { elevationGainMeters: undefined }, ['elevationGainMeters', 'climbMetersPerKm']],
    ['no forecast: weather unknown', { weather: undefined }, ['temperatureC', 'temperatureBin', 'precipitationMm', 'windSpeedKmh', 'humidityPct']],
    ['the 15 °C stand-in is no forecast', { weather: { ...weather, temperatureC: 15, source: 'fallback' } }, ['temperatureC', 'temperatureBin', 'humidityPct']],
  ])('leaves missing values NaN: %s', (_, change, missing) => {
    const features = featuresFor({ ...planned, ...change }, history());
    for (const name of missing) expect(features[name as keyof typeof features], name).toBeNaN();
  });

  it('works for a first run ever: no history, no load, nothing recent', () => {
    const features = featuresFor(planned, []);
    expect(features).toMatchObject({ km7Before: 0, km28Before: 0, ctlBefore: 0, atlBefore: 0, tsbBefore: 0, fatigueLevel: 0 });
    for (const name of ['daysSinceLastRun', 'recentPaceCv', 'recentPaceSecondsPerKm', 'paceVsRecentMedian', 'recentCadenceSpm'] as const) {
      expect(features[name], name).toBeNaN();
    }
  });
});

describe('featuresForHistory', () => {
  it('gives every past run the features featuresFor gives it against the whole history', () => {
    const runs = history();
    const batch = featuresForHistory([...runs].reverse());
    expect(batch.size).toBe(runs.length);
    for (const target of runs) {
      const type = batch.get(target.id)!.runTypeCode;
      const single = featuresFor(featureTargetOfRun(target, RUN_TYPES[type] as RunType), runs);
      expect(batch.get(target.id), target.startLocal).toEqual(single);
    }
  });

  it("uses the runner's correction, then the stored type, then classifies", () => {
    const runs = history();
    runs[5] = { ...runs[5]!, runTypeCorrection: 'race', runType: { type: 'easy', basis: 'metrics' } };
    runs[6] = { ...runs[6]!, runType: { type: 'long', basis: 'name' } };
    runs[7] = { ...runs[7]!, name: 'Fractionné 10x400', workoutType: 0 };
    const batch = featuresForHistory(runs);
    expect(batch.get(runs[5]!.id)!.runTypeCode).toBe(RUN_TYPE_CODES.race);
    expect(batch.get(runs[6]!.id)!.runTypeCode).toBe(RUN_TYPE_CODES.long);
    expect(batch.get(runs[7]!.id)!.runTypeCode).toBe(RUN_TYPE_CODES.interval);
  });

  it('keeps runs of the same minute out of each other’s history', () => {
    const runs = history();
    const twin = runs.find((r) => r.id === 'same-minute-twin')!;
    const sibling = runs.find((r) => r.startLocal === twin.startLocal && r !== twin)!;
    const batch = featuresForHistory(runs);
    expect(batch.get(twin.id)!.daysSinceLastRun).toBe(batch.get(sibling.id)!.daysSinceLastRun);
    expect(batch.get(twin.id)!.daysSinceLastRun).toBeGreaterThan(0);
  });
});

describe('no leakage: a run’s features know only what was known before it started', () => {
  const runs = history();
  const k = 20;
  const target = [...runs].sort((a, b) => (a.startLocal < b.startLocal ? -1 : 1))[k]!;
  const baseline = featuresForHistory(runs).get(target.id);

  it.each<[string, (run: Run) => Run]>([
    ['its own cadence', (r) => (r.id === target.id ? { ...r, averageCadenceSpm: 199 } : r)],
    ['its own heart rate', (r) => (r.id === target.id ? { ...r, averageHeartRate: 199, maxHeartRate: 215 } : r)],
    ['its own elapsed time (stops during the run)', (r) => (r.id === target.id ? { ...r, elapsedTimeSeconds: 9999 } : r)],
    ['every later run’s cadence, heart rate, pace and distance', (r) =>
      r.startLocal > target.startLocal
        ? { ...r, averageCadenceSpm: 120, averageHeartRate: 195, maxHeartRate: 222, movingTimeSeconds: 1200, distanceMeters: 21_000 }
        : r],
    ['later runs’ types, names and weather', (r) =>
      r.startLocal > target.startLocal ? { ...r, name: 'Race day', workoutType: 1, runTypeCorrection: 'race', weather: undefined } : r],
  ])('changing %s changes nothing', (_, change) => {
    expect(featuresForHistory(runs.map(change)).get(target.id)).toEqual(baseline);
  });

  it('adding or removing later runs changes nothing', () => {
    const earlierOnly = runs.filter((r) => r.startLocal <= target.startLocal);
    const more = [...runs, run(60, { distanceMeters: 42_195, movingTimeSeconds: 12_000, maxHeartRate: 224 })];
    expect(featuresForHistory(earlierOnly).get(target.id)).toEqual(baseline);
    expect(featuresForHistory(more).get(target.id)).toEqual(baseline);
    expect(featuresFor(featureTargetOfRun(target, 'easy'), runs)).toEqual(featuresFor(featureTargetOfRun(target, 'easy'), earlierOnly));
  });

  it('changing an earlier run does change it (the test can see a difference)', () => {
    const earlier = runs.map((r) => (r.startLocal < target.startLocal ? { ...r, averageCadenceSpm: 150, movingTimeSeconds: 1500 } : r));
    expect(featuresForHistory(earlier).get(target.id)).not.toEqual(baseline);
  });
});

describe('features over a real history (Strava API export in ../shared/data; skipped when absent)', () => {
  it.skipIf(!API_HISTORY_FILE)('gives every run all features, with plausible values', async () => {
    const runs = (await loadApiHistory())!;
    const batch = featuresForHistory(runs);
    expect(batch.size).toBe(runs.length);
    const all = [...batch.values()];
    const share = (name: (typeof FEATURE_NAMES)[number], ok: (v: number) => boolean) => all.filter((f) => ok(f[name])).length / all.length;
    expect(share('recentCadenceSpm', (v) => v >= 140 && v <= 200)).toBeGreaterThan(0.5);
    expect(share('ctlBefore', (v) => v >= 0 && v < 200)).toBe(1);
    expect(share('paceVsRecentMedian', (v) => v > 0.5 && v < 2)).toBeGreaterThan(0.95);
    expect(new Set(all.map((f) => f.runTypeCode)).size).toBeGreaterThanOrEqual(5);
  });
});
