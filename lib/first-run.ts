/**
 * The dashboard's getting-started steps and where each stands: the runner's Strava history, their
 * Spotify, and a first planned run. Each step says its state in the words the rest of the
 * dashboard uses (historyInWords for Strava, the Spotify status's own message).
 */
import { historyInWords, type HistoryAction, type SpotifyStatus, type SyncStatus } from './sync-status';

export type FirstRunStepId = 'strava' | 'spotify' | 'plan';

export interface FirstRunStep {
  id: FirstRunStepId;
  title: string;
  done: boolean;
  /** Where it stands, in one sentence. */
  state: string;
  /** For the Strava step: the action that helps (sync, log in, import). */
  action?: HistoryAction;
}

export interface FirstRunFacts {
  sync: SyncStatus;
  runsStored: number;
  spotify: SpotifyStatus;
  /** Playlists RunSound made; a plan the runner typed in the planner counts as a start too. */
  playlists: number;
  planned: boolean;
  online: boolean;
  now: number;
  locale?: string;
}

export function firstRunSteps(facts: FirstRunFacts): FirstRunStep[] {
  const history = historyInWords(facts.sync, facts.runsStored, { online: facts.online, now: facts.now, locale: facts.locale });
  const stravaDone = facts.runsStored > 0;
  const spotifyDone = facts.spotify.state === 'connected';
  const planDone = facts.playlists > 0 || facts.planned;
  return [
    {
      id: 'strava',
      title: 'Bring in your runs from Strava',
      done: stravaDone,
      state: stravaDone ? `${history.stored} ${history.state}` : history.state,
      action: history.action,
    },
    {
      id: 'spotify',
      title: 'Connect your Spotify',
      done: spotifyDone,
      state: spotifyDone ? facts.spotify.message : facts.spotify.state === 'connecting' ? 'Waiting for you to sign in to Spotify…' : 'Not connected yet.',
    },
    {
      id: 'plan',
      title: 'Plan your first run',
      done: planDone,
      state: facts.playlists > 0
        ? `RunSound has made ${facts.playlists === 1 ? 'your first playlist' : `${facts.playlists} playlists`}.`
        : facts.planned
          ? 'You have planned a run. Press Generate playlist in the planner to make its playlist.'
          : 'Not yet: RunSound’s button in your browser’s toolbar plans a run and makes its playlist.',
    },
  ];
}

/** Shown while a step is left, unless the runner hid them; always when they asked to see them. */
export function showFirstRun(steps: readonly FirstRunStep[], setting: 'auto' | 'hidden' | 'shown'): boolean {
  if (setting === 'shown') return true;
  if (setting === 'hidden') return false;
  return steps.some((step) => !step.done);
}
