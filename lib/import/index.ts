/**
 * Importing the runner's own Strava files: the export's activities.csv or a JSON array of API
 * activities, told apart by their content. Pure: bytes in, run facts and a report out; the
 * caller merges the runs into the database (lib/runs.ts mergeRun).
 */
import { importApiJsonText } from './api-json';
import { importExportCsvText, type ExportCsvOptions } from './export-csv';
import { ImportError, type ImportResult } from './report';
import { decodeActivitiesText, detectFormat, type ActivitiesInput } from './text';

export { importApiJson } from './api-json';
export { importExportCsv, parseExportDate, type ExportCsvOptions } from './export-csv';
export {
  ImportError,
  type ImportFormat,
  type ImportProgressOptions,
  type ImportReport,
  type ImportResult,
  type SkippedActivity,
} from './report';
export { decodeActivitiesText, detectFormat, type ActivitiesInput } from './text';

/**
 * Imports a file the runner picked, whichever of the two formats it is in. `fileName` only
 * makes messages clearer; the format is read from the content.
 */
export async function importActivitiesFile(fileName: string, content: ActivitiesInput, options: ExportCsvOptions): Promise<ImportResult> {
  try {
    const decoded = decodeActivitiesText(content);
    return detectFormat(decoded.text) === 'api-json'
      ? await importApiJsonText(decoded, options)
      : await importExportCsvText(decoded, options);
  } catch (error) {
    if (error instanceof ImportError) throw new ImportError(`${fileName}: ${error.message}`, { cause: error });
    throw error;
  }
}
