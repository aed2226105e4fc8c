import { describe, expect, it } from 'vitest';
import type { RunType } from '@/lib/plan';
import { classifyRun, classifyRuns, type ClassifiableRun } from '@/lib/run-type';
import type { RunFacts } from '@/lib/runs';
import { API_HISTORY_FILE, loadApiHistory } from '../fixtures/real-histories';

/** A run on day `day` of March 2026 (1-based, later days after the 31st roll over). */
function run(day: number, km: number, paceSecondsPerKm: number, extra: Partial<ClassifiableRun> = {}): ClassifiableRun {
  const date = new Date(Date.UTC(2026, 2, day, 7, 30));
  return {
    id: `r${day}-${km}-${paceSecondsPerKm}`,
    name: 'Morning Run',
    sportType: 'Run',
    isTreadmill: false,
    startTime: date.getTime(),
    startLocal: date.toISOString().slice(0, 16),
    distanceMeters: km * 1000,
    movingTimeSeconds: km * paceSecondsPerKm,
    elapsedTimeSeconds: km * paceSecondsPerKm,
    ...extra,
  };
}

/** Ten easy 8 km runs at 6:00/km on March 1-10: the runner's usual. */
const usual: RunFacts[] = Array.from({ length: 10 }, (_, i) => run(i + 1, 8, 360));

describe('classifyRun: who decides', () => {
  it.each<[string, Partial<ClassifiableRun>, RunType, string]>([
    ['the correction beats everything', { runTypeCorrection: 'easy', workoutType: 1, name: 'Tempo' }, 'easy', 'correction'],
    ['workout type 1 is a race', { workoutType: 1, name: 'Easy jog' }, 'race', 'workout_type'],
    ['workout type 2 is a long run', { workoutType: 2, name: 'Recovery' }, 'long', 'workout_type'],
    ['a workout named with reps is intervals', { workoutType: 3, name: '6x800' }, 'interval', 'workout_type'],
    ['a workout named tempo is tempo', { workoutType: 3, name: 'Tempo Tuesday' }, 'tempo', 'workout_type'],
    ['a workout named in German is tempo', { workoutType: 3, name: 'Schwellenlauf' }, 'tempo', 'workout_type'],
    ['a workout whose name says "long" is still a session', { workoutType: 3, name: 'Long session' }, 'interval', 'workout_type'],
    ['workout type 0 lets the name speak', { workoutType: 0, name: 'Sortie longue' }, 'long', 'name'],
    ['no workout type lets the name speak', { name: 'Recuperación' }, 'recovery', 'name'],
    ['a plain name leaves it to the numbers', { name: 'Afternoon Run' }, 'easy', 'metrics'],
  ])('%s', (_, extra, type, basis) => {
    expect(classifyRun(run(12, 8, 360, extra), usual)).toEqual({ type, basis });
  });
});

describe('classifyRun: a workout without a telling name', () => {
  it.each<[string, ClassifiableRun, readonly RunFacts[], RunType]>([
    ['held 8 % faster than usual without stops: tempo', run(12, 9, 330, { workoutType: 3 }), usual, 'tempo'],
    ['averaging the usual pace: intervals', run(12, 9, 355, { workoutType: 3 }), usual, 'interval'],
    ['fast but standing still a quarter of the time: intervals', run(12, 9, 330, { workoutType: 3, elapsedTimeSeconds: 9 * 330 * 1.25 }), usual, 'interval'],
    ['with no history to compare: intervals', run(12, 9, 330, { workoutType: 3 }), [], 'interval'],
  ])('%s', (_, target, history, type) => {
    expect(classifyRun({ ...target, name: 'Séance du mardi' }, history)).toEqual({ type, basis: 'workout_type' });
  });
});

describe('classifyRun: names in several languages', () => {
  it.each<[string, RunType]>([
    ['Fartlek im Park', 'interval'],
    ['Intervalado na pista', 'interval'],
    ['Speed Workout', 'interval'],
    ['インターバル走', 'interval'],
    ['Warm up', 'recovery'],
    ['Cool Down', 'recovery'],
    ['Einlaufen vor dem Wettkampf', 'recovery'],
    ['Herstelloop', 'recovery'],
    ['Sortie au seuil', 'tempo'],
    ['ペース走 10km', 'tempo'],
    ['Tirada larga', 'long'],
    ['Longão de domingo', 'long'],
    ['周末长距离', 'long'],
    ['Rodaje suave', 'easy'],
    ['朝ジョグ', 'easy'],
    ['Rustig duurloopje', 'easy'],
    ['Dauerlauf', 'steady'],
    ['Corsa lenta', 'easy'],
    ['Gara 10 km', 'race'],
    ['東京マラソン大会', 'race'],
  ])('%j → %s', (name, type) => {
    expect(classifyRun(run(12, 8, 360, { name }), usual)).toEqual({ type, basis: 'name' });
  });
});

