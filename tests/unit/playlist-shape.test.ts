import { describe, expect, it } from 'vitest';
import { priorCadenceSpm } from '@/lib/model/prior';
import type { PacePlan, PlannedRun, RunType } from '@/lib/plan';
import {
  cadenceFactor,
  COOL_DOWN_SHARE,
  FINAL_KICK_SHARE,
  isPreRace,
  PHASE_LABELS,
  PRE_RACE_SECONDS,
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

const plan = (
  type: RunType,
  km: number,
  paceSecondsPerKm: number,
  pacePlan?: PacePlan,
): Pick<PlannedRun, 'type' | 'distanceMeters' | 'paceSecondsPerKm' | 'pacePlan'> => ({
  type,
  distanceMeters: km * 1000,
  paceSecondsPerKm,
  pacePlan,
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
    ['race', 21.1, 'race'],
    ['race', 5, 'race'],
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
    expect(warmUp.targetTempoBpm! / 165).toBeCloseTo(0.95, 3);
    const finishShift = finish.targetTempoBpm! / 165;
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
        expect(hard.targetTempoBpm).toBeGreaterThan(easy.targetTempoBpm!);
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
    ['race 21.1 km, negative split', plan('race', 21.1, 270, 'negative')],
  ];
  it.each(plans)('covers the whole %s with no gap or overlap', (_label, run) => {
    const phases = runPhases(profile(168), run);
    expect(phases[0]!.fromSeconds).toBe(0);
    // A race's music starts with the pre-race block; the race itself lasts the planned time.
    const preRace = run.type === 'race' ? PRE_RACE_SECONDS : 0;
    expect(phases[phases.length - 1]!.toSeconds).toBe(preRace + plannedDurationSeconds(run));
    for (let i = 1; i < phases.length; i++) {
      expect(phases[i]!.fromSeconds).toBe(phases[i - 1]!.toSeconds);
      expect(phases[i]!.toSeconds).toBeGreaterThan(phases[i]!.fromSeconds);
    }
  });

  it('keeps energy and valence within 0-1', () => {
    const phases = [
      ...runPhases(profile(180, 0.97, 0.98), plan('long', 20, 300)),
      ...runPhases(profile(150, 0.05, 0.02), plan('interval', 10, 300)),
      ...runPhases(profile(190, 0.97, 0.98), plan('race', 10, 240, 'negative')),
      ...runPhases(profile(150, 0.05, 0.02), plan('race', 10, 240)),
    ];
    for (const phase of phases) {
      expect(phase.targetEnergy).toBeGreaterThanOrEqual(0);
      expect(phase.targetEnergy).toBeLessThanOrEqual(1);
      expect(phase.targetValence).toBeGreaterThanOrEqual(0);
      expect(phase.targetValence).toBeLessThanOrEqual(1);
    }
  });
});

