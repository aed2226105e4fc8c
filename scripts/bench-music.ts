/**
 * How well RunSound makes playlists from libraries shaped like real ones
 * (tests/fixtures/realistic-library: most tempos near 90-130 BPM, a few per cent per running
 * cadence), for libraries of 300, 1,000 and 5,000 tracks and plans across cadences 150-185. Each
 * playlist is made end to end (lib/playlist/generate) from the indexed library, against the tests'
 * fake Spotify (whose catalogue is three times the library: what targeted searches can find),
 * ReccoBeats and Deezer:
 *
 * - on beat: the share of the run's tracks (pre-race music apart) whose BPM, twice it or half it is
 *   within ±3 % of their phase's target;
 * - overlap: the share of a second playlist for the same plan, made with the first's tracks held
 *   back (as the runner's recent playlists are), that was in the first;
 * - requests: to Spotify and the feature services together, per playlist (mean and most);
 * - ms: selection time alone, median and slowest of the plan's cadences (after one warm-up call).
 *
 * Features are what RunSound would know: ReccoBeats' where it knows a track, else Deezer's tempo,
 * else none. `npm run bench:music -- [--json]`.
 */
import { pathToFileURL } from 'node:url';
import { PRIOR_ENERGY, priorProfile } from '../lib/model/prior.ts';
import { generatePlaylist } from '../lib/playlist/generate.ts';
import { RequestCounter, spotifyApi, TokenKeeper } from '../lib/spotify/index.ts';
import { createFakeMusicServices, FAKE_CLIENT_ID, fakeMusicFetch } from '../tests/fixtures/spotify.ts';
import type { PacePlan, RunType } from '../lib/plan.ts';
import { selectTracks, type PoolTrack } from '../lib/playlist/select.ts';
import { runPhases } from '../lib/playlist/shape.ts';
import { poolOf, realisticLibrary } from '../tests/fixtures/realistic-library.ts';

export const LIBRARY_SIZES = [300, 1000, 5000] as const;
export const CADENCES = [150, 157, 164, 171, 178, 185] as const;

interface BenchPlan {
  label: string;
  type: RunType;
  km: number;
  paceSecondsPerKm: number;
  pacePlan?: PacePlan;
}

export const PLANS: readonly BenchPlan[] = [
  { label: 'easy 10 km', type: 'easy', km: 10, paceSecondsPerKm: 360 },
  { label: 'tempo 10 km', type: 'tempo', km: 10, paceSecondsPerKm: 285 },
  { label: 'long 25 km', type: 'long', km: 25, paceSecondsPerKm: 345 },
  { label: 'intervals 10 km', type: 'interval', km: 10, paceSecondsPerKm: 300 },
  { label: 'race 21.1 km', type: 'race', km: 21.1, paceSecondsPerKm: 270, pacePlan: 'negative' },
];

export interface BenchRow {
  size: number;
  plan: string;
  /** Per cent of the run's tracks within ±3 % of their phase's target, over the plan's cadences. */
  onBeatPct: number;
  /** Per cent of the second playlist's tracks that were in the first, mean over the cadences. */
  overlapPct: number;
  meanRequests: number;
  maxRequests: number;
  medianMs: number;
  maxMs: number;
}

