import { describe, expect, it } from 'vitest';
import { detectFormat, ImportError, importActivitiesFile, type ImportFormat } from '@/lib/import';
import { EVENING_RUN, exportCsv, exportRow } from '../fixtures/import/strava-export';

const encode = (text: string) => new TextEncoder().encode(text);
const CSV = exportCsv([exportRow(EVENING_RUN)]);
const JSON_TEXT = JSON.stringify([
  { id: 1, name: 'Easy', type: 'Run', start_date: '2020-05-01T06:00:00Z', start_date_local: '2020-05-01T08:00:00Z', distance: 5000 },
]);

describe('detectFormat', () => {
  const cases: Array<[string, string | Uint8Array, ImportFormat]> = [
    ['a JSON array', JSON_TEXT, 'api-json'],
    ['JSON after blank lines', `\n  \n${JSON_TEXT}`, 'api-json'],
    ['a JSON object (refused later, with its own message)', '{"a": 1}', 'api-json'],
    ['JSON bytes with a byte-order mark', new Uint8Array([0xef, 0xbb, 0xbf, ...encode(JSON_TEXT)]), 'api-json'],
    ['the export CSV', CSV, 'export-csv'],
    ['the export CSV as bytes', encode(CSV), 'export-csv'],
    ['any other text (refused later by the header check)', 'hello', 'export-csv'],
  ];
  it.each(cases)('reads %s as %s', (_, content, format) => {
    expect(detectFormat(content)).toBe(format);
  });

  it.each([[''], ['  \n\t'], [new Uint8Array()]])('refuses an empty file (%j)', (content) => {
    expect(() => detectFormat(content)).toThrow(ImportError);
  });
});

describe('importActivitiesFile', () => {
  const named: Array<[string, string, ImportFormat]> = [
    ['activities.csv', CSV, 'export-csv'],
    ['activities.json', JSON_TEXT, 'api-json'],
    // Renamed files are read by what is in them.
    ['activities.json', CSV, 'export-csv'],
    ['export.csv', JSON_TEXT, 'api-json'],
  ];
  it.each(named)('imports %s holding %s by its content', async (fileName, text, format) => {
    const { runs, report } = await importActivitiesFile(fileName, encode(text).buffer, { timeZone: 'Europe/Paris' });
    expect(report.format).toBe(format);
    expect(runs).toHaveLength(1);
  });

  it('reads UTF-16 with a byte-order mark, as a spreadsheet may save it', async () => {
    const utf16 = new Uint8Array(2 + CSV.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let index = 0; index < CSV.length; index += 1) utf16[2 + index * 2] = CSV.charCodeAt(index);
    const { runs } = await importActivitiesFile('activities.csv', utf16, { timeZone: 'UTC' });
    expect(runs[0]).toMatchObject({ id: '7926971219', startLocal: '2022-10-06T23:19' });
  });

  const refused: Array<[string, Uint8Array, RegExp]> = [
    ['empty.csv', new Uint8Array(), /^empty\.csv: The file is empty/],
    ['export_1234.zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]), /^export_1234\.zip: This is a zip archive/],
    ['runs.json', encode('[{"id": 1'), /^runs\.json: This file is not valid JSON/],
    [
      'activités.csv',
      encode("ID de l'activité,Date de l'activité,Type d'activité\n"),
      /^activités\.csv: .*missing Activity ID, Activity Date, Activity Type, Distance/,
    ],
  ];
  it.each(refused)('names the file in the message when it refuses %s', async (fileName, bytes, message) => {
    const error = await importActivitiesFile(fileName, bytes, { timeZone: 'UTC' }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toMatch(message);
  });
});
