/**
 * The pieces every fault test shares: what a plain message to the runner looks like, a request
 * that hangs until its AbortSignal fires, and timeouts that fire at once instead of after 30 s.
 */
import { expect, vi } from 'vitest';

/**
 * A message the runner can read: words of the service it is about and `says` (what happened,
 * what to do), no stack trace, no code-speak, more than an endpoint.
 */
export function expectPlainMessage(message: string | undefined, says: RegExp): void {
  expect(message, 'a message for the runner').toBeTypeOf('string');
  const text = message!;
  expect(text).toMatch(says);
  // No stack trace, no error class names, no "undefined" or "[object Object]".
  expect(text).not.toMatch(/\n\s+at |\bat [\w.]+ \(|Error:|TypeError|DOMException|undefined|\[object /);
  // More than an endpoint: a sentence once the URLs and paths are taken out.
  const words = text.replace(/\b(GET|POST|PUT)\b|https?:\/\/\S+|\/[\w/<>{}.-]+/g, '').match(/[A-Za-z’']{2,}/g) ?? [];
  expect(words.length, `"${text}" says too little`).toBeGreaterThanOrEqual(6);
}

/**
 * Every AbortSignal.timeout fires after a few milliseconds: a hanging request is given up as it
 * would be after its real timeout. Returns the timeouts asked for, in ms.
 */
export function timeoutsFireAtOnce(): number[] {
  const asked: number[] = [];
  const original = AbortSignal.timeout.bind(AbortSignal);
  vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms: number) => {
    asked.push(ms);
    return original(5);
  });
  return asked;
}

/**
 * A fetch whose requests matching `hangs` never answer: they reject only when their signal
 * aborts, as a real fetch does. A request sent without a signal is noted in `unguarded` (it
 * would hang for ever) and hangs.
 */
export function hangingFetch(inner: typeof fetch, hangs: (url: string, call: number) => boolean) {
  const unguarded: string[] = [];
  let calls = 0;
  const fetchFn = ((input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!hangs(url, ++calls)) return inner(input, init);
    return new Promise<Response>((_, reject) => {
      const signal = init?.signal;
      if (!signal) {
        unguarded.push(url);
        return;
      }
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }) as typeof fetch;
  return { fetch: fetchFn, unguarded };
}

/** `promise`, or a rejection naming what hung when it does not settle within `ms` of real time. */
export function settlesWithin<T>(promise: Promise<T>, what: string, ms = 5_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} never settled: a request without a timeout holds it`)), ms);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}

/** A network that is down: every request fails before any answer, as fetch does offline. */
export const networkDown = (async () => {
  throw new TypeError('Failed to fetch');
}) as typeof fetch;

/** IndexedDB refusing to store more. */
export const quotaExceeded = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