/** Makes a playlist for `plan` at `cadence` from the indexed library `pool`, as the background would. */
async function generated(services: ReturnType<typeof createFakeMusicServices>, pool: readonly PoolTrack[], plan: BenchPlan, cadence: number, heldBack?: ReadonlySet<string>) {
  const { fetch } = fakeMusicFetch(services);
  const stored = services.connect();
  const counter = new RequestCounter();
  const tokens = new TokenKeeper({ fetch, clientId: FAKE_CLIENT_ID, load: async () => stored, save: async () => {} });
  const planned = { type: plan.type, distanceMeters: plan.km * 1000, paceSecondsPerKm: plan.paceSecondsPerKm, start: '2026-12-13T09:00', pacePlan: plan.pacePlan };
  const prior = priorProfile(planned, 'metric');
  const profile = { ...prior, tempo: { ...prior.tempo, value: cadence }, energy: { ...prior.energy, value: PRIOR_ENERGY[plan.type] }, valence: { ...prior.valence, value: 0.65 } };
  const result = await generatePlaylist(planned, profile, 'metric', { excludeExplicit: false, length: { mode: 'duration' } }, {
    api: spotifyApi({ fetch, tokens, counter, sleep: async () => {} }),
    fetch,
    counter,
    library: { pool, complete: true },
    heldBack,
    heldBackFirmly: heldBack,
    cachedFeatures: async () => new Map(),
    saveFeatures: async () => {},
    created: async () => {},
  });
  return result;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timed(pool: readonly PoolTrack[], phases: Parameters<typeof selectTracks>[1], heldBack?: ReadonlySet<string>) {
  const start = performance.now();
  const selection = selectTracks(pool, phases, heldBack ? { heldBack } : {});
  return { selection, ms: performance.now() - start };
}

export async function benchMusic(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const size of LIBRARY_SIZES) {
    const catalogue = realisticLibrary({ size: size * 3, seed: 1 });
    const pool = poolOf(catalogue.slice(0, size));
    const services = createFakeMusicServices({ catalogue, savedTrackIds: [], topTrackIds: [] });
    for (const plan of PLANS) {
      let onBeat = 0;
      let counted = 0;
      const overlaps: number[] = [];
      const requests: number[] = [];
      const times: number[] = [];
      for (const cadence of CADENCES) {
        const phases = runPhases(
          { tempo: { value: cadence }, energy: { value: PRIOR_ENERGY[plan.type] }, valence: { value: 0.65 } },
          { type: plan.type, distanceMeters: plan.km * 1000, paceSecondsPerKm: plan.paceSecondsPerKm, pacePlan: plan.pacePlan },
        );
        if (times.length === 0) selectTracks(pool, phases); // warm-up: compile before timing
        times.push(timed(pool, phases).ms);
        const first = await generated(services, pool, plan, cadence);
        const second = await generated(services, pool, plan, cadence, new Set(first.trackUris.map((uri) => uri.replace('spotify:track:', ''))));
        requests.push(first.requestCount, second.requestCount);
        // The run's tracks: those the picture does not mark as before the race.
        const run = first.picture.tracks.filter((track) => track.startSeconds >= first.picture.runStartSeconds);
        onBeat += run.filter((track) => track.onBeat).length;
        counted += run.length;
        const earlier = new Set(first.trackUris);
        overlaps.push(second.trackUris.filter((uri) => earlier.has(uri)).length / Math.max(1, second.trackUris.length));
      }
      rows.push({
        size,
        plan: plan.label,
        onBeatPct: Math.round((onBeat / Math.max(1, counted)) * 1000) / 10,
        overlapPct: Math.round((overlaps.reduce((sum, value) => sum + value, 0) / overlaps.length) * 1000) / 10,
        meanRequests: Math.round((requests.reduce((sum, value) => sum + value, 0) / requests.length) * 10) / 10,
        maxRequests: Math.max(...requests),
        medianMs: Math.round(median(times) * 10) / 10,
        maxMs: Math.round(Math.max(...times) * 10) / 10,
      });
    }
  }
  return rows;
}

function table(rows: readonly BenchRow[]): string {
  const header = ['tracks', 'plan', 'on beat', 'overlap', 'requests (mean)', 'requests (most)', 'ms (median)', 'ms (max)'];
  const cells = rows.map((row) => [
    String(row.size),
    row.plan,
    `${row.onBeatPct.toFixed(1)} %`,
    `${row.overlapPct.toFixed(1)} %`,
    row.meanRequests.toFixed(1),
    String(row.maxRequests),
    row.medianMs.toFixed(1),
    row.maxMs.toFixed(1),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: string[]) => values.map((value, i) => (i < 2 ? value.padEnd(widths[i]!) : value.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.map(line)].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await benchMusic();
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else {
    console.log(`Playlists from realistic libraries, cadences ${CADENCES.join(', ')} (second playlist with the first's tracks held back)\n`);
    console.log(table(rows));
  }
}
