import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunSoundDb } from '@/lib/db';
import { processHistory } from '@/lib/processing';
import { RunStore, runsPage, type RunsQuery } from '@/lib/run-store';
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

describe('RunStore: the runs waiting for their details', () => {
  const DAY = 86_400_000;
  /** What a full read of the history says: the newest run that needs details now, and how many do. */
  async function fromFullRead(now: number) {
    const waiting = (await db.runs.toArray())
      .filter((run) => run.processed.details === undefined && (run.distanceMeters === undefined || (!run.start && !run.isTreadmill)))
      .filter((run) => (run.failures?.details?.retryAt ?? 0) <= now)
      .sort((a, b) => b.startTime - a.startTime || (a.id < b.id ? 1 : -1));
    return { next: waiting[0]?.id, needingDetails: waiting.length, total: await db.runs.count() };
  }

  const listed = (i: number, extra: Partial<RunFacts> = {}): RunFacts => ({ ...facts(i), isTreadmill: false, distanceMeters: undefined, ...extra });

  it('hands out the newest first and counts as a full read would, through saves, failures, merges and waits', async () => {
    const store = new RunStore(db, () => clock);
    // Runs only listed (no numbers), an export run without a start place, a treadmill run (needs nothing), one already read.
    await store.mergeRuns([listed(1), listed(2), listed(3), { ...facts(4), isTreadmill: false }, facts(5), listed(6)], 'session');
    await store.saveDetails('5006', { distanceMeters: 5000, movingTimeSeconds: 1500 } as never);
    const seen: string[] = [];
    for (let step = 0; step < 12; step++) {
      const expected = await fromFullRead(clock);
      expect(await store.countRuns()).toEqual({ total: expected.total, needingDetails: expected.needingDetails });
      const run = await store.nextRunNeedingDetails(clock);
      expect(run?.id).toBe(expected.next);
      if (!run) {
        if (clock > 3 * DAY) break;
        clock += 2 * DAY; // the failed run's wait is over
        continue;
      }
      seen.push(run.id);
      if (run.id === '5004' && !seen.slice(0, -1).includes('5004')) await store.markDetailsFailed(run.id, 'HTTP 500', clock + DAY);
      else await store.saveDetails(run.id, { distanceMeters: 8000, movingTimeSeconds: 2400, start: { lat: 45, lng: 5 } } as never);
      // A newer run listed mid-way, through this store: it is next, as with a full read.
      if (step === 1) await store.mergeRuns([listed(9)], 'session');
    }
    expect(seen).toEqual(['5004', '5003', '5009', '5002', '5001', '5004']);
  });

  it('does not end before runs another writer added meanwhile', async () => {
    const store = new RunStore(db, () => clock);
    await store.mergeRuns([listed(1), listed(2)], 'session');
    expect((await store.nextRunNeedingDetails(clock))?.id).toBe('5002');
    // An import in the options page, through another store.
    await new RunStore(db, () => clock).mergeRuns([listed(8)], 'export-csv');
    const handedOut: string[] = [];
    for (let run = await store.nextRunNeedingDetails(clock); run; run = await store.nextRunNeedingDetails(clock)) {
      handedOut.push(run.id);
      await store.saveDetails(run.id, { distanceMeters: 8000, movingTimeSeconds: 2400, start: { lat: 45, lng: 5 } } as never);
    }
    expect(handedOut.sort()).toEqual(['5001', '5002', '5008']);
    expect(await store.countRuns()).toEqual({ total: 3, needingDetails: 0 });
  });
});

