/**
 * The Strava sync job: when it runs (install, a periodic alarm, "Sync now", a new activity
 * seen on strava.com), one pass at a time, with a watchdog alarm that resumes it if the
 * service worker is stopped mid-way, and its progress published to every screen.
 */
import { browser } from 'wxt/browser';
import { RunStore } from '@/lib/run-store';
import { RUN_SPORT_TYPES } from '@/lib/runs';
import { runSync, type SyncOutcome, type SyncProgress } from '@/lib/strava/sync';
import type { SyncStatus } from '@/lib/sync-status';
import { singleFlight, statusChannel } from '@/lib/jobs';
import { openDb } from '@/storage/db';
import { syncStatus, unitsSetting, unitsSource } from '@/storage/settings';

const PERIODIC_ALARM = 'strava-sync';
const RESUME_ALARM = 'strava-sync-resume';
const PERIOD_MINUTES = 6 * 60;
/** The worker may be stopped after 30 s without extension events: wait longer by alarm instead. */
const MAX_SLEEP_MS = 20_000;
/** While a pass runs, the watchdog is pushed this far ahead; if the worker dies, it fires and resumes. */
const WATCHDOG_MINUTES = 1;
/** A pass that failed unexpectedly is tried again after this long, not by the watchdog a minute later. */
const FAILED_PASS_RETRY_MINUTES = 30;

/** What the next pass was asked for: relisting, and who hears of its outcome. */
let asked: { relist: boolean; onDone?: (outcome: SyncOutcome) => void } = { relist: false };
let relistAgain = false;
/** Set while the runner's data is deleted or restored: the pass under way stops at its next request or sleep. */
let paused = false;

class SyncPaused extends Error {
  override name = 'SyncPaused';
  constructor() {
    super('RunSound paused the sync while it changes your stored data.');
  }
}

const store = () => new RunStore(openDb());

/** Sleeps while keeping the worker alive: an extension API call every few seconds resets its idle timer. */
async function sleepAwake(ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until && !paused) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, until - Date.now())));
    await browser.runtime.getPlatformInfo();
  }
}

const status = statusChannel(syncStatus, () => ({ updatedAt: Date.now() }));
const publish = (update: Partial<SyncStatus>) => status.publish(update);

function progressStatus(progress: SyncProgress): Partial<SyncStatus> {
  return {
    state: 'syncing',
    message:
      progress.phase === 'listing'
        ? `Listing your runs on strava.com (${progress.runsKnown} found so far)…`
        : `Reading your runs from strava.com: ${progress.runsWithDetails} of ${progress.runsKnown}.`,
    runsKnown: progress.runsKnown,
    runsWithDetails: progress.runsWithDetails,
    requestsLeft: progress.requestsLeft,
    etaAt: progress.etaAt,
    resumeAt: undefined,
  };
}

async function outcomeStatus(outcome: SyncOutcome): Promise<Partial<SyncStatus>> {
  const counts = await store().countRuns();
  const base = { runsKnown: counts.total, runsWithDetails: counts.total - counts.needingDetails };
  const runsAtStart = (await syncStatus.getValue()).runsAtStart;
  switch (outcome.state) {
    case 'done':
      return {
        ...base,
        state: 'done',
        message:
          `Your Strava history is up to date: ${counts.total} runs.` +
          (outcome.failed ? ` ${outcome.failed} could not be read and will be tried again tomorrow.` : ''),
        lastCompletedAt: Date.now(),
        lastAdded: Math.max(0, counts.total - (runsAtStart ?? counts.total)),
        lastFailed: outcome.failed,
        etaAt: undefined,
        resumeAt: undefined,
      };
    case 'waiting':
      return {
        ...base,
        state: 'waiting',
        message: `RunSound paces its requests to strava.com to stay polite; it goes on by itself at ${new Date(outcome.resumeAt).toLocaleTimeString()}.`,
        resumeAt: outcome.resumeAt,
      };
    case 'logged-out':
      return { ...base, state: 'logged-out', message: 'Log in to strava.com in this browser, then press "Sync now".' };
    case 'error':
      return { ...base, state: 'error', message: outcome.message, ...(outcome.detail ? { detail: outcome.detail } : {}) };
  }
}

/** Strava's own units become RunSound's, unless the runner chose theirs in RunSound. */
async function adoptStravaUnits(): Promise<void> {
  const checkpoint = await store().getCheckpoint();
  if (!checkpoint?.measurementPreference || (await unitsSource.getValue()) === 'runner') return;
  await unitsSetting.setValue(checkpoint.measurementPreference === 'feet' ? 'imperial' : 'metric');
  await unitsSource.setValue('strava');
}

