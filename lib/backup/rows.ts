/**
 * The shape every row of a backup must have to be restored, per table of the current schema:
 * the fields RunSound reads, checked as strictly as the code that reads them relies on (a run
 * with the import's plausibility rules, a draft and a playlist's plan as the planner checks
 * them). Fields a check does not name are kept as they are: a row is validated, never rewritten.
 */
import { isSoundTree } from '../model/forest';
import { TARGETS } from '../model/types';
import { musicProfileSchema } from '../model/profile';
import { plannedRunSchema, RUN_TYPES } from '../plan';
import { PROCESSING_VERSIONS, runFactsSchema } from '../runs';
import { z } from '../zod';

const time = z.number().nonnegative();
/** Any number, NaN and infinities too: a forest's thresholds and fills may be. */
const anyNumber = z.custom<number>((value) => typeof value === 'number', 'not a number');
const trackId = z.string().regex(/^[0-9A-Za-z]{1,64}$/, 'a Spotify track id is letters and digits');
const latLng = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });
const processingStep = z.enum(Object.keys(PROCESSING_VERSIONS) as [keyof typeof PROCESSING_VERSIONS]);

const runSchema = runFactsSchema.safeExtend({
  sources: z.array(z.enum(['session', 'export-csv', 'api-json'])).min(1),
  runTypeCorrection: z.enum(RUN_TYPES).optional(),
  musicFeedback: z
    .looseObject({
      tempo: z.enum(['slower', 'right', 'faster']),
      energy: z.enum(['lower', 'right', 'higher']),
      liked: z.boolean(),
      playlistValence: z.number().optional(),
      at: time,
    })
    .optional(),
  runType: z.looseObject({ type: z.enum(RUN_TYPES), basis: z.enum(['correction', 'workout_type', 'name', 'metrics']) }).optional(),
  weather: z
    .looseObject({
      temperatureC: z.number(),
      precipitationMm: z.number(),
      windSpeedKmh: z.number(),
      humidityPct: z.number(),
      weatherCode: z.number(),
      source: z.enum(['archive', 'forecast', 'fallback']),
      place: latLng.extend({ basis: z.enum(['start', 'home', 'none']) }),
    })
    .optional(),
  // NaN where a feature is unknown (the imputer fills it).
  features: z.record(z.string(), anyNumber).optional(),
  load: z.looseObject({ value: z.number(), method: z.enum(['trimp', 'pace']) }).optional(),
  processed: z.partialRecord(processingStep, z.number().int()),
  failures: z.partialRecord(processingStep, z.looseObject({ error: z.string(), retryAt: z.number() }).optional()).optional(),
  updatedAt: z.number(),
}).loose();

const treeSchema = z.looseObject({
  feature: z.array(z.number()),
  threshold: z.array(anyNumber),
  left: z.array(z.number()),
  right: z.array(z.number()),
  value: z.array(anyNumber),
});

/** A model's measures, as the Model section and the profile's Why? read them. */
// Any number: a score may be NaN or Infinity (too few runs to measure), and is kept as it was.
const scores = { r2: anyNumber, mae: anyNumber, baselineMae: anyNumber };
const metricsSchema = z.looseObject({
  ...scores,
  nTrain: anyNumber,
  nTest: anyNumber,
  crossValidation: z.looseObject({ ...scores, folds: anyNumber }).nullable().optional(),
  importance: z.array(z.looseObject({ feature: z.string(), maeIncrease: anyNumber })).optional(),
  holdoutPoints: z.array(z.looseObject({ startTime: z.number(), actual: z.number(), predicted: z.number() })).optional(),
});

const modelTargetSchema = z
  .looseObject({
    model: z.looseObject({ forest: z.looseObject({ trees: z.array(treeSchema).min(1) }), offsetColumn: z.number().int().optional() }),
    imputer: z.looseObject({ featureNames: z.array(z.string()), fill: z.array(anyNumber) }),
    featureNames: z.array(z.string()),
    metrics: metricsSchema,
    trainedAt: z.number(),
  })
  // A tree whose walk never reaches a leaf would hold the background on every prediction.
  .refine(
    (target) =>
      (target.model.offsetColumn === undefined || target.model.offsetColumn < target.featureNames.length) &&
      target.model.forest.trees.every((tree) => isSoundTree(tree, target.featureNames.length)),
    {
      message: 'a tree of its forest is not one RunSound makes',
      path: ['model', 'forest'],
    },
  );

