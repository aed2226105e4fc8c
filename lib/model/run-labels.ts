/**
 * What each stored run teaches the model, for the screens that show it (the runs table): the
 * labels the training learns from (trainingDataset: the runs processing has given features, with
 * the music played during each run and the runner's answers about it), read from the database.
 */
import type { RunSoundDb } from '../db';
import { effectiveFeatures } from '../music-features/stored';
import { listeningEvidence } from '../playlist/listening';
import type { Run } from '../runs';
import type { LoadSettings } from '../training-load';
import { labelsForHistory, type MusicEvidence } from './labels';
import type { LabelSource, RunLabels } from './types';

/** Each run's labels as trainingDataset makes them; a run not processed yet has none. */
export function trainedLabels(runs: readonly Run[], music?: ReadonlyMap<string, MusicEvidence>, loadSettings?: LoadSettings): Map<string, RunLabels> {
  return labelsForHistory(
    runs.filter((run) => run.features),
    { music, loadSettings },
  );
}

/** The music played during the runs, from the plays and the features known of their tracks (as the training reads them). */
export async function storedMusicEvidence(db: RunSoundDb, runs: readonly Run[]): Promise<Map<string, MusicEvidence>> {
  const plays = await db.plays.toArray();
  const features = await db.trackFeatures.bulkGet([...new Set(plays.map((play) => play.trackId))]);
  const known = new Map(features.flatMap((row) => (row ? [[row.id, effectiveFeatures(row)] as const] : [])));
  return listeningEvidence(runs, plays, (id) => known.get(id));
}

/**
 * Every stored run's labels, read in one transaction (one read of the runs, the plays and their
 * tracks), with the runner's heart rates and load method as the training takes them.
 */
export function storedRunLabels(db: RunSoundDb, loadSettings?: LoadSettings): Promise<Map<string, RunLabels>> {
  return db.transaction('r', db.runs, db.plays, db.trackFeatures, async () => {
    const runs = await db.runs.toArray();
    return trainedLabels(runs, await storedMusicEvidence(db, runs), loadSettings);
  });
}

/** Where a label came from, in the runner's words (the Model section's charts say the same). */
export const LABEL_SOURCE_WORDS: Record<LabelSource, string> = {
  cadence: 'your cadence',
  'heart rate': 'your heart rate',
  pace: 'your pace against your usual',
  listening: 'the music you played',
  rating: 'your answers',
  prior: 'research on runners',
};
