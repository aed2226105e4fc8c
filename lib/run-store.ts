/**
 * The runner's history in IndexedDB: merging runs from any source without duplicates, and the
 * small state the sync keeps (checkpoint, request budget), used by the background only; and the
 * pages of the options page's runs table (runsPage).
 */
import type { RunSoundDb } from './db';
import type { RunType } from './plan';
import { MEASURED_KEYS, mergeRun, PROCESSING_VERSIONS, runPaceSecondsPerKm, type Run, type RunFacts, type RunSource } from './runs';
import { EMPTY_LIMITER, type LimiterState } from './strava/limiter';
import type { StreamSummary } from './strava/streams';
import type { ListedRuns, SyncCheckpoint, SyncStore } from './strava/sync';

export interface MergeReport {
  added: number;
  updated: number;
  unchanged: number;
}

/**
 * A run needs its streams while its numbers or its start place are unknown (a run only listed,
 * or imported from an export without coordinates), until they have been read once. From when:
 * at once, or once its last failure's wait is over; undefined when it needs none.
 */
function detailsDueAt(run: Run): number | undefined {
  if (run.processed.details === PROCESSING_VERSIONS.details) return undefined;
  const missing = run.distanceMeters === undefined || (!run.start && !run.isTreadmill);
  if (!missing) return undefined;
  return run.failures?.details?.retryAt ?? Number.NEGATIVE_INFINITY;
}

/** A run's place in the order the details are read in: by start, then by id (as the startTime index orders them). */
interface QueuedRun {
  id: string;
  startTime: number;
}

function queuedBefore(a: QueuedRun, b: QueuedRun): boolean {
  return a.startTime < b.startTime || (a.startTime === b.startTime && a.id < b.id);
}

/**
 * The runs waiting for their details as one read of the whole history found them, oldest first
 * (the newest is read first, from the end), kept up to date by this store's own merges. A sync
 * reads thousands of runs one by one: reading the whole history again before each, to find the
 * next and to count, made it quadratic.
 */
interface DetailsQueue {
  waiting: QueuedRun[];
  /** The earliest end of a failed run's wait: the history is read again then. */
  readAgainAt: number;
}

export class RunStore implements SyncStore {
  constructor(
    private readonly db: RunSoundDb,
    private readonly clock: () => number = Date.now,
  ) {}

  async getState<T>(key: string, fallback: T): Promise<T> {
    const entry = await this.db.state.get(key);
    return entry === undefined ? fallback : (entry.value as T);
  }

  async putState(key: string, value: unknown): Promise<void> {
    await this.db.state.put({ key, value });
  }

  getCheckpoint(): Promise<SyncCheckpoint | undefined> {
    return this.getState<SyncCheckpoint | undefined>('syncCheckpoint', undefined);
  }

  putCheckpoint(checkpoint: SyncCheckpoint): Promise<void> {
    return this.putState('syncCheckpoint', checkpoint);
  }

  getLimiter(): Promise<LimiterState> {
    return this.getState('stravaLimiter', EMPTY_LIMITER);
  }

  putLimiter(state: LimiterState): Promise<void> {
    return this.putState('stravaLimiter', state);
  }

  /** Merges runs by activity id in one transaction: none is ever stored twice. */
  async mergeRuns(facts: RunFacts[], source: RunSource, guessed: ReadonlyArray<keyof RunFacts> = []): Promise<MergeReport> {
    const report: MergeReport = { added: 0, updated: 0, unchanged: 0 };
    const now = this.clock();
    await this.keepingQueue(() => this.db.transaction('rw', this.db.runs, async () => {
      // A file may name one activity twice: the last row wins, once.
      const byId = new Map(facts.map((run) => [run.id, run]));
      const existing = await this.db.runs.bulkGet([...byId.keys()]);
      const before: (Run | undefined)[] = [];
      const changed: Run[] = [];
      [...byId.values()].forEach((run, index) => {
        const { run: merged, outcome } = mergeRun(existing[index], run, source, now, guessed);
        report[outcome] += 1;
        if (merged !== existing[index]) {
          before.push(existing[index]);
          changed.push(merged);
        }
      });
      await this.db.runs.bulkPut(changed);
      this.requeue(before, changed);
    }));
    return report;
  }

  /** A listed page and the checkpoint after it, together: a worker killed in between loses neither. */
  async commitListedPage(page: ListedRuns, checkpoint: SyncCheckpoint): Promise<MergeReport> {
    return this.keepingQueue(() =>
      this.db.transaction('rw', this.db.runs, this.db.state, async () => {
        const report = await this.mergeRuns(page.runs, 'session', page.guessed);
        await this.putCheckpoint(checkpoint);
        return report;
      }),
    );
  }

  async requestRelist(): Promise<void> {
    await this.putState('relistRequested', true);
  }

  async takeRelistRequest(): Promise<boolean> {
    return this.db.transaction('rw', this.db.state, async () => {
      const requested = await this.getState('relistRequested', false);
      if (requested) await this.putState('relistRequested', false);
      return requested;
    });
  }

