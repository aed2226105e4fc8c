/**
 * The small kit every background job shares: a status channel whose writes land in the order
 * they were made, and one single-flight helper. Pure: the storage item is handed in (WXT's
 * storage items fit `StatusStore`), so tests run it in Node.
 */

/** Where a job's status is kept: read and written whole. */
export interface StatusStore<T> {
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
}

export interface StatusChannel<T> {
  /** Merges `update` into the status, after every write asked for before it has landed. */
  publish(update: Partial<T>): Promise<T>;
  /** Sets the whole status (nothing of the one before is kept), in the same order. */
  replace(value: T): Promise<T>;
}

/**
 * A status channel over `store`. Writes are queued: a progress update fired without `await`
 * can never land after the final status that followed it, and no update reads a value another
 * is about to replace. `stamp` adds what every write carries (an `updatedAt`, say).
 */
export function statusChannel<T>(store: StatusStore<T>, stamp: () => Partial<T> = () => ({})): StatusChannel<T> {
  let last: Promise<unknown> = Promise.resolve();
  const queue = (next: () => Promise<T>) => {
    const write = last.then(async () => {
      const value = { ...(await next()), ...stamp() } as T;
      await store.setValue(value);
      return value;
    });
    // A failed write must not stop the ones after it.
    last = write.catch(() => undefined);
    return write;
  };
  return {
    publish: (update) => queue(async () => ({ ...(await store.getValue()), ...update })),
    replace: (value) => queue(async () => value),
  };
}

export interface SingleFlight<T> {
  /** Starts the job, or joins the run under way. */
  run(): Promise<T>;
  /** Whether a run is under way. */
  busy(): boolean;
}

/** One run of `job` at a time: a call while it runs gets the same promise. */
export function singleFlight<T>(job: () => Promise<T>): SingleFlight<T> {
  let running: Promise<T> | undefined;
  return {
    run() {
      running ??= job().finally(() => {
        running = undefined;
      });
      return running;
    },
    busy: () => running !== undefined,
  };
}

/**
 * The browser's "no more room": IndexedDB's QuotaExceededError, as Dexie passes it on, wraps it
 * (`inner`) or gathers it among a bulk write's failures (BulkError's `failures`).
 */
export function isQuotaExceeded(error: unknown): boolean {
  const named = (value: unknown) => typeof value === 'object' && value !== null && 'name' in value && value.name === 'QuotaExceededError';
  if (typeof error !== 'object' || error === null) return false;
  if (named(error) || ('inner' in error && named(error.inner))) return true;
  return 'failures' in error && Array.isArray(error.failures) && error.failures.some((failure) => isQuotaExceeded(failure));
}

/**
 * Why a job stopped, in the runner's words: a full disk says so and what to do (it is no
 * service's quota); anything else after `doing` ("Training stopped").
 */
export function stoppedInWords(doing: string, error: unknown): string {
  if (isQuotaExceeded(error)) return `${doing}: your disk is full. Free some space on this computer; nothing already stored was lost, and RunSound goes on by itself.`;
  return `${doing}: ${error instanceof Error ? error.message : String(error)}`;
}
