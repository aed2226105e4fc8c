import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunSoundDb } from '@/lib/db';
import { storedRunLabels, trainedLabels } from '@/lib/model/run-labels';
import { trainingDataset } from '@/lib/model/trainer';
import { TARGETS } from '@/lib/model/types';
import { listeningEvidence } from '@/lib/playlist/listening';
import type { Run } from '@/lib/runs';
import { processedHistory } from '../fixtures/processed-history';

let db: RunSoundDb;
let n = 0;
beforeEach(async () => {
  db = new RunSoundDb(`run-labels-${++n}`);
  await db.open();
});
afterEach(() => db.close());

/** 14 processed runs, the last four without cadence or heart rate; one more not processed yet. */
function history(): Run[] {
  const runs = processedHistory(14, 10);
  runs[11] = { ...runs[11]!, musicFeedback: { tempo: 'faster', energy: 'right', liked: true, playlistValence: 0.8, at: 0 } };
  const unprocessed: Run = { ...runs[13]!, id: '9999', startTime: runs[13]!.startTime + 86_400_000, features: undefined };
  return [...runs, unprocessed];
}

/** Ten minutes of three known tracks during run 12 (no cadence, no heart rate). */
async function playDuring(run: Run): Promise<void> {
  await db.trackFeatures.bulkPut(
    ['a', 'b', 'c'].map((id, i) => ({ id, tempo: 85 + i, energy: 0.7, valence: 0.3, source: 'reccobeats' as const, updatedAt: 0 })),
  );
  await db.plays.bulkPut(['a', 'b', 'c'].map((trackId, i) => ({ playedAt: run.startTime + i * 200_000, trackId, durationMs: 200_000 })));
}

describe('the labels a stored run teaches the model', () => {
  it('are the training’s own labels, run by run', async () => {
    const runs = history();
    await db.runs.bulkPut(runs);
    await playDuring(runs[12]!);
    const labels = await storedRunLabels(db);

    const plays = await db.plays.toArray();
    const tracks = new Map((await db.trackFeatures.toArray()).map((row) => [row.id, row]));
    const dataset = trainingDataset(runs, listeningEvidence(runs, plays, (id) => tracks.get(id)));
    dataset.runIds.forEach((id, row) => {
      for (const target of TARGETS) expect(labels.get(id)?.[target] ?? null, `${id} ${target}`).toEqual(dataset.labels[target][row]);
    });
    expect(trainedLabels(runs).size).toBe(14);
  });

  it('follow the runner’s heart rates and load method as the training does', async () => {
    const runs = history();
    await db.runs.bulkPut(runs);
    const settings = { restingHeartRate: 38, maxHeartRate: 205, method: 'pace' as const };
    const labels = await storedRunLabels(db, settings);
    const dataset = trainingDataset(runs, undefined, settings);
    dataset.runIds.forEach((id, row) => expect(labels.get(id)?.energy ?? null, id).toEqual(dataset.labels.energy[row]));
    // Other heart rates give other effort labels: the table must not show those of the defaults.
    const byDefault = await storedRunLabels(db);
    expect(dataset.runIds.some((id) => byDefault.get(id)?.energy?.value !== labels.get(id)?.energy?.value)).toBe(true);
  });

  it('say where each came from: measured, the runner’s answer, Spotify plays; none for a run not processed yet', async () => {
    const runs = history();
    await db.runs.bulkPut(runs);
    await playDuring(runs[12]!);
    const labels = await storedRunLabels(db);
    const sources = (id: string) => Object.fromEntries(Object.entries(labels.get(id) ?? {}).map(([target, label]) => [target, label.source]));

    expect(sources(runs[5]!.id)).toEqual({ tempo: 'cadence', energy: 'heart rate' });
    // No cadence or heart rate, but the runner answered: the playlist they liked gives valence, "faster" moves tempo (from their pace).
    expect(sources(runs[11]!.id)).toEqual({ energy: 'pace', valence: 'rating' });
    expect(labels.get(runs[11]!.id)?.valence?.value).toBe(0.8);
    // No cadence or heart rate, music played: tempo, energy and valence from what played (85-87 BPM in double time).
    expect(sources(runs[12]!.id)).toEqual({ tempo: 'listening', energy: 'pace', valence: 'listening' });
    expect(labels.get(runs[12]!.id)?.tempo?.value).toBeCloseTo(172, 0);
    expect(labels.has('9999')).toBe(false);
  });
});
