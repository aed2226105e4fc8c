/**
 * The one IndexedDB schema of RunSound. Open it only in extension contexts (background,
 * popup, options): a content script's IndexedDB belongs to strava.com, not to us.
 *
 * Each entry of SCHEMA is one version. Never edit a version that has shipped: add the next
 * one, with an `upgrade` when existing rows must change, and a fixture of the old shape to
 * tests/unit/db.test.ts, which walks every version forward.
 */
import Dexie, { type DexieOptions, type EntityTable, type Table, type Transaction } from 'dexie';
import type { PlannedRun } from './plan';
import type { StoredModel } from './model/trainer';
import type { TrackFeatures } from './music-features';
import type { LibraryLink, LibraryTrack } from './music-library/types';
import type { StoredPlay } from './playlist/listening';
import type { PlaylistRecord } from './playlist/record';
import type { Run } from './runs';

/** The planner's unsaved input, kept so closing the popup loses nothing. */
export interface PlanDraft {
  /** Which planner it belongs to: the popup, or the panel on a Strava page. */
  key: 'popup';
  plan: PlannedRun;
  savedAt: number;
}

/** A track's features as RunSound keeps them, with the runner's own BPM when they corrected it. */
export interface StoredTrackFeatures extends TrackFeatures {
  id: string;
  isrc?: string;
  /** For the runner to recognise the track when correcting its tempo. */
  name?: string;
  artists?: string;
  /** The BPM the runner says is right: wins over the services'. */
  correctedTempo?: number;
  updatedAt: number;
}

/** One piece of state, by name: the sync checkpoint, the Strava request budget, ... */
export interface StateEntry {
  key: string;
  value: unknown;
}

interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void>;
}

export const SCHEMA: readonly SchemaVersion[] = [
  { version: 1, stores: { drafts: 'key' } },
  // The runner's history, and small state such as the sync checkpoint and the request budget.
  { version: 2, stores: { runs: 'id, startTime', state: 'key' } },
  // The runner's models: the one in use, the one before it, and the last one not used.
  { version: 3, stores: { models: '++id, createdAt, status' } },
  // Tempo, energy and valence of tracks, by Spotify id; every playlist RunSound made; and what
  // the runner played on Spotify (for the model's valence labels).
  { version: 4, stores: { trackFeatures: 'id, isrc', playlists: '++id, createdAt', plays: '[playedAt+trackId], playedAt' } },
  // The runner's music library: every track of theirs RunSound knows, and where each came from
  // (saved, top, one of their playlists, played), one link per source and track.
  // (Each index key is unique, as [stage+id]: an index of a few repeated values costs more to keep.)
  { version: 5, stores: { libraryTracks: 'id, [featureStage+id]', libraryLinks: '[source+trackId], trackId' } },
];

export const DB_NAME = 'runsound';

/** Declares `steps` of the schema on `db`: all of SCHEMA for the extension, a prefix for an old release. */
export function declareSchema(db: Dexie, steps: readonly SchemaVersion[] = SCHEMA): void {
  for (const step of steps) {
    const version = db.version(step.version).stores(step.stores);
    if (step.upgrade) version.upgrade(step.upgrade);
  }
}

export class RunSoundDb extends Dexie {
  drafts!: EntityTable<PlanDraft, 'key'>;
  runs!: EntityTable<Run, 'id'>;
  state!: EntityTable<StateEntry, 'key'>;
  models!: EntityTable<StoredModel, 'id'>;
  trackFeatures!: EntityTable<StoredTrackFeatures, 'id'>;
  playlists!: EntityTable<PlaylistRecord, 'id'>;
  plays!: Table<StoredPlay, [number, string]>;
  libraryTracks!: EntityTable<LibraryTrack, 'id'>;
  libraryLinks!: Table<LibraryLink, [string, string]>;

  constructor(name = DB_NAME, options?: DexieOptions) {
    super(name, options);
    declareSchema(this);
  }
}
