import { browser } from 'wxt/browser';
import { acceptMessage, CONTENT_SCRIPT_RATE_LIMITS, onMessage, type MessageType, type ProtocolMap, type RequestOf } from '@/lib/messages';
import { createRateLimiter } from '@/lib/rate-limit';
import { libraryCounts } from '@/lib/music-library/pass';
import { playlistOfPlays, runWindow } from '@/lib/playlist/listening';
import { pressPlayHint } from '@/lib/playlist/generate';
import { planKey, playlistCard, type PlaylistRecord } from '@/lib/playlist/record';
import type { PlannedRun } from '@/lib/plan';
import { RunStore } from '@/lib/run-store';
import { runPaceSecondsPerKm } from '@/lib/runs';
import { fetchRouteStart } from '@/lib/strava/session';
import { openDb } from '@/storage/db';
import { homeSetting, libraryStatus, spotifyStatus, trainingLoadSetting } from '@/storage/settings';
import { deleteAllData } from './erase';
import { pauseEveryJob } from './pause';
import { readPlaysIfStale } from './listening';
import { deleteLibraryIndex, requestLibraryPass, stopLibraryPass } from './music-library';
import { generateNow } from './playlists';
import { connectSpotify, disconnectSpotify } from './spotify';
import { activitySeen, requestSync } from './sync';
import { planRun } from './predictions';
import { promoteModel, trainNow } from './training';

/** What content scripts asked lately, all Strava tabs together (kept while the worker lives). */
const contentScriptLimiter = createRateLimiter(CONTENT_SCRIPT_RATE_LIMITS);

