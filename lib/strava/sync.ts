/**
 * The sync of a runner's history from their strava.com session: list their runs newest first
 * (the dashboard feed, or the older training list when the feed fails), then fetch each run's
 * streams for what the list lacks. Every page and every run is checkpointed through the store,
 * so a service worker killed at any moment resumes where it stopped, without duplicates or
 * gaps. Every request goes through the polite budget of ./limiter.
 */
import { isQuotaExceeded } from '../jobs';
import { plausibleDetails, plausibleFacts, type Run, type RunFacts } from '../runs';
import { estimateFinish, nextAllowedAt, recordRequest, recordSuccess, recordThrottled, requestsLeft, type LimiterState } from './limiter';
import {
  fetchAthlete,
  fetchFeedPage,
  fetchTrainingActivity,
  fetchTrainingPage,
  StravaHttpError,
  StravaLoggedOut,
  StravaShapeChanged,
  StravaThrottled,
  type Fetch,
} from './session';
import { fetchStreams, summariseStreams, type StreamSummary } from './streams';

export interface SyncCheckpoint {
  athleteId?: number;
  /** The runner's units on Strava, read from their pages. */
  measurementPreference?: 'meters' | 'feet';
  /**
   * Where the listing of this pass stands; undefined when no listing is under way. `newest` is
   * the newest feed cursor this pass has seen: the high-water mark once the pass completes.
   */
  listing?: { source: 'feed'; before?: number; newest?: number } | { source: 'training'; page: number };
  /** The whole history has been listed once: later passes list only what is new. */
  fullHistoryListed: boolean;
  /**
   * The newest feed cursor (Strava's updated_at, epoch s) of the last completed listing: a later
   * listing stops once it reaches it, whatever sports the page between holds.
   */
  feedHighWater?: number;
  lastCompletedAt?: number;
}

/** Runs of one listed page, and which of their facts the list only guessed. */
export interface ListedRuns {
  runs: RunFacts[];
  guessed: ReadonlyArray<keyof RunFacts>;
}

export interface SyncStore {
  getCheckpoint(): Promise<SyncCheckpoint | undefined>;
  putCheckpoint(checkpoint: SyncCheckpoint): Promise<void>;
  getLimiter(): Promise<LimiterState>;
  putLimiter(state: LimiterState): Promise<void>;
  /** Merges a listed page and saves the checkpoint after it, in one transaction. */
  commitListedPage(page: ListedRuns, checkpoint: SyncCheckpoint): Promise<{ added: number; updated: number }>;
  /** Asks the next pass to list again (a request that came while a pass ran, or had to wait). */
  requestRelist(): Promise<void>;
  takeRelistRequest(): Promise<boolean>;
  /** The newest run still waiting for its details, skipping those whose last failure asks to wait. */
  nextRunNeedingDetails(now: number): Promise<Run | undefined>;
  countRuns(): Promise<{ total: number; needingDetails: number }>;
  /** Stores what the streams (or, without streams, the training list) said, and marks the run done. */
  saveDetails(id: string, details: StreamSummary | RunFacts | undefined): Promise<void>;
  markDetailsFailed(id: string, error: string, retryAt: number): Promise<void>;
}

export interface SyncProgress {
  phase: 'listing' | 'details';
  runsKnown: number;
  runsWithDetails: number;
  requestsLeft: { minute: number; hour: number; day: number };
  /** When the sync should be done at the budget's pace (epoch ms). */
  etaAt: number;
}

export type SyncOutcome =
  | { state: 'done'; added: number; failed: number }
  | { state: 'waiting'; resumeAt: number; added: number }
  | { state: 'logged-out' }
  /** `detail` says what strava.com answered where, for a details toggle. */
  | { state: 'error'; message: string; detail?: string };

export interface SyncDeps {
  fetch: Fetch;
  store: SyncStore;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** The runner's time zone, for the local start time of runs whose list gives only UTC. */
  timeZone: string;
  /** Waits longer than this end the pass with 'waiting' (the caller sets an alarm) instead of sleeping. */
  maxSleepMs: number;
  onProgress?: (progress: SyncProgress) => void;
  /**
   * List again from the newest run (install, the periodic alarm, "Sync now", a new activity
   * seen). Without it, a pass only finishes what an earlier one left (a listing under way,
   * runs waiting for details).
   */
  relist: boolean;
}

/** A run whose details failed is tried again a day later; the rest go on meanwhile. */
const FAILED_RETRY_MS = 24 * 3600_000;
const ANOTHER_ATHLETE =
  'strava.com is logged in as another athlete than the one whose runs RunSound holds. Log in as yourself, or remove RunSound\'s data to start over with this athlete.';

