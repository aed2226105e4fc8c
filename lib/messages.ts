/**
 * The one protocol between the popup, the options page, the Strava content script and the
 * background. Each message has a zod schema for its payload; the background checks the
 * sender and the payload of every message before acting on it (`acceptMessage`).
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import { z } from './zod';
import { heartRatesInOrder, loadMethodSchema, maxHeartRateSchema, placeSchema, restingHeartRateSchema, trackCountSchema } from './setting-ranges';
import type { RateLimit, RateLimiter } from './rate-limit';
import type { PlanInsight } from './model/predict';
import { plannedRunSchema, RUN_TYPES } from './plan';
import type { MergeReport } from './run-store';
import { runFactsSchema } from './runs';
import type { StoredRunSummary } from './strava/prefill';
import type { SpotifyStatus } from './sync-status';
import type { GenerationStatus, PlaylistCard } from './playlist/record';

const unitsSchema = z.enum(['metric', 'imperial']);

/** The dashboard's sections, each at its own address: options.html#training. */
export const DASHBOARD_SECTIONS = ['overview', 'training', 'model', 'music', 'runs', 'playlists', 'settings', 'data'] as const;
export type DashboardSection = (typeof DASHBOARD_SECTIONS)[number];

export const requestSchemas = {
  /** What RunSound makes of a planned run: its music profile, forecast, training state and usual pace. */
  planRun: z.object({ plan: plannedRunSchema, units: unitsSchema }),
  /** "Sync now": list new runs from strava.com and fetch what is missing. */
  syncNow: z.object({}).optional(),
  /** What the history knows of an activity, for "a run like this one" on its Strava page. */
  storedRun: z.object({ activityId: z.string().regex(/^\d+$/) }),
  /** Whether an activity was run with a RunSound playlist, so the panel asks how the music was. */
  musicQuestion: z.object({ activityId: z.string().regex(/^\d+$/) }),
  /** The runner's answers about the music of a run: they adjust its labels, and the model learns again. */
  rateMusic: z.object({
    activityId: z.string().regex(/^\d+$/),
    tempo: z.enum(['slower', 'right', 'faster']),
    energy: z.enum(['lower', 'right', 'higher']),
    liked: z.boolean(),
  }),
  /** The runner says a track's tempo is this BPM (or null: back to the services' figure). */
  correctTrackBpm: z.object({ trackId: z.string().regex(/^[0-9A-Za-z]{10,40}$/), bpm: z.number().min(40).max(250).nullable() }),
  /** Where a route starts (from its GPX), for the forecast of a run of it. */
  routeStart: z.object({ routeId: z.string().regex(/^\d+$/) }),
  /** The content script is on an activity page: sync if RunSound does not know that run yet. */
  activitySeen: z.object({ activityId: z.string().regex(/^\d+$/), sportType: z.string().max(40).optional() }),
  /** Runs read from a file the runner imported (Strava's export or API JSON). */
  importRuns: z.object({ runs: z.array(runFactsSchema).max(100_000), source: z.enum(['export-csv', 'api-json']) }),
  /** The runner corrects a run's type (null: back to RunSound's own classification). */
  setRunType: z.object({ runId: z.string().regex(/^\d+$/), type: z.enum(RUN_TYPES).nullable() }),
  /** Make the playlist for a planned run in the runner's Spotify. */
  generatePlaylist: z.object({
    plan: plannedRunSchema,
    units: unitsSchema,
    excludeExplicit: z.boolean(),
    trackCount: trackCountSchema,
  }),
  /** Open RunSound's dashboard at a section (from the Strava panel, which cannot link to it); its settings by default. */
  openSettings: z.object({ section: z.enum(DASHBOARD_SECTIONS).optional() }).optional(),
  /**
   * Open in a new tab the newest playlist RunSound made for `plan` (without one: the last it made).
   * The Strava panel shows no link to it (the page could read the link).
   */
  openLastPlaylist: z.object({ plan: plannedRunSchema.optional() }).optional(),
  /** The newest playlist RunSound made for this plan, as its card shows it; null when none was. */
  playlistForPlan: z.object({ plan: plannedRunSchema }),
  /** Sign in to Spotify (PKCE, in the background), or forget the tokens. */
  spotifyConnect: z.object({}).optional(),
  /** `deleteLibrary`: forget what RunSound knows of the runner's Spotify library too. */
  spotifyDisconnect: z.object({ deleteLibrary: z.boolean() }),
  /** Read the runner's Spotify library again now (new tracks, removed ones, tempos still unknown). */
  indexLibrary: z.object({}).optional(),
  /** Put a model that was not used (its targets did worse on the newest runs) in use anyway. */
  promoteModel: z.object({ id: z.number().int().positive() }),
  /** Train the model again now; `force` puts the new model in use whatever its score. */
  retrainNow: z.object({ force: z.boolean() }),
  /** The runner's home for runs without a start place (null: their most frequent start), with the place's name when found by search. */
  setHome: z.object({
    home: placeSchema.nullable(),
  }),
  /** The runner's heart rates (null: measured or typical) and how training load is measured; every load is recomputed. */
  setTrainingLoad: z.object({
    restingHeartRate: restingHeartRateSchema.nullable(),
    maxHeartRate: maxHeartRateSchema.nullable(),
    method: loadMethodSchema,
  }).refine(heartRatesInOrder, 'the heart rate at rest must be below the maximum'),
  /** A restore from a backup is about to write: the background stops its jobs and answers once they are still. */
  pauseForRestore: z.object({}).optional(),
  /** The restore is still writing (sent every few seconds): the pause goes on, and the worker stays awake. */
  restoreGoingOn: z.object({}).optional(),
  /** The restore is over (`restored`: it wrote): the background picks up from the restored data. */
  resumeAfterRestore: z.object({ restored: z.boolean() }),
  /** Delete everything RunSound stored in this browser (the runner confirmed it): runs, models, music, settings, the Spotify link. */
  deleteAllData: z.object({}).optional(),
};

