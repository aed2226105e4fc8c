/**
 * What the dashboard says, and what it reads from outside: the place search's answers (found,
 * nothing found, a refusal, a stall), the history and its sync in words on every screen, the
 * training and the model in words, the getting-started steps, and the pace-only load method.
 */
import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '@/lib/features';
import { firstRunSteps, showFirstRun, type FirstRunFacts } from '@/lib/first-run';
import { geocodingLanguage, geocodingUrl, placesOfAnswer, searchPlaces, GeocodingError } from '@/lib/geocoding';
import type { ModelTarget, StoredModel } from '@/lib/model/trainer';
import { modelVerdict } from '@/lib/model/verdict';
import type { RunFacts } from '@/lib/runs';
import { historyInWords, NEVER_SYNCED, SPOTIFY_NOT_SET_UP, type SyncStatus } from '@/lib/sync-status';
import { fatigueFrom, formInWords, runLoads, trainingInWords } from '@/lib/training-load';

const NOW = Date.UTC(2026, 4, 12, 9, 30);

/** Open-Meteo's answer for "Paris", trimmed to two results, with the fields the real one has. */
const PARIS = {
  results: [
    { id: 2988507, name: 'Paris', latitude: 48.85341, longitude: 2.3488, elevation: 42, feature_code: 'PPLC', country_code: 'FR', timezone: 'Europe/Paris', population: 2138551, country_id: 3017382, country: 'France', admin1: 'Île-de-France', admin2: 'Paris', admin1_id: 3012874 },
    { id: 4717560, name: 'Paris', latitude: 33.66094, longitude: -95.55551, elevation: 183, feature_code: 'PPLA2', country_code: 'US', timezone: 'America/Chicago', country: 'United States', admin1: 'Texas' },
  ],
  generationtime_ms: 1.2,
};

const answer = (body: unknown, status = 200) => async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the place search (Open-Meteo geocoding)', () => {
  it('reads the places of an answer, named so that two of one name can be told apart', () => {
    expect(placesOfAnswer(PARIS)).toEqual([
      { id: 2988507, name: 'Paris', lat: 48.85341, lng: 2.3488, label: 'Paris, Île-de-France, France' },
      { id: 4717560, name: 'Paris', lat: 33.66094, lng: -95.55551, label: 'Paris, Texas, United States' },
    ]);
  });

  it.each([
    ['no results field (nothing found)', { generationtime_ms: 0.3 }, []],
    ['an empty list', { results: [], generationtime_ms: 0.3 }, []],
    ['a result without coordinates is left out, the others kept', { results: [{ id: 1, name: 'Nowhere' }, PARIS.results[0]] }, ['Paris, Île-de-France, France']],
    ['a latitude off the globe is left out', { results: [{ ...PARIS.results[0], latitude: 123 }] }, []],
  ])('%s', (_, body, labels) => {
    expect(placesOfAnswer(body).map((place) => place.label)).toEqual(labels);
  });

  it.each([null, 'Paris', [1, 2], { results: 'Paris' }])('refuses an answer that is no search answer: %j', (body) => {
    expect(() => placesOfAnswer(body)).toThrow(GeocodingError);
  });

  it('asks for five places in the browser’s language, as JSON', () => {
    const url = new URL(geocodingUrl('  Saint-Étienne ', geocodingLanguage('fr-FR')));
    expect(url.origin + url.pathname).toBe('https://geocoding-api.open-meteo.com/v1/search');
    expect(Object.fromEntries(url.searchParams)).toEqual({ name: 'Saint-Étienne', count: '5', language: 'fr', format: 'json' });
    expect(geocodingLanguage(undefined)).toBe('en');
  });

  it('finds places, and an empty list when there are none', async () => {
    expect(await searchPlaces('Paris', { fetch: answer(PARIS) })).toHaveLength(2);
    expect(await searchPlaces('Qwxz', { fetch: answer({ generationtime_ms: 0.2 }) })).toEqual([]);
  });

  it.each([
    ['one letter', 'P', answer(PARIS), /at least two letters/],
    ['a refusal with its reason', 'Paris', answer({ error: true, reason: 'Parameter count must be between 1 and 100.' }, 400), /HTTP 400: Parameter count must be between 1 and 100/],
    ['too many searches', 'Paris', answer({}, 429), /busy/],
    ['no network', 'Paris', async () => Promise.reject(new TypeError('Failed to fetch')), /could not be reached/],
    ['a body that is not JSON', 'Paris', async () => new Response('<html>', { status: 200 }), /does not understand/],
  ])('says plainly what went wrong: %s', async (_, query, fetchFn, message) => {
    await expect(searchPlaces(query, { fetch: fetchFn as typeof fetch })).rejects.toThrow(message);
  });

  it('gives up after its time limit', async () => {
    const stalled: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'TimeoutError'))));
    await expect(searchPlaces('Paris', { fetch: stalled, timeoutMs: 50 })).rejects.toThrow('did not answer within 0 s');
  });
});

