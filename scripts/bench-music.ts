/**
 * How well RunSound's track selection (lib/playlist/select) does on libraries shaped like real ones
 * (tests/fixtures/realistic-library: most tempos near 90-130 BPM, a few per cent per running
 * cadence), for libraries of 300, 1,000 and 5,000 tracks and plans across cadences 150-185:
 *
 * - on beat: the share of the run's tracks (pre-race music apart) whose BPM, twice it or half it is
 *   within ±3 % of their phase's target;
 * - overlap: the share of a second playlist for the same plan, made with the first's tracks held
 *   back (as the runner's recent playlists are), that was in the first;
 * - ms: selection time, median and slowest of the plan's cadences (after one warm-up call).
 *
 * Features are what RunSound would know: ReccoBeats' where it knows a track, else Deezer's tempo,
 * else none. Only the selection runs here; the Spotify requests a full generation makes are counted
 * elsewhere. `npm run bench:music -- [--json]`.
 */
import { pathToFileURL } from 'node:url';
import { PRIOR_ENERGY } from '../lib/model/prior.ts';
import type { PacePlan, RunType } from '../lib/plan.ts';
import { selectTracks, type PlaylistSelection, type PoolTrack } from '../lib/playlist/select.ts';
import { isPreRace, runPhases } from '../lib/playlist/shape.ts';
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
  medianMs: number;
  maxMs: number;
}

function runTracks(selection: PlaylistSelection) {
  return selection.tracks.filter((chosen) => !isPreRace(selection.phases[chosen.phaseIndex]!));
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

export function benchMusic(): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const size of LIBRARY_SIZES) {
    const pool = poolOf(realisticLibrary({ size, seed: 1 }));
    for (const plan of PLANS) {
      let onBeat = 0;
      let counted = 0;
      const overlaps: number[] = [];
      const times: number[] = [];
      for (const cadence of CADENCES) {
        const phases = runPhases(
          { tempo: { value: cadence }, energy: { value: PRIOR_ENERGY[plan.type] }, valence: { value: 0.65 } },
          { type: plan.type, distanceMeters: plan.km * 1000, paceSecondsPerKm: plan.paceSecondsPerKm, pacePlan: plan.pacePlan },
        );
        if (times.length === 0) selectTracks(pool, phases); // warm-up: compile before timing
        const first = timed(pool, phases);
        const second = timed(pool, phases, new Set(first.selection.tracks.map((chosen) => chosen.track.id)));
        times.push(first.ms, second.ms);
        const tracks = runTracks(first.selection);
        onBeat += tracks.filter((chosen) => chosen.fit !== undefined && chosen.fit.tolerancePct === 3).length;
        counted += tracks.length;
        const earlier = new Set(first.selection.tracks.map((chosen) => chosen.track.id));
        overlaps.push(second.selection.tracks.filter((chosen) => earlier.has(chosen.track.id)).length / Math.max(1, second.selection.tracks.length));
      }
      rows.push({
        size,
        plan: plan.label,
        onBeatPct: Math.round((onBeat / Math.max(1, counted)) * 1000) / 10,
        overlapPct: Math.round((overlaps.reduce((sum, value) => sum + value, 0) / overlaps.length) * 1000) / 10,
        medianMs: Math.round(median(times) * 10) / 10,
        maxMs: Math.round(Math.max(...times) * 10) / 10,
      });
    }
  }
  return rows;
}

function table(rows: readonly BenchRow[]): string {
  const header = ['tracks', 'plan', 'on beat', 'overlap', 'ms (median)', 'ms (max)'];
  const cells = rows.map((row) => [
    String(row.size),
    row.plan,
    `${row.onBeatPct.toFixed(1)} %`,
    `${row.overlapPct.toFixed(1)} %`,
    row.medianMs.toFixed(1),
    row.maxMs.toFixed(1),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: string[]) => values.map((value, i) => (i < 2 ? value.padEnd(widths[i]!) : value.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.map(line)].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = benchMusic();
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else {
    console.log(`Track selection on realistic libraries, cadences ${CADENCES.join(', ')} (second playlist with the first's tracks held back)\n`);
    console.log(table(rows));
  }
}
