import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunSoundDb } from '@/lib/db';
import { processHistory } from '@/lib/processing';
import { RunStore } from '@/lib/run-store';
import type { RunFacts } from '@/lib/runs';
import { fakeOpenMeteoFetch } from '../fixtures/open-meteo';

let db: RunSoundDb;
let clock = 1_000;
let n = 0;
beforeEach(async () => {
  db = new RunSoundDb(`run-store-${++n}`);
  await db.open();
});
afterEach(() => db.close());

const facts = (i: number): RunFacts => ({
  id: String(5000 + i),
  name: 'Morning Run',
  sportType: 'Run',
  isTreadmill: true,
  startTime: Date.UTC(2026, 4, 1 + i, 6),
  startLocal: `2026-05-${String(1 + i).padStart(2, '0')}T08:00`,
  distanceMeters: 10_000,
  movingTimeSeconds: 3000,
});

describe('RunStore', () => {
  it('keeps a type the runner corrected while processing ran, and asks for another pass', async () => {
    const store = new RunStore(db, () => clock);
    await store.mergeRuns([facts(1), facts(2), facts(3)], 'api-json');
    const snapshot = await db.runs.toArray();
    const { changed } = await processHistory(snapshot, { fetch: fakeOpenMeteoFetch({ now: Date.UTC(2026, 5, 1) }).fetch, now: Date.UTC(2026, 5, 1) });

    // Meanwhile, in the options page:
    clock += 1;
    expect(await store.correctRunType('5002', 'race')).toBe(true);

    const { stale } = await store.saveDerived(new Map(snapshot.map((run) => [run.id, run])), changed);
    expect(stale).toBe(true);
    expect((await db.runs.get('5002'))?.runTypeCorrection).toBe('race');
    // The others got their derived data.
    expect((await db.runs.get('5001'))?.features).toBeDefined();
    expect((await db.runs.get('5002'))?.features).toBeUndefined();
  });

  it('merges by id: a file imported twice adds nothing the second time', async () => {
    const store = new RunStore(db, () => clock);
    expect(await store.mergeRuns([facts(1), facts(2)], 'export-csv')).toEqual({ added: 2, updated: 0, unchanged: 0 });
    expect(await store.mergeRuns([facts(1), facts(2)], 'export-csv')).toEqual({ added: 0, updated: 0, unchanged: 2 });
    expect(await store.mergeRuns([{ ...facts(1), name: 'Renamed' }], 'api-json')).toEqual({ added: 0, updated: 1, unchanged: 0 });
    expect((await db.runs.get('5001'))?.sources).toEqual(['export-csv', 'api-json']);
  });

  it('a guessed fact fills a new run but never overwrites a known one', async () => {
    const store = new RunStore(db, () => clock);
    await store.mergeRuns([facts(1)], 'api-json');
    await store.mergeRuns([{ ...facts(1), startLocal: '2026-05-02T02:00', isTreadmill: false }], 'session', ['startLocal', 'isTreadmill']);
    const run = await db.runs.get('5001');
    expect(run?.startLocal).toBe('2026-05-02T08:00');
    expect(run?.isTreadmill).toBe(true);
  });
});
