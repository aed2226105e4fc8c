/**
 * Keeps what RunSound derives from the history (weather, run types, load, features) up to
 * date after every sync and import, one pass at a time, and tells the screens how it stands.
 */
import { singleFlight, statusChannel, stoppedInWords } from '@/lib/jobs';
import { processHistory } from '@/lib/processing';
import { RunStore } from '@/lib/run-store';
import type { HistoryStatus } from '@/lib/sync-status';
import { toLocalDateTime } from '@/lib/plan';
import { loadBasisAt, trainingStateAt, type LoadSettings } from '@/lib/training-load';
import { homeLocation } from '@/lib/weather';
import { openDb } from '@/storage/db';
import { historyStatus, homeSetting, trainingLoadSetting } from '@/storage/settings';

let again = false;

const status = statusChannel(historyStatus);
const publish = (update: Partial<HistoryStatus>) => status.publish(update);

async function processOnce(): Promise<void> {
  const db = openDb();
  const runs = await db.runs.toArray();
  const setting = await homeSetting.getValue();
  const home = setting ?? homeLocation(runs);
  const loadSettings: LoadSettings = await trainingLoadSetting.getValue();
  await publish({ state: 'processing', message: `Adding weather, run types and training load to ${runs.length} runs…` });
  const result = await processHistory(runs, {
    fetch: (input, init) => fetch(input, init),
    now: Date.now(),
    home,
    loadSettings,
    onProgress: (step, done, total) => {
      if (step === 'weather') void publish({ message: `Fetching the weather of your runs: ${done} of ${total}…` });
    },
  });
  const { stale } = await new RunStore(db).saveDerived(new Map(runs.map((run) => [run.id, run])), result.changed);
  again ||= stale;

  const stored = await db.runs.toArray();
  const withWeather = stored.filter((run) => run.weather);
  const today = toLocalDateTime(new Date());
  const basis = loadBasisAt(stored, today, loadSettings);
  await publish({
    state: 'idle',
    message: result.weatherErrors.length
      ? `Some weather could not be fetched (${result.weatherErrors[0]}); those runs use 15 °C, dry and calm for now.`
      : '',
    runs: stored.length,
    runsWithWeather: withWeather.length,
    weatherFallbacks: withWeather.filter((run) => run.weather!.source === 'fallback').length,
    weatherRequests: result.weatherRequests,
    home: home && { ...home, basis: setting ? 'setting' : 'most frequent start' },
    training: stored.length ? trainingStateAt(stored, today, loadSettings) : undefined,
    load: {
      method: loadSettings.method ?? 'heart-rate',
      restingHeartRate: basis.restingHeartRate,
      restingFrom: loadSettings.restingHeartRate ? 'setting' : 'default',
      maxHeartRate: basis.maxHeartRate,
      maxFrom: basis.maxHeartRateFrom ?? 'default',
      byHeartRate: stored.filter((run) => run.load?.method === 'trimp').length,
      byPace: stored.filter((run) => run.load?.method === 'pace').length,
    },
    lastProcessedAt: Date.now(),
  });
}

const passes = singleFlight(async () => {
  try {
    do {
      again = false;
      await processOnce();
    } while (again);
  } catch (error) {
    await publish({ state: 'idle', message: stoppedInWords('RunSound could not process your history', error) });
  }
});

/** Brings the derived data up to date; a request during a pass makes one more pass after it. */
export function processHistoryNow(): Promise<void> {
  if (passes.busy()) again = true;
  return passes.run();
}

/** Waits for the pass under way, if any (before the runner's data is deleted). */
export async function historySettled(): Promise<void> {
  if (passes.busy()) await passes.run();
}
