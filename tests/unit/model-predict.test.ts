import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '@/lib/features';
import { predictProfile } from '@/lib/model/predict';
import { priorProfile } from '@/lib/model/prior';
import type { ModelTarget, StoredModel } from '@/lib/model/trainer';
import type { CompactTree } from '@/lib/model/types';
import type { PlannedRun } from '@/lib/plan';

/** A planned run without a route: its climb is unknown, so each target's imputer fills it. */
const plan: PlannedRun = { type: 'tempo', paceSecondsPerKm: 300, distanceMeters: 10_000, start: '2026-11-26T18:00' };
const column = (name: (typeof FEATURE_NAMES)[number]) => FEATURE_NAMES.indexOf(name);

const leaf = (value: number): CompactTree => ({ feature: [-1], threshold: [0], left: [-1], right: [-1], value: [value] });
/** Below 50 m of climb 0.3, from 50 m 0.8. */
const byClimb: CompactTree = { feature: [column('elevationGainMeters'), -1, -1], threshold: [50, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0.55, 0.3, 0.8] };

function target(tree: CompactTree, fill: Partial<Record<(typeof FEATURE_NAMES)[number], number>>, extra: Partial<ModelTarget> = {}): ModelTarget {
  return {
    model: { forest: { trees: [tree] } },
    imputer: { featureNames: [...FEATURE_NAMES], fill: FEATURE_NAMES.map((name) => fill[name] ?? 0) },
    featureNames: [...FEATURE_NAMES],
    metrics: { r2: 0.6, mae: 2, baselineMae: 5, nTrain: 40, nTest: 10, trainSeconds: 0.1, crossValidation: null, importance: [] },
    labelSources: { cadence: 50 },
    trainedAt: 0,
    ...extra,
  };
}

function model(targets: StoredModel['targets']): StoredModel {
  return { createdAt: 0, datasetKey: 'v2-50-x', runs: 50, targets, notes: {}, trainSeconds: 1, status: 'active', decision: '' };
}

const prior = priorProfile(plan, 'metric');
const predict = (stored: StoredModel | undefined) => predictProfile(plan, 'metric', { model: stored, history: [] });

describe('predictProfile: per target, the model or the prior', () => {
  it('answers each target from its own model, imputing with its own imputer, and from the prior where there is none', () => {
    const profile = predict(
      model({
        // Tempo: the recent cadence (unknown for the plan, so the imputer's 170) + 2.
        tempo: { ...target(leaf(2), { recentCadenceSpm: 170 }), model: { forest: { trees: [leaf(2)] }, offsetColumn: column('recentCadenceSpm') } },
        energy: target(byClimb, { elevationGainMeters: 100 }, { metrics: { r2: 0.5, mae: 0.05, baselineMae: 0.1, nTrain: 40, nTest: 10, trainSeconds: 0, crossValidation: null, importance: [] } }),
      }),
    );
    expect(profile.tempo).toMatchObject({ source: 'model', value: 172 });
    expect(profile.energy).toMatchObject({ source: 'model', value: 0.8 });
    expect(profile.valence).toEqual(prior.valence);
  });

  it('uses the imputer of the target it predicts: the same forest with another fill predicts another value', () => {
    const low = predict(model({ energy: target(byClimb, { elevationGainMeters: 0 }), valence: target(byClimb, { elevationGainMeters: 100 }) }));
    expect(low.energy.value).toBe(0.3);
    expect(low.valence.value).toBe(0.8);
  });

  it.each([
    { name: 'does no better than always guessing the usual', mae: 5, baselineMae: 5 },
    { name: 'does worse than always guessing the usual', mae: 6, baselineMae: 5 },
  ])('answers from the prior, and says why, for a target whose model $name (its numbers stay in the model)', ({ mae, baselineMae }) => {
    const stored = target(leaf(2), { recentCadenceSpm: 170 }, { metrics: { r2: 0, mae, baselineMae, nTrain: 40, nTest: 10, trainSeconds: 0, crossValidation: null, importance: [] } });
    const profile = predict(model({ tempo: stored, energy: target(byClimb, {}) }));
    expect(profile.tempo.source).toBe('prior');
    expect(profile.tempo.value).toBe(prior.tempo.value);
    expect(profile.tempo.reasons[0]).toBe('Your own model for tempo is not used: on your newest runs it did not beat always guessing your usual.');
    expect(profile.energy.source).toBe('model');
  });

  it.each([
    { name: 'made for other features', stored: { ...target(leaf(2), {}), featureNames: ['paceSecondsPerKm', 'distanceKm'] as ModelTarget['featureNames'], imputer: { featureNames: ['paceSecondsPerKm', 'distanceKm'], fill: [300, 10] } } },
    { name: 'stored by the version that kept one imputer for all targets', stored: { model: { forest: { trees: [leaf(2)] } }, metrics: target(leaf(2), {}).metrics, labelSources: {} } as unknown as ModelTarget },
  ])('answers from the prior, without failing, for a target $name', ({ stored }) => {
    const profile = predict(model({ tempo: stored, energy: target(byClimb, {}) }));
    expect(profile.tempo.source).toBe('prior');
    expect(profile.tempo.reasons[0]).toMatch(/^Your own model for tempo is not used: it was made by an earlier version of RunSound/);
    expect(profile.energy).toMatchObject({ source: 'model', value: 0.3 });
  });

  it('is the prior without a model', () => {
    expect(predict(undefined)).toEqual(prior);
  });
});
