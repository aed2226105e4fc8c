/**
 * "Delete all data": every job is stopped first (a sync, a training or a playlist under way
 * would write again what was just deleted), then the database's tables and the extension's storage are
 * emptied. RunSound is then as just installed; the periodic sync is set up again when the
 * worker next starts, and reads the runner's Strava history only from then on.
 */
import { browser } from 'wxt/browser';
import { openDb } from '@/storage/db';
import { pauseEveryJob } from './pause';
import { forget } from './predictions';
import { disconnectSpotify } from './spotify';

export async function deleteAllData(): Promise<void> {
  const resume = await pauseEveryJob();
  try {
    // Lets go of the tokens held in memory: a request under way can store nothing more.
    await disconnectSpotify();
    await browser.alarms.clearAll();
    const db = openDb();
    await db.transaction('rw', db.tables, () => Promise.all(db.tables.map((table) => table.clear())));
    await browser.storage.local.clear();
    await browser.storage.session.clear();
    forget();
  } finally {
    resume();
  }
}
