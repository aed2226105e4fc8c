import { describe, expect, it } from 'vitest';
import { defaultPlan } from '@/lib/plan';
import { planFromActivity, planFromRoute } from '@/lib/strava/prefill';

const now = new Date(2026, 10, 25, 9, 30);

describe('planFromActivity', () => {
  it('plans a run like the one on the page: its distance, pace and type', () => {
    const { plan, note } = planFromActivity(
      { sportType: 'Run', name: '6x800 on the track', distanceMeters: 9000, movingTimeSeconds: 2700 },
      'metric',
      now,
    );
    expect(plan).toEqual({ type: 'interval', distanceMeters: 9000, paceSecondsPerKm: 300, start: '2026-11-25T10:00' });
    expect(note).toBe('A run like “6x800 on the track”: 9.0 km at 5:00/km.');
  });

  it('speaks the runner units', () => {
    const { note } = planFromActivity({ sportType: 'Run', name: 'Morning Run', distanceMeters: 16093.44, movingTimeSeconds: 4800 }, 'imperial', now);
    expect(note).toBe('A run like “Morning Run”: 10.0 mi at 8:00/mi.');
  });

  it('starts easy when the name says no type', () => {
    expect(planFromActivity({ sportType: 'Run', name: 'Morning Run', distanceMeters: 5000, movingTimeSeconds: 1500 }, 'metric', now).plan.type).toBe(
      'easy',
    );
  });

  it('does not copy a ride pace into a running plan', () => {
    const { plan, note } = planFromActivity({ sportType: 'Ride', name: 'Afternoon Ride', distanceMeters: 50139.5, movingTimeSeconds: 6078 }, 'metric', now);
    expect(plan).toEqual(defaultPlan(now));
    expect(note).toMatch(/Ride, not a run/);
  });

  it('keeps the default for values a plan refuses (a 1:00/km GPS glitch)', () => {
    const { plan } = planFromActivity({ sportType: 'Run', distanceMeters: 10_000, movingTimeSeconds: 600 }, 'metric', now);
    expect(plan.distanceMeters).toBe(10_000);
    expect(plan.paceSecondsPerKm).toBe(defaultPlan(now).paceSecondsPerKm);
  });

  it('says so when the page had no distance', () => {
    expect(planFromActivity({}, 'metric', now).note).toMatch(/could not read the distance/);
  });
});

describe('planFromRoute', () => {
  it('takes the route distance and reports the climb', () => {
    const { plan, note } = planFromRoute({ name: 'Lakeside loop', distanceMeters: 12_340, elevationGainMeters: 156 }, 'metric', now);
    expect(plan.distanceMeters).toBe(12_340);
    expect(plan.type).toBe('easy');
    expect(note).toBe('A run of “Lakeside loop”: 12.3 km with 156 m of climbing. Choose your type and pace.');
  });
});
