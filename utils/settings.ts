/** Settings shared by every part of the extension, kept in extension storage (never storage.sync for state). */
import { storage } from 'wxt/utils/storage';
import { unitsForLocale, type Units } from '@/lib/units';

export const unitsSetting = storage.defineItem<Units>('local:units', {
  init: () => unitsForLocale(globalThis.navigator?.language),
});