  /**
   * The newest run waiting for its details. Each run of the queue is read again before it is
   * handed out, so one done or failed meanwhile is passed over; once the queue is empty, the
   * history is read again, so runs another writer (an import) added are not missed: they come
   * after the ones already queued.
   */
  async nextRunNeedingDetails(now: number): Promise<Run | undefined> {
    for (;;) {
      const { queue, fresh } = await this.detailsQueue(now);
      while (queue.waiting.length) {
        const run = await this.db.runs.get(queue.waiting[queue.waiting.length - 1]!.id);
        const due = run && detailsDueAt(run);
        if (run && due !== undefined && due <= now) return run;
        queue.waiting.pop();
        if (due !== undefined) queue.readAgainAt = Math.min(queue.readAgainAt, due);
      }
      if (fresh) return undefined;
      this.queue = undefined;
    }
  }

  async countRuns(): Promise<{ total: number; needingDetails: number }> {
    const { queue } = await this.detailsQueue(this.clock());
    return { total: await this.db.runs.count(), needingDetails: queue.waiting.length };
  }

  private queue?: DetailsQueue;

  /** The queue of runs waiting for details, read from the whole history when there is none or a failed run's wait is over. */
  private async detailsQueue(now: number): Promise<{ queue: DetailsQueue; fresh: boolean }> {
    if (this.queue && now < this.queue.readAgainAt) return { queue: this.queue, fresh: false };
    const queue: DetailsQueue = { waiting: [], readAgainAt: Number.POSITIVE_INFINITY };
    // One read of every row (getAll), then in memory: a filtered cursor steps row by row.
    for (const run of await this.db.runs.toArray()) {
      const due = detailsDueAt(run);
      if (due === undefined) continue;
      if (due <= now) queue.waiting.push({ id: run.id, startTime: run.startTime });
      else queue.readAgainAt = Math.min(queue.readAgainAt, due);
    }
    queue.waiting.sort((a, b) => (queuedBefore(a, b) ? -1 : queuedBefore(b, a) ? 1 : 0));
    this.queue = queue;
    return { queue, fresh: true };
  }

  /** A write that fails was undone: the queue, changed as if it had landed, is read again. */
  private async keepingQueue<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      this.queue = undefined;
      throw error;
    }
  }

  /** Keeps the queue true to runs this store just wrote: out if they need no details now, in (at their place) if they do. */
  private requeue(before: readonly (Run | undefined)[], after: readonly Run[]): void {
    const queue = this.queue;
    if (!queue) return;
    const now = this.clock();
    const indexOf = (entry: QueuedRun) => {
      let low = 0;
      let high = queue.waiting.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (queuedBefore(queue.waiting[mid]!, entry)) low = mid + 1;
        else high = mid;
      }
      return low;
    };
    after.forEach((run, i) => {
      const old = before[i];
      if (old) {
        const at = indexOf(old);
        if (queue.waiting[at]?.id === old.id) queue.waiting.splice(at, 1);
      }
      const due = detailsDueAt(run);
      if (due === undefined) return;
      if (due <= now) {
        const entry = { id: run.id, startTime: run.startTime };
        queue.waiting.splice(indexOf(entry), 0, entry);
      } else {
        queue.readAgainAt = Math.min(queue.readAgainAt, due);
      }
    });
  }

  async saveDetails(id: string, details: StreamSummary | RunFacts | undefined): Promise<void> {
    await this.keepingQueue(() => this.db.transaction('rw', this.db.runs, async () => {
      const run = await this.db.runs.get(id);
      if (!run) return;
      // New numbers make everything derived from them stale: only the details step stays done.
      const updated: Run = { ...run, processed: { details: PROCESSING_VERSIONS.details }, updatedAt: this.clock() };
      for (const key of MEASURED_KEYS) {
        const value = details?.[key as keyof typeof details];
        if (value !== undefined) (updated as unknown as Record<string, unknown>)[key] = value;
      }
      if (updated.failures?.details) updated.failures = { ...updated.failures, details: undefined };
      await this.db.runs.put(updated);
      this.requeue([run], [updated]);
    }));
  }

  /**
   * Writes back what processing derived from a snapshot of the history: only the derived fields,
   * and only onto runs nobody changed since the snapshot (every other writer moves `updatedAt`).
   * Returns whether some run had moved on: it needs another pass.
   */
  async saveDerived(snapshot: ReadonlyMap<string, Run>, derived: readonly Run[]): Promise<{ stale: boolean }> {
    let stale = false;
    await this.db.transaction('rw', this.db.runs, async () => {
      const current = await this.db.runs.bulkGet(derived.map((run) => run.id));
      const writes: Run[] = [];
      derived.forEach((run, index) => {
        const now = current[index];
        if (!now || now.updatedAt !== snapshot.get(run.id)?.updatedAt) {
          stale = true;
          return;
        }
        const { runType, weather, load, features, processed, failures } = run;
        writes.push({ ...now, runType, weather, load, features, processed, failures });
      });
      await this.db.runs.bulkPut(writes);
    });
    return { stale };
  }

  /** The runner's own type for a run (undefined: back to RunSound's classification). */
  async correctRunType(id: string, type: Run['runTypeCorrection']): Promise<boolean> {
    const found = await this.db.runs
      .where('id')
      .equals(id)
      .modify((run) => {
        run.runTypeCorrection = type;
        run.updatedAt = this.clock();
      });
    return found > 0;
  }

  async markDetailsFailed(id: string, error: string, retryAt: number): Promise<void> {
    await this.keepingQueue(() => this.db.transaction('rw', this.db.runs, async () => {
      const run = await this.db.runs.get(id);
      if (!run) return;
      const failed: Run = { ...run, failures: { ...run.failures, details: { error, retryAt } }, updatedAt: this.clock() };
      await this.db.runs.put(failed);
      this.requeue([run], [failed]);
    }));
  }
}

