import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { RunSoundDb, SCHEMA } from '@/lib/db';
import { makeBackup, previewBackup, readBackup, restoreBackup, restoredInWords, tablesAt, type Backup, type SettingsStore } from '@/lib/backup';
import { BackupRefused } from '@/lib/backup/format';
import { ROW_SCHEMAS } from '@/lib/backup/rows';
import { homeSetting, preferredGenres, spotifyClientId, unitsSetting, unitsSource } from '@/storage/settings';
import { caught } from '../caught';
import { FULL_SETTINGS, fullHistory, playlistRow, STATUSES, TOKENS } from '../fixtures/backups/history';

const NOW = Date.UTC(2026, 2, 14, 9, 30);
let dbs: RunSoundDb[] = [];
let counter = 0;

function freshDb(): RunSoundDb {
  const db = new RunSoundDb(`runsound-backup-${++counter}`);
  dbs.push(db);
  return db;
}

async function seed(db: Dexie, tables: Record<string, unknown[]>): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    for (const [name, rows] of Object.entries(tables)) await db.table(name).bulkPut(rows);
  });
}

/** Every table's rows, in key order. */
async function dump(db: Dexie): Promise<Record<string, unknown[]>> {
  return Object.fromEntries(await Promise.all(db.tables.map(async (table) => [table.name, await table.toArray()] as const)));
}

/** A browser's extension storage of its own (the other browser of a restore). */
class MemoryStore implements SettingsStore {
  values = new Map<string, unknown>();
  async get(keys: string[]) {
    return Object.fromEntries(keys.filter((key) => this.values.has(key)).map((key) => [key, structuredClone(this.values.get(key))]));
  }
  async set(items: Record<string, unknown>) {
    for (const [key, value] of Object.entries(items)) this.values.set(key, structuredClone(value));
  }
  async remove(keys: string[]) {
    for (const key of keys) this.values.delete(key);
  }
}

const local = fakeBrowser.storage.local as unknown as SettingsStore;

/** Browser A: the full history in its database, its settings set through RunSound's own storage items, and statuses beside them. */
async function browserA() {
  const db = freshDb();
  await seed(db, fullHistory());
  await fakeBrowser.storage.local.set(FULL_SETTINGS);
  await unitsSetting.setValue('imperial');
  await unitsSource.setValue('runner');
  await homeSetting.setValue(FULL_SETTINGS.home);
  await spotifyClientId.setValue(FULL_SETTINGS.spotifyClientId);
  await preferredGenres.setValue(FULL_SETTINGS.preferredGenres);
  await fakeBrowser.storage.local.set(STATUSES);
  return db;
}

const backUp = (db: Dexie, settings: SettingsStore = local) => makeBackup(db, { settings, appVersion: '0.1.0', now: () => NOW });

async function text(blob: Blob): Promise<string> {
  return new Response(blob.stream().pipeThrough(new DecompressionStream('gzip'))).text();
}

