import 'fake-indexeddb/auto';
import Dexie, { type Transaction } from 'dexie';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readBackup, restoreBackup, type SettingsStore } from '@/lib/backup';
import { BackupRefused } from '@/lib/backup/format';
import { declareSchema, RunSoundDb, SCHEMA } from '@/lib/db';
import { caught } from '../caught';
import { fixtureName, SEED_SETTINGS, SEEDS, seedsUpTo } from '../fixtures/backups/seeds';

const DIR = resolve(__dirname, '../fixtures/backups');
const CURRENT = SCHEMA.at(-1)!.version;
const fixture = (version: number) => new Blob([readFileSync(join(DIR, fixtureName(version)))]);

function memoryStore(): SettingsStore & { values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  return {
    values,
    get: async (keys) => Object.fromEntries(keys.filter((key) => key in values).map((key) => [key, values[key]])),
    set: async (items) => void Object.assign(values, items),
    remove: async (keys) => keys.forEach((key) => delete values[key]),
  };
}

const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

describe('backups from every schema version', () => {
  it('has a backup file, and seeds, for every schema version', () => {
    expect(Object.keys(SEEDS).map(Number)).toEqual(SCHEMA.map((step) => step.version));
    for (const step of SCHEMA) expect(() => fixture(step.version)).not.toThrow();
  });

  it.each(SCHEMA.map((step) => step.version))('restores a file of schema %i into the current database, every row and setting', async (version) => {
    const backup = await readBackup(fixture(version));
    expect(backup.header.schemaVersion).toBe(version);

    const db = new RunSoundDb(`runsound-from-schema-${version}`);
    opened.push(db);
    const settings = memoryStore();
    await restoreBackup(db, backup, { mode: 'replace', settings });

    expect(db.verno).toBe(CURRENT);
    const seeded = seedsUpTo(version);
    for (const table of db.tables) {
      const path = table.schema.primKey.keyPath!;
      const keyOf = (row: Record<string, unknown>) => JSON.stringify(Array.isArray(path) ? path.map((part) => row[part]) : row[path]);
      const byKey = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
      expect({ table: table.name, rows: byKey(await table.toArray()) }).toEqual({ table: table.name, rows: byKey(seeded[table.name] ?? []) });
    }
    expect(settings.values).toEqual(SEED_SETTINGS);
    // The indexes of today's schema find the old rows.
    if (version >= 2) expect(await db.runs.where('startTime').above(0).count()).toBe(2);
    if (version >= 5) expect(await db.libraryTracks.where('[featureStage+id]').equals(['tempo', '0RunSoundFakeTrack0001']).count()).toBe(1);
  });

  it('carries an older file through the upgrades of every later version, as an installed RunSound would', async () => {
    // A next version that renames a field, with its upgrade: rows of a schema 2 file must come out renamed.
    const next = {
      version: CURRENT + 1,
      stores: { runs: 'id, startTime' },
      upgrade: (tx: Transaction) =>
        tx
          .table('runs')
          .toCollection()
          .modify((run: Record<string, unknown>) => {
            run.name = `${String(run.name)} (upgraded)`;
          })
          .then(() => undefined),
    };
    const schema = [...SCHEMA, next];
    const backup = await readBackup(fixture(2), { schema });
    expect(backup.tables.runs!.map((run) => (run as { name: string }).name)).toEqual(['Evening Run (upgraded)', 'Track Tuesday (upgraded)']);
    // A file of the newest version needs no upgrade.
    const db = new Dexie('runsound-next-version');
    declareSchema(db, schema);
    opened.push(db);
    await restoreBackup(db, backup, { mode: 'replace', settings: memoryStore() });
    expect(await db.table('runs').count()).toBe(2);
    expect(await Dexie.getDatabaseNames()).not.toContainEqual(expect.stringMatching(/^runsound-restore-/));
  });

  it('refuses an older file whose rows do not fit its schema, and leaves no temporary database behind', async () => {
    const text = readFileSync(join(DIR, fixtureName(3)), 'utf8');
    const keyless = text.replace('{"id":"12345678901",', '{');
    const error = await caught(readBackup(new Blob([keyless])));
    expect(error).toBeInstanceOf(BackupRefused);
    expect((error as BackupRefused).reason).toBe('damaged');
    expect(error.message).toMatch(/schema 3/);
    expect(await Dexie.getDatabaseNames()).not.toContainEqual(expect.stringMatching(/^runsound-restore-/));

    const badRow = text.replace('"distanceMeters":5218.7', '"distanceMeters":-1');
    expect(((await caught(readBackup(new Blob([badRow])))) as Error).message).toMatch(/run 12345678901.*distance cannot be negative/);
  });
});
