/**
 * Every job that writes the runner's data, stopped: for "Delete all data" and for a restore, which
 * would otherwise see a sync, a training, the library index or a playlist under way write again
 * into what they just emptied or replaced.
 */
import { historySettled } from './history';
import { stopLibraryPass } from './music-library';
import { generationSettled } from './playlists';
import { pauseSync } from './sync';
import { pauseTraining } from './training';

/** Stops every job and waits for each to let go; returns what lets the sync and the training go on. */
export async function pauseEveryJob(): Promise<() => void> {
  const resumeSync = await pauseSync();
  const resumeTraining = await pauseTraining();
  const resume = () => {
    resumeSync();
    resumeTraining();
  };
  try {
    await stopLibraryPass();
    await generationSettled();
    await historySettled();
    return resume;
  } catch (error) {
    resume();
    throw error;
  }
}
