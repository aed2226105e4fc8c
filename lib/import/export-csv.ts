/**
 * Strava's "Download your data" activities.csv (English headers), read into run facts.
 *
 * Columns are found by the position of each header occurrence, because Strava repeats names:
 * the first "Distance" is rounded in the runner's display units, the second is in metres;
 * "Elapsed Time", "Max Heart Rate", "Relative Effort" and "Commute" also appear twice.
 * "Activity Date" is UTC and the file has no time zone, so the caller names the runner's one.
 */
import Papa from 'papaparse';
import { EARLIEST_RUN_YEAR, runSportType, type RunFacts } from '../runs';
import { wallClockFormatter } from '../time';
import { METERS_PER_KM, METERS_PER_MILE, type Units } from '../units';
import {
  ImportError,
  ImportTally,
  yieldWithTimeout,
  type ActivityOutcome,
  type ImportProgressOptions,
  type ImportResult,
} from './report';
import { decodeActivitiesText, type ActivitiesInput, type DecodedText } from './text';

export interface ExportCsvOptions extends ImportProgressOptions {
  /** The runner's IANA time zone ("Europe/Paris"), for the local start the export lacks. */
  timeZone: string;
  /**
   * The runner's Strava display units, used only when a run has no metre distance and the
   * file itself does not show which unit its rounded "Distance" column is in.
   */
  units?: Units;
}

/** About 40 chunks for a 20 MB file: small enough to keep the page responsive. */
const CHUNK_CHARACTERS = 512 * 1024;

interface ExportColumns {
  width: number;
  id: number;
  date: number;
  type: number;
  name?: number;
  /** The first "Distance" when there are two (or the only one): rounded, in display units. */
  distanceDisplay?: number;
  /** The second "Distance": metres. */
  distanceMeters?: number;
  /** Repeated columns, the one to prefer first (the later, unrounded occurrence). */
  elapsedTime: number[];
  maxHeartRate: number[];
  movingTime?: number;
  elevationGain?: number;
  averageCadence?: number;
  averageHeartRate?: number;
}

function headerPositions(header: string[]): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  header.forEach((name, index) => {
    const key = name.trim();
    positions.set(key, [...(positions.get(key) ?? []), index]);
  });
  return positions;
}

const DELIMITER_NAMES: Array<[string, string]> = [
  [';', 'semicolons'],
  ['\t', 'tabs'],
  ['|', 'vertical bars'],
];

/** Finds the columns RunSound reads, or says in plain words why this is not Strava's English export. */
function exportColumns(header: string[]): ExportColumns {
  const positions = headerPositions(header);
  const at = (name: string) => positions.get(name) ?? [];
  const distances = at('Distance');
  const missing = ['Activity ID', 'Activity Date', 'Activity Type', 'Distance'].filter((name) => at(name).length === 0);
  if (missing.length > 0) {
    const joined = header.join(',');
    const delimiter = header.length === 1 ? DELIMITER_NAMES.find(([character]) => joined.includes(character)) : undefined;
    if (delimiter) {
      throw new ImportError(
        `This file's columns are separated by ${delimiter[1]}, not by commas as in Strava's export ` +
          '(was it re-saved by a spreadsheet?). Import the activities.csv from Strava\'s archive as it is.',
      );
    }
    throw new ImportError(
      `This file's columns are not the ones of Strava's English export: missing ${missing.join(', ')}. ` +
        "Strava names the columns in your account's language: switch strava.com to English, request your archive again " +
        'and import its activities.csv.',
    );
  }
  const only = (name: string) => at(name)[0];
  return {
    width: header.length,
    id: only('Activity ID')!,
    date: only('Activity Date')!,
    type: only('Activity Type')!,
    name: only('Activity Name'),
    distanceDisplay: distances[0],
    distanceMeters: distances[1],
    elapsedTime: [...at('Elapsed Time')].reverse(),
    maxHeartRate: [...at('Max Heart Rate')].reverse(),
    movingTime: only('Moving Time'),
    elevationGain: only('Elevation Gain'),
    averageCadence: only('Average Cadence'),
    averageHeartRate: only('Average Heart Rate'),
  };
}

