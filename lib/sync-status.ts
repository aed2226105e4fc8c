import type { TrainingState } from './training-load';

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

/** What the background last derived from the history: weather, load, fatigue. */
export interface HistoryStatus {
  state: 'idle' | 'processing';
  message: string;
  runs: number;
  runsWithWeather: number;
  /** Runs whose weather is the 15 °C, dry, calm stand-in. */
  weatherFallbacks: number;
  /** Requests to Open-Meteo the last pass made. */
  weatherRequests: number;
  /** The home place used for runs without a start. */
  home?: { lat: number; lng: number; basis: 'setting' | 'most frequent start' };
  /** Fitness, fatigue and form today. */
  training?: TrainingState;
  lastProcessedAt?: number;
}

export const NOTHING_PROCESSED: HistoryStatus = {
  state: 'idle',
  message: '',
  runs: 0,
  runsWithWeather: 0,
  weatherFallbacks: 0,
  weatherRequests: 0,
};

/** Where the training of the runner's model stands. */
export interface TrainingStatus {
  state: 'idle' | 'training';
  message: string;
  /** Steps done and in all, while training. */
  progress?: { done: number; total: number };
  updatedAt: number;
}

export const NOT_TRAINING: TrainingStatus = { state: 'idle', message: '', updatedAt: 0 };

/** Spotify as the screens see it: never a token, only whether and as whom RunSound is connected. */
export interface SpotifyStatus {
  state: 'not-set-up' | 'disconnected' | 'connecting' | 'connected' | 'reconnect';
  message: string;
  /** The Spotify account's display name, when connected. */
  account?: string;
  /** When Spotify ends the link (six months after the sign-in): the runner connects again before. */
  linkEndsAt?: number;
}

/** The runner is reminded this long before their Spotify link ends. */
export const LINK_REMINDER_MS = 14 * 86_400_000;

/** "Your Spotify link ends on 1 June 2027." and, in its last two weeks, what to do; undefined when unknown. */
export function linkEndInWords(status: Pick<SpotifyStatus, 'state' | 'linkEndsAt'>, now: number, locale?: string): { text: string; soon: boolean } | undefined {
  if (status.state !== 'connected' || status.linkEndsAt === undefined) return undefined;
  const day = new Date(status.linkEndsAt).toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric' });
  const left = status.linkEndsAt - now;
  if (left <= 0) return { text: `Your Spotify link ended on ${day}: connect Spotify again in RunSound's settings.`, soon: true };
  if (left <= LINK_REMINDER_MS) {
    const days = Math.max(1, Math.ceil(left / 86_400_000));
    return { text: `Your Spotify link ends in ${days} ${days === 1 ? 'day' : 'days'} (${day}): Spotify asks you to sign in again every six months. Press Reconnect in RunSound's settings.`, soon: true };
  }
  return { text: `Your Spotify link lasts until ${day}; Spotify asks you to sign in again every six months.`, soon: false };
}

export const SPOTIFY_NOT_SET_UP: SpotifyStatus = {
  state: 'not-set-up',
  message: 'Spotify is not connected yet: add your Spotify app’s Client ID in RunSound’s settings.',
};
