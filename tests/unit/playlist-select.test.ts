import { describe, expect, it } from 'vitest';
import type { PacePlan, RunType } from '@/lib/plan';
import { normaliseTitle } from '@/lib/music-features/title';
import { seededRandom } from '@/lib/random';
import { poolOf, realisticLibrary } from '../fixtures/realistic-library';
import {
  DEFAULT_TRACK_COUNT,
  describeSelection,
  featureDistance,
  selectTracks,
  tempoFit,
  type PhaseSummary,
  type PlaylistSelection,
  type PoolTrack,
  type SelectionSummary,
  type TempoMultiple,
} from '@/lib/playlist/select';
import { isPreRace, runPhases, type ProfileTargets, type RunPhase } from '@/lib/playlist/shape';

const profile = (tempo: number, energy = 0.6, valence = 0.6): ProfileTargets => ({
  tempo: { value: tempo },
  energy: { value: energy },
  valence: { value: valence },
});

const phasesFor = (type: RunType, km: number, pace: number, tempo: number, energy = 0.6, valence = 0.6, pacePlan?: PacePlan) =>
  runPhases(profile(tempo, energy, valence), { type, distanceMeters: km * 1000, paceSecondsPerKm: pace, pacePlan });

/** The pool in another order, the same for the same seed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const next = seededRandom(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const ids = (selection: PlaylistSelection) => selection.tracks.map((chosen) => chosen.track.id);

/** Share of the second playlist's tracks that were in the first. */
function overlap(first: PlaylistSelection, second: PlaylistSelection): number {
  const earlier = new Set(ids(first));
  return second.tracks.filter((chosen) => earlier.has(chosen.track.id)).length / second.tracks.length;
}

/** A track by its own artist, with features unless told otherwise. */
function track(id: string, tempo: number | undefined, overrides: Partial<PoolTrack> = {}): PoolTrack {
  return {
    id,
    uri: `spotify:track:${id}`,
    name: `Song ${id}`,
    artists: [{ id: `artist-${id}`, name: `Artist ${id}` }],
    durationMs: 210_000,
    explicit: false,
    isrc: `ISRC${id.toUpperCase()}`,
    tempo,
    energy: 0.6,
    valence: 0.6,
    featureSource: tempo === undefined ? undefined : 'reccobeats',
    ...overrides,
  };
}

/** `count` tracks, each by its own artist, tempos cycling through `tempos`, lengths 3:00-4:30, moods varied. */
function tracks(prefix: string, count: number, tempos: readonly number[], overrides: Partial<PoolTrack> = {}): PoolTrack[] {
  return Array.from({ length: count }, (_, i) =>
    track(`${prefix}${i}`, tempos[i % tempos.length], {
      durationMs: (180 + (i % 7) * 15) * 1000,
      energy: 0.35 + ((i * 7) % 11) * 0.05,
      valence: 0.3 + ((i * 5) % 13) * 0.05,
      ...overrides,
    }),
  );
}

const ARTIST_FIVE = { id: 'artist-five', name: 'The Five' };

/**
 * A runner's library as RunSound would gather it for a 165 BPM cadence: plenty that fits, half- and
 * double-time tracks, the same songs twice (by ISRC, remastered, featuring), an artist with five
 * perfect tracks, explicit tracks, tracks of unknown tempo and tracks far off the cadence.
 */
function library(): PoolTrack[] {
  return [
    ...tracks('fit', 40, [161, 162, 163, 164, 165, 166, 167, 168, 169]),
    track('half1', 82.5, { energy: 0.6, valence: 0.6 }),
    track('half2', 83, { energy: 0.62, valence: 0.58 }),
    track('double1', 330, { energy: 0.61, valence: 0.61 }),
    // The same recording under another id, and the same songs in other versions.
    track('dupIsrc', 165, { isrc: 'ISRCFIT0', name: 'Another title', energy: 0.6, valence: 0.6 }),
    track('dupRemaster', 165, {
      name: 'Song fit1 - Remastered 2011',
      artists: [{ id: 'artist-fit1', name: 'Artist fit1' }],
      isrc: 'ISRCREMASTER',
      energy: 0.6,
      valence: 0.6,
    }),
    track('dupFeat', 165, {
      name: 'SONG FIT2 (feat. Somebody)',
      artists: [
        { id: 'artist-fit2', name: 'Artist fit2' },
        { id: 'somebody', name: 'Somebody' },
      ],
      isrc: 'ISRCFEAT',
      energy: 0.6,
      valence: 0.6,
    }),
    ...[0, 1, 2, 3, 4].map((i) =>
      track(`five${i}`, 165, { artists: [ARTIST_FIVE], energy: 0.6, valence: 0.6, name: `Five ${i}` }),
    ),
    // A collaboration that shares The Five with its other tracks.
    track('collab', 165, { artists: [{ id: 'artist-guest', name: 'Guest' }, ARTIST_FIVE], energy: 0.6, valence: 0.6 }),
    ...tracks('explicit', 5, [165], { explicit: true, energy: 0.6, valence: 0.6 }),
    ...tracks('unknown', 6, [0], { tempo: undefined, energy: 0.6, valence: 0.6 }),
    track('zeroBpm', 0, { energy: 0.6, valence: 0.6 }),
    ...tracks('off', 12, [100, 120, 128, 140, 150, 185, 200, 240]),
  ];
}