const gzip = async (content: string) => new Blob([await new Response(new Blob([content]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer()]);

beforeEach(() => fakeBrowser.reset());
afterEach(async () => {
  for (const db of dbs) {
    db.close();
    await Dexie.delete(db.name);
  }
  dbs = [];
});

describe('a backup', () => {
  it('is one gzip file named for its day, with a header that names the format, the versions, the moment and the counts', async () => {
    const made = await backUp(await browserA());
    expect(made.fileName).toMatch(/^runsound-backup-2026-03-1[34]\.json\.gz$/);
    expect(made.blob.type).toBe('application/gzip');
    const document = JSON.parse(await text(made.blob));
    expect(document.header).toEqual({
      format: 'runsound-backup',
      formatVersion: 1,
      appVersion: '0.1.0',
      schemaVersion: SCHEMA.at(-1)!.version,
      createdAt: '2026-03-14T09:30:00.000Z',
      counts: {
        tables: { drafts: 1, runs: 24, state: 3, models: 2, trackFeatures: 2, playlists: 1, plays: 2, libraryTracks: 3, libraryLinks: 4 },
        settings: 7,
      },
    });
    expect(made.leftOut).toEqual([]);
  });

  it('round trip: another browser restored from it holds the same runs, models, playlists, plays, music index, drafts and settings', async () => {
    const a = await browserA();
    const before = await dump(a);
    const made = await backUp(a);

    fakeBrowser.reset();
    const b = freshDb();
    const backup = await readBackup(made.blob);
    await restoreBackup(b, backup, { mode: 'replace', settings: local });

    const after = await dump(b);
    for (const table of ['drafts', 'runs', 'models', 'trackFeatures', 'playlists', 'plays', 'libraryTracks', 'libraryLinks']) {
      expect({ table, rows: after[table] }).toEqual({ table, rows: before[table] });
    }
    // RunSound's own storage items read back what the runner had.
    expect(await unitsSetting.getValue()).toBe('imperial');
    expect(await unitsSource.getValue()).toBe('runner');
    expect(await homeSetting.getValue()).toEqual(FULL_SETTINGS.home);
    expect(await spotifyClientId.getValue()).toBe(FULL_SETTINGS.spotifyClientId);
    expect(await preferredGenres.getValue()).toEqual(FULL_SETTINGS.preferredGenres);
  });

  it('carries the sync cursor and the index bookkeeping, without this browser’s work under way, budgets or waits', async () => {
    const made = await backUp(await browserA());
    const b = freshDb();
    await restoreBackup(b, await readBackup(made.blob), { mode: 'replace', settings: new MemoryStore() });
    expect(await b.state.toArray()).toEqual([
      { key: 'musicLibrary:genres', value: { artist1: ['indie rock'] } },
      { key: 'musicLibrary:meta', value: { userId: 'runner', lastPass: 4, lastFullAt: 1_765_000_000_000, lastCompletedAt: 1_765_000_900_000, snapshots: { pl1: 'snap' }, pausedUntil: {} } },
      { key: 'syncCheckpoint', value: { athleteId: 12345, measurementPreference: 'feet', fullHistoryListed: true, feedHighWater: 1_765_000_000, lastCompletedAt: 1_765_000_500_000 } },
    ]);
  });

  it('never holds a Spotify token or anything like one, nor the statuses of this browser', async () => {
    const made = await backUp(await browserA());
    const content = await text(made.blob);
    const keys: string[] = [];
    const walk = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (typeof value === 'object' && value !== null) {
        for (const [key, inner] of Object.entries(value)) {
          keys.push(key);
          if (key === 'key' && typeof inner === 'string') keys.push(inner);
          walk(inner);
        }
      }
    };
    walk(JSON.parse(content));
    expect(keys.filter((key) => /token|secret|verifier|password|pkce|auth/i.test(key))).toEqual([]);
    expect(content).not.toContain(TOKENS.access_token);
    expect(content).not.toContain(TOKENS.refresh_token);
    for (const status of Object.keys(STATUSES)) expect(keys).not.toContain(status);
  });

  it('never restores a token someone put into a file', async () => {
    const made = await backUp(await browserA());
    const content = await text(made.blob);
    const planted = content
      .replace('"state":[\n', `"state":[\n{"key":"spotifyTokens","value":{"access_token":"planted"}},\n`)
      .replace('"state":3', '"state":4');
    const b = freshDb();
    await restoreBackup(b, await readBackup(await gzip(planted)), { mode: 'replace', settings: new MemoryStore() });
    expect(await b.state.get('spotifyTokens')).toBeUndefined();
  });

  it('keeps what it cannot read back out, and says which rows and why', async () => {
    const a = await browserA();
    // Stored by an older RunSound before the import refused such dates.
    await a.runs.put({ ...(await a.runs.toCollection().first())!, id: '999', startTime: Date.UTC(1850, 0, 1), startLocal: '1850-01-01T08:00' });
    const made = await backUp(a);
    expect(made.leftOut).toEqual(['run 999 (“Parkrun — “Bois de Boulogne” 5 km”): startTime: the start is before the year 1900']);
    expect(made.header.counts.tables.runs).toBe(24);
    await expect(readBackup(made.blob)).resolves.toBeDefined();
  });

  it('keeps numbers JSON cannot write (a model’s NaN score) as they were', async () => {
    const a = freshDb();
    const history = fullHistory();
    const model = history.models![0]! as { targets: Record<string, { metrics: Record<string, number> }> };
    model.targets.tempo!.metrics.r2 = Number.NaN;
    model.targets.tempo!.metrics.mae = Number.POSITIVE_INFINITY;
    await seed(a, history);
    const backup = await readBackup((await backUp(a)).blob);
    const restored = (backup.tables.models![1] as typeof model).targets.tempo!.metrics;
    expect(restored.r2).toBeNaN();
    expect(restored.mae).toBe(Number.POSITIVE_INFINITY);
  });

  it('tells how far it is', async () => {
    const a = freshDb();
    const runs = fullHistory().runs!;
    await seed(a, { runs: Array.from({ length: 1_200 }, (_, i) => ({ ...runs[i % runs.length], id: String(100_000 + i) })) });
    const seen: number[] = [];
    await makeBackup(a, { settings: new MemoryStore(), appVersion: '0.1.0', onProgress: (done, total) => seen.push(done / total) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe(1);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
  });
});

describe('reading a backup', () => {
  it('shows what it holds: runs from when to when, models, playlists, plays, tracks, settings, made when and by which RunSound', async () => {
    const backup = await readBackup((await backUp(await browserA())).blob);
    const runs = fullHistory().runs!.map((run) => run.startTime as number);
    expect(previewBackup(backup)).toEqual({
      createdAt: NOW,
      appVersion: '0.1.0',
      runs: 24,
      firstRunAt: Math.min(...runs),
      lastRunAt: Math.max(...runs),
      models: 2,
      playlists: 1,
      plays: 2,
      libraryTracks: 3,
      trackFeatures: 2,
      settings: 7,
    });
  });

  it('reads a file a JSON tool laid out again, and one that is not compressed', async () => {
    const content = await text((await backUp(await browserA())).blob);
    const pretty = JSON.stringify(JSON.parse(content), null, 2);
    for (const file of [new Blob([content]), new Blob([pretty]), await gzip(pretty)]) {
      expect((await readBackup(file)).tables.runs).toHaveLength(24);
    }
  });

  it('refuses a file from a newer RunSound with a clear message, before reading its rows', async () => {
    const content = await text((await backUp(await browserA())).blob);
    const current = SCHEMA.at(-1)!.version;
    const newerFormat = content.replace('"formatVersion":1', '"formatVersion":2').replace('"appVersion":"0.1.0"', '"appVersion":"0.4.0"');
    const newerSchema = content.replace(`"schemaVersion":${current}`, `"schemaVersion":${current + 1}`);
    // A newer RunSound may have changed everything after its header.
    const newerRows = `${newerFormat.split('\n')[0]}\n"anything":"else"}`;
    for (const file of [newerFormat, newerSchema, newerRows]) {
      const error = await caught(readBackup(await gzip(file)));
      expect(error).toBeInstanceOf(BackupRefused);
      expect((error as BackupRefused).reason).toBe('newer');
      expect((error as Error).message).toMatch(/made by a newer RunSound.*Update RunSound here/);
    }
    expect(((await caught(readBackup(await gzip(newerFormat)))) as Error).message).toContain('(0.4.0)');
  });

  it.each([
    ['a CSV export', 'Activity ID,Activity Date\n1,2\n', 'not-a-backup'],
    ['an empty file', '', 'not-a-backup'],
    ['another program’s JSON', '{"formatName":"dexie","data":{}}', 'not-a-backup'],
  ])('says %s is not a backup', async (_case, content, reason) => {
    const error = await caught(readBackup(new Blob([content])));
    expect((error as BackupRefused).reason).toBe(reason);
    expect((error as Error).message).toMatch(/not a RunSound backup/);
  });
});

describe('a damaged file changes nothing', () => {
  const current = SCHEMA.at(-1)!.version;
  /** How a file gets damaged, from its text (or its compressed bytes), and what the message names. */
  const DAMAGES: Array<[string, (content: string) => string | Promise<Blob>, RegExp]> = [
    ['cut off in the middle', (content) => content.slice(0, Math.floor(content.length / 2)), /ends early|not complete JSON/],
    ['truncated gzip', async (content) => new Blob([new Uint8Array(await (await gzip(content)).arrayBuffer()).slice(0, 400)]), /compressed data is cut off/],
    ['flipped bytes in the gzip', async (content) => {
      const bytes = new Uint8Array(await (await gzip(content)).arrayBuffer());
      for (let i = 200; i < 260; i++) bytes[i] = bytes[i]! ^ 0xff;
      return new Blob([bytes]);
    }, /compressed data|not complete JSON|not right|not what a backup holds/],
    ['bad JSON in a row', (content) => content.replace('"sportType":"Run"', '"sportType":"Run",,'), /line \d+ is not complete JSON/],
    ['a run no run could be (negative distance)', (content) => content.replace('"distanceMeters":8000', '"distanceMeters":-8000'), /run 7000.*distance cannot be negative/],
    ['a playlist that opens something else than Spotify', (content) => content.replace('"url":"https://open.spotify.com/playlist/spotifyPlaylistA1"', '"url":"https://evil.example/"'), /playlist 1 is not right: spotify.url/],
    ['wrong counts', (content) => content.replace('"runs":24', '"runs":25'), /says 25 rows of runs, but 24 are in it/],
    ['a run twice', (content) => content.replace(/("runs":\[\n)(\{[^\n]*\}),\n/, '$1$2,\n$2,\n').replace('"runs":24', '"runs":25'), /holds run 7000.*twice/],
    ['a table missing', (content) => content.replace(/"plays":\[\n[^\]]*\],\n/, '').replace(/"plays":2,/, ''), /plays table is missing/],
    ['a table RunSound never had', (content) => content.replace('"tables":{\n', '"tables":{\n"secrets":[],\n').replace('"drafts":1', '"secrets":0,"drafts":1'), /table “secrets”/],
    ['a header without its date', (content) => content.replace(/"createdAt":"[^"]+",/, ''), /header is not right: createdAt/],
    ['a bad setting', (content) => content.replace('"units":"imperial"', '"units":"furlongs"'), /setting “units”/],
    ['a playlist whose summary lost its length', (content) => content.replace('"totalMs":', '"totalMinutes":'), /playlist \d+ is not right: summary.totalMs/],
    ['a model tree whose walk would never end', (content) => content.replace('"left":[', '"left":[0,'), /model \d+ is not right: targets\.\w+\.model\.forest: a tree of its forest is not one RunSound makes/],
    ['a schema version RunSound never had', (content) => content.replace(`"schemaVersion":${current}`, '"schemaVersion":0'), /header is not right|schema 0/],
    ['something after the end', (content) => `${content}{"more":1}\n`, /follows the end/],
  ];

  it.each(DAMAGES)('%s: refused, saying why, with this browser’s data and settings as they were', async (_case, damage, message) => {
    const content = await text((await backUp(await browserA())).blob);
    const b = freshDb();
    await seed(b, { runs: [{ ...fullHistory().runs![5], id: '424242', name: 'Only here' }] });
    const store = new MemoryStore();
    await store.set({ units: 'metric', home: { lat: 1, lng: 2 } });
    const before = { db: await dump(b), settings: [...store.values] };

    const damaged = await damage(content);
    const error = await caught(readBackup(typeof damaged === 'string' ? await gzip(damaged) : damaged));
    expect(error).toBeInstanceOf(BackupRefused);
    expect((error as BackupRefused).reason).toBe('damaged');
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain('Nothing was changed');
    expect({ db: await dump(b), settings: [...store.values] }).toEqual(before);
  });
});

describe('merge and replace', () => {
  /** Browser B: a run also in the file (renamed here), a run only here, its own model and playlists, its tokens and units. */
  async function browserB() {
    const b = freshDb();
    const runs = fullHistory().runs!;
    const models = fullHistory().models!;
    await seed(b, {
      runs: [{ ...runs[0], name: 'Renamed here' }, { ...runs[0], id: '555', name: 'Only here', startTime: Date.UTC(2026, 1, 1, 7), startLocal: '2026-02-01T07:00' }],
      models: [{ ...models[0], id: 1, datasetKey: 'trained-here', createdAt: (models[0] as { createdAt: number }).createdAt - 5000 }],
      playlists: [
        { ...playlistRow(7, 'spotifyPlaylistA1'), summaryText: 'as this browser had it' },
        playlistRow(8, 'onlyHerePlaylist'),
      ],
      state: [{ key: 'spotifyTokens', value: { access_token: 'here' } }, { key: 'stravaLimiter', value: { requests: [1], backoffUntil: 0, backoffLevel: 0 } }, { key: 'musicLibrary:meta', value: { lastPass: 9, lastFullAt: 0, snapshots: {} } }, { key: 'musicLibrary:pass', value: { pass: 10 } }],
    });
    const store = new MemoryStore();
    await store.set({ units: 'metric', preferredGenres: ['jazz'] });
    return { b, store };
  }

  let backup: Backup;
  beforeEach(async () => {
    backup = await readBackup((await backUp(await browserA())).blob);
  });

  it('merge keeps what is here, adds the file’s, and lets the file’s win where both have the same thing', async () => {
    const { b, store } = await browserB();
    const report = await restoreBackup(b, backup, { mode: 'merge', settings: store });

    const runs = await b.runs.toArray();
    expect(runs).toHaveLength(25);
    expect(runs.find((run) => run.id === '555')?.name).toBe('Only here');
    expect(runs.find((run) => run.id === '7000')?.name).toBe('Parkrun — “Bois de Boulogne” 5 km');
    expect(report.runsReplaced).toBe(1);
    // The file's models are one set, newer than this browser's: they replace them.
    expect((await b.models.toArray()).map((model) => [model.id, model.status])).toEqual([[2, 'previous'], [3, 'active']]);
    // The same Spotify playlist keeps its number here; another of this browser's stays.
    const playlists = await b.playlists.toArray();
    expect(playlists.map((playlist) => [playlist.id, playlist.spotify.id, playlist.summaryText])).toEqual([
      [7, 'spotifyPlaylistA1', '2 tracks, both within ±3 % of your cadence.'],
      [8, 'onlyHerePlaylist', '2 tracks, both within ±3 % of your cadence.'],
    ]);
    expect(await b.state.get('spotifyTokens')).toEqual({ key: 'spotifyTokens', value: { access_token: 'here' } });
    expect((await b.state.get('musicLibrary:meta'))?.value).toMatchObject({ userId: 'runner', lastPass: 9 });
    expect(await b.state.get('musicLibrary:pass')).toBeUndefined();
    expect(Object.fromEntries(store.values)).toEqual(FULL_SETTINGS);
    expect(restoredInWords(report, previewBackup(backup))).toMatch(/^Merged your backup of .*2026 into what was here: 24 runs, 2 models, 1 playlist, 2 plays, 3 tracks of your music and 7 settings \(1 run was here already and now is the backup’s\)\. Everything else here stayed\.$/);
  });

  it('merge keeps what was changed here since the backup: a run corrected later, a tempo corrected later, a model trained later', async () => {
    const { b, store } = await browserB();
    const fileRun = backup.tables.runs![0] as { id: string; updatedAt: number };
    await b.runs.update(fileRun.id, { name: 'Corrected here, later', updatedAt: fileRun.updatedAt + 60_000 });
    const fileTrack = backup.tables.trackFeatures![0] as { id: string; updatedAt: number };
    await b.trackFeatures.put({ ...(fileTrack as object), correctedTempo: 181, updatedAt: fileTrack.updatedAt + 60_000 } as never);
    const newestInFile = Math.max(...backup.tables.models!.map((model) => (model as { createdAt: number }).createdAt));
    await b.models.clear();
    await b.models.put({ ...(backup.tables.models![0] as object), id: 9, createdAt: newestInFile + 60_000, status: 'active' } as never);

    const report = await restoreBackup(b, backup, { mode: 'merge', settings: store });
    expect((await b.runs.get(fileRun.id))?.name).toBe('Corrected here, later');
    expect((await b.trackFeatures.get(fileTrack.id))?.correctedTempo).toBe(181);
    expect((await b.models.toArray()).map((model) => model.id)).toEqual([9]);
    expect(report.written.models).toBe(0);
  });

  it('replace leaves this browser holding what the file holds, keeping only its Spotify tokens and request budget', async () => {
    const { b, store } = await browserB();
    await store.set({ spotifyBackoffUntil: 5 });
    const report = await restoreBackup(b, backup, { mode: 'replace', settings: store });

    expect((await b.runs.toArray()).map((run) => run.id)).toEqual(backup.tables.runs!.map((run) => (run as { id: string }).id));
    expect((await b.models.toArray()).map((model) => model.id)).toEqual([2, 3]);
    expect((await b.playlists.toArray()).map((playlist) => [playlist.id, playlist.spotify.id])).toEqual([[1, 'spotifyPlaylistA1']]);
    expect((await b.state.toArray()).map((entry) => entry.key)).toEqual(['musicLibrary:genres', 'musicLibrary:meta', 'spotifyTokens', 'stravaLimiter', 'syncCheckpoint']);
    expect((await b.state.get('musicLibrary:meta'))?.value).toMatchObject({ lastPass: 4 });
    expect(Object.fromEntries(store.values)).toEqual({ ...FULL_SETTINGS, spotifyBackoffUntil: 5 });
    expect(restoredInWords(report, previewBackup(backup))).toMatch(/^Restored your backup of .*2026: 24 runs, 2 models, 1 playlist, 2 plays, 3 tracks of your music and 7 settings\. What was here before has been replaced\.$/);
  });

  it('replace with a file that lacks a setting puts that setting back to its default', async () => {
    const { b, store } = await browserB();
    const partial = { ...backup, settings: { units: 'imperial' as const } };
    await restoreBackup(b, partial, { mode: 'replace', settings: store });
    expect(Object.fromEntries(store.values)).toEqual({ units: 'imperial' });
  });

  const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  it.each([
    ['as the write fails', () => quota()],
    ['as one of a bulk write’s failures', () => new Dexie.BulkError('1 of 24 operations failed', { 3: quota() })],
  ])('a full disk during the restore (%s): a clear message, and nothing written, settings included', async (_case, error) => {
    const { b, store } = await browserB();
    const before = { db: await dump(b), settings: [...store.values] };
    const table = b.table('runs');
    const bulkPut = table.bulkPut.bind(table);
    vi.spyOn(table, 'bulkPut').mockImplementation(((...args: Parameters<typeof bulkPut>) =>
      bulkPut(...args).then(() => {
        throw error();
      })) as unknown as typeof bulkPut);
    const refused = await caught(restoreBackup(b, backup, { mode: 'merge', settings: store }));
    expect((refused as BackupRefused).reason).toBe('disk-full');
    expect(refused.message).toMatch(/disk is full.*Nothing was changed.*Free some space/);
    vi.restoreAllMocks();
    expect({ db: await dump(b), settings: [...store.values] }).toEqual(before);
  });

  it('writes the settings only once the data is in: a full disk then keeps them as they were, and says so', async () => {
    const { b, store } = await browserB();
    const settingsBefore = [...store.values];
    vi.spyOn(store, 'set').mockRejectedValueOnce(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const report = await restoreBackup(b, backup, { mode: 'replace', settings: store });
    expect(await b.table('runs').count()).toBe(backup.tables.runs!.length);
    expect([...store.values]).toEqual(settingsBefore);
    expect(report.settingsProblem).toMatch(/your disk is full/);
    expect(restoredInWords(report, previewBackup(backup))).toMatch(/But its settings could not be written \(your disk is full\): set them again under Settings\.$/);
  });

  it('a restore cut off while the data is written (the tab closed) changes no setting', async () => {
    const { b, store } = await browserB();
    const settingsBefore = [...store.values];
    vi.spyOn(b.table('runs'), 'bulkAdd').mockRejectedValueOnce(new Error('The transaction was aborted'));
    await caught(restoreBackup(b, backup, { mode: 'replace', settings: store }));
    expect([...store.values]).toEqual(settingsBefore);
  });
});

describe('the backup’s checks', () => {
  it('has a row check for every table of the current schema', () => {
    expect(Object.keys(ROW_SCHEMAS).sort()).toEqual([...tablesAt(SCHEMA, SCHEMA.at(-1)!.version).keys()].sort());
  });
});
