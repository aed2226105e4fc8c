/** What the background tells every screen about the Strava sync, as it changes. */
export interface SyncStatus {
  state: 'never' | 'syncing' | 'waiting' | 'done' | 'logged-out' | 'error';
  /** In plain words, for the runner. */
  message: string;
  runsKnown: number;
  runsWithDetails: number;
  requestsLeft?: { minute: number; hour: number; day: number };
  /** When the sync should be done at the budget's pace (epoch ms). */
  etaAt?: number;
  /** When a waiting sync goes on by itself (epoch ms). */
  resumeAt?: number;
  lastCompletedAt?: number;
  updatedAt: number;
}

export const NEVER_SYNCED: SyncStatus = {
  state: 'never',
  message: 'RunSound has not read your Strava history yet.',
  runsKnown: 0,
  runsWithDetails: 0,
  updatedAt: 0,
};
