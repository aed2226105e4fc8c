/**
 * Makes a backup file for each schema version of lib/db.ts, from a database opened at that
 * version (in fake-indexeddb) and filled with tests/fixtures/backups/seeds.ts, as
 * tests/fixtures/backups/runsound-backup-schema-<N>.json (uncompressed: a reader takes both, and
 * a diff can be read). tests/unit/backup-versions.test.ts restores each into today's schema.
 *
 *   npx tsx scripts/make-backup-fixtures.ts        makes the files that are missing
 *   npx tsx scripts/make-backup-fixtures.ts 6      makes (again) the file of schema 6
 *
 * A shipped schema's file is history: do not make it again, add the new version's.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { makeBackup, type SettingsStore } from '../lib/backup';
import { declareSchema, SCHEMA } from '../lib/db';
import { fixtureName, SEED_SETTINGS, seedsUpTo } from '../tests/fixtures/backups/seeds';

const DIR = resolve(import.meta.dirname, '../tests/fixtures/backups');

const settings: SettingsStore = {
  get: async (keys) => Object.fromEntries(Object.entries(SEED_SETTINGS).filter(([key]) => keys.includes(key))),
  set: async () => {},
  remove: async () => {},
};

async function makeFixture(version: number): Promise<string> {
  const db = new Dexie(`runsound-fixture-${version}`);
  declareSchema(db, SCHEMA.filter((step) => step.version <= version));
  await db.open();
  await db.transaction('rw', db.tables, async () => {
    for (const [table, rows] of Object.entries(seedsUpTo(version))) await db.table(table).bulkPut(rows);
  });
  // A fixed day per version: the files only change when their content does.
  const made = await makeBackup(db, { settings, appVersion: '0.1.0', now: () => Date.UTC(2026, 0, version, 12) });
  db.close();
  if (made.leftOut.length) throw new Error(`Schema ${version}: rows left out: ${made.leftOut.join('; ')}`);
  const path = join(DIR, fixtureName(version));
  await writeFile(path, await new Response(made.blob.stream().pipeThrough(new DecompressionStream('gzip'))).text());
  return path;
}

const asked = process.argv.slice(2).map(Number);
const versions = asked.length ? asked : SCHEMA.map((step) => step.version).filter((version) => !existsSync(join(DIR, fixtureName(version))));
for (const version of versions) {
  if (!SCHEMA.some((step) => step.version === version)) throw new Error(`lib/db.ts has no schema version ${version}.`);
  console.log(`wrote ${await makeFixture(version)}`);
}
if (!versions.length) console.log('Every schema version has its backup file.');
