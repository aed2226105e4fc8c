/**
 * Making the backup file: every table of the database read in one transaction (one consistent
 * moment of the history), each row checked as a restore will check it, then written one per
 * line and gzip-compressed by the platform's CompressionStream, off the page's thread.
 */
import type Dexie from 'dexie';
import { SCHEMA } from '../db';
import { CARRIED_SETTING_KEYS, CARRIED_SETTINGS, carriedStateValue } from './carried';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, backupFileName, type BackupHeader } from './format';
import { toJson } from './json';
import { firstProblem, rowName, ROW_SCHEMAS } from './rows';

/** The part of extension storage (browser.storage.local fits) that holds the runner's settings. */
export interface SettingsStore {
  /** The values of those keys that are set; keys never set are absent (or undefined). */
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

export interface BackupOptions {
  settings: SettingsStore;
  /** The RunSound that makes the file (the manifest's version). */
  appVersion: string;
  now?: () => number;
  /** Rows checked and written so far, of all rows. */
  onProgress?: (done: number, total: number) => void;
}

export interface MadeBackup {
  blob: Blob;
  fileName: string;
  header: BackupHeader;
  /** Rows that could not go in, each with why: a restore would refuse the file for them. */
  leftOut: string[];
}

/** Rows between two pauses that let the page paint and take clicks. */
export const ROWS_PER_BREATH = 500;
export const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Tables in the order the schema made them: files read the same whatever the database lists first. */
export function tableOrder(names: readonly string[]): string[] {
  const order = [...new Set(SCHEMA.flatMap((step) => Object.keys(step.stores)))];
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return [...names].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
}

/** Backs up `db` (RunSound's database, at whichever schema version it is) and the carried settings. */
export async function makeBackup(db: Dexie, options: BackupOptions): Promise<MadeBackup> {
  const now = new Date((options.now ?? Date.now)());
  const names = tableOrder(db.tables.map((table) => table.name));
  const snapshot = await db.transaction('r', names, () => Promise.all(names.map((name) => db.table(name).toArray())));
  const total = snapshot.reduce((sum, rows) => sum + rows.length, 0);
  const leftOut: string[] = [];

  const stored = await options.settings.get([...CARRIED_SETTING_KEYS]);
  const settings: Record<string, unknown> = {};
  for (const key of CARRIED_SETTING_KEYS) {
    if (stored[key] === undefined) continue;
    const parsed = CARRIED_SETTINGS[key].safeParse(stored[key]);
    if (parsed.success) settings[key] = stored[key];
    else leftOut.push(`the setting “${key}”: ${firstProblem(parsed.error)}`);
  }

  // Rows are encoded a batch at a time into small Blobs (a Blob of Blobs copies nothing): one
  // Blob of 50,000 strings would hold the page while it encodes tens of megabytes.
  let done = 0;
  const counts: Record<string, number> = {};
  const body: Blob[] = [];
  for (const [index, name] of names.entries()) {
    const schema = ROW_SCHEMAS[name];
    const rows: Blob[] = [];
    let batch: string[] = [];
    let kept = 0;
    for (const [position, row] of snapshot[index]!.entries()) {
      done += 1;
      if (done % ROWS_PER_BREATH === 0) {
        rows.push(new Blob(batch));
        batch = [];
        options.onProgress?.(done, total);
        await breathe();
      }
      let value: unknown = row;
      if (name === 'state') {
        const entry = row as { key: string; value: unknown };
        const carried = carriedStateValue(entry.key, entry.value);
        if (!carried.ok) {
          if (carried.carried) leftOut.push(`${rowName(name, row, position)}: ${carried.problem}`);
          continue;
        }
        value = { key: entry.key, value: carried.value };
      } else if (schema) {
        const parsed = schema.safeParse(row);
        if (!parsed.success) {
          leftOut.push(`${rowName(name, row, position)}: ${firstProblem(parsed.error)}`);
          continue;
        }
      }
      batch.push(kept === 0 ? toJson(value) : `,\n${toJson(value)}`);
      kept += 1;
    }
    rows.push(new Blob(batch));
    counts[name] = kept;
    const close = index === names.length - 1 ? '\n' : ',\n';
    body.push(kept ? new Blob([`${JSON.stringify(name)}:[\n`, ...rows, `\n]${close}`]) : new Blob([`${JSON.stringify(name)}:[]${close}`]));
  }
  options.onProgress?.(total, total);

  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    appVersion: options.appVersion,
    schemaVersion: db.verno,
    createdAt: now.toISOString(),
    counts: { tables: counts, settings: Object.keys(settings).length },
  };
  const document = new Blob([`{"header":${JSON.stringify(header)},\n"settings":${toJson(settings)},\n"tables":{\n`, ...body, '}}\n']);
  const compressed = document.stream().pipeThrough(new CompressionStream('gzip'));
  const blob = new Blob([await new Response(compressed).arrayBuffer()], { type: 'application/gzip' });
  return { blob, fileName: backupFileName(now), header, leftOut };
}
