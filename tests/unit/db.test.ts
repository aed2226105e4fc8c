import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { declareSchema, RunSoundDb, SCHEMA } from '@/lib/db';

/**
 * For every schema version: rows in the shape that release wrote, and what the latest schema
 * must make of them. Add one entry with every new version.
 */
const FIXTURES: Record<number, { seed: (db: Dexie) => Promise<void>; check: (db: RunSoundDb) => Promise<void> }> = {
  1: {
    async seed(db) {
      await db.table('drafts').put({
        key: 'popup',
        plan: { type: 'tempo', paceSecondsPerKm: 300, distanceMeters: 10_000, start: '2026-11-26T18:00' },
        savedAt: 1764000000000,
      });
    },
    async check(db) {
      const draft = await db.drafts.get('popup');
      expect(draft?.plan).toEqual({ type: 'tempo', paceSecondsPerKm: 300, distanceMeters: 10_000, start: '2026-11-26T18:00' });
    },
  },
  2: {
    async seed(db) {
      await db.table('runs').put({
        id: '12345678901',
        name: 'Evening Run',
        sportType: 'Run',
        isTreadmill: false,
        startTime: Date.UTC(2025, 8, 15, 22, 25),
        startLocal: '2025-09-16T00:25',
        distanceMeters: 5218.7,
        sources: ['session'],
        processed: { details: 1 },
        updatedAt: 1764000000000,
      });
      await db.table('state').put({ key: 'syncCheckpoint', value: { fullHistoryListed: true } });
    },
    async check(db) {
      expect((await db.runs.get('12345678901'))?.distanceMeters).toBe(5218.7);
      expect(await db.runs.where('startTime').above(0).count()).toBe(1);
      expect((await db.state.get('syncCheckpoint'))?.value).toEqual({ fullHistoryListed: true });
    },
  },
  3: {
    async seed(db) {
      await db.table('models').add({ createdAt: 1764000000000, datasetKey: '12-abc', runs: 12, lastRunStart: 1763900000000, featureNames: [], imputer: { featureNames: [], fill: [] }, targets: {}, notes: {}, trainSeconds: 0.4, status: 'active', decision: 'In use: your first model.' });
    },
    async check(db) {
      const [model] = await db.models.where('status').equals('active').toArray();
      expect(model?.datasetKey).toBe('12-abc');
    },
  },
  4: {
    async seed(db) {
      await db.table('trackFeatures').put({ id: '0RunSoundFakeTrack0001', isrc: 'GBAAA0000001', tempo: 168, source: 'reccobeats', updatedAt: 1 });
    },
    async check(db) {
      expect((await db.trackFeatures.where('isrc').equals('GBAAA0000001').first())?.tempo).toBe(168);
      expect(await db.playlists.count()).toBe(0);
    },
  },
  5: {
    async seed(db) {
      await db.table('libraryTracks').put({ id: '0RunSoundFakeTrack0001', uri: 'spotify:track:0RunSoundFakeTrack0001', name: 'Golden Miles', artists: [], durationMs: 200_000, explicit: false, featureStage: 'tempo', firstSeenAt: 1 });
      await db.table('libraryLinks').put({ source: 'saved', trackId: '0RunSoundFakeTrack0001', at: 1, pass: 1 });
    },
    async check(db) {
      expect(await db.libraryTracks.where('[featureStage+id]').equals(['tempo', '0RunSoundFakeTrack0001']).count()).toBe(1);
      expect((await db.libraryLinks.where('trackId').equals('0RunSoundFakeTrack0001').first())?.source).toBe('saved');
    },
  },
};

describe('database migrations', () => {
  it('has a fixture for every schema version', () => {
    expect(Object.keys(FIXTURES).map(Number)).toEqual(SCHEMA.map((step) => step.version));
  });

  it('numbers versions in increasing order', () => {
    const versions = SCHEMA.map((step) => step.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it.each(SCHEMA.map((step, index) => [step.version, index] as const))(
    'carries data written by version %i forward to the latest schema',
    async (version, index) => {
      const name = `runsound-migration-${version}`;
      const old = new Dexie(name);
      declareSchema(old, SCHEMA.slice(0, index + 1));
      await old.open();
      await FIXTURES[version]!.seed(old);
      old.close();

      const latest = new RunSoundDb(name);
      await latest.open();
      expect(latest.verno).toBe(SCHEMA.at(-1)!.version);
      await FIXTURES[version]!.check(latest);
      latest.close();
      await Dexie.delete(name);
    },
  );

  it('opens empty at the latest version', async () => {
    const db = new RunSoundDb('runsound-fresh');
    await db.open();
    // Each version lists only what it changes; a null store is one that version deleted.
    const tables = new Map<string, string | null>();
    for (const step of SCHEMA) for (const [table, spec] of Object.entries(step.stores)) tables.set(table, spec);
    const live = [...tables].filter(([, spec]) => spec !== null).map(([table]) => table);
    expect(db.tables.map((table) => table.name).sort()).toEqual(live.sort());
    db.close();
    await Dexie.delete('runsound-fresh');
  });
});
