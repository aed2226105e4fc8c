import { describe, expect, it } from 'vitest';
import {
  accuracyInWords,
  energyInWords,
  moodInWords,
  profileChangeInWords,
  profileInWords,
  profileSourceInWords,
  type MusicProfile,
  type ProfileTarget,
} from '@/lib/model/profile';
import { PRIOR_ENERGY } from '@/lib/model/prior';

const target = (value: number, source: ProfileTarget['source'] = 'prior'): ProfileTarget => ({ value, source, reasons: [] });
const profile = (tempo: number, energy: number, valence: number): MusicProfile => ({ tempo: target(tempo), energy: target(energy), valence: target(valence) });

describe('the profile in words', () => {
  it.each([
    [0, 'Low energy'],
    [PRIOR_ENERGY.easy, 'Low energy'],
    [0.5, 'Moderate energy'],
    [PRIOR_ENERGY.steady, 'Moderate energy'],
    [PRIOR_ENERGY.tempo, 'High energy'],
    [1, 'High energy'],
  ])('energy %s is "%s"', (value, words) => expect(energyInWords(value)).toBe(words));

  it.each([
    [0.1, 'Moody'],
    [0.45, 'Neutral'],
    [0.6, 'Upbeat'],
    [0.9, 'Joyful'],
  ])('valence %s is "%s"', (value, words) => expect(moodInWords(value)).toBe(words));

  it('reads in one line', () => {
    expect(profileInWords(profile(158, 0.75, 0.62))).toBe('158 BPM · High energy · Upbeat');
  });

  it('announces only what changed', () => {
    const before = profile(158, 0.45, 0.6);
    expect(profileChangeInWords(undefined, before)).toBe('Tempo 158 BPM, low energy, upbeat');
    expect(profileChangeInWords(before, profile(162, 0.47, 0.61))).toBe('Tempo 162 BPM');
    expect(profileChangeInWords(before, profile(158, 0.85, 0.7))).toBe('High energy');
    expect(profileChangeInWords(before, profile(158, 0.46, 0.62))).toBeUndefined();
  });

  it('names its source: the model, the prior or both', () => {
    expect(profileSourceInWords(profile(158, 0.5, 0.6))).toBe('research prior');
    expect(profileSourceInWords({ ...profile(158, 0.5, 0.6), energy: target(0.5, 'model') })).toBe('your model + research prior');
    const all = { tempo: target(158, 'model'), energy: target(0.5, 'model'), valence: target(0.6, 'model') };
    expect(profileSourceInWords(all)).toBe('your model');
  });

  it('says how good a target is in plain words, never as R²', () => {
    const accuracy = { r2: 0.81, mae: 1.6, baselineMae: 6.04, nTrain: 690, nTest: 173 };
    expect(accuracyInWords('tempo', { ...target(160, 'model'), accuracy })).toBe(
      'Learned from 863 of your runs: predicts your cadence within ±2 steps/min on your newest runs (always guessing your usual: ±6 steps/min).',
    );
    expect(accuracyInWords('energy', { ...target(0.6, 'model'), accuracy: { ...accuracy, mae: 0.09, baselineMae: 0.12 } })).toContain('within ±9 points out of 100');
    expect(accuracyInWords('valence', target(0.6))).toBe('From research on runners, not yet from your own runs.');
  });
});
