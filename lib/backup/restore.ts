/**
 * What a checked backup holds (for the preview), and writing it into this browser, merged with
 * what is here or replacing it, in one transaction: a full disk or any failure leaves the
 * database as it was, and the settings written just before it are put back.
 *
 * Merge: everything here stays, everything in the file is added; where both have the same
 * thing (a run, a track, a play, a setting, by its id), the file's replaces this browser's.
 * Two exceptions, where ids are not the identity: playlists are the same when they are the same
 * Spotify playlist (a new one gets a new number here); models are one set (the one in use, the
 * one before it, the last one not used), so the file's set replaces this one's when it has one.
 * Replace: this browser's data is emptied first, so afterwards it holds what the file holds;
 * its Spotify tokens and its own request budgets stay (a file never carries them).
 */
import type Dexie from 'dexie';
import { META_KEY } from '../music-library/pass';
import { CARRIED_SETTING_KEYS, CARRIED_STATE, STATE_DROPPED_ON_RESTORE } from './carried';
import { isQuotaExceeded } from '../jobs';
import { diskFull, type Backup } from './read';
import type { SettingsStore } from './write';

export type RestoreMode = 'merge' | 'replace';

export interface BackupPreview {
  createdAt: number;
  appVersion: string;
  runs: number;
  /** The first and the last run's start (epoch ms). */
  firstRunAt?: number;
  lastRunAt?: number;
  models: number;
  playlists: number;
  plays: number;
  /** Tracks of the runner's music index, and tracks whose tempo is known. */
  libraryTracks: number;
  trackFeatures: number;
  settings: number;
}

export function previewBackup(backup: Backup): BackupPreview {
  const starts = (backup.tables.runs ?? []).map((run) => (run as { startTime: number }).startTime);
  const count = (table: string) => backup.tables[table]?.length ?? 0;
  return {
    createdAt: Date.parse(backup.header.createdAt),
    appVersion: backup.header.appVersion,
    runs: starts.length,
    firstRunAt: starts.length ? starts.reduce((a, b) => Math.min(a, b)) : undefined,
    lastRunAt: starts.length ? starts.reduce((a, b) => Math.max(a, b)) : undefined,
    models: count('models'),
    playlists: count('playlists'),
    plays: count('plays'),
    libraryTracks: count('libraryTracks'),
    trackFeatures: count('trackFeatures'),
    settings: Object.keys(backup.settings).length,
  };
}

/** What this browser holds now, for the words of a Replace's confirmation. */
export async function countsHere(db: Dexie): Promise<{ runs: number; models: number; playlists: number; libraryTracks: number }> {
  return db.transaction('r', ['runs', 'models', 'playlists', 'libraryTracks'], async () => ({
    runs: await db.table('runs').count(),
    models: await db.table('models').count(),
    playlists: await db.table('playlists').count(),
    libraryTracks: await db.table('libraryTracks').count(),
  }));
}

export interface RestoreReport {
  mode: RestoreMode;
  /** Rows written per table. */
  written: Record<string, number>;
  /** Of the runs written, those that replaced a run that was here (a merge). */
  runsReplaced: number;
  settings: number;
  /** Why the settings could not be written after the data was (the data stays restored). */
  settingsProblem?: string;
}

export interface RestoreOptions {
  mode: RestoreMode;
  settings: SettingsStore;
  /** Rows written so far, of all rows. */
  onProgress?: (fraction: number) => void;
}

/** Rows per write: the page paints between them while the transaction goes on. */
const ROWS_PER_WRITE = 2_000;

type Row = Record<string, unknown>;

/** The file's settings, once its data is in: a restore cut off before then changes neither. */
async function putSettings(store: SettingsStore, backup: Backup, mode: RestoreMode): Promise<void> {
  if (Object.keys(backup.settings).length) await store.set(backup.settings);
  // Replace: a setting the file does not have goes back to its default, as in a new browser.
  const absent = CARRIED_SETTING_KEYS.filter((key) => !(key in backup.settings));
  if (mode === 'replace' && absent.length) await store.remove(absent);
}

/**
 * Writes `backup` into `db` (RunSound's database at the current schema). Throws a BackupRefused
 * when the disk is full; nothing is changed then, nor on any other failure.
 */