function expectNoDuplicates(selection: PlaylistSelection): void {
  const isrcs = selection.tracks.flatMap(({ track: t }) => (t.isrc ? [t.isrc] : []));
  expect(new Set(isrcs).size).toBe(isrcs.length);
  const songs = selection.tracks.flatMap(({ track: t }) => t.artists.map((artist) => `${normaliseTitle(t.name)}|${artist.id}`));
  expect(new Set(songs).size).toBe(songs.length);
}

function expectArtistRules(selection: PlaylistSelection): void {
  const counts = new Map<string, number>();
  selection.tracks.forEach(({ track: t }, i) => {
    for (const artist of t.artists) {
      counts.set(artist.id, (counts.get(artist.id) ?? 0) + 1);
      const previous = selection.tracks[i - 1]?.track;
      expect(previous?.artists.some((other) => other.id === artist.id) ?? false).toBe(false);
    }
  });
  for (const count of counts.values()) expect(count).toBeLessThanOrEqual(2);
}

function expectEachFitsItsPhase(selection: PlaylistSelection, tolerancePct: number): void {
  for (const chosen of selection.tracks) {
    expect(chosen.fit).toBeDefined();
    const target = selection.phases[chosen.phaseIndex]!.targetTempoBpm!;
    const carried = chosen.track.tempo! * chosen.fit!.multiple;
    expect(Math.abs(carried - target) / target).toBeLessThanOrEqual(tolerancePct / 100 + 1e-9);
    expect(chosen.fit!.offPct).toBeCloseTo(((carried - target) / target) * 100, 6);
  }
}

const minutes = (ms: number): number => ms / 60_000;

describe('tempoFit', () => {
  const cases: Array<[number, number, TempoMultiple | undefined, number | undefined]> = [
    [165, 165, 1, 3],
    [169.95, 165, 1, 3],
    [160.05, 165, 1, 3],
    [171, 165, 1, 5],
    [156, 165, 1, 8],
    [180, 165, undefined, undefined],
    [82.5, 165, 2, 3],
    [80, 165, 2, 5],
    [330, 165, 0.5, 3],
    [340, 165, 0.5, 5],
    [120, 165, undefined, undefined],
  ];
  it.each(cases)('%f BPM carries %f spm with multiple %s within ±%s %%', (bpm, target, multiple, tolerance) => {
    const fit = tempoFit(bpm, target);
    expect(fit?.multiple).toBe(multiple);
    expect(fit?.tolerancePct).toBe(tolerance);
  });
});

describe('normaliseTitle', () => {
  const cases: Array<[string, string]> = [
    ['Heroes - 2017 Remaster', 'heroes'],
    ['Heroes - Remastered 2011', 'heroes'],
    ['HEROES', 'heroes'],
    ['Heroes (feat. Somebody)', 'heroes'],
    ['Heroes [ft. A & B]', 'heroes'],
    ['Heroes (with Someone Else) - Radio Edit', 'heroes'],
    ['Heroes - Live at Wembley / 1986', 'heroes'],
    ['Café del Mar', 'cafe del mar'],
    ['Don’t Stop Me Now', 'don t stop me now'],
    ["Don't Stop Me Now - Remastered", 'don t stop me now'],
    // Words that are part of the song stay.
    ['Hold On (Part 2)', 'hold on part 2'],
    ['Run - Boy Run', 'run boy run'],
  ];
  it.each(cases)('%j reads %j', (title, expected) => {
    expect(normaliseTitle(title)).toBe(expected);
  });
});

describe('featureDistance', () => {
  const phase = { targetEnergy: 0.7, targetValence: 0.6 };
  it('ranks nearer moods first and an unknown mood behind a close known one', () => {
    const exact = featureDistance({ energy: 0.7, valence: 0.6 }, phase);
    const close = featureDistance({ energy: 0.75, valence: 0.55 }, phase);
    const unknown = featureDistance({}, phase);
    const far = featureDistance({ energy: 0.2, valence: 0.1 }, phase);
    expect(exact).toBe(0);
    expect(close).toBeLessThan(unknown);
    expect(unknown).toBeLessThan(far);
  });
});

