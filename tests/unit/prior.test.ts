import { describe, expect, it } from 'vitest';
import { PRIOR_ENERGY, priorCadenceSpm, priorProfile } from '@/lib/model/prior';
import { halfTimeBpm } from '@/lib/model/profile';
import { RUN_TYPES, type PlannedRun } from '@/lib/plan';

const plan = (changes: Partial<PlannedRun> = {}): PlannedRun => ({
  type: 'easy',
  paceSecondsPerKm: 360,
  distanceMeters: 8000,
  start: '2026-11-26T18:00',
  ...changes,
});

describe('priorCadenceSpm', () => {
  it.each([
    // 2.65 m/s ≈ 6:17/km: the novice midpoint of 157 steps/min.
    [1000 / 2.65, 157],
    // 2.4 and 2.9 m/s: the novice range 154-160.
    [1000 / 2.4, 154],
    [1000 / 2.9, 160],
    // 5 m/s (3:20/km): past 3.5 m/s the slope flattens to 5.6 per m/s.
    [200, 176],
    // A walking pace is held at 140; a world-record pace stays under 190.
    [1200, 140],
    [150, 185],
  ])('at %f s/km → %i steps/min', (pace, cadence) => {
    expect(priorCadenceSpm(pace)).toBe(cadence);
  });

  it('never falls as the pace quickens', () => {
    let previous = 0;
    for (let pace = 1200; pace >= 150; pace -= 5) {
      const cadence = priorCadenceSpm(pace);
      expect(cadence).toBeGreaterThanOrEqual(previous);
      previous = cadence;
    }
  });
});

describe('priorProfile', () => {
  it('targets the predicted cadence, with its half-time equivalent, marked as prior', () => {
    const profile = priorProfile(plan({ paceSecondsPerKm: 300 }), 'metric');
    expect(profile.tempo.value).toBe(priorCadenceSpm(300));
    expect(halfTimeBpm(profile.tempo.value)).toBe(Math.round(profile.tempo.value / 2));
    expect([profile.tempo.source, profile.energy.source, profile.valence.source]).toEqual(['prior', 'prior', 'prior']);
    expect(profile.tempo.reasons[0]).toContain('5:00/km');
  });

  it('explains the pace in the runner units', () => {
    expect(priorProfile(plan({ paceSecondsPerKm: 300 }), 'imperial').tempo.reasons[0]).toContain('8:03/mi');
  });

  it('gives harder run types more energy', () => {
    const energies = RUN_TYPES.map((type) => priorProfile(plan({ type }), 'metric').energy.value);
    expect(energies).toEqual([...energies].sort((a, b) => a - b));
    expect(priorProfile(plan({ type: 'race' }), 'metric').energy.value).toBe(PRIOR_ENERGY.race);
  });

  it('picks brighter music for hard sessions and calmer music in the dark', () => {
    const valence = (changes: Partial<PlannedRun>) => priorProfile(plan(changes), 'metric').valence.value;
    expect(valence({ type: 'interval' })).toBeGreaterThan(valence({ type: 'easy' }));
    expect(valence({ type: 'recovery' })).toBeLessThan(valence({ type: 'easy' }));
    expect(valence({ start: '2026-11-26T05:30' })).toBeLessThan(valence({ start: '2026-11-26T09:00' }));
    expect(valence({ start: '2026-11-26T21:00' })).toBeLessThan(valence({ start: '2026-11-26T20:59' }));
  });

  it('keeps energy and valence between 0 and 1 for every plan', () => {
    for (const type of RUN_TYPES) {
      for (const start of ['2026-11-26T03:00', '2026-11-26T12:00']) {
        const profile = priorProfile(plan({ type, start }), 'metric');
        for (const value of [profile.energy.value, profile.valence.value]) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        }
      }
    }
  });
});

describe('priorProfile under the conditions of the day', () => {
  const weather = (temperatureC: number, precipitationMm = 0) => ({ temperatureC, precipitationMm, source: 'forecast' as const });

  it('lowers energy when fatigue is elevated or high, and says so', () => {
    const normal = priorProfile(plan({ type: 'tempo' }), 'metric', { fatigue: 'normal' }).energy;
    const elevated = priorProfile(plan({ type: 'tempo' }), 'metric', { fatigue: 'elevated' }).energy;
    const high = priorProfile(plan({ type: 'tempo' }), 'metric', { fatigue: 'high' }).energy;
    expect([normal.value, elevated.value, high.value]).toEqual([0.75, 0.7, 0.65]);
    expect(high.reasons.join(' ')).toMatch(/fatigue is high/);
  });

  it('brightens the music for rain or cold, and calms it in the heat', () => {
    const base = priorProfile(plan(), 'metric', { weather: weather(15) });
    expect(priorProfile(plan(), 'metric', { weather: weather(15, 2) }).valence.value).toBe(base.valence.value + 0.05);
    expect(priorProfile(plan(), 'metric', { weather: weather(2) }).valence.reasons.join(' ')).toMatch(/cold/);
    expect(priorProfile(plan(), 'metric', { weather: weather(30) }).energy.value).toBe(base.energy.value - 0.05);
  });

  it('ignores the fallback weather: it is not a forecast', () => {
    expect(priorProfile(plan(), 'metric', { weather: { temperatureC: 30, precipitationMm: 5, source: 'fallback' } })).toEqual(priorProfile(plan(), 'metric'));
  });
});
