/**
 * Backing up everything RunSound keeps to one file, and restoring it in any browser: see
 * format.ts for the file, write.ts for making it, read.ts for checking one, restore.ts for
 * writing it back (merge or replace), carried.ts for which settings and state go in.
 */
export { CARRIED_SETTING_KEYS, CARRIED_SETTINGS, CARRIED_STATE, SETTINGS_LEFT_OUT } from './carried';
export { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, backupFileName, BackupRefused, type BackupHeader } from './format';
export { readBackup, tablesAt, type Backup, type ReadOptions, type ReadStep } from './read';
export { countsHere, previewBackup, restoreBackup, restoredInWords, type BackupPreview, type RestoreMode, type RestoreReport } from './restore';
export { makeBackup, type BackupOptions, type MadeBackup, type SettingsStore } from './write';