/** Registers a handler that only ever sees validated payloads from this extension, at a bounded rate from content scripts. */
function handle<K extends MessageType>(
  type: K,
  handler: (request: RequestOf<K>) => ReturnType<ProtocolMap[K]> | Promise<ReturnType<ProtocolMap[K]>>,
): () => void {
  const extension = { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
  return onMessage(type, ({ data, sender }) => {
    const request = acceptMessage(type, data, sender, extension, contentScriptLimiter);
    if (restoring && !ANSWERED_WHILE_RESTORING.has(type)) throw new Error('RunSound is restoring a backup: try again in a moment.');
    return handler(request);
  });
}

/**
 * A restore from a backup, which the options page writes: every job stops first and none starts
 * until it is over (as for deleting all data), alarms included; then the jobs pick up from the
 * restored data. A page closed mid-way never says it is over: the jobs go on after a while.
 */
const RESTORE_LASTS_MS = 5 * 60_000;
let restoring: { resume?: () => Promise<void>; timer?: ReturnType<typeof setTimeout> } | undefined;
/** Questions answered while a restore writes: they only read. */
const ANSWERED_WHILE_RESTORING: ReadonlySet<MessageType> = new Set(['planRun', 'storedRun', 'routeStart', 'openSettings', 'openLastPlaylist', 'playlistForPlan', 'restoreGoingOn', 'resumeAfterRestore']);

async function pauseForRestore(hooks: HistoryHooks): Promise<void> {
  const pausing: NonNullable<typeof restoring> = {};
  // Set at once: nothing that writes is taken from here on, while the jobs come to a stop.
  restoring = pausing;
  // A job that would not stop (a full disk under a history pass): no restore, and nothing stays refused.
  const resumeJobs = await pauseEveryJob().catch((error: unknown) => {
    restoring = undefined;
    throw error;
  });
  try {
    // What alarms start (the library index, Spotify plays, a retraining) waits too.
    const alarms = await browser.alarms.getAll();
    await browser.alarms.clearAll();
    pausing.resume = async () => {
      resumeJobs();
      for (const { name, scheduledTime, periodInMinutes } of alarms) await browser.alarms.create(name, { when: Math.max(Date.now() + 1000, scheduledTime), periodInMinutes });
    };
    pausing.timer = setTimeout(() => void resumeAfterRestore(true, hooks), RESTORE_LASTS_MS);
  } catch (error) {
    restoring = undefined;
    resumeJobs();
    throw error;
  }
}

/** The page is still writing the backup: the pause lasts RESTORE_LASTS_MS more from now. */
function restoreGoingOn(hooks: HistoryHooks): void {
  if (!restoring?.resume) return;
  clearTimeout(restoring.timer);
  restoring.timer = setTimeout(() => void resumeAfterRestore(true, hooks), RESTORE_LASTS_MS);
}

async function resumeAfterRestore(restored: boolean, hooks: HistoryHooks): Promise<void> {
  const paused = restoring;
  if (!paused?.resume) return;
  restoring = undefined;
  clearTimeout(paused.timer);
  // The jobs and their alarms first: what follows may fail (a disk the restore nearly filled) and must not keep them stopped.
  await paused.resume();
  if (restored && (await spotifyStatus.getValue()).state !== 'connected') {
    // No pass will count the restored index until Spotify is connected here: its counts now.
    const { tracks, withTempo } = await libraryCounts(openDb());
    await libraryStatus.setValue({
      state: tracks ? 'done' : 'never',
      message: tracks ? `Your backup brought the music RunSound knew: ${tracks.toLocaleString('en-GB')} tracks, ${withTempo.toLocaleString('en-GB')} with a tempo. Connect Spotify to keep it up to date.` : 'RunSound has not read your Spotify library yet.',
      tracks,
      withTempo,
      updatedAt: Date.now(),
    });
  }
  if (!restored) return;
  // The model is read again, loads and training worked out from the restored runs; the sync goes
  // on from the restored cursor (and counts the restored runs); a connected library is read again.
  hooks.onHistoryChanged();
  void requestSync(true, hooks.onHistoryChanged);
  if ((await spotifyStatus.getValue()).state === 'connected') void requestLibraryPass();
}

/** The newest playlist RunSound made for `plan`, or the newest of all without one. */
async function newestPlaylist(plan?: PlannedRun): Promise<PlaylistRecord | undefined> {
  const newestFirst = openDb().playlists.orderBy('createdAt').reverse();
  if (!plan) return newestFirst.first();
  const key = planKey(plan);
  return newestFirst.filter((record) => planKey(record.plan) === key).first();
}

/**
 * Opens a playlist RunSound made, for the Strava panel, which shows no link to it (the page
 * could read one). Its address comes from RunSound's own store, not from the page.
 * tabs.create needs no permission.
 */
async function openLastPlaylist(plan?: PlannedRun): Promise<void> {
  const playlist = await newestPlaylist(plan);
  if (!playlist || !playlist.spotify.url.startsWith('https://open.spotify.com/')) throw new Error('RunSound has made no playlist for this run yet.');
  await browser.tabs.create({ url: playlist.spotify.url });
}

export interface HistoryHooks {
  /** Runs were added or changed (a sync or an import): derived data must follow. */
  onHistoryChanged: () => void;
}

/**
 * The RunSound playlist a run used: the one Spotify says was playing during the run, or whose
 * tracks were played then. Plays are read again first (one request) unless they were read lately.
 */
async function playlistOfRun(activityId: string, onNewMusic: () => void) {
  const db = openDb();
  const run = await db.runs.get(activityId);
  if (!run) return undefined;
  await readPlaysIfStale(onNewMusic);
  const { from, to } = runWindow(run);
  const plays = await db.plays.where('playedAt').between(from, to).toArray();
  if (!plays.length) return undefined;
  return playlistOfPlays(plays, await db.playlists.orderBy('createdAt').reverse().toArray());
}

/** Registers every handler; returns a function that removes them again. */
export function setUpMessageHandlers(hooks: HistoryHooks = { onHistoryChanged: () => {} }): () => void {
  const removers = [
    handle('planRun', ({ plan, units }) => planRun(plan, units)),
    handle('promoteModel', ({ id }) => promoteModel(id)),
    handle('retrainNow', ({ force }) => {
      void trainNow(force);
    }),
    handle('syncNow', () => {
      void requestSync(true, hooks.onHistoryChanged);
    }),
    handle('generatePlaylist', (request) => generateNow(request)),
    handle('openSettings', (request) => {
      void browser.tabs.create({ url: browser.runtime.getURL(`/options.html#${request?.section ?? 'settings'}`) });
    }),
    handle('openLastPlaylist', (request) => openLastPlaylist(request?.plan)),
    handle('playlistForPlan', async ({ plan }) => {
      const record = await newestPlaylist(plan);
      return record ? playlistCard(record, pressPlayHint(record.plan, record.summary.preRaceMs)) : null;
    }),
    handle('spotifyConnect', async () => {
      const status = await connectSpotify();
      // Connected: RunSound gets to know the runner's music in the background.
      if (status.state === 'connected') void requestLibraryPass();
      return status;
    }),
    handle('spotifyDisconnect', async ({ deleteLibrary }) => {
      await stopLibraryPass();
      const status = await disconnectSpotify();
      if (deleteLibrary) await deleteLibraryIndex();
      return status;
    }),
    handle('indexLibrary', () => {
      void requestLibraryPass();
    }),
    handle('musicQuestion', async ({ activityId }) => {
      const playlist = await playlistOfRun(activityId, hooks.onHistoryChanged);
      if (!playlist) return null;
      const run = await openDb().runs.get(activityId);
      return { playlistName: playlist.spotify.name, answered: run?.musicFeedback !== undefined };
    }),
    handle('rateMusic', async ({ activityId, tempo, energy, liked }) => {
      const playlist = await playlistOfRun(activityId, hooks.onHistoryChanged);
      if (!playlist) throw new Error('This run did not play a RunSound playlist.');
      await openDb()
        .runs.where('id')
        .equals(activityId)
        .modify((run) => {
          run.musicFeedback = { tempo, energy, liked, playlistValence: playlist.profile.valence.value, at: Date.now() };
          run.updatedAt = Date.now();
        });
      hooks.onHistoryChanged();
    }),
    handle('correctTrackBpm', async ({ trackId, bpm }) => {
      const db = openDb();
      const found = await db.trackFeatures.update(trackId, { correctedTempo: bpm ?? undefined, updatedAt: Date.now() });
      if (!found) throw new Error('RunSound does not know that track.');
      // A track no service knew the tempo of now has the runner's.
      if (bpm !== null) await db.libraryTracks.where('id').equals(trackId).and((track) => track.featureStage === 'no-tempo').modify({ featureStage: 'tempo' });
    }),
    handle('routeStart', async ({ routeId }) => (await fetchRouteStart((input, init) => fetch(input, init), routeId).catch(() => undefined)) ?? null),
    handle('storedRun', async ({ activityId }) => {
      const run = await openDb().runs.get(activityId);
      if (!run) return null;
      return {
        name: run.name,
        type: run.runTypeCorrection ?? run.runType?.type ?? 'easy',
        distanceMeters: run.distanceMeters,
        paceSecondsPerKm: runPaceSecondsPerKm(run),
        startLocal: run.startLocal,
        start: run.isTreadmill ? undefined : run.start,
      };
    }),
    handle('activitySeen', async ({ activityId, sportType }) => ({
      known: await activitySeen(activityId, sportType, hooks.onHistoryChanged),
    })),
    handle('setRunType', async ({ runId, type }) => {
      if (!(await new RunStore(openDb()).correctRunType(runId, type ?? undefined))) throw new Error(`RunSound has no run ${runId}.`);
      hooks.onHistoryChanged();
    }),
    handle('setHome', async ({ home }) => {
      // Processing notices runs whose weather was for another home, and fetches it again.
      await homeSetting.setValue(home);
      hooks.onHistoryChanged();
    }),
    handle('setTrainingLoad', async ({ restingHeartRate, maxHeartRate, method }) => {
      // Every run's load, the training state and the model's features follow.
      await trainingLoadSetting.setValue({ restingHeartRate: restingHeartRate ?? undefined, maxHeartRate: maxHeartRate ?? undefined, method });
      hooks.onHistoryChanged();
    }),
    handle('deleteAllData', () => deleteAllData()),
    handle('pauseForRestore', () => pauseForRestore(hooks)),
    handle('restoreGoingOn', () => restoreGoingOn(hooks)),
    handle('resumeAfterRestore', ({ restored }) => resumeAfterRestore(restored, hooks)),
    handle('importRuns', async ({ runs, source }) => {
      const report = await new RunStore(openDb()).mergeRuns(runs, source);
      if (report.added || report.updated) hooks.onHistoryChanged();
      return report;
    }),
  ];
  return () => removers.forEach((remove) => remove());
}
