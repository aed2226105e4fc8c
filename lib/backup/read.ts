/**
 * Reading a backup file the runner picked, all of it, before anything is written: unzipped,
 * its header checked (a file from a newer RunSound is refused at once), every line parsed,
 * every table and count checked against the header, rows of an older schema carried through
 * the schema's own upgrades, and every row checked as lib/backup/rows.ts says. Anything wrong
 * refuses the whole file with a BackupRefused in plain words: nothing is half restored.
 *
 * Older files: their rows go into a temporary database opened at the file's schema version,
 * which is then opened at the current one, so Dexie runs exactly the upgrades an installed
 * RunSound of that version would have run; the rows are read back and the temporary database
 * deleted. One path for every version, and no upgrade written twice.
 */
import Dexie from 'dexie';
import { declareSchema, SCHEMA } from '../db';
import { isQuotaExceeded } from '../jobs';
import { CARRIED_SETTINGS, carriedStateValue, type CarriedSetting } from './carried';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, backupHeaderSchema, BackupRefused, damaged, headerBasicsSchema, type BackupHeader } from './format';
import { fromJson } from './json';
import { firstProblem, rowName, ROW_SCHEMAS } from './rows';
import { breathe, ROWS_PER_BREATH } from './write';

export type SchemaStep = (typeof SCHEMA)[number];

export interface Backup {
  header: BackupHeader;
  /** The carried settings the file holds (others it may hold are not RunSound's to restore). */
  settings: Partial<Record<CarriedSetting, unknown>>;
  /** Rows of every table of the current schema, checked, in the current schema's shapes. */
  tables: Record<string, unknown[]>;
}

export type ReadStep = 'reading' | 'upgrading' | 'checking';

export interface ReadOptions {
  /** The schema of this RunSound (lib/db.ts SCHEMA). */
  schema?: readonly SchemaStep[];
  onProgress?: (step: ReadStep, fraction: number) => void;
}

const NOT_A_BACKUP = 'This file is not a RunSound backup. Choose the file RunSound saved when you pressed “Back up everything” (its name starts with runsound-backup).';

interface Document {
  header: unknown;
  settings: unknown;
  tables: Record<string, unknown[]>;
}

/**
 * The file's lines, unzipped and decoded as they stream in: a history of tens of megabytes is
 * never one string, and the page is never held up by decoding it whole.
 */
async function* fileLines(file: Blob): AsyncGenerator<string> {
  if (file.size === 0) throw new BackupRefused('not-a-backup', `${NOT_A_BACKUP} (This one is empty.)`);
  const magic = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  const gzipped = magic[0] === 0x1f && magic[1] === 0x8b;
  const reader = (gzipped ? file.stream().pipeThrough(new DecompressionStream('gzip')) : file.stream()).getReader();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      throw damaged('its compressed data is cut off or corrupted');
    }
    let text: string;
    try {
      text = chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
    } catch {
      throw new BackupRefused('not-a-backup', NOT_A_BACKUP);
    }
    rest += text;
    let from = 0;
    for (let end = rest.indexOf('\n'); end !== -1; end = rest.indexOf('\n', from)) {
      yield rest.slice(from, end).replace(/\r$/, '');
      from = end + 1;
    }
    rest = rest.slice(from);
    if (chunk.done) break;
  }
  if (rest) yield rest;
}

/** Refuses what is not a backup, or one from a newer RunSound, before its rows are read; the rows its header counts. */
function checkBasics(header: unknown, schema: readonly SchemaStep[]): number {
  const basics = headerBasicsSchema.safeParse(header);
  if (!basics.success || basics.data.format !== BACKUP_FORMAT) throw new BackupRefused('not-a-backup', NOT_A_BACKUP);
  const current = schema.at(-1)!.version;
  if (basics.data.formatVersion > BACKUP_FORMAT_VERSION || basics.data.schemaVersion > current) {
    const by = basics.data.appVersion ? ` (${basics.data.appVersion})` : '';
    throw new BackupRefused(
      'newer',
      `This backup was made by a newer RunSound${by} than the one in this browser, which cannot read it. Update RunSound here, then restore it again. Nothing was changed.`,
    );
  }
  const counts = (basics.data.counts as { tables?: Record<string, unknown> } | undefined)?.tables ?? {};
  return Object.values(counts).reduce<number>((sum, count) => sum + (typeof count === 'number' ? count : 0), 0);
}

