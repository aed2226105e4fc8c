import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { RunSoundDb } from '@/lib/db';
import { activeModel, keepNotUsed, putInUse } from '@/lib/model/store';
import type { StoredModel } from '@/lib/model/trainer';

const db = new RunSoundDb('runsound-model-store');
afterEach(async () => {
  await db.models.clear();
});

const model = (datasetKey: string, status: StoredModel['status'] = 'active'): StoredModel =>
  ({ createdAt: 1, datasetKey, runs: 10, lastRunStart: 1, featureNames: [], imputer: { featureNames: [], fill: [] }, targets: {}, notes: {}, trainSeconds: 0.1, status, decision: '' }) as StoredModel;

const statuses = async () => Object.fromEntries((await db.models.toArray()).map((row) => [row.datasetKey, row.status]));

describe('the model store', () => {
  it('a model put in use makes the one in use the previous one, and the one before that goes', async () => {
    await db.models.bulkAdd([model('older', 'previous'), model('current', 'active'), model('not-used', 'rejected')]);
    await db.transaction('rw', db.models, () => putInUse(db, model('new', 'rejected')));
    expect(await statuses()).toEqual({ current: 'previous', new: 'active', 'not-used': 'rejected' });
    expect((await activeModel(db))?.datasetKey).toBe('new');
  });

  it('keeps one model not used: the newest', async () => {
    await db.models.bulkAdd([model('current', 'active'), model('not-used', 'rejected')]);
    await db.transaction('rw', db.models, () => keepNotUsed(db, model('newer not used')));
    expect(await statuses()).toEqual({ current: 'active', 'newer not used': 'rejected' });
  });

  it('the first model is simply in use', async () => {
    await db.transaction('rw', db.models, () => putInUse(db, model('first')));
    expect(await statuses()).toEqual({ first: 'active' });
  });
});