function numberAt(row: string[], index: number | undefined): number | undefined {
  if (index === undefined) return undefined;
  const text = row[index]?.trim();
  if (!text) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function firstNumber(row: string[], indexes: number[]): number | undefined {
  for (const index of indexes) {
    const value = numberAt(row, index);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Heart rate and cadence of 0 mean "not recorded", never a real value. */
function recorded(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// "Oct 6, 2022, 11:19:20 PM" (English exports); \s also matches the narrow no-break space.
const ENGLISH_DATE = /^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),\s*(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp])\.?[Mm]\.?$/;
// "2019-05-12 14:23:11", as some older exports wrote it.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?Z?$/;

/** Epoch milliseconds for the export's "Activity Date" (UTC), or undefined when unreadable. */
export function parseExportDate(text: string): number | undefined {
  let parts: [number, number, number, number, number, number] | undefined;
  const english = ENGLISH_DATE.exec(text.trim());
  if (english) {
    const month = MONTHS.indexOf(english[1]!.toLowerCase());
    const hour12 = Number(english[4]);
    if (month === -1 || hour12 < 1 || hour12 > 12) return undefined;
    const afternoon = english[7]!.toLowerCase() === 'p';
    const hour = (hour12 % 12) + (afternoon ? 12 : 0);
    parts = [Number(english[3]), month, Number(english[2]), hour, Number(english[5]), Number(english[6] ?? 0)];
  } else {
    const iso = ISO_DATE.exec(text.trim());
    if (!iso) return undefined;
    parts = [Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]), Number(iso[4]), Number(iso[5]), Number(iso[6] ?? 0)];
  }
  const [year, month, day, hour, minute, second] = parts;
  // Date.UTC reads the years 0 to 99 as 1900 to 1999: "0099" is a typo, not 1999.
  if (year < EARLIEST_RUN_YEAR) return undefined;
  const time = Date.UTC(year, month, day, hour, minute, second);
  const check = new Date(time);
  // Date.UTC rolls "Feb 30" over into March: refuse instead of inventing a date.
  if (check.getUTCMonth() !== month || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  return time;
}

/** "YYYY-MM-DDTHH:mm" on the wall clock of a time zone, with the runner's words for a bad zone. */
function localWallClock(timeZone: string): (time: number) => string {
  try {
    return wallClockFormatter(timeZone);
  } catch {
    throw new ImportError(`"${timeZone}" is not a time zone RunSound knows: expected a name such as "Europe/Paris".`);
  }
}

/** A run may also carry its rounded distance, for the display unit to be settled at the end. */
type RowOutcome = ActivityOutcome & { displayDistance?: number; metersPerDisplayUnit?: number };

function readRow(row: string[], columns: ExportColumns, wallClock: (time: number) => string): RowOutcome {
  if (row.length !== columns.width) {
    return {
      problem:
        row.length < columns.width
          ? `Only ${row.length} of the ${columns.width} columns: the file looks cut off here.`
          : `${row.length} columns where the header has ${columns.width}: a value may hold a comma without quotes.`,
    };
  }
  const sport = row[columns.type]!.trim();
  const sportType = runSportType(sport);
  if (!sportType) return { otherSport: sport };
  const id = row[columns.id]!.trim();
  if (!/^\d+$/.test(id)) return { problem: id ? `Activity ID "${id}" is not a number.` : 'No Activity ID.' };
  const dateText = row[columns.date]!;
  const startTime = parseExportDate(dateText);
  if (startTime === undefined) return { problem: `Activity Date "${dateText.trim()}" is not a date RunSound can read.` };

  const cadencePerLeg = recorded(numberAt(row, columns.averageCadence));
  const run: RunFacts = {
    id,
    name: columns.name === undefined ? '' : row[columns.name]!.trim(),
    sportType,
    // The export has no trainer column: only a Virtual Run is known to be on a treadmill.
    isTreadmill: sportType === 'VirtualRun',
    startTime,
    startLocal: wallClock(startTime),
  };
  const distanceMeters = numberAt(row, columns.distanceMeters);
  const displayDistance = numberAt(row, columns.distanceDisplay);
  const optional: Partial<RunFacts> = {
    distanceMeters,
    movingTimeSeconds: numberAt(row, columns.movingTime),
    elapsedTimeSeconds: firstNumber(row, columns.elapsedTime),
    elevationGainMeters: numberAt(row, columns.elevationGain),
    averageCadenceSpm: cadencePerLeg === undefined ? undefined : cadencePerLeg * 2,
    averageHeartRate: recorded(numberAt(row, columns.averageHeartRate)),
    maxHeartRate: recorded(firstNumber(row, columns.maxHeartRate)),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (run as unknown as Record<string, unknown>)[key] = value;
  }
  if (distanceMeters === undefined && displayDistance !== undefined) return { run, displayDistance };
  const metersPerDisplayUnit =
    distanceMeters !== undefined && displayDistance !== undefined && displayDistance > 0 ? distanceMeters / displayDistance : undefined;
  return { run, metersPerDisplayUnit };
}

/**
 * Which unit the rounded "Distance" column is in, told by the rows that have both distances
 * (metres / rounded value is about 1000 for km and 1609 for miles).
 */
class DisplayUnitVotes {
  private km = 0;
  private miles = 0;

  add(metersPerDisplayUnit: number): void {
    if (Math.abs(metersPerDisplayUnit / METERS_PER_KM - 1) < 0.02) this.km += 1;
    else if (Math.abs(metersPerDisplayUnit / METERS_PER_MILE - 1) < 0.02) this.miles += 1;
  }

  metersPerUnit(): number | undefined {
    if (this.km === 0 && this.miles === 0) return undefined;
    return this.miles > this.km ? METERS_PER_MILE : METERS_PER_KM;
  }
}

/** Imports an export CSV that is already text (see {@link importExportCsv}). */
export async function importExportCsvText(decoded: DecodedText, options: ExportCsvOptions): Promise<ImportResult> {
  const { text } = decoded;
  if (!/[^\s,]/.test(text)) throw new ImportError('The file is empty: there are no activities in it.');
  const wallClock = localWallClock(options.timeZone);
  const yieldToEventLoop = options.yieldToEventLoop ?? yieldWithTimeout;
  const tally = new ImportTally('export-csv', 'row');
  if (decoded.warning) tally.report.warnings.push(decoded.warning);
  const needingDisplayUnit: Array<{ run: RunFacts; displayDistance: number }> = [];
  const votes = new DisplayUnitVotes();
  let columns: ExportColumns | undefined;

  const readRows = (rows: string[][], lastRowUnterminated: boolean) => {
    rows.forEach((row, indexInChunk) => {
      if (!columns) {
        columns = exportColumns(row);
        return;
      }
      const outcome: RowOutcome =
        lastRowUnterminated && indexInChunk === rows.length - 1
          ? { problem: 'A quoted value never ends: the file looks cut off here.' }
          : readRow(row, columns, wallClock);
      if (!tally.add(outcome) || !('run' in outcome)) return;
      if (outcome.displayDistance !== undefined) needingDisplayUnit.push({ run: outcome.run, displayDistance: outcome.displayDistance });
      if (outcome.metersPerDisplayUnit !== undefined) votes.add(outcome.metersPerDisplayUnit);
    });
  };

  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(text, {
      // Never guessed: a file with another delimiter is refused by the header check, with its name.
      delimiter: ',',
      skipEmptyLines: 'greedy',
      chunkSize: CHUNK_CHARACTERS,
      chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser) {
        parser.pause();
        try {
          // Only the last chunk reports it (earlier ones keep an open row for the next), and
          // an unterminated quote swallows the rest of the file: it is the chunk's last row.
          readRows(results.data, results.errors.some((error) => error.code === 'MissingQuotes'));
          options.onProgress?.(Math.min(1, results.meta.cursor / text.length));
        } catch (error) {
          // Rejected first: abort() calls complete(), whose resolve() would otherwise win.
          reject(error);
          parser.abort();
          return;
        }
        yieldToEventLoop()
          .then(() => parser.resume())
          .catch(reject);
      },
      complete: () => resolve(),
    });
  });

  if (!columns) throw new ImportError('The file is empty: there are no activities in it.');
  if (needingDisplayUnit.length > 0) {
    let metersPerUnit = votes.metersPerUnit();
    if (metersPerUnit === undefined) {
      const units = options.units ?? 'metric';
      metersPerUnit = units === 'imperial' ? METERS_PER_MILE : METERS_PER_KM;
      tally.report.warnings.push(
        `Runs with only the rounded Distance column (${needingDisplayUnit.length}) were read in ` +
          `${units === 'imperial' ? 'miles' : 'kilometres'}, your Strava display units.`,
      );
    }
    for (const { run, displayDistance } of needingDisplayUnit) {
      run.distanceMeters = displayDistance * metersPerUnit;
      tally.recheck(run);
    }
  }
  if (tally.report.rowsRead === 0) tally.report.warnings.push("The file has the columns of Strava's export but no activities.");
  return tally.result();
}

/**
 * Imports Strava's export activities.csv in chunks, letting the event loop run between them so
 * that a 20 MB file does not freeze the page. Throws an {@link ImportError} when the whole file
 * cannot be read; damaged rows are skipped and listed in the report.
 */
export async function importExportCsv(input: ActivitiesInput, options: ExportCsvOptions): Promise<ImportResult> {
  return importExportCsvText(decodeActivitiesText(input), options);
}
