/**
 * What a backup carries besides the runner's data tables: by allow-list, never by deny-list, so
 * a setting or a state entry added later stays out of backups until someone decides it belongs
 * (tests/unit/backup-carried.test.ts makes every one of storage/settings.ts decided).
 * Spotify's tokens are in neither list: they never leave the browser that signed in.
 */
import { CHECKPOINT_KEY, GENRES_KEY, META_KEY } from '../music-library/pass';
import { heartRatesInOrder, loadMethodSchema, maxHeartRateSchema, placeSchema, restingHeartRateSchema, trackCountSchema } from '../setting-ranges';
import { z } from '../zod';


/**
 * Extension storage (storage.local) keys a backup carries, each with the shape it must have.
 * Keys as WXT stores them: storage/settings.ts's "local:units" is "units".
 */
export const CARRIED_SETTINGS = {
  units: z.enum(['metric', 'imperial']),
  unitsSource: z.enum(['locale', 'strava', 'runner']),
  /** null: the runner's most frequent start. */
  home: placeSchema.nullable(),
  /** Their heart rates at rest and at most, and how training load is worked out: as the settings take them, and nothing else. */
  trainingLoad: z.strictObject({
    restingHeartRate: restingHeartRateSchema.optional(),
    maxHeartRate: maxHeartRateSchema.optional(),
    method: loadMethodSchema.optional(),
  }).refine(heartRatesInOrder, 'the heart rate at rest must be below the maximum'),
  /** What "Generate playlist" starts with. */
  playlistDefaults: z.strictObject({ excludeExplicit: z.boolean(), trackCount: trackCountSchema }),
  /** Not a secret (PKCE needs none): with it the runner only presses Connect in the new browser. */
  spotifyClientId: z.string().max(200),
  preferredGenres: z.array(z.string().max(200)).max(200),
} satisfies Record<string, z.ZodType>;

export type CarriedSetting = keyof typeof CARRIED_SETTINGS;
export const CARRIED_SETTING_KEYS = Object.keys(CARRIED_SETTINGS) as CarriedSetting[];

/**
 * Extension storage keys a backup leaves out, and why: each is this browser's status of a job
 * or a service, which the new browser works out for itself (the background recomputes them
 * after a restore), or a secret.
 */
export const SETTINGS_LEFT_OUT: Readonly<Record<string, string>> = {
  firstRun: 'the getting-started steps of this browser: a new one shows what is left to do there (Spotify, say)',
  syncStatus: 'the sync of this browser; the new one syncs itself',
  historyStatus: 'recomputed from the runs after a restore',
  trainingStatus: 'recomputed from the model in use after a restore',
  spotifyStatus: 'the Spotify connection is this browser’s: the tokens stay here',
  spotifyPendingAuth: 'a sign-in under way (session storage), a secret',
  generationStatus: 'the playlist being made in this browser; the playlists themselves are carried',
  spotifyBackoffUntil: 'a wait Spotify asked of this browser',
  libraryStatus: 'recomputed from the music index after a restore',
};

/** The parts of the sync checkpoint another browser can go on from. */
const syncCheckpointSchema = z.looseObject({
  athleteId: z.number().int().positive().optional(),
  measurementPreference: z.enum(['meters', 'feet']).optional(),
  fullHistoryListed: z.boolean(),
  feedHighWater: z.number().optional(),
  lastCompletedAt: z.number().optional(),
});

const libraryMetaSchema = z.looseObject({
  userId: z.string().optional(),
  lastPass: z.number().int().nonnegative(),
  lastFullAt: z.number(),
  lastCompletedAt: z.number().optional(),
  snapshots: z.record(z.string(), z.string()),
});

interface CarriedState {
  schema: z.ZodType;
  /** What of the value goes into the file (and comes out of it). */
  carry: (value: Record<string, unknown>) => unknown;
}

/**
 * State table entries a backup carries. The sync's cursor: with the runs it describes, the new
 * browser lists only what is newer instead of years again (the athlete's id comes along, so a
 * sync as another athlete is still refused); the listing under way was this browser's pass.
 * The music index's bookkeeping, which its tracks and links need to stay consistent, without
 * the pauses feature services asked of this browser; and the genres of the runner's artists.
 */
export const CARRIED_STATE: Readonly<Record<string, CarriedState>> = {
  syncCheckpoint: {
    schema: syncCheckpointSchema,
    carry: ({ listing: _listing, ...rest }) => rest,
  },
  [META_KEY]: {
    schema: libraryMetaSchema,
    carry: (value) => ({ ...value, pausedUntil: {} }),
  },
  [GENRES_KEY]: {
    schema: z.record(z.string(), z.array(z.string())),
    carry: (value) => value,
  },
};

/**
 * State a restore drops here whatever the mode: work under way on the index it rewrites, which
 * would resume from a place the restored bookkeeping knows nothing of.
 */
export const STATE_DROPPED_ON_RESTORE: readonly string[] = [CHECKPOINT_KEY];

/** The state entry as the file carries it, or undefined when it is not carried (a token, say) or not well formed. */
export function carriedStateValue(key: string, value: unknown): { ok: true; value: unknown } | { ok: false; carried: boolean; problem?: string } {
  const carried = CARRIED_STATE[key];
  if (!carried) return { ok: false, carried: false };
  const parsed = carried.schema.safeParse(value);
  if (!parsed.success) return { ok: false, carried: true, problem: parsed.error.issues[0]?.message };
  return { ok: true, value: carried.carry(value as Record<string, unknown>) };
}