describe('classifyRun: numbers against the usual 8 km at 6:00/km', () => {
  it.each<[string, number, number, RunType]>([
    ['the usual run', 8, 360, 'easy'],
    ['a little slower, same length', 9, 385, 'easy'],
    ['4-7 % faster', 8, 345, 'steady'],
    ['8 % faster, no race distance', 9, 330, 'tempo'],
    ['13 % faster over 10 km', 10.1, 315, 'race'],
    ['11 % faster over a half marathon', 21.3, 320, 'race'],
    ['twice the distance', 16, 370, 'long'],
    ['1.4 times the distance', 11, 360, 'easy'],
    ['1.5 times, but under 10 km for a runner of short runs', 9, 360, 'easy'],
    ['11 % slower and short', 5, 400, 'recovery'],
    ['11 % slower but not short', 8, 400, 'easy'],
  ])('%s (%s km at %s s/km) → %s', (_, km, pace, type) => {
    expect(classifyRun(run(12, km, pace), usual)).toEqual({ type, basis: 'metrics' });
  });

  it('reads a 1.5 times longer run as long only from 10 km on, for a runner of 5 km runs', () => {
    const shortRuns = Array.from({ length: 10 }, (_, i) => run(i + 1, 5, 360));
    expect(classifyRun(run(12, 8, 360), shortRuns).type).toBe('easy');
    expect(classifyRun(run(12, 10, 360), shortRuns).type).toBe('long');
  });

  it('without five runs of history, calls only an 18 km run long', () => {
    const few = usual.slice(0, 4);
    expect(classifyRun(run(12, 17, 300), few).type).toBe('easy');
    expect(classifyRun(run(12, 18, 360), few).type).toBe('long');
  });

  it('calls a run without distance or time easy', () => {
    const { distanceMeters: _d, movingTimeSeconds: _m, ...bare } = run(12, 8, 360);
    expect(classifyRun(bare, usual)).toEqual({ type: 'easy', basis: 'metrics' });
  });
});

describe('classifyRun: only the runs before count', () => {
  it('ignores later runs and runs that start the same minute, whatever order the history is in', () => {
    const target = run(12, 9, 330);
    const later = Array.from({ length: 10 }, (_, i) => run(13 + i, 9, 300));
    const sameMinute = { ...run(12, 9, 250), id: 'twin' };
    const mixed = [...later, sameMinute, ...[...usual].reverse()];
    expect(classifyRun(target, mixed)).toEqual(classifyRun(target, usual));
    expect(classifyRun(target, mixed).type).toBe('tempo');
  });

  it('compares with the last 30 runs, so a runner who got faster is judged by their new pace', () => {
    const oldSlow = Array.from({ length: 40 }, (_, i) => run(i - 80, 8, 420));
    const recentFast = Array.from({ length: 30 }, (_, i) => run(i - 35, 8, 330));
    expect(classifyRun(run(1, 8, 330), [...oldSlow, ...recentFast]).type).toBe('easy');
  });
});

describe('classifyRuns', () => {
  it('gives every run the verdict classifyRun gives it against the whole history', () => {
    const paces = [360, 345, 330, 400, 315, 370, 360, 320, 355, 300];
    const kms = [8, 8, 9, 5, 10.1, 16, 8, 21.3, 9, 5];
    const history: ClassifiableRun[] = paces.flatMap((pace, i) => [
      run(i * 3 + 1, kms[i]!, pace),
      run(i * 3 + 2, 8, 360, { name: i % 2 ? 'Easy' : 'Afternoon Run' }),
      run(i * 3 + 3, kms[(i + 3) % 10]!, paces[(i + 7) % 10]!, { workoutType: i % 4, runTypeCorrection: i === 5 ? 'steady' : undefined }),
    ]);
    const shuffled = [...history].reverse();
    const verdicts = classifyRuns(shuffled);
    expect(verdicts.size).toBe(history.length);
    for (const target of history) expect(verdicts.get(target.id), target.id).toEqual(classifyRun(target, shuffled));
    expect(new Set([...verdicts.values()].map((v) => v.basis))).toEqual(new Set(['correction', 'workout_type', 'name', 'metrics']));
  });
});

describe('classifyRuns on a real history (Strava API export in ../shared/data; skipped when absent)', () => {
  it.skipIf(!API_HISTORY_FILE)('finds several kinds of run, none of them nearly all', async () => {
    const runs = (await loadApiHistory())!;
    const counts = new Map<RunType, number>();
    for (const { type } of classifyRuns(runs).values()) counts.set(type, (counts.get(type) ?? 0) + 1);
    expect(counts.size).toBeGreaterThanOrEqual(5);
    expect(Math.max(...counts.values()) / runs.length).toBeLessThan(0.8);
    expect(counts.get('easy') ?? 0).toBeGreaterThan(runs.length / 4);
  });
});