/** What the runner reads when the browser refuses to store more. */
export const DISK_FULL =
  'Your disk is full: the browser refused to store more of your history. Free some space on this computer, then press "Sync now": nothing already stored was lost.';

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Server errors (5xx) and network failures are tried again this many times, with back-off. */
const TRANSIENT_ATTEMPTS = 3;
const NETWORK_RETRY_MS = 2_000;

/**
 * The feed only guesses these: the local start from the browser's current time zone, the
 * treadmill from `isVirtual` (not Strava's trainer flag), the sport from the legacy `type`
 * (a TrailRun shows as Run). They fill a new run but never overwrite a better source.
 */
const FEED_GUESSES: ReadonlyArray<keyof RunFacts> = ['startLocal', 'isTreadmill', 'sportType'];

function isTransient(error: unknown): boolean {
  return (
    (error instanceof StravaHttpError && error.status >= 500) ||
    error instanceof TypeError ||
    (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'NetworkError'))
  );
}

class MustWait {
  constructor(readonly until: number) {}
}

export async function runSync(deps: SyncDeps): Promise<SyncOutcome> {
  const { store, now } = deps;
  let added = 0;
  let failed = 0;

  const progress = async (phase: SyncProgress['phase']) => {
    if (!deps.onProgress) return;
    const counts = await store.countRuns();
    const limiter = await store.getLimiter();
    deps.onProgress({
      phase,
      runsKnown: counts.total,
      runsWithDetails: counts.total - counts.needingDetails,
      requestsLeft: requestsLeft(limiter, now()),
      etaAt: estimateFinish(limiter, counts.needingDetails + (phase === 'listing' ? 1 : 0), now()),
    });
  };

  /** One request to Strava, within the budget; a 429 or a passing failure backs off and tries again. */
  const request = async <T>(call: () => Promise<T>): Promise<T> => {
    let failures = 0;
    for (;;) {
      const limiter = await store.getLimiter();
      const at = nextAllowedAt(limiter, now());
      if (at > now()) {
        if (at - now() > deps.maxSleepMs) throw new MustWait(at);
        await deps.sleep(at - now());
        continue;
      }
      // Counted before it goes out: a worker killed mid-request has still spent it.
      await store.putLimiter(recordRequest(limiter, now()));
      try {
        const result = await call();
        await store.putLimiter(recordSuccess(await store.getLimiter()));
        return result;
      } catch (error) {
        const throttled = error instanceof StravaThrottled;
        if (!throttled && !(isTransient(error) && ++failures < TRANSIENT_ATTEMPTS)) throw error;
        if (throttled || error instanceof StravaHttpError) {
          // Strava said "slow down" or is struggling: the polite back-off.
          await store.putLimiter(recordThrottled(await store.getLimiter(), now(), throttled ? error.retryAfterMs : 0));
        } else {
          // The network failed (offline, a timeout): nothing to be polite about, try again shortly.
          await deps.sleep(NETWORK_RETRY_MS * failures);
        }
      }
    }
  };

  try {
    let checkpoint = (await store.getCheckpoint()) ?? { fullHistoryListed: false };
    const relist = (await store.takeRelistRequest()) || deps.relist;

    // Who is logged in now, at every pass, a resumed one too: the browser's login may have changed
    // since the listing began, and nothing of another athlete's may be stored.
    const athlete = await request(() => fetchAthlete(deps.fetch));
    if (checkpoint.athleteId !== undefined && athlete.id !== checkpoint.athleteId) return { state: 'error', message: ANOTHER_ATHLETE };
    // The athlete was checked before the first page; every later page checks again.
    let pagesRead = 0;
    if (!checkpoint.listing && (relist || !(await store.nextRunNeedingDetails(now())))) {
      // A new pass: list from the newest run.
      checkpoint = { ...checkpoint, athleteId: athlete.id, measurementPreference: athlete.measurementPreference, listing: { source: 'feed' } };
      await store.putCheckpoint(checkpoint);
    }

    while (checkpoint.listing) {
      await progress('listing');
      const listing = checkpoint.listing;
      let page: ListedRuns & { activitiesSeen: number; next?: number; newest?: number };
      try {
        if (listing.source === 'feed') {
          const athleteId = checkpoint.athleteId ?? athlete.id;
          const feed = await request(() => fetchFeedPage(deps.fetch, athleteId, deps.timeZone, listing.before));
          page = { runs: feed.runs, guessed: FEED_GUESSES, activitiesSeen: feed.activitiesSeen, next: feed.nextBefore, newest: feed.newestCursor };
          // A cursor that does not move back in time would loop for ever.
          if (page.next !== undefined && listing.before !== undefined && page.next >= listing.before) page.next = undefined;
        } else {
          const training = await request(() => fetchTrainingPage(deps.fetch, listing.page, deps.timeZone));
          page = { runs: training.runs, guessed: [], activitiesSeen: training.activitiesSeen, next: training.nextPage };
        }
      } catch (error) {
        // The feed is the newer of the two lists and the one Strava changes: when it is gone or
        // changed, fall back to the older one. When that fails too, the next pass starts afresh.
        const feedGone = listing.source === 'feed' && (error instanceof StravaShapeChanged || (error instanceof StravaHttpError && error.status === 404));
        if (feedGone) {
          checkpoint = { ...checkpoint, listing: { source: 'training', page: 1 } };
          await store.putCheckpoint(checkpoint);
          continue;
        }
        // A feed that failed for a while resumes at its cursor; a failed fallback leaves the next pass to the feed.
        if (listing.source === 'training') await store.putCheckpoint({ ...checkpoint, listing: undefined });
        throw error;
      }
      let ended = page.next === undefined || page.activitiesSeen === 0;
      let nextListing: SyncCheckpoint['listing'];
      if (listing.source === 'feed') {
        const newest = Math.max(listing.newest ?? 0, page.newest ?? 0) || undefined;
        // Reached what the last completed listing had seen: everything older is known.
        if (checkpoint.feedHighWater !== undefined && page.next !== undefined && page.next <= checkpoint.feedHighWater) ended = true;
        nextListing = { source: 'feed', before: page.next, newest };
        if (ended) checkpoint = { ...checkpoint, feedHighWater: newest ?? checkpoint.feedHighWater };
      } else {
        nextListing = { source: 'training', page: page.next! };
      }
      const next: SyncCheckpoint = {
        ...checkpoint,
        fullHistoryListed: checkpoint.fullHistoryListed || ended,
        listing: ended ? undefined : nextListing,
      };
      // Still the same athlete? The browser's login may change while a pass lists: a page read
      // after it is another athlete's (whose own entries name nobody), and is not kept.
      if (pagesRead > 0) {
        const now = await request(() => fetchAthlete(deps.fetch));
        if (now.id !== checkpoint.athleteId) return { state: 'error', message: ANOTHER_ATHLETE };
      }
      pagesRead += 1;
      // What strava.com says of a run is checked like any import: a number no run has is left out.
      const merged = await store.commitListedPage({ ...page, runs: page.runs.flatMap((run) => plausibleFacts(run) ?? []) }, next);
      added += merged.added;
      // The older list has no cursor to remember: after a full listing it stops at a page with nothing new.
      if (!ended && listing.source === 'training' && checkpoint.fullHistoryListed && merged.added === 0 && merged.updated === 0) {
        checkpoint = { ...next, listing: undefined };
        await store.putCheckpoint(checkpoint);
      } else {
        checkpoint = next;
      }
    }

    for (;;) {
      const run = await store.nextRunNeedingDetails(now());
      if (!run) break;
      await progress('details');
      let streams: Awaited<ReturnType<typeof fetchStreams>>;
      let facts: RunFacts | undefined;
      try {
        streams = await request(() => fetchStreams(deps.fetch, run.id));
        if (!streams) facts = await request(() => fetchTrainingActivity(deps.fetch, run.id, deps.timeZone));
      } catch (error) {
        if (!(error instanceof StravaShapeChanged || error instanceof StravaHttpError)) throw error;
        failed += 1;
        await store.markDetailsFailed(run.id, error.detail, now() + FAILED_RETRY_MS);
        // A changed shape will not be the last: stop and say so, rather than spend the budget on it.
        if (error instanceof StravaShapeChanged) return { state: 'error', message: error.message, detail: error.detail };
        continue;
      }
      try {
        const details = streams ? summariseStreams(streams) : facts;
        await store.saveDetails(run.id, details && plausibleDetails(details));
      } catch (error) {
        if (isQuotaExceeded(error)) return { state: 'error', message: DISK_FULL };
        // This run's numbers cannot be kept: it is tried again after the back-off, the others go on.
        failed += 1;
        await store.markDetailsFailed(run.id, describe(error), now() + FAILED_RETRY_MS);
      }
    }

    await store.putCheckpoint({ ...checkpoint, lastCompletedAt: now() });
    await progress('details');
    return { state: 'done', added, failed };
  } catch (error) {
    if (isQuotaExceeded(error)) return { state: 'error', message: DISK_FULL };
    if (error instanceof MustWait) return { state: 'waiting', resumeAt: error.until, added };
    if (error instanceof StravaLoggedOut) return { state: 'logged-out' };
    if (error instanceof StravaShapeChanged || error instanceof StravaHttpError) return { state: 'error', message: error.message, detail: error.detail };
    if (isTransient(error)) {
      const detail = error instanceof Error ? error.message : String(error);
      return { state: 'error', message: `strava.com could not be reached (${detail}). Check your connection; RunSound tries again later.` };
    }
    throw error;
  }
}