/** The one-row-per-line layout the writer makes: read line by line, breathing between batches. */
async function readLines(lines: AsyncGenerator<string>, first: string, check: (header: unknown) => number, onProgress?: (fraction: number) => void): Promise<Document> {
  let lineNumber = 1;
  const next = async (): Promise<string | undefined> => {
    const line = await lines.next();
    if (line.done) return undefined;
    lineNumber += 1;
    return line.value;
  };
  const parse = (json: string) => {
    try {
      return fromJson(json);
    } catch {
      throw damaged(`line ${lineNumber} is not complete JSON`);
    }
  };
  const field = (line: string | undefined, prefix: string): unknown => {
    if (line === undefined) throw damaged('it ends early: the file is cut off');
    if (!line.startsWith(prefix) || !line.endsWith(',')) throw damaged(`line ${lineNumber} is not what a backup holds there`);
    return parse(line.slice(prefix.length, -1));
  };

  const header = field(first, '{"header":');
  const total = check(header);
  const settings = field(await next(), '"settings":');
  if ((await next()) !== '"tables":{') throw damaged(`line ${lineNumber} is not what a backup holds there`);
  const tables: Record<string, unknown[]> = {};
  let read = 0;
  for (;;) {
    const line = await next();
    if (line === undefined) throw damaged('it ends early: the file is cut off');
    if (line === '}}') break;
    const open = /^("(?:[^"\\]|\\.)*"):\[(\],?)?$/.exec(line);
    if (!open) throw damaged(`line ${lineNumber} is not what a backup holds there`);
    const name = parse(open[1]!) as string;
    if (name in tables) throw damaged(`it holds the table ${name} twice`);
    const rows: unknown[] = [];
    tables[name] = rows;
    if (open[2]) continue;
    for (;;) {
      const row = await next();
      if (row === undefined) throw damaged('it ends early: the file is cut off');
      if (row === ']' || row === '],') break;
      rows.push(parse(row.endsWith(',') ? row.slice(0, -1) : row));
      if (++read % ROWS_PER_BREATH === 0) {
        onProgress?.(total ? Math.min(1, read / total) : 0);
        await breathe();
      }
    }
  }
  for (let line = await next(); line !== undefined; line = await next()) if (line.trim() !== '') throw damaged('something follows the end of the backup');
  return { header, settings, tables };
}

/** A backup a JSON tool has re-laid out: one parse of the whole document. */
async function readWhole(lines: AsyncGenerator<string>, first: string, check: (header: unknown) => unknown): Promise<Document> {
  const parts = [first];
  for await (const line of lines) parts.push(line);
  const text = parts.join('\n');
  if (!text.trimStart().startsWith('{')) throw new BackupRefused('not-a-backup', NOT_A_BACKUP);
  let document: unknown;
  try {
    document = fromJson(text);
  } catch {
    throw text.includes('"runsound-backup"') ? damaged('it is not complete JSON: the file may be cut off') : new BackupRefused('not-a-backup', NOT_A_BACKUP);
  }
  const value = (typeof document === 'object' && document !== null ? document : {}) as Record<string, unknown>;
  check(value.header);
  const tables = value.tables;
  if (typeof tables !== 'object' || tables === null || Array.isArray(tables) || !Object.values(tables).every(Array.isArray)) throw damaged('its tables are not lists of rows');
  return { header: value.header, settings: value.settings, tables: tables as Record<string, unknown[]> };
}

/** The tables that exist once `version` of `schema` is applied (a null store is one that version deleted). */
export function tablesAt(schema: readonly SchemaStep[], version: number): Map<string, string> {
  const tables = new Map<string, string>();
  for (const step of schema) {
    if (step.version > version) break;
    for (const [name, spec] of Object.entries(step.stores)) {
      if (spec === null) tables.delete(name);
      else tables.set(name, spec);
    }
  }
  return tables;
}

/** The primary key of a row as a table's spec ("id", "++id", "[playedAt+trackId]") names it, as text; undefined when it is not a key. */
function primaryKeyText(spec: string, row: unknown): string | undefined {
  const path = spec.split(',')[0]!.trim().replace(/^(\+\+|&)/, '');
  const value = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>;
  const parts = path.startsWith('[') ? path.slice(1, -1).split('+').map((part) => value[part]) : [value[path]];
  const valid = parts.every((part) => typeof part === 'string' || (typeof part === 'number' && Number.isFinite(part)));
  return valid ? JSON.stringify(parts) : undefined;
}

/** Rows of an older schema, after the upgrades of every later version (see the note at the top). */
async function upgraded(tables: Record<string, unknown[]>, version: number, schema: readonly SchemaStep[]): Promise<Record<string, unknown[]>> {
  const name = `runsound-restore-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
  try {
    const old = new Dexie(name);
    declareSchema(old, schema.filter((step) => step.version <= version));
    await old.open();
    try {
      await old.transaction('rw', old.tables, async () => {
        for (const [table, rows] of Object.entries(tables)) await old.table(table).bulkAdd(rows);
      });
    } catch (error) {
      if (isQuotaExceeded(error)) throw error;
      throw damaged(`its rows do not fit the database of RunSound's schema ${version}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      old.close();
    }
    const current = new Dexie(name);
    declareSchema(current, schema);
    await current.open();
    try {
      return Object.fromEntries(await current.transaction('r', current.tables, () => Promise.all(current.tables.map(async (table) => [table.name, await table.toArray()] as const))));
    } finally {
      current.close();
    }
  } finally {
    await Dexie.delete(name).catch(() => undefined);
  }
}

/**
 * The whole backup, checked and in the current schema's shapes, or a BackupRefused saying why
 * not. Reads and checks only: nothing is written but the temporary database of an older file.
 */
