import { describe, expect, it } from 'vitest';
import { pictureInWords, playlistPicture, targetTempoOf, type PictureTrack, type PlaylistPicture } from '@/lib/playlist/picture';
import { selectTracks, tempoFit, type PlaylistSelection, type PoolTrack, type SelectedTrack } from '@/lib/playlist/select';
import { runPhases, type PhaseName, type RunPhase } from '@/lib/playlist/shape';

function poolTrack(id: string, tempo: number | undefined, durationSeconds = 200): PoolTrack {
  return {
    id,
    uri: `spotify:track:${id}`,
    name: `Song ${id}`,
    artists: [
      { id: `a-${id}`, name: `Artist ${id}` },
      { id: 'guest', name: 'Guest' },
    ],
    durationMs: durationSeconds * 1000,
    explicit: false,
    tempo,
  };
}

/** A phase with a target, or without one (before a race), as the shape will soon allow. */
function phase(name: PhaseName, fromSeconds: number, toSeconds: number, targetTempoBpm: number | null): RunPhase {
  return { name, fromSeconds, toSeconds, targetTempoBpm, targetEnergy: 0.6, targetValence: 0.6 } as unknown as RunPhase;
}

/** A selection made by hand: tracks back to back, each judged against the phase its middle plays in. */
function selection(phases: RunPhase[], tracks: PoolTrack[]): PlaylistSelection {
  let at = 0;
  const selected = tracks.map((track): SelectedTrack => {
    const middle = at + track.durationMs / 2000;
    const found = phases.findIndex((p) => middle < p.toSeconds);
    const phaseIndex = found === -1 ? phases.length - 1 : found;
    const target = phases[phaseIndex]!.targetTempoBpm as number | null;
    const fit = track.tempo && target !== null ? tempoFit(track.tempo, target) : undefined;
    const startSeconds = at;
    at += track.durationMs / 1000;
    return { track, phaseIndex, phase: phases[phaseIndex]!.name, startSeconds, fit };
  });
  return { tracks: selected, phases, summary: {} as PlaylistSelection['summary'] };
}

describe('playlistPicture', () => {
  it.each([
    // [what, BPM, target, carried, on the beat]
    ['as it is', 165, 165, 165, true],
    ['at half time', 82.6, 165, 165.2, true],
    ['at double time', 331, 165, 165.5, true],
    ['at +3 %', 169.95, 165, 170, true],
    ['at +5 %', 171, 165, 171, false],
    ['at −8 %', 152, 165, 152, false],
    ['of unknown tempo', undefined, 165, null, false],
  ] as const)('a track %s carries %s → %s BPM', (_, bpm, target, carried, onBeat) => {
    const picture = playlistPicture(selection([phase('steady', 0, 1800, target)], [poolTrack('x', bpm)]));
    expect(picture.tracks[0]).toMatchObject({ carriedBpm: carried, onBeat });
  });

  it('keeps what the chart needs, in whole seconds, and the planned end', () => {
    const phases = runPhases(
      { tempo: { value: 165 }, energy: { value: 0.6 }, valence: { value: 0.6 } },
      { type: 'long', distanceMeters: 14_000, paceSecondsPerKm: 330 },
    );
    const pool = Array.from({ length: 40 }, (_, i) => poolTrack(`t${i}`, [157, 165, 172, 82.5][i % 4], 180 + (i % 5) * 17.3));
    pool.forEach((track, i) => (track.artists = [{ id: `a${i}`, name: `Artist ${i}` }]));
    const picture = playlistPicture(selectTracks(pool, phases));

    expect(picture.plannedSeconds).toBe(14 * 330);
    expect(picture.runStartSeconds).toBe(0);
    expect(picture.phases.map((p) => [p.name, p.label, p.targetTempoBpm])).toEqual([
      ['warm-up', 'warm-up', 156.8],
      ['steady', 'steady part', 165],
      ['finish', 'finish', 171.6],
    ]);
    for (const track of picture.tracks) {
      expect(Number.isInteger(track.startSeconds) && Number.isInteger(track.durationSeconds)).toBe(true);
      expect(Object.keys(track).sort()).toEqual(['artists', 'carriedBpm', 'durationSeconds', 'name', 'onBeat', 'startSeconds']);
    }
    // Small enough to keep with every playlist.
    expect(JSON.stringify(picture).length).toBeLessThan(3000);
  });

  it('joins the artists and judges a track against the phase it was chosen for', () => {
    const picture = playlistPicture(
      selection([phase('warm-up', 0, 300, 156.8), phase('steady', 300, 1800, 165)], [poolTrack('a', 157), poolTrack('b', 165)]),
    );
    expect(picture.tracks.map((track) => [track.artists, targetTempoOf(picture, track)])).toEqual([
      ['Artist a, Guest', 156.8],
      ['Artist b, Guest', 165],
    ]);
  });

  it('reads a phase without a target (before a race) as any tempo being fine', () => {
    const phases = [phase('warm-up', 0, 600, null), phase('steady', 600, 2400, 170)];
    const picture = playlistPicture(selection(phases, [poolTrack('a', 120, 300), poolTrack('b', 90, 300), poolTrack('c', 171)]), 600);
    expect(picture.runStartSeconds).toBe(600);
    expect(picture.phases[0]!.targetTempoBpm).toBeNull();
    // Folded toward the race's tempo, so that they read on the same scale.
    expect(picture.tracks.map((track) => [track.carriedBpm, track.onBeat])).toEqual([
      [120, true],
      [180, true],
      [171, true],
    ]);
  });
});

