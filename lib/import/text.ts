/**
 * Turning the bytes of a file the runner picked into text, and telling an export CSV from an
 * API JSON file by what is in it (file names are often renamed; contents are not).
 */
import { ImportError, type ImportFormat } from './report';

/** A file's content: its raw bytes (preferred: the importer then finds the encoding) or text. */
export type ActivitiesInput = Uint8Array | ArrayBuffer | string;

export interface DecodedText {
  text: string;
  /** Set when the bytes were not UTF-8 and another encoding was used: the runner should know. */
  warning?: string;
}

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

function asBytes(input: Uint8Array | ArrayBuffer): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

function refuseArchive(bytes: Uint8Array): void {
  if (startsWith(bytes, ZIP_SIGNATURE)) {
    throw new ImportError(
      "This is a zip archive, not a list of activities. Open Strava's archive and import the activities.csv inside it.",
    );
  }
}

/**
 * Decodes a file's bytes. Strava writes UTF-8; a file re-saved by a spreadsheet may be UTF-16
 * (with a byte-order mark) or Windows-1252, which is tried when the bytes are not valid UTF-8.
 */
export function decodeActivitiesText(input: ActivitiesInput): DecodedText {
  if (typeof input === 'string') return { text: input.replace(/^\uFEFF/, '') };
  const bytes = asBytes(input);
  refuseArchive(bytes);
  if (startsWith(bytes, [0xff, 0xfe])) return { text: new TextDecoder('utf-16le').decode(bytes) };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: new TextDecoder('utf-16be').decode(bytes) };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(bytes),
      warning:
        "The file is not UTF-8 text, as Strava's own files are (was it re-saved by another program?). " +
        'It was read as Windows-1252 (Western European): check that accented letters in run names look right.',
    };
  }
}

/**
 * Which format a file is in, by its first visible character: JSON starts with "[" or "{",
 * anything else is read as the export CSV (whose header check then says what is wrong).
 */
export function detectFormat(input: ActivitiesInput): ImportFormat {
  const text = typeof input === 'string' ? input : decodeActivitiesText(input).text;
  const first = text.search(/[^\s\uFEFF]/);
  if (first === -1) throw new ImportError('The file is empty: there are no activities in it.');
  return text[first] === '[' || text[first] === '{' ? 'api-json' : 'export-csv';
}