async function syncPass(relist: boolean): Promise<SyncOutcome> {
  await browser.alarms.create(RESUME_ALARM, { delayInMinutes: WATCHDOG_MINUTES });
  const outcome = await runSync({
    fetch: (input, init) => (paused ? Promise.reject(new SyncPaused()) : fetch(input, init)),
    store: store(),
    now: Date.now,
    sleep: sleepAwake,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    maxSleepMs: MAX_SLEEP_MS,
    relist,
    onProgress: (progress) => {
      void browser.alarms.create(RESUME_ALARM, { delayInMinutes: WATCHDOG_MINUTES });
      void publish(progressStatus(progress));
    },
  });
  if (outcome.state === 'waiting') await browser.alarms.create(RESUME_ALARM, { when: outcome.resumeAt });
  else await browser.alarms.clear(RESUME_ALARM);
  await adoptStravaUnits();
  await publish(await outcomeStatus(outcome));
  return outcome;
}

/**
 * Starts a sync, or folds the request into the one under way. `relist` lists strava.com again
 * from the newest run; without it, only what an earlier pass left is finished.
 */
export function requestSync(relist: boolean, onDone?: (outcome: SyncOutcome) => void): Promise<void> {
  if (paused) return Promise.resolve();
  if (syncs.busy()) {
    // Kept in the database: if this pass ends waiting for the budget, the resumed one lists again.
    if (relist) {
      relistAgain = true;
      void store().requestRelist();
    }
  } else {
    asked = { relist, onDone };
  }
  return syncs.run();
}

const syncs = singleFlight(async () => {
  const { relist, onDone } = asked;
  try {
    // A sync resumed (after waiting for its budget, or a stopped worker) goes on counting from where it began.
    const before = await syncStatus.getValue();
    const resumed = (before.state === 'syncing' || before.state === 'waiting') && before.runsAtStart !== undefined;
    await publish({ state: 'syncing', message: 'Starting to read your history from strava.com…', runsAtStart: resumed ? before.runsAtStart : await openDb().runs.count() });
    let outcome = await syncPass(relist);
    // Asked again while a pass ran ("Sync now" after logging in, say): one more pass, unless the budget says wait.
    while (relistAgain && outcome.state !== 'waiting') {
      relistAgain = false;
      outcome = await syncPass(true);
    }
    onDone?.(outcome);
  } catch (error) {
    // Paused, not failed: whoever paused it says what comes next (a restore resumes it).
    if (error instanceof SyncPaused) return;
    // Not every minute for ever: the watchdog would retry at once what just failed.
    await browser.alarms.create(RESUME_ALARM, { delayInMinutes: FAILED_PASS_RETRY_MINUTES });
    await publish({ state: 'error', message: `The sync stopped: ${error instanceof Error ? error.message : String(error)} RunSound tries again in half an hour.` });
  } finally {
    relistAgain = false;
  }
});

/**
 * Every time the worker starts: alarms do not always outlive the browser (Firefox drops them on
 * restart; Chrome on disable and enable), so the periodic one is made sure of; a sync that was
 * waiting gets its resume alarm back; one that was under way when the worker stopped resumes.
 */
async function resumeOnStart(onSynced: (outcome: SyncOutcome) => void): Promise<void> {
  if (!(await browser.alarms.get(PERIODIC_ALARM))) {
    await browser.alarms.create(PERIODIC_ALARM, { periodInMinutes: PERIOD_MINUTES, delayInMinutes: PERIOD_MINUTES });
  }
  const status = await syncStatus.getValue();
  // "Syncing" with no pass running: the last worker was stopped in the middle. Go on now.
  if (status.state === 'syncing' && !syncs.busy()) void requestSync(false, onSynced);
  if (status.state === 'waiting' && !(await browser.alarms.get(RESUME_ALARM))) {
    await browser.alarms.create(RESUME_ALARM, { when: Math.max(Date.now() + 1000, status.resumeAt ?? 0) });
  }
}

export function setUpSync(onSynced: (outcome: SyncOutcome) => void): void {
  void resumeOnStart(onSynced);
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void requestSync(true, onSynced);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PERIODIC_ALARM) void requestSync(true, onSynced);
    if (alarm.name === RESUME_ALARM) void requestSync(false, onSynced);
  });
}

/**
 * Stops the sync under way (at its next request) and starts none until the returned function is
 * called: the runner's data is being deleted.
 */
export async function pauseSync(): Promise<() => void> {
  paused = true;
  if (syncs.busy()) await syncs.run().catch(() => {});
  return () => {
    paused = false;
  };
}

/** Browsing other athletes' runs must not send a listing to strava.com on every page. */
const ACTIVITY_SEEN_MIN_GAP_MS = 2 * 60_000;
let lastActivitySync = 0;

/** The runner is looking at an activity on strava.com: if it is a run RunSound lacks, sync. */
export async function activitySeen(activityId: string, sportType: string | undefined, onSynced: (outcome: SyncOutcome) => void): Promise<boolean> {
  const known = (await openDb().runs.get(activityId)) !== undefined;
  const mayBeRun = sportType === undefined || RUN_SPORT_TYPES.has(sportType);
  if (!known && mayBeRun && Date.now() - lastActivitySync > ACTIVITY_SEEN_MIN_GAP_MS) {
    lastActivitySync = Date.now();
    void requestSync(true, onSynced);
  }
  return known;
}