export const RUNS_ORDERS = ['newest', 'oldest', 'longest', 'shortest', 'fastest', 'slowest'] as const;
export type RunsOrder = (typeof RUNS_ORDERS)[number];

export interface RunsQuery {
  order: RunsOrder;
  /** Only runs of this type: the runner's correction, else RunSound's. */
  type?: RunType;
  /** Only runs whose name holds this text, whatever the case. */
  nameContains?: string;
  /** Only runs on or after this day, "YYYY-MM-DD" on the runner's local clock where they ran. */
  from?: string;
  /** Only runs on or before this day, the same way. */
  to?: string;
  offset: number;
  limit: number;
}

export interface RunsPage {
  runs: Run[];
  /** How many runs the type, the name and the dates let through. */
  matching: number;
  /** How many runs are stored. */
  stored: number;
}

const byStart = (a: Run, b: Run) => a.startTime - b.startTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Compares two runs for an order; runs without the number go last whichever the direction, newest first among equals. */
function comparing(order: RunsOrder): (a: Run, b: Run) => number {
  if (order === 'newest') return (a, b) => byStart(b, a);
  if (order === 'oldest') return byStart;
  const value = order === 'longest' || order === 'shortest' ? (run: Run) => run.distanceMeters : runPaceSecondsPerKm;
  const direction = order === 'shortest' || order === 'fastest' ? 1 : -1;
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === undefined || y === undefined) return x === y ? byStart(b, a) : x === undefined ? 1 : -1;
    return (x - y) * direction || byStart(b, a);
  };
}

const DAY_MS = 86_400_000;
/** A run's local clock is at most 14 hours ahead of UTC, and 12 behind: 14 either way covers both. */
const ZONE_MARGIN_MS = 14 * 3600_000;
const LOCAL_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The startTime range (UTC) that surely holds every run of the local days from-to, a little wider. */
function startTimeRange(from: string | undefined, to: string | undefined): [number, number] {
  const day = (text: string | undefined) => (text && LOCAL_DAY.test(text) ? Date.parse(`${text}T00:00Z`) : Number.NaN);
  const first = day(from);
  const last = day(to);
  return [
    Number.isFinite(first) ? first - ZONE_MARGIN_MS : Number.NEGATIVE_INFINITY,
    Number.isFinite(last) ? last + DAY_MS + ZONE_MARGIN_MS : Number.POSITIVE_INFINITY,
  ];
}

/**
 * One page of the runner's runs, for the options page. By date without a filter, the startTime
 * index pages by itself and only the page's rows are read. A date range reads only the rows the
 * startTime index holds for it (each then checked on its own local day); distance, pace, type and
 * name have no index, so those read every row of the range once and sort in memory (n log n, a
 * few tens of ms at 10,000).
 */
export async function runsPage(db: RunSoundDb, query: RunsQuery): Promise<RunsPage> {
  const search = query.nameContains?.trim().toLocaleLowerCase() ?? '';
  const from = query.from && LOCAL_DAY.test(query.from) ? query.from : undefined;
  const to = query.to && LOCAL_DAY.test(query.to) ? query.to : undefined;
  return db.transaction('r', db.runs, async () => {
    const stored = await db.runs.count();
    if (!query.type && !search && !from && !to && (query.order === 'newest' || query.order === 'oldest')) {
      const byStartIndex = db.runs.orderBy('startTime');
      const ordered = query.order === 'newest' ? byStartIndex.reverse() : byStartIndex;
      return { runs: await ordered.offset(query.offset).limit(query.limit).toArray(), matching: stored, stored };
    }
    const [low, high] = startTimeRange(from, to);
    const candidates = from || to ? await db.runs.where('startTime').between(low, high, true, false).toArray() : await db.runs.toArray();
    const matching = candidates.filter((run) => {
      const day = run.startLocal.slice(0, 10);
      return (
        (!from || day >= from) &&
        (!to || day <= to) &&
        (!query.type || (run.runTypeCorrection ?? run.runType?.type) === query.type) &&
        (!search || run.name.toLocaleLowerCase().includes(search))
      );
    });
    matching.sort(comparing(query.order));
    return { runs: matching.slice(query.offset, query.offset + query.limit), matching: matching.length, stored };
  });
}
