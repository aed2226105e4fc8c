import { describe, expect, it } from 'vitest';
import { CURVE_POINTS, cadenceCurves, runCadences } from '@/lib/model/cadence-curve';
import { predictProfile } from '@/lib/model/predict';
import { priorCadenceSpm } from '@/lib/model/prior';
import { assembleModel, startJob, trainingDataset, trainingStep } from '@/lib/model/trainer';
import { buildTrainingSeries } from '@/lib/training-load';
import { processedHistory } from '../fixtures/processed-history';

const history = processedHistory(40, 36);
const series = buildTrainingSeries(history);
const today = history.at(-1)!.startLocal.slice(0, 10);

function trained() {
  const dataset = trainingDataset(history);
  let job = startJob(dataset, false, 0);
  for (;;) {
    const step = trainingStep(job, dataset, () => 0);
    if (step.done) break;
    job = step.job;
  }
  return assembleModel(job, dataset, undefined, 0).active!;
}

describe('runCadences', () => {
  it('lists the runs with a pace and a cadence, oldest first', () => {
    const points = runCadences([...history].reverse());
    expect(points).toHaveLength(36);
    expect(points[0]).toEqual({ runId: history[0]!.id, startTime: history[0]!.startTime, paceSecondsPerKm: history[0]!.movingTimeSeconds! / 8, cadenceSpm: history[0]!.averageCadenceSpm });
  });
});

describe('cadenceCurves', () => {
  it('without a model, draws the prior across the runner’s paces for a typical easy run tomorrow', () => {
    const curves = cadenceCurves(history, series, undefined, today);
    expect(curves.points).toHaveLength(CURVE_POINTS);
    const tomorrow = new Date(Date.parse(`${today}T00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    // The runner's usual hour and easy distance.
    expect(curves.plan).toEqual({ startLocal: `${tomorrow}T07:00`, distanceMeters: 8000 });
    const paces = runCadences(history).map((run) => run.paceSecondsPerKm);
    expect(curves.points[0]!.paceSecondsPerKm).toBeGreaterThanOrEqual(Math.min(...paces));
    expect(curves.points.at(-1)!.paceSecondsPerKm).toBeLessThanOrEqual(Math.max(...paces));
    for (const point of curves.points) {
      expect(point.prior).toBe(priorCadenceSpm(point.paceSecondsPerKm));
      expect(point.model).toBeUndefined();
    }
  });

  it('with a tempo model, each point is what the planner predicts for that run', () => {
    const model = trained();
    const curves = cadenceCurves(history, series, model.targets.tempo, today);
    for (const point of curves.points) {
      const plan = { type: 'easy' as const, start: curves.plan.startLocal, distanceMeters: curves.plan.distanceMeters, paceSecondsPerKm: point.paceSecondsPerKm };
      // The planner uses the model only where it beats guessing; the curve draws it either way.
      const profile = predictProfile(plan, 'metric', { model: { ...model, targets: { tempo: { ...model.targets.tempo!, metrics: { ...model.targets.tempo!.metrics, mae: 0, baselineMae: 1 } } } }, history, series });
      expect(Math.round(point.model!)).toBe(profile.tempo.value);
    }
  });
});
