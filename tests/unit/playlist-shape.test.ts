import { describe, expect, it } from 'vitest';
import type { PlannedRun, RunType } from '@/lib/plan';
import {
  COOL_DOWN_SHARE,
  phaseIndexAt,
  plannedDurationSeconds,
  runPhases,
  runShape,
  WARM_UP_SHARE,
  type ProfileTargets,
  type RunShape,
} from '@/lib/playlist/shape';

const profile = (tempo: number, energy = 0.6, valence = 0.6): ProfileTargets => ({
  tempo: { value: tempo },
  energy: { value: energy },
  valence: { value: valence },
});

const plan = (type: RunType, km: number, paceSecondsPerKm: number): Pick<PlannedRun, 'type' | 'distanceMeters' | 'paceSecondsPerKm'> => ({
  type,
  distanceMeters: km * 1000,
  paceSecondsPerKm,
});

describe('plannedDurationSeconds', () => {
  const cases: Array<[number, number, number]> = [
    [10, 360, 3600],
    [16, 360, 5760],
    [5, 315, 1575],
    [21.0975, 300, 6329],
  ];
  it.each(cases)('%f km at %i s/km takes %i s', (km, pace, seconds) => {
    expect(plannedDurationSeconds(plan('easy', km, pace))).toBe(seconds);
  });
});

describe('runShape', () => {
  const cases: Array<[RunType, number, RunShape]> = [
    ['easy', 10, 'steady'],
    ['easy', 11.9, 'steady'],
    ['easy', 12, 'progressive'],
    ['long', 16, 'progressive'],
    ['long', 10, 'steady'],
    ['tempo', 12, 'progressive'],
    ['steady', 8, 'steady'],
    ['recovery', 5, 'steady'],
    ['interval', 8, 'intervals'],
    ['interval', 14, 'intervals'],
    ['race', 21.1, 'steady'],
    ['race', 5, 'steady'],
  ];
  it.each(cases)('a %s run of %f km is %s', (type, km, shape) => {
    expect(runShape(plan(type, km, 330))).toBe(shape);
  });
});

describe('runPhases', () => {
  it('gives an easy 10 km one steady phase at the profile targets', () => {
    expect(runPhases(profile(165, 0.55, 0.62), plan('easy', 10, 360))).toEqual([
      { name: 'steady', fromSeconds: 0, toSeconds: 3600, targetTempoBpm: 165, targetEnergy: 0.55, targetValence: 0.62 },
    ]);
  });

  it('warms up, holds and finishes strong on a 16 km long run', () => {
    const phases = runPhases(profile(165, 0.6, 0.6), plan('long', 16, 360));
    expect(phases.map((phase) => phase.name)).toEqual(['warm-up', 'steady', 'finish']);
    const [warmUp, steady, finish] = phases as [(typeof phases)[0], (typeof phases)[0], (typeof phases)[0]];
    // 5760 s planned: the first 15 % and the last 20 %.
    expect([warmUp.fromSeconds, warmUp.toSeconds]).toEqual([0, 864]);
    expect([steady.fromSeconds, steady.toSeconds]).toEqual([864, 4608]);
    expect([finish.fromSeconds, finish.toSeconds]).toEqual([4608, 5760]);

    expect(steady.targetTempoBpm).toBe(165);
    expect(warmUp.targetTempoBpm / 165).toBeCloseTo(0.95, 3);
    const finishShift = finish.targetTempoBpm / 165;
    expect(finishShift).toBeGreaterThanOrEqual(1.03);
    expect(finishShift).toBeLessThanOrEqual(1.05);

    expect(warmUp.targetEnergy).toBeLessThan(steady.targetEnergy);
    expect(finish.targetEnergy).toBeGreaterThan(steady.targetEnergy);
    expect(steady.targetEnergy).toBe(0.6);
  });

  it('alternates hard and recovery blocks between a warm-up and a cool-down in an interval session', () => {
    const phases = runPhases(profile(170, 0.85, 0.7), plan('interval', 8, 300));
    const total = 2400;
    const names = phases.map((phase) => phase.name);
    expect(names[0]).toBe('warm-up');
    expect(names[names.length - 1]).toBe('cool-down');
    const middle = names.slice(1, -1);
    expect(middle.length).toBeGreaterThanOrEqual(3);
    middle.forEach((name, i) => expect(name).toBe(i % 2 === 0 ? 'work' : 'recovery'));
    expect(middle[middle.length - 1]).toBe('work');

    expect(phases[0]!.toSeconds).toBe(total * WARM_UP_SHARE);
    expect(phases[phases.length - 1]!.fromSeconds).toBe(total * (1 - COOL_DOWN_SHARE));

    const work = phases.filter((phase) => phase.name === 'work');
    const recovery = phases.filter((phase) => phase.name === 'recovery');
    for (const hard of work) {
      for (const easy of recovery) {
        expect(hard.targetTempoBpm).toBeGreaterThan(easy.targetTempoBpm);
        expect(hard.targetEnergy).toBeGreaterThan(easy.targetEnergy);
      }
      // Hard blocks last about two tracks, recoveries about one.
      expect(hard.toSeconds - hard.fromSeconds).toBeGreaterThan(300);
    }
    for (const easy of recovery) expect(easy.toSeconds - easy.fromSeconds).toBeGreaterThan(150);
  });

  it('keeps a short interval session to one hard block', () => {
    const phases = runPhases(profile(170), plan('interval', 2, 300));
    expect(phases.map((phase) => phase.name)).toEqual(['warm-up', 'work', 'cool-down']);
  });

  const plans: Array<[string, ReturnType<typeof plan>]> = [
    ['easy 10 km', plan('easy', 10, 360)],
    ['long 16 km', plan('long', 16, 360)],
    ['long 42.2 km', plan('long', 42.2, 330)],
    ['intervals 8 km', plan('interval', 8, 300)],
    ['intervals 15 km', plan('interval', 15, 290)],
    ['race 5 km', plan('race', 5, 240)],
  ];
  it.each(plans)('covers the whole %s with no gap or overlap', (_label, run) => {
    const phases = runPhases(profile(168), run);
    expect(phases[0]!.fromSeconds).toBe(0);
    expect(phases[phases.length - 1]!.toSeconds).toBe(plannedDurationSeconds(run));
    for (let i = 1; i < phases.length; i++) {
      expect(phases[i]!.fromSeconds).toBe(phases[i - 1]!.toSeconds);
      expect(phases[i]!.toSeconds).toBeGreaterThan(phases[i]!.fromSeconds);
    }
  });

  it('keeps energy and valence within 0-1', () => {
    const phases = [
      ...runPhases(profile(180, 0.97, 0.98), plan('long', 20, 300)),
      ...runPhases(profile(150, 0.05, 0.02), plan('interval', 10, 300)),
    ];
    for (const phase of phases) {
      expect(phase.targetEnergy).toBeGreaterThanOrEqual(0);
      expect(phase.targetEnergy).toBeLessThanOrEqual(1);
      expect(phase.targetValence).toBeGreaterThanOrEqual(0);
      expect(phase.targetValence).toBeLessThanOrEqual(1);
    }
  });
});

describe('phaseIndexAt', () => {
  const phases = runPhases(profile(165), plan('long', 16, 360));
  const cases: Array<[number, number]> = [
    [0, 0],
    [863, 0],
    [864, 1],
    [4607, 1],
    [4608, 2],
    [5759, 2],
    [7000, 2],
  ];
  it.each(cases)('at %i s plays phase %i (past the end, the last)', (seconds, index) => {
    expect(phaseIndexAt(phases, seconds)).toBe(index);
  });
});
