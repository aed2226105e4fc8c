/**
 * What an import of the runner's own Strava files gives back: the runs, and a report that
 * accounts for every activity in the file (imported, skipped as another sport, or skipped
 * with a reason), so that nothing disappears without the runner being told.
 */
import { runFactsSchema, type RunFacts, type RunSource } from '../runs';

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


/**
 * Why the background would refuse these run facts (the importRuns message checks each with
 * runFactsSchema), in the runner's words; undefined when it takes them.
 */
export function runFactsProblem(run: RunFacts): string | undefined {
  const parsed = runFactsSchema.safeParse(run, { reportInput: true });
  if (parsed.success) return undefined;
  const reasons = parsed.error.issues.slice(0, 3).map((issue) => {
    // The number that is wrong, except the start's milliseconds, which say nothing to a runner.
    const shown = 'input' in issue && typeof issue.input === 'number' && issue.path[0] !== 'startTime';
    const value = shown ? ` (${issue.input as number})` : '';
    return `${issue.message}${value}`;
  });
  return `Activity ${run.id}: ${reasons.join('; ')}.`;
}

/** What one row or item of a file turned out to be. */
export type ActivityOutcome = { run: RunFacts } | { otherSport: string } | { problem: string };

/** Counts every activity of a file into the runs and the report, and keeps each activity once. */
export class ImportTally {
  readonly runs: RunFacts[] = [];
  readonly report: ImportReport;
  private readonly keptById = new Map<string, { row: number; run: RunFacts }>();

  constructor(format: ImportFormat, private readonly rowWord: 'row' | 'item') {
    this.report = { format, rowsRead: 0, runs: 0, skipped: [], skippedBySport: {}, warnings: [] };
  }

  /** Adds the next row's outcome; true when it is a run that was kept (one runFactsSchema takes). */
  add(outcome: ActivityOutcome): boolean {
    this.report.rowsRead += 1;
    const row = this.report.rowsRead;
    const problem = 'run' in outcome ? runFactsProblem(outcome.run) : undefined;
    if (problem) outcome = { problem };
    if ('problem' in outcome) {
      this.report.skipped.push({ row, reason: outcome.problem });
      return false;
    }
    if ('otherSport' in outcome) {
      const sport = outcome.otherSport.trim() || '(no sport type)';
      this.report.skippedBySport[sport] = (this.report.skippedBySport[sport] ?? 0) + 1;
      return false;
    }
    const kept = this.keptById.get(outcome.run.id);
    if (kept) {
      // Real files repeat activities (API pages that overlap): the first one counts.
      const same = JSON.stringify(kept.run) === JSON.stringify(outcome.run);
      const reason = same
        ? `Activity ${outcome.run.id} again, the same as ${this.rowWord} ${kept.row}: read once.`
        : `Activity ${outcome.run.id} again, with other values than ${this.rowWord} ${kept.row}: the first one was kept.`;
      this.report.skipped.push({ row, reason });
      return false;
    }
    this.keptById.set(outcome.run.id, { row, run: outcome.run });
    this.runs.push(outcome.run);
    this.report.runs = this.runs.length;
    return true;
  }

  /** Checks a kept run again after a late change (a distance read in the file's unit), skipping it if now refused. */
  recheck(run: RunFacts): void {
    const problem = runFactsProblem(run);
    const kept = this.keptById.get(run.id);
    if (!problem || kept?.run !== run) return;
    this.keptById.delete(run.id);
    this.runs.splice(this.runs.indexOf(run), 1);
    this.report.runs = this.runs.length;
    this.report.skipped.push({ row: kept.row, reason: problem });
    this.report.skipped.sort((a, b) => a.row - b.row);
  }

  result(): ImportResult {
    return { runs: this.runs, report: this.report };
  }
}
