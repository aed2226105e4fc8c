/** The extension's database, opened lazily in the context that first needs it. */
import { RunSoundDb } from '@/lib/db';

let db: RunSoundDb | undefined;

export function openDb(): RunSoundDb {
  db ??= new RunSoundDb();
  return db;
}
