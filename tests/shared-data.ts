import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where the team's real Strava data lives: ../shared/data beside the project (absent in a bare clone). */
export const SHARED_DATA_DIR = resolve(process.cwd(), '..', 'shared', 'data');

/** The absolute path of a file in ../shared/data, or undefined when it is not there (tests then skip). */
export function sharedDataFile(relativePath: string): string | undefined {
  const path = resolve(SHARED_DATA_DIR, relativePath);
  return existsSync(path) ? path : undefined;
}
