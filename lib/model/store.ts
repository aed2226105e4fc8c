/**
 * The runner's models in IndexedDB: the one in use, the one before it, and the last new one not
 * used. Putting a model in use always rotates them the same way, whether training made it or the
 * runner promoted it.
 */
import type { RunSoundDb } from '../db';
import type { StoredModel } from './trainer';

/** The model in use, if any. */
export function activeModel(db: RunSoundDb): Promise<StoredModel | undefined> {
  return db.models.where('status').equals('active').last();
}

/**
 * Puts `model` in use: the one in use becomes the previous one, and the one before that goes.
 * Call inside a transaction over `db.models`, so that no half-rotated set is ever seen.
 */
export async function putInUse(db: RunSoundDb, model: StoredModel): Promise<void> {
  await db.models.where('status').equals('previous').delete();
  await db.models.where('status').equals('active').modify({ status: 'previous' });
  await db.models.add({ ...model, status: 'active' });
}

/** Keeps `model` as the last one not used, in place of the one kept before. Inside a transaction. */
export async function keepNotUsed(db: RunSoundDb, model: StoredModel): Promise<void> {
  await db.models.where('status').equals('rejected').delete();
  await db.models.add({ ...model, status: 'rejected' });
}
