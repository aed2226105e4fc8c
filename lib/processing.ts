/**
 * What RunSound derives from the runner's history, step by step, each step versioned
 * (PROCESSING_VERSIONS in ./runs):
 * - weather: per run, fetched from Open-Meteo in batches, only for runs whose weather step is
 *   missing or older than its version (and fallbacks after a failure, once a day);
 * - run type, load and features: computed for the whole history in one pass (about 50 ms for
 *   2,000 runs), because a new or corrected run changes what every later run's features see;
 *   only runs whose values changed are written back.
 */
import { featuresForHistory } from './features';
import { classifyRuns } from './run-type';
import { PROCESSING_VERSIONS, type LatLng, type Run, type RunWeather } from './runs';
import { runLoads, type LoadSettings } from './training-load';
import { cellOf, fetchWeatherForRuns } from './weather';

/** A fallback stored after a failed request is tried again this much later. */
const WEATHER_RETRY_MS = 24 * 3600_000;
/** Runs left for later after Open-Meteo said 429. */
const WEATHER_RATE_LIMIT_RETRY_MS = 3600_000;

export interface ProcessingDeps {
  fetch: typeof fetch;
  now: number;
  /** The runner's home, for runs without a start place (a setting; default: most frequent start). */
  home?: LatLng;
  loadSettings?: LoadSettings;
  onProgress?: (step: 'weather' | 'derived', done: number, total: number) => void;
}

export interface ProcessingResult {
  /** The runs that changed, to be written back. */
  changed: Run[];
  weatherRequests: number;
  weatherErrors: string[];
}

function needsWeather(run: Run, now: number, home: LatLng | undefined): boolean {
  // A run listed from the session gets its start place with its streams: wait for them.
  if (run.processed.details === undefined && run.sources.every((source) => source === 'session')) return false;
  // Waiting for its retry, but never longer than a retry waits: a clock set back must not double it.
  const retryAt = run.failures?.weather?.retryAt ?? 0;
  const waiting = retryAt > now && retryAt - now <= WEATHER_RETRY_MS;
  if (run.processed.weather !== PROCESSING_VERSIONS.weather) return !waiting;
  const weather = run.weather;
  if (!weather) return !waiting;
  // Weather for a home that has moved (or that became known), for a run without a start place.
  if (weather.place.basis === 'none') return home !== undefined;
  if (weather.place.basis === 'home') {
    if (!home || cellOf(home).key !== cellOf(weather.place).key) return true;
  }
  // A fallback that stands for a failed request is retried once its wait is over.
  return weather.source === 'fallback' && !waiting;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export async function processHistory(history: readonly Run[], deps: ProcessingDeps): Promise<ProcessingResult> {
  const runs = new Map(history.map((run) => [run.id, { ...run, processed: { ...run.processed } }]));
  const changed = new Set<string>();

  // 1. Weather, for the runs that need it.
  const wanting = [...runs.values()].filter((run) => needsWeather(run, deps.now, deps.home));
  let weatherRequests = 0;
  let weatherErrors: string[] = [];
  if (wanting.length) {
    const result = await fetchWeatherForRuns(wanting, {
      fetch: deps.fetch,
      now: deps.now,
      home: deps.home,
      onProgress: (done, total) => deps.onProgress?.('weather', done, total),
    });
    weatherRequests = result.requests;
    weatherErrors = result.errors;
    const deferred = new Set(result.rateLimited?.deferredRunIds ?? []);
    for (const run of wanting) {
      const weather: RunWeather | undefined = result.weather.get(run.id);
      if (deferred.has(run.id) || !weather) {
        run.failures = { ...run.failures, weather: { error: 'Open-Meteo asked to wait', retryAt: deps.now + WEATHER_RATE_LIMIT_RETRY_MS } };
      } else {
        run.weather = weather;
        run.processed.weather = PROCESSING_VERSIONS.weather;
        const failedRequest = weather.source === 'fallback' && weather.place.basis !== 'none';
        run.failures = { ...run.failures, weather: failedRequest ? { error: 'weather could not be had', retryAt: deps.now + WEATHER_RETRY_MS } : undefined };
      }
      changed.add(run.id);
    }
  }

  // 2. Run types, loads and features, over the whole history.
  deps.onProgress?.('derived', 0, runs.size);
  const all = [...runs.values()];
  const verdicts = classifyRuns(all);
  for (const run of all) {
    const verdict = verdicts.get(run.id);
    if (verdict && !same(run.runType, verdict)) {
      run.runType = verdict;
      changed.add(run.id);
    }
  }
  const loads = runLoads(all, deps.loadSettings);
  const features = featuresForHistory(all, deps.loadSettings);
  for (const run of all) {
    const load = loads.get(run.id);
    const runFeatures = features.get(run.id);
    if (!same(run.load, load)) {
      run.load = load;
      changed.add(run.id);
    }
    if (!same(run.features, runFeatures)) {
      run.features = runFeatures;
      changed.add(run.id);
    }
    for (const step of ['runType', 'load', 'features'] as const) {
      if (run.processed[step] !== PROCESSING_VERSIONS[step]) {
        run.processed[step] = PROCESSING_VERSIONS[step];
        changed.add(run.id);
      }
    }
  }
  deps.onProgress?.('derived', runs.size, runs.size);

  return { changed: [...changed].map((id) => runs.get(id)!), weatherRequests, weatherErrors };
}
