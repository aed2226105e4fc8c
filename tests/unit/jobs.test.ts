import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { isQuotaExceeded, singleFlight, statusChannel, stoppedInWords, type StatusStore } from '@/lib/jobs';

/** A store whose reads and writes take a while, and a different while each time, like extension storage. */
function slowStore<T>(initial: T): StatusStore<T> & { writes: T[] } {
  let value = initial;
  let turn = 0;
  const pause = () => new Promise((resolve) => setTimeout(resolve, (turn++ * 7) % 5));
  const writes: T[] = [];
  return {
    writes,
    async getValue() {
      await pause();
      return value;
    },
    async setValue(next) {
      await pause();
      value = next;
      writes.push(next);
    },
  };
}

describe('statusChannel', () => {
  it('progress fired without waiting never lands after the final status', async () => {
    const store = slowStore({ state: 'idle', message: '', done: 0 });
    const channel = statusChannel(store);
    for (let done = 1; done <= 20; done++) void channel.publish({ state: 'working', message: `${done} of 20`, done });
    await channel.publish({ state: 'idle', message: 'All done.' });
    expect(await store.getValue()).toEqual({ state: 'idle', message: 'All done.', done: 20 });
    expect(store.writes.map((write) => write.done)).toEqual([...Array.from({ length: 20 }, (_, i) => i + 1), 20]);
  });

  it('a failed write does not stop the ones after it', async () => {
    let fail = true;
    const store = slowStore({ message: '' });
    const flaky: StatusStore<{ message: string }> = {
      getValue: () => store.getValue(),
      setValue: async (value) => {
        if (fail) {
          fail = false;
          throw new Error('storage is busy');
        }
        await store.setValue(value);
      },
    };
    const channel = statusChannel(flaky);
    await expect(channel.publish({ message: 'first' })).rejects.toThrow('storage is busy');
    await channel.publish({ message: 'second' });
    expect(await store.getValue()).toEqual({ message: 'second' });
  });

  it('stamps every write', async () => {
    let clock = 0;
    const channel = statusChannel(slowStore({ message: '', updatedAt: 0 }), () => ({ updatedAt: ++clock }));
    await channel.publish({ message: 'a' });
    expect(await channel.publish({ message: 'b' })).toEqual({ message: 'b', updatedAt: 2 });
  });
});

describe('singleFlight', () => {
  it('runs the job once for calls made while it runs, and again after it ends', async () => {
    let runs = 0;
    const job = singleFlight(async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return runs;
    });
    const [a, b] = [job.run(), job.run()];
    expect(job.busy()).toBe(true);
    expect(await a).toBe(1);
    expect(await b).toBe(1);
    expect(job.busy()).toBe(false);
    expect(await job.run()).toBe(2);
  });

  it('a failed run frees the way for the next', async () => {
    let first = true;
    const job = singleFlight(async () => {
      if (first) {
        first = false;
        throw new Error('offline');
      }
      return 'ok';
    });
    await expect(job.run()).rejects.toThrow('offline');
    expect(await job.run()).toBe('ok');
  });
});

describe('statusChannel.replace', () => {
  it('sets the whole status, in order with the updates before it', async () => {
    const store = slowStore<{ state: string; account?: string }>({ state: 'connected', account: 'Jane' });
    const channel = statusChannel(store);
    void channel.publish({ state: 'connecting' });
    await channel.replace({ state: 'disconnected' });
    expect(await store.getValue()).toEqual({ state: 'disconnected' });
  });
});

describe('isQuotaExceeded', () => {
  const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

  it('knows a full disk as IndexedDB throws it, as Dexie wraps it, and among a bulk write’s failures', () => {
    expect(isQuotaExceeded(quota())).toBe(true);
    expect(isQuotaExceeded(new Dexie.AbortError('aborted', quota()))).toBe(true);
    // bulkPut that fails on some rows throws a BulkError listing each row's error.
    expect(isQuotaExceeded(new Dexie.BulkError('3 of 10 operations failed', [quota(), quota()]))).toBe(true);
    expect(stoppedInWords('Sync stopped', new Dexie.BulkError('1 of 10 operations failed', { 4: quota() }))).toMatch(/your disk is full/);
  });

  it('takes nothing else for a full disk', () => {
    expect(isQuotaExceeded(new Dexie.BulkError('1 of 2 operations failed', [new Dexie.ConstraintError('Key already exists')]))).toBe(false);
    expect(isQuotaExceeded(new Error('QuotaExceededError'))).toBe(false);
    expect(isQuotaExceeded(undefined)).toBe(false);
  });
});