describe('selectTracks', () => {
  it('fills an easy 10 km at 6:00/km with 63-68 min of tracks that all fit at ±3 %', () => {
    const selection = selectTracks(library(), phasesFor('easy', 10, 360, 165));
    expect(minutes(selection.summary.plannedMs)).toBe(60);
    expect(minutes(selection.summary.totalMs)).toBeGreaterThanOrEqual(63);
    expect(minutes(selection.summary.totalMs)).toBeLessThanOrEqual(68);
    expect(selection.summary.totalMs).toBe(selection.tracks.reduce((sum, { track: t }) => sum + t.durationMs, 0));
    expectEachFitsItsPhase(selection, 3);
    expectNoDuplicates(selection);
    expectArtistRules(selection);
    expect(selection.summary).toMatchObject({
      short: false,
      unknownTempo: 0,
      perfectFits: selection.tracks.length,
      byTolerance: { 3: selection.tracks.length, 5: 0, 8: 0 },
    });
    expect(selection.summary.phases).toEqual([expect.objectContaining({ name: 'steady', widenedToPct: 3, unknownTempo: 0 })]);
    expect(describeSelection(selection.summary)).toMatch(
      new RegExp(`^${selection.tracks.length} of ${selection.tracks.length} tracks within ±3 % of their target cadence\\.`),
    );
  });

  it('plays tracks back to back from the start of the run', () => {
    const selection = selectTracks(library(), phasesFor('easy', 10, 360, 165));
    let at = 0;
    for (const chosen of selection.tracks) {
      expect(chosen.startSeconds).toBe(at);
      at += chosen.track.durationMs / 1000;
    }
  });

  it('uses half- and double-time tracks and says how they carry the cadence', () => {
    const pool = [
      track('half', 82.5, { energy: 0.6, valence: 0.6 }),
      track('double', 330, { energy: 0.6, valence: 0.6 }),
      ...tracks('fit', 30, [164, 166], { energy: 0.2, valence: 0.2 }),
    ];
    const selection = selectTracks(pool, phasesFor('easy', 10, 360, 165));
    const byId = new Map(selection.tracks.map((chosen) => [chosen.track.id, chosen]));
    expect(byId.get('half')?.fit).toMatchObject({ multiple: 2, effectiveBpm: 165, offPct: 0, tolerancePct: 3 });
    expect(byId.get('double')?.fit).toMatchObject({ multiple: 0.5, effectiveBpm: 165, offPct: 0, tolerancePct: 3 });
    expect(selection.summary).toMatchObject({ halfTime: 1, doubleTime: 1 });
    expect(describeSelection(selection.summary)).toContain('1 at half time (a beat every other step) and 1 at double time');
  });

  it('never puts the same song in twice, by ISRC, remaster or featuring', () => {
    const pool = [
      track('original', 165, { name: 'Heroes', artists: [{ id: 'bowie', name: 'David Bowie' }] }),
      track('sameIsrc', 165, { isrc: 'ISRCORIGINAL', artists: [{ id: 'other', name: 'Other' }] }),
      track('remaster', 165, { name: 'Heroes - 2017 Remaster', artists: [{ id: 'bowie', name: 'David Bowie' }], isrc: 'X1' }),
      track('feat', 165, { name: 'heroes (feat. Guest)', artists: [{ id: 'bowie2', name: 'David Bowie' }], isrc: 'X2' }),
      track('sameId', 165, { id: 'original', isrc: 'X3', name: 'Whatever', artists: [{ id: 'z', name: 'Z' }] }),
      ...tracks('fit', 30, [163, 167], { energy: 0.3, valence: 0.3 }),
    ];
    const selection = selectTracks(pool, phasesFor('easy', 10, 360, 165));
    const heroes = selection.tracks.filter(({ track: t }) => normaliseTitle(t.name) === 'heroes' || t.isrc === 'ISRCORIGINAL' || t.id === 'original');
    expect(heroes).toHaveLength(1);
    expect(selection.summary.duplicatesSkipped).toBe(4);
    expectNoDuplicates(selection);
  });

  it('takes at most 2 tracks of an artist with 5 perfect ones, never back to back', () => {
    const pool = [
      ...[0, 1, 2, 3, 4].map((i) => track(`five${i}`, 165, { artists: [ARTIST_FIVE], name: `Five ${i}` })),
      ...tracks('fit', 30, [162, 168], { energy: 0.3, valence: 0.9 }),
    ];
    const selection = selectTracks(pool, phasesFor('easy', 10, 360, 165));
    const five = selection.tracks.flatMap((chosen, i) => (chosen.track.artists[0]!.id === ARTIST_FIVE.id ? [i] : []));
    expect(five).toHaveLength(2);
    expect(five[1]! - five[0]!).toBeGreaterThan(1);
    expectArtistRules(selection);
  });

  it('keeps the library rules on every shape', () => {
    for (const phases of [phasesFor('easy', 10, 360, 165), phasesFor('long', 16, 360, 165), phasesFor('interval', 8, 330, 165)]) {
      const selection = selectTracks(library(), phases);
      expectNoDuplicates(selection);
      expectArtistRules(selection);
    }
  });

  const explicitCases: Array<[boolean, number]> = [
    [true, 5],
    [false, 0],
  ];
  it.each(explicitCases)('with excludeExplicit %s leaves out %i explicit tracks', (excludeExplicit, filtered) => {
    const pool = [...tracks('explicit', 5, [165], { explicit: true, energy: 0.6, valence: 0.6 }), ...tracks('fit', 30, [163, 167], { energy: 0.3 })];
    const selection = selectTracks(pool, phasesFor('easy', 10, 360, 165), { excludeExplicit });
    expect(selection.summary.explicitFiltered).toBe(filtered);
    expect(selection.tracks.some(({ track: t }) => t.explicit)).toBe(!excludeExplicit);
    if (excludeExplicit) expect(describeSelection(selection.summary)).toContain('5 explicit tracks left out, as you asked.');
  });

  it('does not widen or use unknown tempos when enough tracks fit at ±3 %', () => {
    const pool = [
      // Perfect moods, but 4 % off or of unknown tempo: only for a short pool.
      ...tracks('near', 10, [171.6], { energy: 0.6, valence: 0.6 }),
      ...tracks('unknown', 10, [0], { tempo: undefined, energy: 0.6, valence: 0.6 }),
      ...tracks('fit', 30, [163, 167], { energy: 0.2, valence: 0.2 }),
    ];
    const selection = selectTracks(pool, phasesFor('easy', 10, 360, 165));
    expect(selection.tracks.every(({ track: t }) => t.id.startsWith('fit'))).toBe(true);
    expect(selection.summary.phases[0]!.widenedToPct).toBe(3);
    expect(describeSelection(selection.summary)).not.toMatch(/widened|unknown/);
  });

  const widening: Array<[string, number, number | undefined, boolean]> = [
    ['+4 %', 171.6, 5, false],
    ['−4.5 %', 157.6, 5, false],
    ['+7 %', 176.5, 8, false],
    ['−7.5 %', 152.6, 8, false],
    ['+10 %', 181.5, undefined, true],
  ];
  it.each(widening)('widens to ±%s tracks only after the 3 that fit, and reports it', (_label, bpm, widenedTo, short) => {
    const pool = [...tracks('fit', 3, [165]), ...tracks('wide', 30, [bpm])];
    const selection = selectTracks(pool, phasesFor('easy', 10, 360, 165));
    expect(selection.tracks.slice(0, 3).every(({ track: t }) => t.id.startsWith('fit'))).toBe(true);
    expect(selection.summary.phases[0]!.widenedToPct).toBe(short ? 3 : widenedTo);
    expect(selection.summary.short).toBe(short);
    if (short) {
      expect(selection.tracks).toHaveLength(3);
      expect(describeSelection(selection.summary)).toMatch(/^3 of 3 tracks within ±3 %.*Only 10 min of music for your planned 1 h: not enough tracks fit\.$/);
    } else {
      expect(selection.summary.byTolerance[widenedTo as 5 | 8]).toBe(selection.tracks.length - 3);
      expect(describeSelection(selection.summary)).toContain(
        `The steady part widened to ±${widenedTo} %: your music had only 3 tracks within ±3 % of 165 BPM.`,
      );
      // Every second past the three that fit lacks: the caller searches for more there.
      const fitSeconds = selection.tracks.slice(0, 3).reduce((sum, { track: t }) => sum + t.durationMs / 1000, 0);
      expect(selection.summary.phases[0]!.lackingSeconds).toBe(Math.round(3600 + 180 - fitSeconds));
    }
  });

  it('reports widening per phase of a long run', () => {
    // Nothing near the warm-up's 156.8 BPM within ±3 %; plenty for the middle and the finish.
    const pool = [...tracks('warm', 6, [150]), ...tracks('mid', 30, [163, 165, 167]), ...tracks('fast', 12, [171, 172, 173])];
    const selection = selectTracks(pool, phasesFor('long', 16, 360, 165));
    expect(selection.summary.phases.map((phase) => [phase.name, phase.widenedToPct])).toEqual([
      ['warm-up', 5],
      ['steady', 3],
      ['finish', 3],
    ]);
    expectEachFitsItsPhase(selection, 5);
    expect(describeSelection(selection.summary)).toContain('The warm-up widened to ±5 %: your music had no track within ±3 % of 157 BPM.');
    expect(selection.summary.phases.map((phase) => phase.lackingSeconds > 0)).toEqual([true, false, false]);
  });

  it('fills a 16 km long run with slower tracks first and faster ones at the end', () => {
    const pool = tracks('any', 90, [150, 153, 155, 157, 159, 161, 163, 165, 167, 169, 171, 172, 173, 175]);
    const selection = selectTracks(pool, phasesFor('long', 16, 360, 165));
    expectEachFitsItsPhase(selection, 3);
    expect(minutes(selection.summary.totalMs)).toBeGreaterThanOrEqual(96 + 3);
    expect(minutes(selection.summary.totalMs)).toBeLessThanOrEqual(96 + 8);
    const carried = (name: string) =>
      selection.tracks.filter((chosen) => chosen.phase === name).map((chosen) => chosen.fit!.effectiveBpm);
    const [warmUp, steady, finish] = [carried('warm-up'), carried('steady'), carried('finish')];
    expect(warmUp.length).toBeGreaterThan(0);
    expect(finish.length).toBeGreaterThan(0);
    expect(Math.max(...warmUp)).toBeLessThan(Math.min(...finish));
    expect(steady.every((bpm) => Math.abs(bpm / 165 - 1) <= 0.03)).toBe(true);
  });

  it('alternates faster hard blocks and slower recoveries in an interval session', () => {
    const pool = tracks('any', 90, [156, 158, 160, 162, 164, 166, 168, 170, 172, 174, 176, 178]);
    const phases = phasesFor('interval', 10, 300, 165, 0.85, 0.7);
    const selection = selectTracks(pool, phases);
    expectEachFitsItsPhase(selection, 3);
    const work = selection.tracks.filter((chosen) => chosen.phase === 'work');
    const recovery = selection.tracks.filter((chosen) => chosen.phase === 'recovery');
    expect(work.length).toBeGreaterThan(recovery.length);
    expect(recovery.length).toBeGreaterThan(0);
    for (const hard of work) for (const easy of recovery) expect(hard.fit!.effectiveBpm).toBeGreaterThan(easy.fit!.effectiveBpm);
    // The music follows the blocks: the phases of successive tracks go hard, easy, hard ...
    const middle = selection.tracks.map((chosen) => chosen.phase).filter((name) => name === 'work' || name === 'recovery');
    const blocks = middle.filter((name, i) => name !== middle[i - 1]);
    blocks.forEach((name, i) => expect(name).toBe(i % 2 === 0 ? 'work' : 'recovery'));
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  it('uses tracks of unknown tempo only when the library is short, and says so', () => {
    const pool = [
      ...tracks('fit', 5, [165]),
      ...tracks('unknown', 20, [0], { tempo: undefined }),
      ...tracks('off', 10, [120, 140]),
    ];
    const selection = selectTracks(pool, phasesFor('easy', 10, 360, 165));
    expect(selection.tracks.slice(0, 5).every(({ track: t }) => t.id.startsWith('fit'))).toBe(true);
    expect(selection.tracks.some(({ track: t }) => t.id.startsWith('off'))).toBe(false);
    const unknown = selection.tracks.filter((chosen) => chosen.fit === undefined);
    expect(unknown.length).toBe(selection.tracks.length - 5);
    expect(selection.summary.unknownTempo).toBe(unknown.length);
    expect(selection.summary.phases[0]!.unknownTempo).toBe(unknown.length);
    expect(selection.summary.short).toBe(false);
    expect(describeSelection(selection.summary)).toMatch(
      new RegExp(`^5 of ${selection.tracks.length} tracks within ±3 % of their target cadence; ${unknown.length} of unknown tempo because your library was short\\.`),
    );
  });

  it(`makes exactly ${DEFAULT_TRACK_COUNT} tracks in count mode`, () => {
    const selection = selectTracks(library(), phasesFor('tempo', 10, 315, 165), {
      length: { mode: 'count', trackCount: DEFAULT_TRACK_COUNT },
    });
    expect(selection.tracks).toHaveLength(30);
    expect(selection.summary).toMatchObject({ trackCount: 30, short: false });
    expectNoDuplicates(selection);
    expectArtistRules(selection);
    expect(describeSelection(selection.summary)).toContain('30 tracks, ');
  });

  it('says so when count mode runs out of tracks', () => {
    const selection = selectTracks(tracks('fit', 12, [165]), phasesFor('easy', 10, 360, 165), {
      length: { mode: 'count', trackCount: 30 },
    });
    expect(selection.tracks).toHaveLength(12);
    expect(selection.summary.short).toBe(true);
    expect(describeSelection(selection.summary)).toContain('Only 12 of the 30 tracks you asked for');
  });

  it('gives the same playlist whatever the order of the pool', () => {
    const pool = library();
    const ids = (selection: PlaylistSelection) => selection.tracks.map((chosen) => chosen.track.id);
    const phases = phasesFor('long', 16, 360, 165);
    expect(ids(selectTracks([...pool].reverse(), phases))).toEqual(ids(selectTracks(pool, phases)));
  });

  it('says plainly when nothing fits', () => {
    const selection = selectTracks(tracks('off', 10, [100, 120]), phasesFor('easy', 10, 360, 165));
    expect(selection.tracks).toEqual([]);
    expect(describeSelection(selection.summary)).toBe(
      'No track in your library fits this run’s tempo, even within ±8 %.',
    );
  });
});

describe('selectTracks: every phase chosen together', () => {
  it('keeps the few tracks that fit the finish of a long run for the finish', () => {
    // The finish (171.6 BPM) has only the 168-169 BPM tracks; they also fit the steady part (165 BPM)
    // perfectly in mood, but the steady part has plenty of its own.
    const pool = [
      ...tracks('warm', 10, [155, 157]),
      ...tracks('steady', 40, [161, 162, 163, 164, 165], { energy: 0.3, valence: 0.3 }),
      ...tracks('shared', 8, [168, 169], { energy: 0.6, valence: 0.6, durationMs: 210_000 }),
    ];
    const selection = selectTracks(pool, phasesFor('long', 16, 360, 165));
    expectEachFitsItsPhase(selection, 3);
    const shared = selection.tracks.filter((chosen) => chosen.track.id.startsWith('shared'));
    expect(shared.length).toBeGreaterThanOrEqual(6);
    expect(shared.every((chosen) => chosen.phase === 'finish')).toBe(true);
    expect(selection.summary.phases.map((phase) => [phase.name, phase.widenedToPct, phase.lackingSeconds])).toEqual([
      ['warm-up', 3, 0],
      ['steady', 3, 0],
      ['finish', 3, 0],
    ]);
  });

  const scarce: Array<[string, RunPhase[], PoolTrack[]]> = [
    [
      'a long run short of finish tracks',
      phasesFor('long', 16, 360, 165),
      [...tracks('mid', 40, [158, 161, 163, 165]), ...tracks('fast', 3, [172]), ...tracks('near', 20, [177.5, 179])],
    ],
    [
      'an interval session short of hard-block tracks',
      phasesFor('interval', 10, 300, 165, 0.85, 0.7),
      [...tracks('easy', 40, [155, 157, 159]), ...tracks('hard', 4, [171.6, 173]), ...tracks('wide', 30, [164, 165])],
    ],
    ['a realistic library', phasesFor('long', 25, 345, 172), poolOf(realisticLibrary({ size: 400, seed: 7 }))],
  ];
  it.each(scarce)('widens a phase of %s only when every track within 3 per cent of it is already playing', (_label, phases, pool) => {
    const selection = selectTracks(pool, phases);
    const played = new Set(ids(selection));
    const playedSongs = new Set(selection.tracks.flatMap(({ track: t }) => [t.isrc, `${normaliseTitle(t.name)}|${t.artists[0]!.id}`]));
    let widened = 0;
    selection.summary.phases.forEach((phase) => {
      if ((phase.widenedToPct ?? 3) <= 3) return;
      widened++;
      const fitting = pool.filter((t) => t.tempo && tempoFit(t.tempo, phase.targetTempoBpm!)?.tolerancePct === 3);
      // Left out only as the same song as one playing, or by the artist rules.
      const left = fitting.filter((t) => !played.has(t.id) && !playedSongs.has(t.isrc) && !playedSongs.has(`${normaliseTitle(t.name)}|${t.artists[0]!.id}`));
      const artistCount = (t: PoolTrack) => selection.tracks.filter(({ track: other }) => other.artists.some((a) => t.artists.some((b) => b.id === a.id))).length;
      expect(left.filter((t) => artistCount(t) < 2)).toEqual([]);
      expect(phase.lackingSeconds).toBeGreaterThan(0);
    });
    expect(widened).toBeGreaterThan(0);
    expectArtistRules(selection);
    expectNoDuplicates(selection);
  });
});

describe('selectTracks: rotation', () => {
  const rotation: Array<[string, RunPhase[], PoolTrack[]]> = [
    ['an easy 10 km', phasesFor('easy', 10, 360, 165), tracks('fit', 80, [161, 163, 165, 167, 169])],
    ['a realistic long run', phasesFor('long', 21, 330, 170), poolOf(realisticLibrary({ size: 2000, seed: 11 }))],
    ['a realistic interval session', phasesFor('interval', 10, 300, 176, 0.85, 0.7), poolOf(realisticLibrary({ size: 2000, seed: 12 }))],
  ];
  it.each(rotation)('makes a second playlist for %s sharing at most half of the first, when the library allows', (_label, phases, pool) => {
    const first = selectTracks(pool, phases);
    const second = selectTracks(pool, phases, { heldBack: new Set(ids(first)) });
    expect(overlap(first, second)).toBeLessThanOrEqual(0.5);
    expect(second.summary.short).toBe(false);
    expect(second.summary.perfectFits).toBeGreaterThanOrEqual(first.summary.perfectFits - 1);
  });

  it('reuses held-back tracks rather than leaving a small library’s playlist short', () => {
    const pool = tracks('fit', 22, [163, 165, 167]);
    const phases = phasesFor('easy', 10, 360, 165);
    const first = selectTracks(pool, phases);
    const second = selectTracks(pool, phases, { heldBack: new Set(ids(first)) });
    expect(second.summary.short).toBe(false);
    expectEachFitsItsPhase(second, 3);
    expect(second.summary.heldBackUsed).toBeGreaterThan(0);
    expect(second.summary.heldBackUsed).toBe(second.tracks.filter((chosen) => ids(first).includes(chosen.track.id)).length);
    // The tracks the first playlist left out all come first.
    const fresh = pool.filter((t) => !ids(first).includes(t.id)).map((t) => t.id);
    expect(ids(second).filter((id) => fresh.includes(id)).sort()).toEqual(fresh.sort());
    expect(describeSelection(second.summary)).toContain(
      `${second.summary.heldBackUsed} tracks from your recent RunSound playlists are back: too few others fit.`,
    );
  });

  it('when held-back tracks must come back, those of the last playlist for the same kind of run come back last', () => {
    // An ordinary library: an easy run, then a long run whose finish takes some of the easy run's tempo, then easy again.
    const pool = poolOf(realisticLibrary({ size: 1400, seed: 26 }).slice(0, 660));
    const easy = phasesFor('easy', 10, 330, 162);
    const long = phasesFor('long', 16, 345, 158);
    const first = selectTracks(pool, easy);
    const between = selectTracks(pool, long, { heldBack: new Set(ids(first)) });
    const heldBack = new Set([...ids(first), ...ids(between)]);
    const again = selectTracks(pool, easy, { heldBack, heldBackFirmly: new Set(ids(first)) });
    expect(again.summary.heldBackUsed).toBeGreaterThan(0);
    expect(overlap(first, again)).toBeLessThanOrEqual(0.5);
    expectEachFitsItsPhase(again, 3);
  });

  it('takes a held-back track at ±3 % before widening to ±5 %', () => {
    const pool = [...tracks('fresh', 6, [165]), ...tracks('held', 20, [164, 166]), ...tracks('wide', 30, [171.6])];
    const heldBack = new Set(pool.filter((t) => t.id.startsWith('held')).map((t) => t.id));
    const selection = selectTracks(pool, phasesFor('easy', 10, 360, 165), { heldBack });
    expectEachFitsItsPhase(selection, 3);
    expect(selection.tracks.slice(0, 6).every((chosen) => chosen.track.id.startsWith('fresh'))).toBe(true);
  });
});

describe('selectTracks: recency', () => {
  const now = Date.UTC(2026, 10, 20);
  const day = 86_400_000;
  const cases: Array<[string, number | undefined, string]> = [
    ['loved 2 days ago wins over a slightly nearer mood', now - 2 * day, 'loved'],
    ['loved 40 days ago counts no more', now - 40 * day, 'nearer'],
    ['never loved', undefined, 'nearer'],
  ];
  it.each(cases)('a track %s', (_label, lovedAt, winner) => {
    const pool = [
      track('nearer', 165, { energy: 0.6, valence: 0.6 }),
      track('loved', 165, { energy: 0.62, valence: 0.61, lovedAt }),
      // Perfect mood and loved yesterday, but only within ±5 %: never ahead of a ±3 % track.
      track('wide', 171.6, { energy: 0.6, valence: 0.6, lovedAt: now - day }),
    ];
    const selection = selectTracks(pool, phasesFor('easy', 10, 360, 165), { now, length: { mode: 'count', trackCount: 1 } });
    expect(ids(selection)).toEqual([winner]);
  });
});

describe('selectTracks: determinism', () => {
  const shapes: Array<[string, RunPhase[]]> = [
    ['a long run', phasesFor('long', 16, 360, 165)],
    ['an interval session', phasesFor('interval', 10, 300, 170, 0.85, 0.7)],
    ['a negative-split half marathon', phasesFor('race', 21.1, 270, 172, 0.9, 0.7, 'negative')],
  ];
  it.each(shapes)('gives the same playlist for %s whatever the order of the pool', (_label, phases) => {
    for (const pool of [library(), poolOf(realisticLibrary({ size: 1500, seed: 5 }))]) {
      const heldBack = new Set(pool.filter((_, i) => i % 9 === 0).map((t) => t.id));
      const expected = ids(selectTracks(pool, phases, { heldBack }));
      for (const seed of [1, 2, 3]) expect(ids(selectTracks(shuffled(pool, seed), phases, { heldBack }))).toEqual(expected);
    }
  });
});

describe('selectTracks: race day', () => {
  const pool = () => poolOf(realisticLibrary({ size: 3000, seed: 21 }));
  const plans: Array<[PacePlan]> = [['even'], ['negative']];

  it.each(plans)('plays 13-17 minutes before the start, calm first, and starts the %s race where they end', (pacePlan) => {
    const selection = selectTracks(pool(), phasesFor('race', 21.1, 270, 172, 0.9, 0.7, pacePlan));
    const before = selection.tracks.filter((chosen) => isPreRace(selection.phases[chosen.phaseIndex]!));
    const preRaceSeconds = before.reduce((sum, { track: t }) => sum + t.durationMs / 1000, 0);
    expect(preRaceSeconds).toBeGreaterThanOrEqual(13 * 60);
    expect(preRaceSeconds).toBeLessThanOrEqual(17 * 60);
    expect(Math.abs(preRaceSeconds - 15 * 60)).toBeLessThanOrEqual(30);
    expect(selection.summary.preRaceMs).toBe(Math.round(preRaceSeconds * 1000));
    expect(selection.tracks.slice(0, before.length)).toEqual(before);
    const energies = before.map(({ track: t }) => t.energy ?? 0.5);
    expect(energies).toEqual([...energies].sort((a, b) => a - b));
    // The race phases start exactly where the pre-race music ends; the first race track too.
    const race = selection.phases.filter((phase) => !isPreRace(phase));
    expect(race[0]!.fromSeconds).toBeCloseTo(preRaceSeconds, 6);
    expect(selection.tracks[before.length]!.startSeconds).toBeCloseTo(preRaceSeconds, 6);
    expect(race[race.length - 1]!.toSeconds - race[0]!.fromSeconds).toBe(Math.round(21.1 * 270));
    // The extra 3-8 minutes come after the race's planned end.
    expect(selection.summary.plannedMs).toBe(Math.round(21.1 * 270) * 1000);
    const afterEnd = selection.summary.totalMs / 1000 - race[race.length - 1]!.toSeconds;
    expect(afterEnd).toBeGreaterThanOrEqual(180);
    expect(afterEnd).toBeLessThanOrEqual(480);
    expectEachFitsItsPhase({ ...selection, tracks: selection.tracks.slice(before.length) }, 3);
    expectArtistRules(selection);
    expectNoDuplicates(selection);
    expect(describeSelection(selection.summary)).toMatch(/Press play 1[45] min( \d+ s)? before your start/);
  });

  it.each(plans)('keeps the highest-energy fitting tracks for the final kick of an %s race', (pacePlan) => {
    const selection = selectTracks(pool(), phasesFor('race', 10, 240, 178, 0.85, 0.7, pacePlan));
    const energy = (name: string) => selection.tracks.filter((chosen) => chosen.phase === name).map((chosen) => chosen.track.energy ?? 0);
    const kick = energy('final-kick');
    expect(kick.length).toBeGreaterThan(0);
    const rest = [...energy('steady'), ...energy('faster-third')];
    expect(Math.min(...kick)).toBeGreaterThanOrEqual(Math.max(...rest));
  });

  it('carries the faster tempo of a negative split in its last third', () => {
    const selection = selectTracks(pool(), phasesFor('race', 21.1, 330, 166, 0.9, 0.7, 'negative'));
    const target = (name: string) => selection.summary.phases.find((phase) => phase.name === name)!.targetTempoBpm!;
    expect(target('faster-third')).toBeGreaterThan(target('steady'));
    expect(target('final-kick')).toBe(target('faster-third'));
    const carried = (name: string) => selection.tracks.filter((chosen) => chosen.phase === name).map((chosen) => chosen.fit!.effectiveBpm);
    for (const bpm of carried('faster-third')) expect(Math.abs(bpm / target('faster-third') - 1)).toBeLessThanOrEqual(0.03 + 1e-9);
    expect(selection.summary.phases.map((phase) => phase.name)).toEqual(['pre-race-calm', 'pre-race-build', 'steady', 'faster-third', 'final-kick']);
  });

  it('has no pre-race music for other runs', () => {
    const selection = selectTracks(library(), phasesFor('easy', 10, 360, 165));
    expect(selection.summary).toMatchObject({ preRaceMs: 0, preRaceTracks: 0 });
    expect(selection.tracks[0]!.startSeconds).toBe(0);
  });
});

describe('describeSelection', () => {
  const phase = (
    name: PhaseSummary['name'],
    widenedToPct: PhaseSummary['widenedToPct'],
    unknownTempo = 0,
    targetTempoBpm: number | null = 165,
    poolWithin3Pct: number | null = 12,
    poolWithin3PctUsedElsewhere = 0,
  ): PhaseSummary => ({
    name,
    fromSeconds: 0,
    toSeconds: 1,
    targetTempoBpm,
    targetEnergy: 0.6,
    trackCount: 1,
    widenedToPct,
    unknownTempo,
    lackingSeconds: 0,
    poolWithin3Pct,
    poolWithin3PctUsedElsewhere,
  });
  const base: SelectionSummary = {
    length: { mode: 'duration' },
    trackCount: 26,
    totalMs: 65 * 60_000,
    plannedMs: 60 * 60_000,
    preRaceMs: 0,
    preRaceTracks: 0,
    heldBackUsed: 0,
    perfectFits: 26,
    byTolerance: { 3: 26, 5: 0, 8: 0 },
    unknownTempo: 0,
    halfTime: 0,
    doubleTime: 0,
    explicitFiltered: 0,
    duplicatesSkipped: 0,
    short: false,
    phases: [phase('steady', 3)],
  };
  const cases: Array<[string, Partial<SelectionSummary>, string]> = [
    ['all fit', {}, '26 of 26 tracks within ±3 % of their target cadence. 1 h 05 min of music for your planned 1 h.'],
    [
      'a short library',
      {
        trackCount: 27,
        perfectFits: 24,
        byTolerance: { 3: 24, 5: 2, 8: 0 },
        unknownTempo: 1,
        phases: [phase('steady', 5, 1, 165, 24)],
      },
      '24 of 27 tracks within ±3 % of their target cadence; 2 within ±5 %; 1 of unknown tempo because your library was short. ' +
        'The steady part widened to ±5 %: your music had only 24 tracks within ±3 % of 165 BPM. 1 h 05 min of music for your planned 1 h.',
    ],
    [
      'widened in several phases',
      {
        byTolerance: { 3: 20, 5: 4, 8: 2 },
        perfectFits: 20,
        phases: [
          phase('warm-up', 5, 0, 157, 0),
          phase('work', 8, 0, 172, 6, 2),
          phase('recovery', 5, 0, 157, 1),
          phase('work', 3, 0, 172, 6, 2),
          phase('cool-down', undefined, 1, 157, 1),
        ],
      },
      '20 of 26 tracks within ±3 % of their target cadence; 4 within ±5 %; 2 within ±8 %. ' +
        'The warm-up widened to ±5 %: your music had no track within ±3 % of 157 BPM. ' +
        'The hard blocks widened to ±8 %: your music had only 6 tracks within ±3 % of 172 BPM, and 2 of them play in other parts of the run. ' +
        'The recoveries widened to ±5 %: your music had only 1 track within ±3 % of 157 BPM. ' +
        '1 h 05 min of music for your planned 1 h.',
    ],
    [
      'a race with tracks held back',
      {
        totalMs: (15 * 60 + 100 * 60) * 1000,
        plannedMs: 95 * 60_000,
        preRaceMs: 14 * 60_000 + 30_000,
        preRaceTracks: 4,
        trackCount: 30,
        heldBackUsed: 3,
        phases: [phase('pre-race-calm', undefined, 0, null, null), phase('pre-race-build', undefined, 0, null, null), phase('steady', 3), phase('final-kick', 3)],
      },
      '26 of 26 tracks within ±3 % of their target cadence. 3 tracks from your recent RunSound playlists are back: too few others fit. ' +
        'Press play 14 min 30 s before your start: 4 tracks, calm first, then building up to the race. 1 h 41 min of music for your planned 1 h 35 min.',
    ],
    [
      'count mode, half time, explicit left out',
      { length: { mode: 'count', trackCount: 30 }, trackCount: 30, perfectFits: 30, byTolerance: { 3: 30, 5: 0, 8: 0 }, totalMs: 112 * 60_000, halfTime: 3, explicitFiltered: 1 },
      '30 of 30 tracks within ±3 % of their target cadence. 3 at half time (a beat every other step) carry your cadence. ' +
        '30 tracks, 1 h 52 min of music for your planned 1 h. 1 explicit track left out, as you asked.',
    ],
  ];
  it.each(cases)('tells %s plainly', (_label, changes, text) => {
    expect(describeSelection({ ...base, ...changes })).toBe(text);
  });
});
