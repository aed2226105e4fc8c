/**
 * The sync of a runner's history from their strava.com session: list their runs newest first
 * (the dashboard feed, or the older training list when the feed fails), then fetch each run's
 * streams for what the list lacks. Every page and every run is checkpointed through the store,
 * so a service worker killed at any moment resumes where it stopped, without duplicates or
 * gaps. Every request goes through the polite budget of ./limiter.
 */
import type { Run, RunFacts, RunSource } from '../runs';
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
  /** Where the listing of this pass stands; undefined when no listing is under way. */
  listing?: { source: 'feed'; before?: number } | { source: 'training'; page: number };
  /** The whole history has been listed once: later passes stop at the first page with nothing new. */
  fullHistoryListed: boolean;
  lastCompletedAt?: number;
}

export interface SyncStore {
  getCheckpoint(): Promise<SyncCheckpoint | undefined>;
  putCheckpoint(checkpoint: SyncCheckpoint): Promise<void>;
  getLimiter(): Promise<LimiterState>;
  putLimiter(state: LimiterState): Promise<void>;
  /** Merges listed runs; returns how many were new. */
  mergeListed(runs: RunFacts[], source: RunSource): Promise<{ added: number; updated: number }>;
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
  | { state: 'error'; message: string };

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

  /** One request to Strava, within the budget; a 429 backs off and tries again. */
  const request = async <T>(call: () => Promise<T>): Promise<T> => {
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
        if (!(error instanceof StravaThrottled)) throw error;
        await store.putLimiter(recordThrottled(await store.getLimiter(), now(), error.retryAfterMs));
      }
    }
  };

  try {
    let checkpoint = (await store.getCheckpoint()) ?? { fullHistoryListed: false };

    if (!checkpoint.listing && (deps.relist || !(await store.nextRunNeedingDetails(now())))) {
      // A new pass: check who is logged in, then list from the newest run.
      const athlete = await request(() => fetchAthlete(deps.fetch));
      checkpoint = { ...checkpoint, athleteId: athlete.id, measurementPreference: athlete.measurementPreference, listing: { source: 'feed' } };
      await store.putCheckpoint(checkpoint);
    }

    while (checkpoint.listing) {
      await progress('listing');
      const listing = checkpoint.listing;
      let page: { runs: RunFacts[]; activitiesSeen: number; next?: number };
      try {
        if (listing.source === 'feed') {
          const athleteId = checkpoint.athleteId ?? (await request(() => fetchAthlete(deps.fetch))).id;
          const feed = await request(() => fetchFeedPage(deps.fetch, athleteId, deps.timeZone, listing.before));
          page = { runs: feed.runs, activitiesSeen: feed.activitiesSeen, next: feed.nextBefore };
          // A cursor that does not move back in time would loop for ever.
          if (page.next !== undefined && listing.before !== undefined && page.next >= listing.before) page.next = undefined;
        } else {
          const training = await request(() => fetchTrainingPage(deps.fetch, listing.page, deps.timeZone));
          page = { runs: training.runs, activitiesSeen: training.activitiesSeen, next: training.nextPage };
        }
      } catch (error) {
        // The feed is the newer of the two lists and the one Strava changes: fall back to the older one.
        const feedBroke = listing.source === 'feed' && (error instanceof StravaShapeChanged || error instanceof StravaHttpError);
        if (!feedBroke) throw error;
        checkpoint = { ...checkpoint, listing: { source: 'training', page: 1 } };
        await store.putCheckpoint(checkpoint);
        continue;
      }
      const merged = await store.mergeListed(page.runs, 'session');
      added += merged.added;
      const nothingNew = merged.added === 0 && merged.updated === 0;
      const ended = page.next === undefined || page.activitiesSeen === 0 || (checkpoint.fullHistoryListed && nothingNew);
      checkpoint = {
        ...checkpoint,
        fullHistoryListed: checkpoint.fullHistoryListed || ended,
        listing: ended
          ? undefined
          : listing.source === 'feed'
            ? { source: 'feed', before: page.next }
            : { source: 'training', page: page.next! },
      };
      await store.putCheckpoint(checkpoint);
    }

    for (;;) {
      const run = await store.nextRunNeedingDetails(now());
      if (!run) break;
      await progress('details');
      try {
        const streams = await request(() => fetchStreams(deps.fetch, run.id));
        const details = streams ? summariseStreams(streams) : await request(() => fetchTrainingActivity(deps.fetch, run.id, deps.timeZone));
        await store.saveDetails(run.id, details);
      } catch (error) {
        if (!(error instanceof StravaShapeChanged || error instanceof StravaHttpError)) throw error;
        failed += 1;
        await store.markDetailsFailed(run.id, error.message, now() + FAILED_RETRY_MS);
      }
    }

    await store.putCheckpoint({ ...checkpoint, lastCompletedAt: now() });
    await progress('details');
    return { state: 'done', added, failed };
  } catch (error) {
    if (error instanceof MustWait) return { state: 'waiting', resumeAt: error.until, added };
    if (error instanceof StravaLoggedOut) return { state: 'logged-out' };
    if (error instanceof StravaShapeChanged || error instanceof StravaHttpError) return { state: 'error', message: error.message };
    if (error instanceof TypeError) return { state: 'error', message: `strava.com could not be reached (${error.message}). Check your connection.` };
    throw error;
  }
}
