import { describe, expect, it } from 'vitest';
import { listeningEvidence, playlistOfPlays, type StoredPlay } from '@/lib/playlist/listening';
import { valenceLabel } from '@/lib/model/labels';

const start = Date.UTC(2026, 10, 20, 7, 0);
const run = { id: 'r1', startTime: start, elapsedTimeSeconds: 1800, movingTimeSeconds: 1750 };
const play = (minute: number, trackId: string, durationS = 240): StoredPlay => ({ playedAt: start + minute * 60_000, trackId, durationMs: durationS * 1000 });
const VALENCE: Record<string, number> = { a: 0.9, b: 0.5, c: 0.3, d: 0.7 };

describe('listeningEvidence', () => {
  it('matches the plays inside the run, each until the next play or the run ends', () => {
    const plays = [play(-5, 'a'), play(1, 'a'), play(4, 'b'), play(8, 'c'), play(28, 'd', 300), play(40, 'a')];
    const evidence = listeningEvidence([run], plays, (id) => (VALENCE[id] === undefined ? undefined : { valence: VALENCE[id] }));
    expect(evidence.get('r1')?.listening).toEqual([
      { valence: 0.9, secondsPlayed: 180 },
      { valence: 0.5, secondsPlayed: 240 },
      { valence: 0.3, secondsPlayed: 240 },
      { valence: 0.7, secondsPlayed: 120 },
    ]);
    // 780 s of music: a valence label, time-weighted, from listening.
    expect(valenceLabel(evidence.get('r1'))).toEqual({ value: (0.9 * 180 + 0.5 * 240 + 0.3 * 240 + 0.7 * 120) / 780, source: 'listening' });
  });

  it('needs three tracks of known valence', () => {
    expect(listeningEvidence([run], [play(1, 'a'), play(5, 'b'), play(9, 'unknown')], (id) => (VALENCE[id] === undefined ? undefined : { valence: VALENCE[id] })).size).toBe(0);
  });
});

describe('the runner answers after a run', () => {
  it('moves the tempo and energy labels, and takes the playlist valence when they liked it', async () => {
    const { labelsForHistory } = await import('@/lib/model/labels');
    const answered = {
      ...run,
      name: 'Run',
      sportType: 'Run' as const,
      isTreadmill: false,
      startLocal: '2026-11-20T08:00',
      distanceMeters: 5000,
      averageCadenceSpm: 170,
      averageHeartRate: 150,
      musicFeedback: { tempo: 'faster' as const, energy: 'lower' as const, liked: true, playlistValence: 0.7, at: 1 },
    };
    const evidence = listeningEvidence([answered], [], () => undefined);
    expect(evidence.get('r1')).toEqual({ rating: { valence: 0.7 }, feedback: { tempo: 'faster', energy: 'lower' } });
    const labels = labelsForHistory([answered], { music: evidence }).get('r1')!;
    expect(labels.tempo).toEqual({ value: 170 * 1.03, source: 'rating' });
    expect(labels.valence).toEqual({ value: 0.7, source: 'rating' });
    expect(labels.energy?.source).toBe('rating');
  });
});

describe('listening labels for tempo and energy', () => {
  it('label a run without cadence or heart rate from what was played, folding half time into step range', async () => {
    const { labelsForHistory } = await import('@/lib/model/labels');
    const bare = { ...run, name: 'Run', sportType: 'Run' as const, isTreadmill: false, startLocal: '2026-11-20T08:00', distanceMeters: 5000 };
    const plays = [play(0, 'a', 300), play(5, 'b', 300), play(10, 'c', 300)];
    const features = { a: { valence: 0.5, tempo: 84, energy: 0.6 }, b: { valence: 0.5, tempo: 86, energy: 0.8 }, c: { valence: 0.5, tempo: 170, energy: 0.7 } } as const;
    const evidence = listeningEvidence([bare], plays, (id) => features[id as keyof typeof features]);
    const labels = labelsForHistory([bare], { music: evidence }).get('r1')!;
    expect(labels.tempo).toEqual({ value: (168 + 172 + 170) / 3, source: 'listening' });
    expect(labels.energy?.source).toBe('listening');
    expect(labels.energy?.value).toBeCloseTo(0.7, 6);
    // A run that measured its cadence keeps it.
    const measured = labelsForHistory([{ ...bare, averageCadenceSpm: 176 }], { music: evidence }).get('r1')!;
    expect(measured.tempo).toEqual({ value: 176, source: 'cadence' });
  });
});

describe('playlistOfPlays', () => {
  const record = (id: string, trackIds: string[]) => ({ spotify: { id, url: `https://open.spotify.com/playlist/${id}`, name: id }, trackUris: trackIds.map((track) => `spotify:track:${track}`) });
  const newestFirst = [record('tuesday', ['a', 'b', 'c']), record('monday', ['c', 'd', 'e'])];
  it.each([
    ['played from the playlist (its context)', [{ trackId: 'x', contextUri: 'spotify:playlist:monday' }], 'monday'],
    ['two of its tracks, from elsewhere', [{ trackId: 'd' }, { trackId: 'e' }], 'monday'],
    ['two tracks two playlists share: the newest', [{ trackId: 'c' }, { trackId: 'a' }], 'tuesday'],
    ['a single track of it', [{ trackId: 'd' }], undefined],
    ['no play', [], undefined],
  ])('%s', (_label, plays, expected) => {
    expect(playlistOfPlays(plays, newestFirst)?.spotify.id).toBe(expected);
  });
});
