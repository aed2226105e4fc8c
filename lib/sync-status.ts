import type { LoadMethod, TrainingState } from './training-load';

/** What the background tells every screen about the Strava sync, as it changes. */
export interface SyncStatus {
  state: 'never' | 'syncing' | 'waiting' | 'done' | 'logged-out' | 'error';
  /** In plain words, for the runner. */
  message: string;
  /** What strava.com answered where, when the sync stopped on it: behind a details toggle only. */
  detail?: string;
  runsKnown: number;
  runsWithDetails: number;
  requestsLeft?: { minute: number; hour: number; day: number };
  /** When the sync should be done at the budget's pace (epoch ms). */
  etaAt?: number;
  /** When a waiting sync goes on by itself (epoch ms). */
  resumeAt?: number;
  lastCompletedAt?: number;
  /** The runs the last completed sync added (from its start to its end), and those it could not read (tried again later). */
  lastAdded?: number;
  lastFailed?: number;
  /** The runs stored when the sync under way began (it may wait for its budget, or a stopped worker, and resume). */
  runsAtStart?: number;
  updatedAt: number;
}

export const NEVER_SYNCED: SyncStatus = {
  state: 'never',
  message: 'RunSound has not read your Strava history yet.',
  runsKnown: 0,
  runsWithDetails: 0,
  updatedAt: 0,
};

/** The one action that helps the runner's history along now. */
export type HistoryAction = 'sync' | 'log-in' | 'import';

export interface HistoryWords {
  /** "1,008 runs stored in this browser." */
  stored: string;
  /** Where the Strava sync stands, in one or two sentences. */
  state: string;
  tone: 'ok' | 'busy' | 'problem';
  action?: HistoryAction;
}

function runsCount(count: number, locale?: string): string {
  return `${count.toLocaleString(locale)} ${count === 1 ? 'run' : 'runs'}`;
}

/** "today at 10:42", "yesterday at 18:05", "on 3 May" */
export function whenInWords(epochMs: number, now: number, locale?: string): string {
  const day = (ms: number) => new Date(ms).toDateString();
  const time = new Date(epochMs).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (day(epochMs) === day(now)) return `today at ${time}`;
  if (day(epochMs) === day(now - 86_400_000)) return `yesterday at ${time}`;
  return `on ${new Date(epochMs).toLocaleDateString(locale, { day: 'numeric', month: 'long' })}`;
}

/**
 * The history and its sync in words, the same on every screen: how many runs are stored (counted
 * in the database, so an import shows at once) and what the sync does or last did, with the one
 * action that helps. Offline, logged out and empty each say one thing.
 */
export function historyInWords(
  status: SyncStatus,
  runsStored: number | undefined,
  options: { online: boolean; now: number; locale?: string },
): HistoryWords {
  const { locale } = options;
  const stored = runsStored === undefined ? 'Counting your runs…' : `${runsCount(runsStored, locale)} stored in this browser.`;
  const have = runsStored ?? 0;
  const kept = have ? ` Your ${runsCount(have, locale)} stay here.` : '';
  if (status.state === 'syncing' || status.state === 'waiting') {
    if (!options.online) return { stored, state: `You are offline: RunSound goes on reading strava.com once you are back online.${kept}`, tone: 'problem' };
    return { stored, state: status.message, tone: 'busy' };
  }
  if (!options.online) return { stored, state: `You are offline: RunSound reads your new runs from strava.com once you are back online.${kept}`, tone: 'problem' };
  switch (status.state) {
    case 'logged-out':
      return {
        stored,
        state: `You are logged out of strava.com. Log in there in this browser, then sync: RunSound reads your runs with that login (it never sees your password).${kept}`,
        tone: 'problem',
        action: 'log-in',
      };
    case 'error':
      return { stored, state: status.message, tone: 'problem', action: 'sync' };
    case 'never':
      return {
        stored,
        state: have
          ? `RunSound has not read strava.com yet: a sync adds the runs newer than your ${runsCount(have, locale)}.`
          : 'RunSound has not read your Strava history yet.',
        tone: 'ok',
        action: 'sync',
      };
    case 'done': {
      if (!have) {
        return {
          stored,
          state: 'strava.com lists no runs of yours yet. If your runs are in a Strava export, import it; otherwise RunSound finds your next run by itself.',
          tone: 'ok',
          action: 'import',
        };
      }
      const checked = status.lastCompletedAt ? ` (checked ${whenInWords(status.lastCompletedAt, options.now, locale)})` : '';
      const added =
        status.lastAdded === undefined ? '' : status.lastAdded === 0 ? ': no new runs' : `: ${runsCount(status.lastAdded, locale)} added`;
      const failed = status.lastFailed
        ? ` ${runsCount(status.lastFailed, locale)} could not be read; RunSound tries ${status.lastFailed === 1 ? 'it' : 'them'} again tomorrow.`
        : '';
      return { stored, state: `Up to date with strava.com${checked}${added}.${failed}`, tone: 'ok' };
    }
  }
}

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
  home?: { lat: number; lng: number; name?: string; basis: 'setting' | 'most frequent start' };
  /** Fitness, fatigue and form today. */
  training?: TrainingState;
  /** What training load is measured with today: the method, the heart rates and where they come from. */
  load?: {
    method: LoadMethod;
    restingHeartRate: number;
    restingFrom: 'setting' | 'default';
    maxHeartRate: number;
    maxFrom: 'setting' | 'runs' | 'default';
    /** Runs whose load came from their heart rate, and from their pace. */
    byHeartRate: number;
    byPace: number;
  };
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