const status = (extra: Partial<SyncStatus>): SyncStatus => ({ ...NEVER_SYNCED, ...extra });

describe('the history and its sync, in the words of every screen', () => {
  const online = { online: true, now: NOW, locale: 'en-GB' };
  it.each<[string, SyncStatus, number, Partial<ReturnType<typeof historyInWords>>]>([
    ['never synced, nothing stored', status({}), 0, { state: 'RunSound has not read your Strava history yet.', action: 'sync' }],
    ['never synced, an export imported', status({}), 1008, { stored: '1,008 runs stored in this browser.', state: 'RunSound has not read strava.com yet: a sync adds the runs newer than your 1,008 runs.', action: 'sync' }],
    [
      'a sync done that added nothing, over an import of 1,008 runs (no "0 runs" beside "1,008 stored")',
      status({ state: 'done', lastCompletedAt: NOW - 3_600_000, lastAdded: 0 }),
      1008,
      { stored: '1,008 runs stored in this browser.', state: 'Up to date with strava.com (checked today at 09:30): no new runs.'.replace('09:30', new Date(NOW - 3_600_000).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })) },
    ],
    ['a sync that added one run and could not read two', status({ state: 'done', lastCompletedAt: NOW - 86_400_000, lastAdded: 1, lastFailed: 2 }), 12, { state: expect.stringMatching(/^Up to date with strava\.com \(checked yesterday at \d\d:\d\d\): 1 run added\. 2 runs could not be read; RunSound tries them again tomorrow\.$/) }],
    ['done, but Strava has no runs', status({ state: 'done', lastAdded: 0 }), 0, { action: 'import', tone: 'ok' }],
    ['logged out, runs kept', status({ state: 'logged-out' }), 40, { action: 'log-in', tone: 'problem', state: expect.stringContaining('Your 40 runs stay here.') }],
    ['an error says what the background said, and offers to try again', status({ state: 'error', message: 'strava.com could not be reached.' }), 3, { state: 'strava.com could not be reached.', action: 'sync' }],
    ['syncing says the background’s progress', status({ state: 'syncing', message: 'Reading your runs from strava.com: 3 of 9.' }), 3, { state: 'Reading your runs from strava.com: 3 of 9.', tone: 'busy' }],
  ])('%s', (_, sync, runs, expected) => {
    expect(historyInWords(sync, runs, online)).toMatchObject(expected);
  });

  it('a sync done or under way asks nothing of the runner', () => {
    for (const state of ['done', 'syncing', 'waiting'] as const) expect(historyInWords(status({ state, lastAdded: 2 }), 5, online).action).toBeUndefined();
  });

  it('offline, every state says the same thing and offers nothing that cannot work', () => {
    for (const state of ['never', 'done', 'logged-out', 'error', 'syncing', 'waiting'] as const) {
      const words = historyInWords(status({ state, message: 'x' }), 5, { online: false, now: NOW });
      expect(words.state).toMatch(/^You are offline: RunSound .* once you are back online\. Your 5 runs stay here\.$/);
      expect(words.action).toBeUndefined();
    }
  });

  it('counts while the database is read', () => {
    expect(historyInWords(status({}), undefined, online).stored).toBe('Counting your runs…');
  });
});

describe('training in words', () => {
  it.each([
    [12, 'fresh'],
    [0, 'steady'],
    [-15, 'training hard'],
    [-25, 'tired'],
    [-40, 'very tired'],
  ] as const)('form %d is "%s"', (tsb, word) => {
    expect(formInWords(tsb)).toBe(word);
  });

  it('says fitness with what it is, fatigue and form in words', () => {
    expect(trainingInWords({ ctl: 41.6, tsb: 8, fatigue: fatigueFrom(41.6, 33.6) }).line).toBe('Fitness 42 (your 6-week load) · Fatigue normal · Form: fresh');
    expect(trainingInWords({ ctl: 40, tsb: -35, fatigue: fatigueFrom(40, 75) }).fatigue).toBe('Fatigue high');
  });
});

function target(mae: number, baselineMae: number): ModelTarget {
  return {
    featureNames: [...FEATURE_NAMES],
    imputer: { fill: FEATURE_NAMES.map(() => 0) },
    metrics: { mae, baselineMae, r2: 0.5, nTrain: 40, nTest: 10, importance: [] },
    labelSources: {},
    trainedAt: NOW,
  } as unknown as ModelTarget;
}

