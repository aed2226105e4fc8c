/** Settings shared by every part of the extension, kept in extension storage (never storage.sync for state). */
import { storage } from 'wxt/utils/storage';
import { NEVER_SYNCED, type SyncStatus } from '@/lib/sync-status';
import { unitsForLocale, type Units } from '@/lib/units';

export const unitsSetting = storage.defineItem<Units>('local:units', {
  init: () => unitsForLocale(globalThis.navigator?.language),
});

/** Who chose the units: the locale's default, Strava's preference (read on sync), or the runner. */
export const unitsSource = storage.defineItem<'locale' | 'strava' | 'runner'>('local:unitsSource', { fallback: 'locale' });

/** The Strava sync's state, written by the background, watched by every screen. */
export const syncStatus = storage.defineItem<SyncStatus>('local:syncStatus', { fallback: NEVER_SYNCED });
