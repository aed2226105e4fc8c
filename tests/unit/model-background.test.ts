import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { forget, planRun } from '@/entrypoints/background/predictions';
import { promoteModel, trainNow } from '@/entrypoints/background/training';
import { FEATURE_NAMES } from '@/lib/features';
import { startJob, trainingDataset, type ModelTarget, type StoredModel } from '@/lib/model/trainer';
import { TARGETS } from '@/lib/model/types';
import type { PlannedRun } from '@/lib/plan';
import type { Run } from '@/lib/runs';
import { openDb } from '@/storage/db';
import { homeSetting, trainingStatus } from '@/storage/settings';
import { processedHistory } from '../fixtures/processed-history';



/** A target whose numbers are given, made for today's features. */
function storedTarget(mae: number, baselineMae: number, trainedAt: number): ModelTarget {
  return {
    model: { forest: { trees: [{ feature: [-1], threshold: [0], left: [-1], right: [-1], value: [0.5] }] } },
    imputer: { featureNames: [...FEATURE_NAMES], fill: FEATURE_NAMES.map(() => 0) },
    featureNames: [...FEATURE_NAMES],
    metrics: { r2: 0.9, mae, baselineMae, nTrain: 40, nTest: 10, trainSeconds: 0, crossValidation: null, importance: [] },
    labelSources: { cadence: 50 },
    trainedAt,
  };
}

/** A model in use whose every target is (nearly) perfect on its holdout: a normal training cannot beat it. */
function perfectModel(extra: Partial<StoredModel> = {}): StoredModel {
  const createdAt = Date.UTC(2025, 5, 1);
  return {
    createdAt,
    datasetKey: 'v0-old',
    runs: 30,
    targets: Object.fromEntries(TARGETS.map((target) => [target, storedTarget(0.001, 1, createdAt)])),
    notes: {},
    trainSeconds: 1,
    status: 'active',
    decision: 'Your first model.',
    ...extra,
  };
}

