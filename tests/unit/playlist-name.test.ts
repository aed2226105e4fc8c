import { describe, expect, it } from 'vitest';
import type { MusicProfile } from '@/lib/model/profile';
import type { PacePlan, RunType } from '@/lib/plan';
import {
  PLAYLIST_RUN_NAMES,
  playlistDescription,
  playlistName,
  SPOTIFY_DESCRIPTION_MAX,
  SPOTIFY_NAME_MAX,
  spotifyText,
} from '@/lib/playlist/name';
import type { Units } from '@/lib/units';

const profile = (tempo: number, energy: number, valence: number, source: 'prior' | 'model' = 'model'): MusicProfile => ({
  tempo: { value: tempo, source, reasons: [] },
  energy: { value: energy, source, reasons: [] },
  valence: { value: valence, source, reasons: [] },
});

describe('playlistName', () => {
  const cases: Array<[RunType, number, number, number, Units, string]> = [
    ['tempo', 315, 10_000, 165, 'metric', 'Tempo Run | 5:15/km | 10.0km @ 165 BPM'],
    ['tempo', 315, 10_000, 165, 'imperial', 'Tempo Run | 8:27/mi | 6.2mi @ 165 BPM'],
    ['easy', 360, 10_000, 162.4, 'metric', 'Easy Run | 6:00/km | 10.0km @ 162 BPM'],
    ['recovery', 400, 5_000, 155, 'metric', 'Recovery Run | 6:40/km | 5.0km @ 155 BPM'],
    ['long', 345, 21_097.5, 166.6, 'metric', 'Long Run | 5:45/km | 21.1km @ 167 BPM'],
    ['steady', 330, 12_000, 168, 'imperial', 'Steady Run | 8:51/mi | 7.5mi @ 168 BPM'],
    ['interval', 300, 8_000, 174, 'metric', 'Interval Session | 5:00/km | 8.0km @ 174 BPM'],
    ['race', 240, 42_195, 180, 'imperial', 'Race | 6:26/mi | 26.2mi @ 180 BPM'],
    ['race', 270, 21_097.5, 172, 'metric', 'Race | 4:30/km | 21.1km @ 172 BPM'],
  ];
  it.each(cases)('a %s run at %i s/km over %i m at %f BPM (%s) is %j', (type, pace, meters, tempo, units, name) => {
    const result = playlistName({ type, paceSecondsPerKm: pace, distanceMeters: meters }, tempo, units);
    expect(result).toBe(name);
    expect(result.length).toBeLessThanOrEqual(SPOTIFY_NAME_MAX);
  });

  it('has a name for every run type', () => {
    expect(Object.keys(PLAYLIST_RUN_NAMES).sort()).toEqual(['easy', 'interval', 'long', 'race', 'recovery', 'steady', 'tempo']);
  });
});

describe('playlistDescription', () => {
  const cases: Array<[string, MusicProfile, RunType, number, RegExp]> = [
    ['steady', profile(165, 0.55, 0.62), 'easy', 10, /Steady all the way\./],
    ['progressive', profile(165, 0.6, 0.6), 'long', 16, /Progressive: warm-up at 157 BPM, steady at 165 BPM, a stronger finish at 172 BPM\./],
    ['intervals', profile(170, 0.85, 0.7), 'interval', 10, /Intervals: \d+ hard blocks at 177 BPM, easier music at 162 BPM around them\./],
  ];
  it.each(cases)('describes the %s profile within Spotify limits', (_shape, musicProfile, type, km, shape) => {
    const description = playlistDescription(musicProfile, { type, distanceMeters: km * 1000, paceSecondsPerKm: 330 });
    expect(description).toMatch(new RegExp(`^Music at ${Math.round(musicProfile.tempo.value)} BPM to match your cadence`));
    expect(description).toContain(`energy ${Math.round(musicProfile.energy.value * 100)}/100`);
    expect(description).toContain(`valence ${Math.round(musicProfile.valence.value * 100)}/100`);
    expect(description).toMatch(shape);
    expect(description.endsWith('Made by RunSound.')).toBe(true);
    expect(description.length).toBeLessThanOrEqual(SPOTIFY_DESCRIPTION_MAX);
    expect(description).not.toMatch(/[\n\r<>]/);
  });

  const races: Array<[PacePlan | undefined, RegExp]> = [
    [undefined, /Race: 15 min of calm, then rising music before the start; even pace at 172 BPM; the strongest tracks for the final kick\./],
    ['even', /Race: 15 min of calm, then rising music before the start; even pace at 172 BPM; the strongest tracks for the final kick\./],
    [
      'negative',
      /Race: 15 min of calm, then rising music before the start; a negative split at 171\.8 BPM, then 172\.4 BPM for the faster last third; the strongest tracks for the final kick\./,
    ],
  ];
  it.each(races)('describes a race with pace plan %s: pre-race block, split and final kick', (pacePlan, shape) => {
    const description = playlistDescription(profile(172, 0.9, 0.7), { type: 'race', distanceMeters: 21_097.5, paceSecondsPerKm: 270, pacePlan });
    expect(description).toMatch(shape);
    expect(description.length).toBeLessThanOrEqual(SPOTIFY_DESCRIPTION_MAX);
  });

  const sources: Array<['prior' | 'model', string]> = [
    ['model', '(predicted from your runs)'],
    ['prior', '(from typical runners at your pace)'],
  ];
  it.each(sources)('says where a %s tempo comes from', (source, words) => {
    expect(playlistDescription(profile(165, 0.6, 0.6, source), { type: 'easy', distanceMeters: 8000, paceSecondsPerKm: 360 })).toContain(words);
  });
});

describe('spotifyText', () => {
  const cases: Array<[string, number, string]> = [
    ['Easy Run\n| 6:00/km', 100, 'Easy Run | 6:00/km'],
    ['a <b>bold</b>\r\nmove', 100, 'a bbold/b move'],
    ['  spaced   out  ', 100, 'spaced out'],
    ['one two three four five', 12, 'one two…'],
    ['abcdefghijklmnop', 8, 'abcdefg…'],
  ];
  it.each(cases)('makes %j fit as %j', (text, max, expected) => {
    const result = spotifyText(text, max);
    expect(result).toBe(expected);
    expect(result.length).toBeLessThanOrEqual(max);
  });
});
