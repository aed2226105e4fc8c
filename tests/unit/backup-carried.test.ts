import { describe, expect, it } from 'vitest';
import { CARRIED_SETTING_KEYS, CARRIED_STATE, SETTINGS_LEFT_OUT } from '@/lib/backup';
import * as settings from '@/storage/settings';

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
