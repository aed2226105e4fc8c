/**
 * Counts the HTTP requests one playlist generation sends, per service: the issue caps a
 * one-hour run at 25 requests to Spotify and the feature services together. Every attempt
 * counts, retries after a 429 or a 401 included, since each one spends quota.
 */
export type CountedService = 'spotify' | 'spotify-accounts' | 'reccobeats' | 'deezer';

export class RequestCounter {
  private readonly counts = new Map<CountedService, number>();

  count(service: CountedService): void {
    this.counts.set(service, (this.counts.get(service) ?? 0) + 1);
  }

  /** Requests to every service so far. */
  get total(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }

  of(service: CountedService): number {
    return this.counts.get(service) ?? 0;
  }

  byService(): Partial<Record<CountedService, number>> {
    return Object.fromEntries(this.counts);
  }
}
