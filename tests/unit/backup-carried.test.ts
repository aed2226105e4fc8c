import { describe, expect, it } from 'vitest';
import { CARRIED_SETTING_KEYS, CARRIED_STATE, SETTINGS_LEFT_OUT } from '@/lib/backup';
import * as settings from '@/storage/settings';
import { CARRIED_SETTINGS } from '@/lib/backup/carried';

/** Every extension storage item RunSound defines, by its key in storage ("local:units" is "units"). */
const defined = (Object.values(settings) as unknown[])
  .flatMap((item) => (typeof item === 'object' && item !== null && 'key' in item && typeof item.key === 'string' ? [item.key] : []))
  .map((key) => key.replace(/^(local|session|sync|managed):/, ''));

describe('what a backup carries', () => {
  it('decides every setting RunSound keeps: carried, or left out with a reason', () => {
    const undecided = defined.filter((key) => !CARRIED_SETTING_KEYS.includes(key as never) && !(key in SETTINGS_LEFT_OUT));
    expect(undecided).toEqual([]);
    // Nothing decided that RunSound no longer keeps.
    expect([...CARRIED_SETTING_KEYS, ...Object.keys(SETTINGS_LEFT_OUT)].filter((key) => !defined.includes(key))).toEqual([]);
  });

  it('carries nothing that looks like a secret', () => {
    for (const key of [...CARRIED_SETTING_KEYS, ...Object.keys(CARRIED_STATE)]) expect(key).not.toMatch(/token|secret|verifier|password|pkce|auth/i);
  });
});

describe('the settings a backup carries are checked as the settings take them', () => {
  it('refuses heart rates out of range or in the wrong order, keys no setting has, and a track count the playlist refuses', () => {
    const { trainingLoad, playlistDefaults } = CARRIED_SETTINGS;
    expect(trainingLoad.safeParse({ restingHeartRate: 50, maxHeartRate: 190, method: 'heart-rate' }).success).toBe(true);
    expect(trainingLoad.safeParse({}).success).toBe(true);
    expect(trainingLoad.safeParse({ restingHeartRate: 180, maxHeartRate: 180 }).success).toBe(false);
    expect(trainingLoad.safeParse({ restingHeartRate: 20 }).success).toBe(false);
    expect(trainingLoad.safeParse({ restingHeartRate: 50, thresholdPaceSecondsPerKm: -1 }).success).toBe(false);
    expect(playlistDefaults.safeParse({ excludeExplicit: false, trackCount: 30 }).success).toBe(true);
    expect(playlistDefaults.safeParse({ excludeExplicit: false, trackCount: 3 }).success).toBe(false);
    expect(playlistDefaults.safeParse({ excludeExplicit: false, trackCount: 200 }).success).toBe(false);
  });
});