describe('race phases', () => {
  const names = (pacePlan?: PacePlan) => runPhases(profile(172, 0.9, 0.7), plan('race', 21.1, 270, pacePlan)).map((phase) => phase.name);
  const cases: Array<[PacePlan | undefined, string[]]> = [
    [undefined, ['pre-race-calm', 'pre-race-build', 'steady', 'final-kick']],
    ['even', ['pre-race-calm', 'pre-race-build', 'steady', 'final-kick']],
    ['negative', ['pre-race-calm', 'pre-race-build', 'steady', 'faster-third', 'final-kick']],
  ];
  it.each(cases)('a race with pace plan %s has the phases %j', (pacePlan, expected) => {
    expect(names(pacePlan)).toEqual(expected);
    for (const name of expected) expect(PHASE_LABELS[name as keyof typeof PHASE_LABELS]).toMatch(/^[a-z][a-z -]+$/);
  });

  it('starts with 15 minutes of any tempo, calm and then building up to the race', () => {
    const phases = runPhases(profile(172, 0.9, 0.7), plan('race', 21.1, 270));
    const [calm, build, race] = phases as [(typeof phases)[0], (typeof phases)[0], (typeof phases)[0]];
    expect([calm.fromSeconds, calm.toSeconds, build.toSeconds, race.fromSeconds]).toEqual([0, 450, PRE_RACE_SECONDS, PRE_RACE_SECONDS]);
    expect([calm.targetTempoBpm, build.targetTempoBpm]).toEqual([null, null]);
    expect([isPreRace(calm), isPreRace(build), isPreRace(race)]).toEqual([true, true, false]);
    expect(calm.targetEnergy).toBeLessThan(build.targetEnergy);
    expect(build.targetEnergy).toBeLessThan(race.targetEnergy);
  });

  it('runs an even race at one tempo, the last 10 % a final kick with more energy', () => {
    const phases = runPhases(profile(172, 0.8, 0.7), plan('race', 21.1, 270, 'even'));
    const [steady, kick] = phases.slice(2) as [(typeof phases)[0], (typeof phases)[0]];
    const race = plannedDurationSeconds(plan('race', 21.1, 270));
    expect(steady.targetTempoBpm).toBe(172);
    expect(kick.targetTempoBpm).toBe(172);
    expect(kick.toSeconds - kick.fromSeconds).toBe(Math.round(race * FINAL_KICK_SHARE));
    expect(kick.targetEnergy).toBeGreaterThan(steady.targetEnergy);
  });

  const paces: Array<[number]> = [[240], [270], [330], [400]];
  it.each(paces)('runs the last third of a negative split at %i s/km 2.5 per cent faster, its tempo following the prior cadence', (pace) => {
    const run = plan('race', 21.1, pace, 'negative');
    const phases = runPhases(profile(172, 0.85, 0.7), run);
    const [steady, faster, kick] = phases.slice(2) as [(typeof phases)[0], (typeof phases)[0], (typeof phases)[0]];
    // Seconds per km of the first two thirds and of the last third (faster and kick).
    const km = 21.1;
    const firstPace = (steady.toSeconds - steady.fromSeconds) / ((km * 2) / 3);
    const lastPace = (kick.toSeconds - faster.fromSeconds) / (km / 3);
    expect(firstPace / lastPace).toBeCloseTo(1.025, 2);
    // The finish time stays distance × goal pace.
    expect(kick.toSeconds - steady.fromSeconds).toBe(plannedDurationSeconds(run));
    expect(faster.targetTempoBpm).toBe(kick.targetTempoBpm);
    // The tempo rises as the prior's cadence does between the two speeds, much less than the speed.
    expect(Math.abs(faster.targetTempoBpm! - 172 * cadenceFactor(pace, lastPace))).toBeLessThanOrEqual(0.06);
    expect(Math.abs(steady.targetTempoBpm! - 172 * cadenceFactor(pace, firstPace))).toBeLessThanOrEqual(0.06);
    const rise = faster.targetTempoBpm! / steady.targetTempoBpm!;
    expect(rise).toBeGreaterThan(1);
    expect(rise).toBeLessThan(1.025);
    // cadenceFactor follows priorCadenceSpm: a whole m/s faster changes the cadence as the prior says.
    const speed = 1000 / pace;
    const oneFaster = 1000 / (speed + 1);
    expect(cadenceFactor(pace, oneFaster)).toBeCloseTo(1 + (priorCadenceSpm(1000 / (speed + 0.5)) - priorCadenceSpm(1000 / (speed - 0.5))) / priorCadenceSpm(pace), 6);
    expect(steady.targetTempoBpm).toBeLessThanOrEqual(172);
    expect(kick.targetEnergy).toBeGreaterThan(faster.targetEnergy);
    expect(faster.targetEnergy).toBeGreaterThan(steady.targetEnergy);
  });

  it('lets the cadence rise less at fast paces than at slow ones, as the prior does', () => {
    const rise = (pace: number) => cadenceFactor(pace, pace / 1.025) - 1;
    expect(rise(400)).toBeGreaterThan(rise(240));
    expect(rise(240)).toBeGreaterThan(0);
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
