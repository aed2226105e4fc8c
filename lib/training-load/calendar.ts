/**
 * Local calendar days and wall-clock times as plain numbers. Runs carry their start on the
 * runner's wall clock ("2026-11-25T18:00"); counting days on that clock, as if it were UTC,
 * keeps a run on the day the runner lived it and never meets daylight saving.
 */
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/;
const MS_PER_MINUTE = 60_000;
export const MINUTES_PER_DAY = 1440;

/** Minutes since 1970-01-01T00:00 on the same wall clock; NaN when the text is no local date. */
export function localMinutes(local: string): number {
  const match = LOCAL_DATE_TIME.exec(local);
  if (!match) return Number.NaN;
  const [, y, mo, d, h = '0', mi = '0'] = match;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)) / MS_PER_MINUTE;
}

/** Whole days since 1970-01-01 of a local date or date-time ("2026-11-25", "2026-11-25T18:00"). */
export function localDayNumber(local: string): number {
  return Math.floor(localMinutes(local.slice(0, 10)) / MINUTES_PER_DAY);
}

/** "2026-11-25" for a day number. */
export function localDateText(day: number): string {
  return new Date(day * MINUTES_PER_DAY * MS_PER_MINUTE).toISOString().slice(0, 10);
}

/** The Monday that starts the week of a day number (1970-01-01 was a Thursday). */
export function mondayOf(day: number): number {
  return day - ((((day + 3) % 7) + 7) % 7);
}

/**
 * Runs in start order, grouped by start minute. Everything RunSound derives from "the runs
 * before this one" counts only strictly earlier starts, so runs of the same minute (a
 * duplicate, a split recording) never see each other, whichever order they came in.
 */
export function groupByStart<T extends { startLocal: string; id: string }>(runs: readonly T[]): T[][] {
  // Ids order runs within a minute, so the result never depends on the order they came in.
  const sorted = [...runs].sort((a, b) => compareText(a.startLocal, b.startLocal) || compareText(a.id, b.id));
  const groups: T[][] = [];
  for (const run of sorted) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.startLocal === run.startLocal) last.push(run);
    else groups.push([run]);
  }
  return groups;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