function model(targets: StoredModel['targets'], notes: StoredModel['notes'] = {}): StoredModel {
  return { createdAt: NOW, datasetKey: 'k', runs: 50, targets, notes, trainSeconds: 1, status: 'active', decision: '' };
}

describe('is the model any good, in words', () => {
  it('without a model, research on runners answers', () => {
    expect(modelVerdict(undefined)).toMatchObject({ state: 'not-yet', headline: expect.stringContaining('research on runners') });
  });

  it('a target that beats guessing the usual says how close it gets, in steps a minute', () => {
    const verdict = modelVerdict(model({ tempo: target(2.4, 5.1), energy: target(0.2, 0.1) }, { valence: '4 labelled runs; at least 10 are needed' }));
    expect(verdict.state).toBe('partly');
    expect(verdict.headline).toBe('Good for tempo: it predicts your cadence within ±2 steps/min.');
    expect(verdict.targets.map((entry) => entry.text)).toEqual([
      'Tempo: predicts your cadence within ±2 steps/min (always guessing your usual: ±5 steps/min).',
      'Energy: not yet, on your newest runs it did not beat always guessing your usual; research on runners answers for it.',
      'Mood: not yet, it learns from the music you play during runs (4 runs to learn from; at least 10 are needed); research on runners answers for it.',
    ]);
  });

  it('good when every target is its own', () => {
    expect(modelVerdict(model({ tempo: target(2, 5), energy: target(0.05, 0.1), valence: target(0.1, 0.2) })).state).toBe('good');
  });

  it('a model none of whose targets beats the usual is "not yet"', () => {
    expect(modelVerdict(model({ tempo: target(6, 5) })).state).toBe('not-yet');
  });
});

describe('the getting-started steps', () => {
  const facts = (extra: Partial<FirstRunFacts>): FirstRunFacts => ({
    sync: NEVER_SYNCED,
    runsStored: 0,
    spotify: SPOTIFY_NOT_SET_UP,
    playlists: 0,
    planned: false,
    online: true,
    now: NOW,
    ...extra,
  });

  it('a fresh install has three steps left, the Strava one offering the sync', () => {
    const steps = firstRunSteps(facts({}));
    expect(steps.map((step) => [step.id, step.done])).toEqual([
      ['strava', false],
      ['spotify', false],
      ['plan', false],
    ]);
    expect(steps[0]!.action).toBe('sync');
    expect(showFirstRun(steps, 'auto')).toBe(true);
  });

  it('is done with runs, Spotify connected and a playlist made; then hidden unless asked for', () => {
    const steps = firstRunSteps(facts({ runsStored: 3, sync: { ...NEVER_SYNCED, state: 'done' }, spotify: { state: 'connected', message: 'Connected to Spotify as Ana.' }, playlists: 1 }));
    expect(steps.every((step) => step.done)).toBe(true);
    expect(showFirstRun(steps, 'auto')).toBe(false);
    expect(showFirstRun(steps, 'shown')).toBe(true);
    expect(showFirstRun(firstRunSteps(facts({})), 'hidden')).toBe(false);
  });

  it('a plan typed in the planner counts as planning the first run', () => {
    expect(firstRunSteps(facts({ planned: true }))[2]).toMatchObject({ done: true, state: expect.stringContaining('Generate playlist') });
  });
});

describe('the training-load method', () => {
  const run = (id: string, startLocal: string, heartRate?: number): RunFacts => ({
    id,
    name: 'Run',
    sportType: 'Run',
    isTreadmill: false,
    startTime: Date.parse(`${startLocal}Z`),
    startLocal,
    distanceMeters: 10_000,
    movingTimeSeconds: 3000,
    averageHeartRate: heartRate,
    maxHeartRate: heartRate ? heartRate + 15 : undefined,
  });
  const runs = [run('1', '2026-03-01T07:00', 150), run('2', '2026-03-02T07:00'), run('3', '2026-03-03T07:00', 160)];

  it('uses heart rate where a run recorded it, pace otherwise, by default', () => {
    expect([...runLoads(runs).values()].map((load) => load.method)).toEqual(['trimp', 'pace', 'trimp']);
  });

  it('uses pace for every run when the runner chose it', () => {
    expect([...runLoads(runs, { method: 'pace' }).values()].map((load) => load.method)).toEqual(['pace', 'pace', 'pace']);
  });

  it('the runner’s own heart rates change a heart-rate load', () => {
    const measured = runLoads(runs).get('1')!.value;
    expect(runLoads(runs, { restingHeartRate: 45, maxHeartRate: 175 }).get('1')!.value).not.toBeCloseTo(measured, 1);
  });
});