export async function restoreBackup(db: Dexie, backup: Backup, options: RestoreOptions): Promise<RestoreReport> {
  const { mode } = options;
  const names = db.tables.map((table) => table.name);
  const total = names.reduce((sum, name) => sum + (backup.tables[name]?.length ?? 0), 0);
  let done = 0;
  const write = async (name: string, rows: readonly Row[], put: boolean) => {
    for (let at = 0; at < rows.length; at += ROWS_PER_WRITE) {
      const chunk = rows.slice(at, at + ROWS_PER_WRITE);
      await (put ? db.table(name).bulkPut(chunk) : db.table(name).bulkAdd(chunk));
      done += chunk.length;
      options.onProgress?.(total ? done / total : 1);
    }
  };
  try {
    const report = await db.transaction('rw', names, async () => {
      const written: Record<string, number> = {};
      let runsReplaced = 0;
      for (const name of names) {
        const rows = (backup.tables[name] ?? []) as Row[];
        written[name] = rows.length;
        if (name === 'state') {
          // Only the entries a backup carries are this browser's to replace.
          if (mode === 'replace') await db.table('state').bulkDelete(Object.keys(CARRIED_STATE));
          const entries = mode === 'merge' ? await mergedState(db, rows) : rows;
          await write('state', entries, true);
          await db.table('state').bulkDelete([...STATE_DROPPED_ON_RESTORE]);
        } else if (mode === 'replace') {
          await db.table(name).clear();
          await write(name, rows, false);
        } else if (name === 'models') {
          // The models are one set (one in use, the one before): the newer set stays.
          if (rows.length && newestModelAt(rows) > newestModelAt((await db.table('models').toArray()) as Row[])) {
            await db.table('models').clear();
            await write('models', rows, false);
          } else written.models = 0;
        } else if (name === 'playlists') {
          await write('playlists', await mergedPlaylists(db, rows), true);
        } else if (name === 'runs' || name === 'trackFeatures') {
          // A run or a track's tempo that both hold: the newer copy stays (a correction made here since the backup is kept).
          const here = (await db.table(name).bulkGet(rows.map((row) => row.id as string))) as Array<Row | undefined>;
          const newer: Row[] = [];
          let replaced = 0;
          rows.forEach((row, index) => {
            const mine = here[index];
            if (mine && Number(row.updatedAt) < Number(mine.updatedAt)) return;
            newer.push(row);
            if (mine) replaced += 1;
          });
          if (name === 'runs') runsReplaced = replaced;
          written[name] = newer.length;
          await write(name, newer, true);
        } else {
          await write(name, rows, true);
        }
      }
      return { mode, written, runsReplaced, settings: Object.keys(backup.settings).length };
    });
    options.onProgress?.(1);
    try {
      await putSettings(options.settings, backup, mode);
    } catch (error) {
      const why = isQuotaExceeded(error) ? 'your disk is full' : error instanceof Error ? error.message : String(error);
      return { ...report, settings: 0, settingsProblem: `its settings could not be written (${why}): set them again under Settings` };
    }
    return report;
  } catch (error) {
    throw isQuotaExceeded(error) ? diskFull() : error;
  }
}

/** When the newest model of a set was made (0 for none). */
function newestModelAt(models: readonly Row[]): number {
  return Math.max(0, ...models.map((model) => Number(model.createdAt) || 0));
}

/** The file's state entries; the index's pass counter never goes back (its links are numbered by pass). */
async function mergedState(db: Dexie, rows: readonly Row[]): Promise<Row[]> {
  const here = (await db.table('state').get(META_KEY)) as { value?: { lastPass?: number } } | undefined;
  return rows.map((row) => {
    if (row.key !== META_KEY || here?.value?.lastPass === undefined) return row;
    const value = row.value as { lastPass: number };
    return { ...row, value: { ...value, lastPass: Math.max(value.lastPass, here.value.lastPass) } };
  });
}

/** The file's playlists, each with the id of the same Spotify playlist here, or none (a new number). */
async function mergedPlaylists(db: Dexie, rows: readonly Row[]): Promise<Row[]> {
  const here = new Map(((await db.table('playlists').toArray()) as Array<{ id: number; spotify: { id: string } }>).map((playlist) => [playlist.spotify.id, playlist.id]));
  return rows.map((row) => {
    const { id: _id, ...rest } = row;
    const same = here.get((row.spotify as { id: string }).id);
    return same === undefined ? rest : { ...rest, id: same };
  });
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** What a restore did, in one or two sentences for the runner. */
export function restoredInWords(report: RestoreReport, preview: BackupPreview): string {
  const made = new Date(preview.createdAt).toLocaleDateString(undefined, { dateStyle: 'long' });
  const parts = [
    count(report.written.runs ?? 0, 'run', 'runs'),
    count(report.written.models ?? 0, 'model', 'models'),
    count(report.written.playlists ?? 0, 'playlist', 'playlists'),
    count(report.written.plays ?? 0, 'play', 'plays'),
    count(report.written.libraryTracks ?? 0, 'track of your music', 'tracks of your music'),
    count(report.settings, 'setting', 'settings'),
  ];
  const list = `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  const problem = report.settingsProblem ? ` But ${report.settingsProblem}.` : '';
  if (report.mode === 'replace') return `Restored your backup of ${made}: ${list}. What was here before has been replaced.${problem}`;
  const replaced = report.runsReplaced ? ` (${count(report.runsReplaced, 'run was', 'runs were')} here already and now ${report.runsReplaced === 1 ? 'is' : 'are'} the backup’s)` : '';
  return `Merged your backup of ${made} into what was here: ${list}${replaced}. Everything else here stayed.${problem}`;
}
