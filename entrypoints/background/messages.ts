import { browser } from 'wxt/browser';
import { acceptMessage, onMessage, type MessageType, type ProtocolMap, type RequestOf } from '@/lib/messages';
import { RunStore } from '@/lib/run-store';
import { runPaceSecondsPerKm } from '@/lib/runs';
import { fetchRouteStart } from '@/lib/strava/session';
import { openDb } from '@/utils/db';
import { homeSetting } from '@/utils/settings';
import { generateNow } from './playlists';
import { connectSpotify, disconnectSpotify } from './spotify';
import { activitySeen, requestSync } from './sync';
import { planRun, promoteModel, trainNow } from './training';

/** Registers a handler that only ever sees validated payloads from this extension. */
function handle<K extends MessageType>(
  type: K,
  handler: (request: RequestOf<K>) => ReturnType<ProtocolMap[K]> | Promise<ReturnType<ProtocolMap[K]>>,
): () => void {
  const extension = { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
  return onMessage(type, ({ data, sender }) => handler(acceptMessage(type, data, sender, extension)));
}

export interface HistoryHooks {
  /** Runs were added or changed (a sync or an import): derived data must follow. */
  onHistoryChanged: () => void;
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
    handle('openSettings', () => {
      void browser.runtime.openOptionsPage();
    }),
    handle('spotifyConnect', () => connectSpotify()),
    handle('spotifyDisconnect', () => disconnectSpotify()),
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
    handle('importRuns', async ({ runs, source }) => {
      const report = await new RunStore(openDb()).mergeRuns(runs, source);
      if (report.added || report.updated) hooks.onHistoryChanged();
      return report;
    }),
  ];
  return () => removers.forEach((remove) => remove());
}
