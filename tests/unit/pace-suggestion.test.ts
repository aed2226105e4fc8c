import { describe, expect, it } from 'vitest';
import { paceSuggestion } from '@/lib/pace-suggestion';
import type { RunType } from '@/lib/plan';
import type { Run } from '@/lib/runs';

function run(day: string, type: RunType, paceSecondsPerKm: number, corrected?: RunType): Run {
  return {
    id: `${day}-${type}-${paceSecondsPerKm}`,
    name: 'Run',
    sportType: 'Run',
    isTreadmill: false,
    startTime: Date.parse(`${day}T07:00Z`),
    startLocal: `${day}T07:00`,
    distanceMeters: 10_000,
    movingTimeSeconds: paceSecondsPerKm * 10,
    runType: { type, basis: 'metrics' },
    runTypeCorrection: corrected,
    sources: ['api-json'],
    processed: {},
    updatedAt: 0,
  };
}

const history = [
  run('2026-10-01', 'tempo', 280),
  run('2026-10-08', 'tempo', 290),
  run('2026-10-15', 'tempo', 300),
  run('2026-10-22', 'tempo', 310),
  run('2026-10-29', 'tempo', 320),
  run('2026-10-30', 'easy', 360),
  run('2026-10-31', 'easy', 370),
  // The runner says this "easy" run was a tempo run.
  run('2026-11-01', 'easy', 330, 'tempo'),
  // Too old (more than 90 days before the plan), and after the plan: neither counts.
  run('2026-07-01', 'tempo', 200),
  run('2026-12-01', 'tempo', 400),
];

describe('paceSuggestion', () => {
  it('gives the middle half of the paces of that type in the last 90 days, and how many runs', () => {
    expect(paceSuggestion(history, 'tempo', '2026-11-10T18:00')).toEqual({ type: 'tempo', fastSecondsPerKm: 292.5, slowSecondsPerKm: 317.5, runs: 6 });
  });

  it('gives none below 3 runs', () => {
    expect(paceSuggestion(history, 'easy', '2026-11-10T18:00')).toBeUndefined();
    expect(paceSuggestion(history, 'race', '2026-11-10T18:00')).toBeUndefined();
  });
});