const db = openDb();
const models = () => db.models.orderBy('id').toArray();
const tomorrow = () => {
  const date = new Date(Date.now() + 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T07:00`;
};
const plan = (): PlannedRun => ({ type: 'easy', paceSecondsPerKm: 330, distanceMeters: 8000, start: tomorrow() });

beforeEach(async () => {
  fakeBrowser.reset();
  vi.spyOn(fakeBrowser.runtime, 'getPlatformInfo').mockResolvedValue({ os: 'linux', arch: 'x86-64', nacl_arch: 'x86-64' } as never);
  await Promise.all([db.runs.clear(), db.models.clear(), db.state.clear()]);
  forget();
});
afterEach(() => vi.unstubAllGlobals());

describe('training in the background', () => {
  it('trains a first model, clears its watchdog, and does not train the same runs again', async () => {
    await db.runs.bulkPut(processedHistory(40));
    await trainNow();
    expect((await models()).map((model) => model.status)).toEqual(['active']);
    expect((await trainingStatus.getValue()).message).toMatch(/^Your first model\./);
    expect(await fakeBrowser.alarms.get('retrain')).toBeUndefined();
    expect(await db.state.get('trainingJob')).toBeUndefined();

    await trainNow();
    expect(await models()).toHaveLength(1);
    expect((await trainingStatus.getValue()).message).toBe('Your model is up to date with your runs.');
  });

  it('moves the retrain alarm about a minute ahead at every step, so a stopped worker is woken to resume', async () => {
    await db.runs.bulkPut(processedHistory(30));
    const create = vi.spyOn(fakeBrowser.alarms, 'create');
    const started = Date.now();
    await trainNow();
    const watchdogs = create.mock.calls.filter(([name, info]) => name === 'retrain' && (info as { when: number }).when >= started + 55_000);
    // Tempo and energy: holdout, importance, 5 folds, 5 chunks each; valence (no labels): one note.
    expect(watchdogs.length).toBeGreaterThanOrEqual(2 * 12 + 1);
  });

  it('does not train again on runs a model not used was already trained on', async () => {
    const runs = processedHistory(30);
    await db.runs.bulkPut(runs);
    await db.models.add(perfectModel());
    await trainNow();
    expect((await models()).map((model) => model.status)).toEqual(['active', 'rejected']);
    await trainNow();
    expect((await models()).map((model) => model.status)).toEqual(['active', 'rejected']);
    expect((await trainingStatus.getValue()).message).toBe('Your model is up to date with your runs.');
  });

  it('saves the model and forgets the job in one transaction: stopped in between, it saves neither, and the resumed job saves one model', async () => {
    await db.runs.bulkPut(processedHistory(30));
    // The worker dies as the finished job is being forgotten, however that is done.
    const put = db.state.put.bind(db.state);
    const remove = db.state.delete.bind(db.state);
    const stopped = () => Dexie.Promise.reject(new Error('worker stopped'));
    const failing = vi.spyOn(db.state, 'put').mockImplementation((entry, key) => (entry.value === undefined ? stopped() : put(entry, key)));
    const failingDelete = vi.spyOn(db.state, 'delete').mockImplementation((key) => (key === 'trainingJob' ? stopped() : remove(key)));
    await trainNow();
    expect(await models()).toEqual([]);
    expect(await db.state.get('trainingJob')).toBeDefined();

    failing.mockRestore();
    failingDelete.mockRestore();
    await trainNow();
    expect((await models()).map((model) => model.status)).toEqual(['active']);
    expect(await db.state.get('trainingJob')).toBeUndefined();
  });

  it('resumes a saved job with the force it was asked with', async () => {
    const runs = processedHistory(30);
    await db.runs.bulkPut(runs);
    await db.models.add(perfectModel());
    await db.state.put({ key: 'trainingJob', value: startJob(trainingDataset(runs), true, Date.now()) });
    await trainNow(false);
    const [previous, active] = await models();
    expect(previous!.status).toBe('previous');
    expect(active!.status).toBe('active');
    for (const target of ['tempo', 'energy'] as const) expect(active!.targets[target]!.trainedAt).toBe(active!.createdAt);
    expect(active!.decision).toMatch(/because you asked for it/);
  });

  it('leaves the status true when the training makes no model: the one in use stays, or the prior answers', async () => {
    await db.runs.bulkPut(processedHistory(5));
    await trainNow();
    expect(await models()).toEqual([]);
    const message = (await trainingStatus.getValue()).message;
    expect(message).toMatch(/^Tempo: the research prior answers \(5 labelled runs/);
    expect(message).not.toMatch(/first model/);

    const inUse = perfectModel();
    await db.models.add(inUse);
    await trainNow(true);
    expect(await models()).toHaveLength(1);
    expect((await trainingStatus.getValue()).message).toMatch(/^Tempo: the model of 2025-06-01 stays, there is no new one \(5 labelled runs/);
  });
});

describe('promoteModel', () => {
  it('puts the model not used in use, keeps the one in use as the previous one, and says so', async () => {
    const current = perfectModel();
    const currentId = (await db.models.add(current))!;
    const chosen: StoredModel = { ...perfectModel(), createdAt: Date.UTC(2025, 6, 1), datasetKey: 'v2-31-new', status: 'rejected', targets: { tempo: storedTarget(0.8, 1, Date.UTC(2025, 6, 1)) } };
    const chosenId = (await db.models.add(chosen))!;
    await promoteModel(chosenId);
    const stored = await models();
    expect(stored.map((model) => [model.id === currentId, model.status])).toEqual([
      [true, 'previous'],
      [false, 'active'],
    ]);
    const active = stored[1]!;
    expect(active.datasetKey).toBe('v2-31-new');
    expect(active.targets.tempo).toEqual(chosen.targets.tempo);
    expect(active.targets.energy).toEqual(current.targets.energy);
    expect((await trainingStatus.getValue()).message).toMatch(/^In use because you chose it\./);
  });

  it('refuses a model that is not waiting to be chosen', async () => {
    const id = (await db.models.add(perfectModel()))!;
    await expect(promoteModel(id)).rejects.toThrow(/no model/);
    expect((await models()).map((model) => model.status)).toEqual(['active']);
  });
});

describe('planRun', () => {
  it('keeps its snapshot when the history changes while the forecast is awaited', async () => {
    await homeSetting.setValue({ lat: 52.52, lng: 13.4 });
    let failForecast: (error: Error) => void = () => {};
    const fetch = vi.fn(() => new Promise<Response>((_, reject) => (failForecast = reject)));
    vi.stubGlobal('fetch', fetch);
    const insight = planRun(plan(), 'metric');
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    forget();
    failForecast(new Error('offline'));
    await expect(insight).resolves.toMatchObject({ profile: { tempo: { source: 'prior' } } });
  });

  it('does not keep what it read before a forget(): the next prediction sees the new model', async () => {
    let release: (runs: Run[]) => void = () => {};
    const toArray = db.runs.toArray.bind(db.runs);
    vi.spyOn(db.runs, 'toArray').mockImplementationOnce(() => new Promise((resolve) => (release = resolve)) as never);
    const first = planRun(plan(), 'metric');
    // The model was read (none yet) while the runs are still loading; then a model is saved.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await db.models.add({ ...perfectModel(), targets: { energy: storedTarget(0.05, 0.1, 0) } });
    forget();
    release(await toArray());
    expect((await first).profile.energy.source).toBe('prior');
    expect((await planRun(plan(), 'metric')).profile.energy.source).toBe('model');
  });
});