describe('runsPage: the runs table of the options page', () => {
  // Six runs, one a day: distances and paces chosen so that each order differs.
  const km = [10, 5, 21, 8, 5, 0];
  const minutesPerKm = [5, 6, 5.5, 4, 4.5, 0];
  beforeEach(async () => {
    await new RunStore(db, () => clock).mergeRuns(
      km.map((distance, i) => ({
        ...facts(i),
        name: i === 2 ? 'Sunday Long Run' : i === 4 ? 'Parkrun' : 'Morning Run',
        distanceMeters: distance ? distance * 1000 : undefined,
        movingTimeSeconds: distance ? Math.round(distance * minutesPerKm[i]! * 60) : undefined,
      })),
      'api-json',
    );
    await db.runs.update('5004', { runType: { type: 'race', basis: 'name', confidence: 1 } as never });
    await db.runs.update('5002', { runTypeCorrection: 'long' });
  });

  const ids = (page: { runs: { id: string }[] }) => page.runs.map((run) => run.id.slice(-1)).join('');
  it.each<[string, Partial<RunsQuery>, string, number]>([
    ['newest first', { order: 'newest' }, '543210', 6],
    ['oldest first', { order: 'oldest' }, '012345', 6],
    // A run without distance or pace goes last either way; runs of the same distance, newest first.
    ['longest first', { order: 'longest' }, '203415', 6],
    ['shortest first', { order: 'shortest' }, '413025', 6],
    ['fastest first', { order: 'fastest' }, '340215', 6],
    ['slowest first', { order: 'slowest' }, '120435', 6],
    ['the second page', { order: 'newest', offset: 4, limit: 4 }, '10', 6],
    ['a page past the end', { order: 'newest', offset: 6 }, '', 6],
    ['by type, the correction winning', { order: 'newest', type: 'long' }, '2', 1],
    ['by type, RunSound\'s', { order: 'newest', type: 'race' }, '4', 1],
    ['by name, whatever the case', { order: 'oldest', nameContains: '  RUN ' }, '012345', 6],
    ['by name', { order: 'newest', nameContains: 'park' }, '4', 1],
    ['by name, sorted and paged', { order: 'longest', nameContains: 'morning', offset: 1, limit: 2 }, '31', 4],
    ['from a day on', { order: 'newest', from: '2026-05-03' }, '5432', 4],
    ['up to a day', { order: 'oldest', to: '2026-05-02' }, '01', 2],
    ['within dates, by distance', { order: 'longest', from: '2026-05-02', to: '2026-05-05' }, '2341', 4],
    ['within dates, one day', { order: 'newest', from: '2026-05-04', to: '2026-05-04' }, '3', 1],
    ['within dates, by name and paged', { order: 'oldest', from: '2026-05-01', to: '2026-05-06', nameContains: 'morning', offset: 2, limit: 2 }, '35', 4],
    ['dates the wrong way round', { order: 'newest', from: '2026-05-05', to: '2026-05-02' }, '', 0],
    ['a date that is no date', { order: 'newest', from: '05/03/2026' }, '543210', 6],
  ])('%s', async (_label, query, expected, matching) => {
    const page = await runsPage(db, { offset: 0, limit: 30, order: 'newest', ...query });
    expect(ids(page)).toBe(expected);
    expect(page.matching).toBe(matching);
    expect(page.stored).toBe(6);
  });

  it('takes a run on the day of its own local clock, not of UTC', async () => {
    // 22:30 UTC on 10 May is 08:30 on 11 May in Sydney; 01:00 UTC on 12 May is 21:00 on 11 May in New York.
    await new RunStore(db, () => clock).mergeRuns(
      [
        { ...facts(20), startTime: Date.UTC(2026, 4, 10, 22, 30), startLocal: '2026-05-11T08:30' },
        { ...facts(21), startTime: Date.UTC(2026, 4, 12, 1), startLocal: '2026-05-11T21:00' },
      ],
      'api-json',
    );
    const on = (from: string, to: string) => runsPage(db, { order: 'oldest', offset: 0, limit: 30, from, to }).then((page) => page.runs.map((run) => run.id));
    expect(await on('2026-05-11', '2026-05-11')).toEqual(['5020', '5021']);
    expect(await on('2026-05-10', '2026-05-10')).toEqual([]);
    expect(await on('2026-05-12', '2026-05-12')).toEqual([]);
  });
});
