/**
 * Polite pacing for the background's long reads: at most one request to a host every so often,
 * whatever asks. The library index sends hundreds of requests; the runner's playlists must not
 * wait behind them, and no service should see a burst.
 */
import type { Clock, Fetch, Sleep } from '../spotify/http';

/** The least time between two requests to each host, in ms. */
export const LIBRARY_REQUEST_GAPS_MS: Readonly<Record<string, number>> = {
  'api.spotify.com': 250,
  'api.reccobeats.com': 1_000,
  // Deezer allows 50 requests in 5 s: RunSound stays far below.
  'api.deezer.com': 250,
};

/** A fetch that waits its turn for each host of `gapsMs`; other hosts pass straight through. */
export function pacedFetch(fetchFn: Fetch, { gapsMs = LIBRARY_REQUEST_GAPS_MS, sleep, now }: { gapsMs?: Readonly<Record<string, number>>; sleep: Sleep; now: Clock }): Fetch {
  const nextAt = new Map<string, number>();
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const host = new URL(input instanceof Request ? input.url : String(input)).host;
    const gap = gapsMs[host];
    if (gap !== undefined) {
      const at = Math.max(now(), nextAt.get(host) ?? 0);
      nextAt.set(host, at + gap);
      if (at > now()) await sleep(at - now());
    }
    return fetchFn(input, init);
  }) as Fetch;
}
