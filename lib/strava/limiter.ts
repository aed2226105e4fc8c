/**
 * A polite budget for requests to strava.com, like Sauce for Strava's: at most 30 a minute,
 * 200 an hour and 700 a day, and an exponential back-off (30 s × 2^n) after each HTTP 429.
 * Pure: the state is data the caller keeps in IndexedDB (never in storage.sync, where a
 * stuck limiter once followed a Sauce user across devices for weeks).
 */
export interface LimiterState {
  /** Start times (epoch ms) of the requests of the last day, oldest first. */
  requests: number[];
  /** No request before this time (epoch ms), after a 429. */
  backoffUntil: number;
  /** How long the back-off was (ms): one that ends further ahead than this, the clock went back since. */
  backoffMs?: number;
  /** How many 429s in a row: the next back-off is 30 s × 2^level. */
  backoffLevel: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const STRAVA_BUDGETS = [
  { name: 'minute', windowMs: MINUTE, max: 30 },
  { name: 'hour', windowMs: HOUR, max: 200 },
  { name: 'day', windowMs: DAY, max: 700 },
] as const;

const BACKOFF_BASE_MS = 30_000;
/** Six doublings: the longest back-off is 32 minutes, then it stays there. */
const MAX_BACKOFF_LEVEL = 6;

export const EMPTY_LIMITER: LimiterState = { requests: [], backoffUntil: 0, backoffLevel: 0 };

function recent(state: LimiterState, now: number): number[] {
  return state.requests.filter((time) => time > now - DAY && time <= now);
}

/** The earliest time (epoch ms, ≥ now) at which the next request fits every budget. */
export function nextAllowedAt(state: LimiterState, now: number): number {
  const requests = recent(state, now);
  // A back-off ending further ahead than it ever lasted means the clock was set back since: its end
  // is unknowable, so it is over (one request finds out; another 429 backs off again).
  const backoffUntil = state.backoffMs !== undefined && state.backoffUntil - now > state.backoffMs ? 0 : state.backoffUntil;
  let at = Math.max(now, backoffUntil);
  for (const budget of STRAVA_BUDGETS) {
    const inWindow = requests.filter((time) => time > now - budget.windowMs);
    if (inWindow.length >= budget.max) {
      // The window frees a place when its oldest request in the window leaves it.
      const oldest = inWindow[inWindow.length - budget.max]!;
      at = Math.max(at, oldest + budget.windowMs);
    }
  }
  return at;
}

export function recordRequest(state: LimiterState, now: number): LimiterState {
  return { ...state, requests: [...recent(state, now), now] };
}

/** After an HTTP 429: wait 30 s × 2^n (or what Strava asked, if longer). */
export function recordThrottled(state: LimiterState, now: number, retryAfterMs = 0): LimiterState {
  const level = Math.min(state.backoffLevel, MAX_BACKOFF_LEVEL);
  const wait = Math.max(BACKOFF_BASE_MS * 2 ** level, retryAfterMs);
  return { ...state, backoffUntil: now + wait, backoffMs: wait, backoffLevel: level + 1 };
}

/** A request that went through ends the back-off. */
export function recordSuccess(state: LimiterState): LimiterState {
  return state.backoffLevel === 0 ? state : { ...state, backoffLevel: 0 };
}

/** Requests left in each window now, for the progress display. */
export function requestsLeft(state: LimiterState, now: number): Record<(typeof STRAVA_BUDGETS)[number]['name'], number> {
  const requests = recent(state, now);
  const left = ({ windowMs, max }: { windowMs: number; max: number }) =>
    Math.max(0, max - requests.filter((time) => time > now - windowMs).length);
  const [minute, hour, day] = STRAVA_BUDGETS;
  return { minute: left(minute), hour: left(hour), day: left(day) };
}

/** The budget with the longest window, which also allows the most requests: the slowest pace in the long run. */
const DAY_BUDGET = STRAVA_BUDGETS[2];

/**
 * When `count` more requests would be done if each went at the first moment the budget allows:
 * the ETA of a sync. Simulates the budget, so it is exact about the hourly and daily caps.
 *
 * A sync asks before every run, with every run left: the simulation must not grow with the
 * runs. Requests are simulated in time order, so the one that frees a window's next place is
 * found by its index. And once the back-off is past and a whole day's budget of simulated
 * requests each came a day after the one a day's budget before it, every later one does too
 * (each is the latest of the same few earlier ones, each a day later): the last one is read off
 * that pattern. Filtering the whole day again for every simulated request took 0.7 s at 8,000
 * runs left, before each run.
 */
export function estimateFinish(state: LimiterState, count: number, now: number): number {
  // Oldest first, as recordRequest keeps them while the clock goes forward.
  const times = recent(state, now).sort((a, b) => a - b);
  const known = times.length;
  const period = DAY_BUDGET.max;
  let repeating = 0;
  let at = now;
  for (let i = 0; i < count; i++) {
    const from = at;
    // As nextAllowedAt: a back-off ending further ahead than it ever lasted is over (the clock went back).
    const backoffOver = state.backoffMs !== undefined && state.backoffUntil - from > state.backoffMs;
    at = Math.max(from, backoffOver ? 0 : state.backoffUntil);
    for (const budget of STRAVA_BUDGETS) {
      // Every simulated request is at or before `from`: the window's requests are the last ones.
      const oldestInFullWindow = times[times.length - budget.max];
      if (oldestInFullWindow !== undefined && oldestInFullWindow > from - budget.windowMs) {
        at = Math.max(at, oldestInFullWindow + budget.windowMs);
      }
    }
    times.push(at);
    const last = times.length - 1;
    repeating = last - period >= known && at === times[last - period]! + DAY_BUDGET.windowMs ? repeating + 1 : 0;
    if (repeating >= period && state.backoffUntil <= times[last + 1 - 2 * period]!) {
      const left = count - 1 - i;
      const days = Math.ceil(left / period);
      return times[last + left - days * period]! + days * DAY_BUDGET.windowMs;
    }
  }
  return at;
}