export async function readBackup(file: Blob, options: ReadOptions = {}): Promise<Backup> {
  const schema = options.schema ?? SCHEMA;
  const progress = options.onProgress;
  try {
    const lines = fileLines(file);
    const first = await lines.next();
    if (first.done) throw new BackupRefused('not-a-backup', NOT_A_BACKUP);
    const check = (header: unknown) => checkBasics(header, schema);
    const document = first.value.startsWith('{"header":')
      ? await readLines(lines, first.value, check, (fraction) => progress?.('reading', fraction))
      : await readWhole(lines, first.value, check);

    const header = backupHeaderSchema.safeParse(document.header);
    if (!header.success) throw damaged(`its header is not right: ${firstProblem(header.error)}`);
    const { schemaVersion, counts } = header.data;
    if (!schema.some((step) => step.version === schemaVersion)) throw damaged(`it names a database schema ${schemaVersion} RunSound never had`);

    // Every table of that schema, and only those, each with as many rows as the header says.
    const expected = tablesAt(schema, schemaVersion);
    for (const name of Object.keys(document.tables)) if (!expected.has(name)) throw damaged(`it holds a table “${name.slice(0, 40)}” RunSound's schema ${schemaVersion} does not have`);
    for (const name of expected.keys()) {
      const rows = document.tables[name];
      if (!rows) throw damaged(`the ${name} table is missing`);
      if (counts.tables[name] !== rows.length) throw damaged(`its header says ${counts.tables[name] ?? 'nothing'} rows of ${name}, but ${rows.length} are in it`);
    }
    if (Object.keys(counts.tables).some((name) => !expected.has(name))) throw damaged('its header counts a table that is not in it');

    if (typeof document.settings !== 'object' || document.settings === null || Array.isArray(document.settings)) throw damaged('its settings are not a list of settings');
    const fileSettings = document.settings as Record<string, unknown>;
    if (Object.keys(fileSettings).length !== counts.settings) throw damaged(`its header says ${counts.settings} settings, but ${Object.keys(fileSettings).length} are in it`);
    const settings: Backup['settings'] = {};
    for (const [key, value] of Object.entries(fileSettings)) {
      // A setting this RunSound does not carry is not restored (it may be a newer one's).
      if (!(key in CARRIED_SETTINGS)) continue;
      const parsed = CARRIED_SETTINGS[key as CarriedSetting].safeParse(value);
      if (!parsed.success) throw damaged(`the setting “${key}” is not right: ${firstProblem(parsed.error)}`);
      settings[key as CarriedSetting] = parsed.data;
    }

    const current = schema.at(-1)!.version;
    if (schemaVersion < current) progress?.('upgrading', 0);
    const rowsByTable = schemaVersion < current ? await upgraded(document.tables, schemaVersion, schema) : document.tables;

    const specs = tablesAt(schema, current);
    const total = [...specs.keys()].reduce((sum, name) => sum + (rowsByTable[name]?.length ?? 0), 0);
    let done = 0;
    const tables: Record<string, unknown[]> = {};
    for (const [name, spec] of specs) {
      const rowSchema = ROW_SCHEMAS[name];
      if (!rowSchema) throw new Error(`RunSound has no check for the rows of ${name}.`);
      const keys = new Set<string>();
      const rows: unknown[] = [];
      for (const [index, row] of (rowsByTable[name] ?? []).entries()) {
        done += 1;
        if (done % ROWS_PER_BREATH === 0) {
          progress?.('checking', done / total);
          await breathe();
        }
        const parsed = rowSchema.safeParse(row);
        if (!parsed.success) throw damaged(`${rowName(name, row, index)} is not right: ${firstProblem(parsed.error)}`);
        const key = primaryKeyText(spec, row);
        if (key === undefined) throw damaged(`${rowName(name, row, index)} has no id`);
        if (keys.has(key)) throw damaged(`it holds ${rowName(name, row, index)} twice`);
        keys.add(key);
        if (name === 'state') {
          const entry = row as { key: string; value: unknown };
          const carried = carriedStateValue(entry.key, entry.value);
          // Only what a backup carries is restored: a token someone put in the file never is.
          if (!carried.ok) {
            if (carried.carried) throw damaged(`${rowName(name, row, index)} is not right: ${carried.problem}`);
            continue;
          }
          rows.push({ key: entry.key, value: carried.value });
          continue;
        }
        rows.push(row);
      }
      tables[name] = rows;
    }
    progress?.('checking', 1);
    return { header: header.data, settings, tables };
  } catch (error) {
    if (error instanceof BackupRefused) throw error;
    if (isQuotaExceeded(error)) throw diskFull();
    throw damaged(error instanceof Error ? error.message : String(error));
  }
}

/** The browser's "no more room", also as one of the failures of a Dexie bulk write. */
export function diskFull(): BackupRefused {
  return new BackupRefused('disk-full', 'Your disk is full, so RunSound could not restore the backup. Nothing was changed: everything here is as it was. Free some space on this computer, then try again.');
}
