/**
 * The runner's history in IndexedDB: merging runs from any source without duplicates, and the
 * small state the sync keeps (checkpoint, request budget). Used by the background only.
 */
import type { RunSoundDb } from './db';
import { MEASURED_KEYS, mergeRun, PROCESSING_VERSIONS, type Run, type RunFacts, type RunSource } from './runs';
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
 * or imported from an export without coordinates), until they have been read once.
 */
function needsDetails(run: Run, now: number): boolean {
  if (run.processed.details === PROCESSING_VERSIONS.details) return false;
  const missing = run.distanceMeters === undefined || (!run.start && !run.isTreadmill);
  if (!missing) return false;
  const failure = run.failures?.details;
  return !failure || failure.retryAt <= now;
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
    await this.db.transaction('rw', this.db.runs, async () => {
      // A file may name one activity twice: the last row wins, once.
      const byId = new Map(facts.map((run) => [run.id, run]));
      const existing = await this.db.runs.bulkGet([...byId.keys()]);
      const changed: Run[] = [];
      [...byId.values()].forEach((run, index) => {
        const { run: merged, outcome } = mergeRun(existing[index], run, source, now, guessed);
        report[outcome] += 1;
        if (merged !== existing[index]) changed.push(merged);
      });
      await this.db.runs.bulkPut(changed);
    });
    return report;
  }

  /** A listed page and the checkpoint after it, together: a worker killed in between loses neither. */
  async commitListedPage(page: ListedRuns, checkpoint: SyncCheckpoint): Promise<MergeReport> {
    return this.db.transaction('rw', this.db.runs, this.db.state, async () => {
      const report = await this.mergeRuns(page.runs, 'session', page.guessed);
      await this.putCheckpoint(checkpoint);
      return report;
    });
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

  async nextRunNeedingDetails(now: number): Promise<Run | undefined> {
    return this.db.runs
      .orderBy('startTime')
      .reverse()
      .filter((run) => needsDetails(run, now))
      .first();
  }

  async countRuns(): Promise<{ total: number; needingDetails: number }> {
    const now = this.clock();
    let total = 0;
    let needingDetails = 0;
    await this.db.runs.each((run) => {
      total += 1;
      if (needsDetails(run, now)) needingDetails += 1;
    });
    return { total, needingDetails };
  }

  async saveDetails(id: string, details: StreamSummary | RunFacts | undefined): Promise<void> {
    await this.db.transaction('rw', this.db.runs, async () => {
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
    });
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
    await this.db.runs.where('id').equals(id).modify((run) => {
      run.failures = { ...run.failures, details: { error, retryAt } };
      run.updatedAt = this.clock();
    });
  }
}