function pictureOf(tracks: Array<[name: string, durationSeconds: number, carriedBpm: number | null, onBeat: boolean]>, phases: PlaylistPicture['phases'], runStartSeconds = 0): PlaylistPicture {
  let at = 0;
  const pictured = tracks.map(([name, durationSeconds, carriedBpm, onBeat]): PictureTrack => {
    const track = { name, artists: 'Someone', startSeconds: at, durationSeconds, carriedBpm, onBeat };
    at += durationSeconds;
    return track;
  });
  return { plannedSeconds: phases.at(-1)?.toSeconds ?? 0, runStartSeconds, phases, tracks: pictured };
}

const steady = (toSeconds: number, target: number | null = 165, fromSeconds = 0) => ({
  name: 'steady',
  label: 'steady part',
  fromSeconds,
  toSeconds,
  targetTempoBpm: target,
});

describe('pictureInWords', () => {
  it.each([
    ['every track on the beat', pictureOf([['A', 1800, 165, true], ['B', 1920, 164, true]], [steady(3480)]), '2 of 2 tracks on the beat; 1 h 02 min of music for a 58 min run.'],
    [
      'the widest miss, by per cent',
      pictureOf([['A', 1200, 165, true], ['Near', 1200, 161, false], ['Far', 1320, 171, false]], [steady(3480)]),
      '1 of 3 tracks on the beat; 1 h 02 min of music for a 58 min run. Widest miss: “Far” at 171 BPM against 165.',
    ],
    [
      'tracks of unknown tempo',
      pictureOf([['A', 240, 165, true], ['B', 240, null, false]], [steady(420)]),
      '1 of 2 tracks on the beat, 1 of unknown tempo; 8 min of music for a 7 min run.',
    ],
    [
      'a target with a decimal and a long run',
      pictureOf([['Slow', 4000, 150.2, false]], [steady(3900, 156.8)]),
      '0 of 1 track on the beat; 1 h 07 min of music for a 1 h 05 min run. Widest miss: “Slow” at 150.2 BPM against 156.8.',
    ],
    [
      'music before a race',
      pictureOf([['Before', 600, 120, true], ['Race', 2400, 170, true]], [steady(600, null), steady(3000, 170, 600)], 600),
      '1 of 1 track on the beat, 1 before the start, at any tempo; 50 min of music for a 40 min run.',
    ],
    ['no track', pictureOf([], [steady(1800)]), 'No track in this playlist.'],
  ])('%s', (_, picture, words) => {
    expect(pictureInWords(picture)).toBe(words);
  });
});
