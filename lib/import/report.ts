/**
 * What an import of the runner's own Strava files gives back: the runs, and a report that
 * accounts for every activity in the file (imported, skipped as another sport, or skipped
 * with a reason), so that nothing disappears without the runner being told.
 */
import type { RunFacts, RunSource, RunSportType } from '../runs';

/** The two file formats RunSound imports; the same names as the runs' sources. */
export type ImportFormat = Exclude<RunSource, 'session'>;

export interface SkippedActivity {
  /** The activity's 1-based position in the file: the data row after the header, or the array item. */
  row: number;
  reason: string;
}

/**
 * rowsRead = runs + skipped.length + the sum of skippedBySport: other sports are expected and
 * only counted, while `skipped` lists runs (or unreadable rows) that were lost, each with why.
 */
export interface ImportReport {
  format: ImportFormat;
  rowsRead: number;
  runs: number;
  skipped: SkippedActivity[];
  /** Activities of other sports, by the name the file gives them ("Walk", "Weight Training"). */
  skippedBySport: Record<string, number>;
  /** Things the runner should know about the whole file (its text encoding, a guessed unit). */
  warnings: string[];
}

export interface ImportResult {
  runs: RunFacts[];
  report: ImportReport;
}

/** The whole file cannot be imported; the message is for the runner, in plain words. */
export class ImportError extends Error {
  override name = 'ImportError';
}

export interface ImportProgressOptions {
  /** Called after each chunk with the share of the file read so far, from 0 to 1. */
  onProgress?: (fraction: number) => void;
  /** How the importer lets the page breathe between chunks; tests hand in their own. */
  yieldToEventLoop?: () => Promise<void>;
}

export function yieldWithTimeout(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

const RUN_SPORT_TYPES: ReadonlySet<string> = new Set<RunSportType>(['Run', 'TrailRun', 'VirtualRun']);

/**
 * The run sport type for Strava's name of a sport, or undefined for other sports. The export
 * writes display names with spaces ("Trail Run", "Virtual Run"), the API writes "TrailRun".
 */
export function runSportType(stravaSport: string): RunSportType | undefined {
  const compact = stravaSport.replace(/\s+/g, '');
  return RUN_SPORT_TYPES.has(compact) ? (compact as RunSportType) : undefined;
}

/** Counts an activity of another sport under the name the file gives it. */
export function countOtherSport(report: ImportReport, stravaSport: string): void {
  const key = stravaSport.trim() || '(no sport type)';
  report.skippedBySport[key] = (report.skippedBySport[key] ?? 0) + 1;
}

export function emptyReport(format: ImportFormat): ImportReport {
  return { format, rowsRead: 0, runs: 0, skipped: [], skippedBySport: {}, warnings: [] };
}