interface Responses {
  planRun: PlanInsight;
  syncNow: void;
  activitySeen: { known: boolean };
  storedRun: StoredRunSummary | null;
  routeStart: { lat: number; lng: number } | null;
  musicQuestion: { playlistName: string; answered: boolean } | null;
  rateMusic: void;
  correctTrackBpm: void;
  importRuns: MergeReport;
  setRunType: void;
  setHome: void;
  setTrainingLoad: void;
  deleteAllData: void;
  pauseForRestore: void;
  restoreGoingOn: void;
  resumeAfterRestore: void;
  retrainNow: void;
  promoteModel: void;
  generatePlaylist: GenerationStatus;
  openSettings: void;
  openLastPlaylist: void;
  playlistForPlan: PlaylistCard | null;
  spotifyConnect: SpotifyStatus;
  spotifyDisconnect: SpotifyStatus;
  indexLibrary: void;
}

export type MessageType = keyof typeof requestSchemas;

/** What a content script (code running inside strava.com) may ask; the rest only RunSound's own pages may. */
export const FROM_CONTENT_SCRIPTS: ReadonlySet<MessageType> = new Set([
  'planRun',
  'activitySeen',
  'storedRun',
  'routeStart',
  'musicQuestion',
  'rateMusic',
  'generatePlaylist',
  'openSettings',
  'openLastPlaylist',
  'playlistForPlan',
]);

const MINUTE = 60_000;

/**
 * How often content scripts may ask each thing, all Strava tabs together. A runner stays far
 * below these; a page driving the panel (the panel lives in strava.com's DOM) is stopped
 * before it fills their Spotify or spends its quota. Planning runs on every edit of the plan.
 */
export const CONTENT_SCRIPT_RATE_LIMITS: { [K in MessageType]?: readonly RateLimit[] } = {
  planRun: [{ max: 60, perMs: MINUTE }],
  storedRun: [{ max: 30, perMs: MINUTE }],
  activitySeen: [{ max: 30, perMs: MINUTE }],
  routeStart: [{ max: 20, perMs: MINUTE }],
  musicQuestion: [{ max: 30, perMs: MINUTE }],
  rateMusic: [{ max: 5, perMs: MINUTE }],
  generatePlaylist: [
    { max: 3, perMs: MINUTE },
    { max: 20, perMs: 60 * MINUTE },
  ],
  openSettings: [{ max: 5, perMs: MINUTE }],
  openLastPlaylist: [{ max: 5, perMs: MINUTE }],
  // Asked when the plan on screen changes, as planRun is.
  playlistForPlan: [{ max: 60, perMs: MINUTE }],
};

export type RequestOf<K extends MessageType> = z.infer<(typeof requestSchemas)[K]>;

export type ProtocolMap = { [K in MessageType]: (data: RequestOf<K>) => Responses[K] };

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();

export class MessageRejected extends Error {
  override name = 'MessageRejected';
}

/**
 * Returns the validated payload of a message, or throws MessageRejected when it did not come
 * from this extension (or, for what only RunSound's pages may ask, from one of those pages),
 * came from a content script more often than `contentScriptLimiter` lets through, or its payload
 * does not have the expected shape. `extension.origin` is "chrome-extension://<id>/".
 */
export function acceptMessage<K extends MessageType>(
  type: K,
  data: unknown,
  sender: { id?: string; url?: string },
  extension: { id: string; origin: string },
  contentScriptLimiter?: RateLimiter<MessageType>,
): RequestOf<K> {
  if (sender.id !== extension.id) {
    throw new MessageRejected(`RunSound ignored "${type}" from outside the extension.`);
  }
  // Content scripts send from the page's URL; RunSound's own pages from the extension's origin.
  const fromOwnPage = sender.url !== undefined && sender.url.startsWith(extension.origin);
  if (!fromOwnPage && !FROM_CONTENT_SCRIPTS.has(type)) {
    throw new MessageRejected(`RunSound ignored "${type}" from a web page: only its own pages may ask that.`);
  }
  if (!fromOwnPage && contentScriptLimiter && !contentScriptLimiter.take(type)) {
    throw new MessageRejected(`RunSound refused "${type}" from a Strava page: asked too often. Try again in a minute.`);
  }
  const parsed = requestSchemas[type].safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`);
    throw new MessageRejected(`RunSound rejected a malformed "${type}" message (${problems.join('; ')}).`);
  }
  return parsed.data as RequestOf<K>;
}
