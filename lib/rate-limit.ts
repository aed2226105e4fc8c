/** At most `max` requests in any `perMs` milliseconds. */
export interface RateLimit {
  max: number;
  perMs: number;
}

export interface RateLimiter<K extends string> {
  /** Whether one more request of `key` may go now; a request let through is counted, a refused one is not. */
  take(key: K): boolean;
}

/**
 * Sliding windows per key, in memory. A key without limits is refused: whoever may ask
 * something has to be given a limit for it first. The clock is handed in for tests.
 */
export function createRateLimiter<K extends string>(limits: Partial<Record<K, readonly RateLimit[]>>, now: () => number = Date.now): RateLimiter<K> {
  const granted = new Map<K, number[]>();
  return {
    take(key) {
      const windows = limits[key];
      if (!windows?.length) return false;
      const at = now();
      const longest = Math.max(...windows.map((window) => window.perMs));
      const recent = (granted.get(key) ?? []).filter((time) => at - time < longest);
      const full = windows.some((window) => recent.filter((time) => at - time < window.perMs).length >= window.max);
      if (!full) recent.push(at);
      granted.set(key, recent);
      return !full;
    },
  };
}