const modelSchema = z.looseObject({
  id: z.number().int().positive(),
  createdAt: time,
  datasetKey: z.string(),
  runs: z.number().int().nonnegative(),
  targets: z.partialRecord(z.enum(TARGETS), modelTargetSchema),
  notes: z.partialRecord(z.enum(TARGETS), z.string()),
  status: z.enum(['active', 'previous', 'rejected']),
  decision: z.string(),
});

const playlistSchema = z.looseObject({
  id: z.number().int().positive(),
  createdAt: time,
  plan: plannedRunSchema,
  profile: musicProfileSchema,
  // Opened in a tab by the background: only ever a Spotify address.
  spotify: z.looseObject({ id: z.string().min(1), url: z.string().startsWith('https://open.spotify.com/'), name: z.string() }),
  trackUris: z.array(z.string().startsWith('spotify:track:')),
  // What the playlists' cards and charts read of it.
  summary: z.looseObject({
    trackCount: z.number().int().nonnegative(),
    totalMs: z.number().nonnegative(),
    perfectFits: z.number().int().nonnegative(),
    preRaceMs: z.number().nonnegative().optional(),
    preRaceTracks: z.number().int().nonnegative().optional(),
  }),
  summaryText: z.string(),
  picture: z
    .looseObject({
      plannedSeconds: z.number().nonnegative(),
      runStartSeconds: z.number().nonnegative(),
      phases: z.array(z.looseObject({ name: z.string(), label: z.string(), fromSeconds: z.number(), toSeconds: z.number(), targetTempoBpm: z.number().nullable() })),
      tracks: z.array(z.looseObject({ name: z.string(), artists: z.string(), startSeconds: z.number(), durationSeconds: z.number().nonnegative(), carriedBpm: z.number().nullable(), onBeat: z.boolean() })),
    })
    .optional(),
});

/** Row schemas by table. Every table of the current schema has one (tests/unit/backup.test.ts). */
export const ROW_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  drafts: z.looseObject({ key: z.string().min(1), plan: plannedRunSchema, savedAt: time }),
  runs: runSchema,
  state: z.looseObject({ key: z.string().min(1), value: z.unknown() }),
  models: modelSchema,
  trackFeatures: z.looseObject({
    id: trackId,
    isrc: z.string().max(40).optional(),
    tempo: z.number().min(0).max(400).optional(),
    energy: z.number().min(0).max(1).optional(),
    valence: z.number().min(0).max(1).optional(),
    source: z.enum(['reccobeats', 'deezer', 'deezer-search', 'runner']),
    correctedTempo: z.number().min(40).max(250).optional(),
    updatedAt: z.number(),
  }),
  playlists: playlistSchema,
  plays: z.looseObject({ playedAt: time, trackId, durationMs: z.number().nonnegative(), contextUri: z.string().optional() }),
  libraryTracks: z.looseObject({
    id: trackId,
    uri: z.string().startsWith('spotify:'),
    name: z.string(),
    artists: z.array(z.looseObject({ name: z.string() })),
    durationMs: z.number().nonnegative(),
    explicit: z.boolean(),
    isrc: z.string().max(40).optional(),
    featureStage: z.enum(['reccobeats', 'deezer-isrc', 'deezer-search', 'tempo', 'no-tempo']),
    firstSeenAt: z.number(),
  }),
  libraryLinks: z.looseObject({
    source: z.string().regex(/^(saved|played|top:(short|medium|long)_term|playlist:.+)$/, 'not a place a track comes from'),
    trackId,
    at: z.number(),
    pass: z.number().int().nonnegative(),
  }),
};

/** What a row is called in a message: "run 1234 (Morning Run)", "the 3rd track". */
export function rowName(table: string, row: unknown, index: number): string {
  const value = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>;
  const id = typeof value.id === 'string' || typeof value.id === 'number' ? String(value.id) : undefined;
  const singular: Record<string, string> = {
    drafts: 'planner draft',
    runs: 'run',
    state: 'state entry',
    models: 'model',
    trackFeatures: 'track tempo',
    playlists: 'playlist',
    plays: 'play',
    libraryTracks: 'track of the music index',
    libraryLinks: 'link of the music index',
  };
  const what = singular[table] ?? `row of ${table}`;
  if (table === 'runs' && id) return `run ${id}${typeof value.name === 'string' ? ` (“${value.name.slice(0, 60)}”)` : ''}`;
  if (table === 'state' && typeof value.key === 'string') return `state entry “${value.key.slice(0, 60)}”`;
  return id ? `${what} ${id.slice(0, 60)}` : `${what} number ${index + 1}`;
}

/** The first problem zod found in a row, in words: "startLocal: the local start … is not a real date". */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'it is not well formed';
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
