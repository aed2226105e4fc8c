/**
 * RunSound's backup file: one JSON document, gzip-compressed, that any JSON tool can read once
 * unzipped. Its header names the format and its version, the RunSound that made it, the
 * database schema its rows are in, when it was made and how many rows each table holds.
 *
 * The writer puts one row per line (JSON never breaks a line inside a value), so a reader goes
 * through a history of 10,000 runs line by line, letting the page breathe between lines:
 *
 *   {"header":{...},
 *   "settings":{...},
 *   "tables":{
 *   "runs":[
 *   {...},
 *   {...}
 *   ],
 *   "models":[]
 *   }}
 */
import { z } from '../zod';

export const BACKUP_FORMAT = 'runsound-backup';
/** Bump when a reader of this version could not read what the writer now writes. */
export const BACKUP_FORMAT_VERSION = 1;

const countSchema = z.number().int().nonnegative();

/** What a reader checks first, whatever else a newer RunSound may have put in the header. */
export const headerBasicsSchema = z.looseObject({
  format: z.string(),
  formatVersion: z.number().int().positive(),
  appVersion: z.string().max(50).optional(),
  schemaVersion: z.number(),
});

export const backupHeaderSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
  /** The version of RunSound that made the file. */
  appVersion: z.string().max(50),
  /** The version of the database schema (lib/db.ts SCHEMA) the rows are in. */
  schemaVersion: z.number().int().positive(),
  /** When the file was made, ISO 8601 in UTC. */
  createdAt: z.iso.datetime(),
  /** Rows per table, and how many settings. */
  counts: z.object({ tables: z.record(z.string(), countSchema), settings: countSchema }),
});
export type BackupHeader = z.infer<typeof backupHeaderSchema>;

/** runsound-backup-2026-03-14.json.gz: the day it was made, on the runner's calendar. */
export function backupFileName(createdAt: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `runsound-backup-${createdAt.getFullYear()}-${pad(createdAt.getMonth() + 1)}-${pad(createdAt.getDate())}.json.gz`;
}

/**
 * Why a file cannot be restored, in words for the runner. `reason` tells the screens which
 * kind it is; in every case nothing has been changed.
 */
export class BackupRefused extends Error {
  override name = 'BackupRefused';
  constructor(
    readonly reason: 'not-a-backup' | 'newer' | 'damaged' | 'disk-full' | 'busy',
    message: string,
  ) {
    super(message);
  }
}

/** The same sentence wherever a file is found damaged. */
export function damaged(detail: string): BackupRefused {
  return new BackupRefused('damaged', `This backup file is damaged (${detail}). Nothing was changed. Try another copy of it, or make a new backup where your data is.`);
}
