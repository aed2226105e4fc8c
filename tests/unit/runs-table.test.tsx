// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunsSection } from '@/entrypoints/options/RunsSection';
import { RunStore } from '@/lib/run-store';
import type { Run, RunFacts } from '@/lib/runs';
import { openDb } from '@/storage/db';
import { processedHistory } from '../fixtures/processed-history';

// The table reads IndexedDB (fake here): on a busy machine a page takes more than the default second.
configure({ asyncUtilTimeout: 10_000 });

/** 75 runs, one a day from 1 January 2026; every tenth a parkrun, the rest morning runs of growing length. */
const history: RunFacts[] = Array.from({ length: 75 }, (_, i) => ({
  id: String(7000 + i),
  name: i % 10 === 9 ? 'Parkrun' : 'Morning Run',
  sportType: 'Run',
  isTreadmill: true,
  startTime: Date.UTC(2026, 0, 1 + i, 7),
  startLocal: new Date(Date.UTC(2026, 0, 1 + i, 8)).toISOString().slice(0, 16),
  distanceMeters: 5000 + i * 100,
  movingTimeSeconds: 1800 + i * 30,
}));

beforeEach(async () => {
  await Promise.all([openDb().runs.clear(), openDb().plays.clear(), openDb().trackFeatures.clear()]);
  await new RunStore(openDb()).mergeRuns(history, 'api-json');
});
afterEach(cleanup);

const rowIds = () => within(screen.getByRole('table')).getAllByRole('row').slice(1).map((row) => row.dataset.testid);

describe('the runs table', () => {
  it('pages through the whole history, 30 runs a page, newest first', async () => {
    render(<RunsSection />);
    expect(await screen.findByText('Runs 1–30 of 75')).toBeDefined();
    expect(rowIds()[0]).toBe('run-7074');
    expect(screen.getByRole('button', { name: 'Previous' })).toHaveProperty('disabled', true);

    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Runs 31–60 of 75')).toBeDefined();
    expect(rowIds()[0]).toBe('run-7044');
    expect(screen.getByText('Page 2 of 3')).toBeDefined();

    fireEvent.click(screen.getByRole('button', { name: 'Last' }));
    expect(await screen.findByText('Runs 61–75 of 75')).toBeDefined();
    expect(rowIds()).toHaveLength(15);
    expect(rowIds()[14]).toBe('run-7000');
    expect(screen.getByRole('button', { name: 'Next' })).toHaveProperty('disabled', true);

    fireEvent.click(screen.getByRole('button', { name: 'First' }));
    expect(await screen.findByText('Runs 1–30 of 75')).toBeDefined();
  });

  it('sorts by distance and filters by name, back on the first page', async () => {
    render(<RunsSection />);
    await screen.findByText('Runs 1–30 of 75');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByText('Runs 31–60 of 75');

    fireEvent.change(screen.getByTestId('runs-order'), { target: { value: 'shortest' } });
    expect(await screen.findByText('Runs 1–30 of 75')).toBeDefined();
    expect(rowIds()[0]).toBe('run-7000');

    fireEvent.change(screen.getByTestId('runs-search'), { target: { value: 'parkrun' } });
    expect(await screen.findByText('Runs 1–7 of 7 matching (75 stored)')).toBeDefined();
    expect(rowIds()).toEqual(['run-7009', 'run-7019', 'run-7029', 'run-7039', 'run-7049', 'run-7059', 'run-7069']);
    // One page: no page controls.
    expect(screen.queryByRole('navigation', { name: 'Pages of runs' })).toBeNull();

    fireEvent.change(screen.getByTestId('runs-search'), { target: { value: 'no such run' } });
    expect(await screen.findByText('No runs match (75 stored).')).toBeDefined();
  });

  it('filters by a date range, back on the first page, with the other filters', async () => {
    render(<RunsSection />);
    await screen.findByText('Runs 1–30 of 75');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByText('Runs 31–60 of 75');

    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-02-01' } });
    expect(await screen.findByText('Runs 1–30 of 44 matching (75 stored)')).toBeDefined();
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-02-10' } });
    expect(await screen.findByText('Runs 1–10 of 10 matching (75 stored)')).toBeDefined();
    expect(rowIds()[0]).toBe('run-7040');
    expect(rowIds()[9]).toBe('run-7031');
    // The two ends bound each other.
    expect(screen.getByLabelText('From').getAttribute('max')).toBe('2026-02-10');
    expect(screen.getByLabelText('To').getAttribute('min')).toBe('2026-02-01');

    fireEvent.change(screen.getByTestId('runs-search'), { target: { value: 'parkrun' } });
    expect(await screen.findByText('Runs 1–1 of 1 matching (75 stored)')).toBeDefined();
    expect(rowIds()).toEqual(['run-7039']);

    fireEvent.change(screen.getByTestId('runs-search'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '' } });
    expect(await screen.findByText('Runs 1–30 of 75')).toBeDefined();
  });

  it('shows what each run teaches RunSound, and where each label came from', async () => {
    const db = openDb();
    await db.runs.clear();
    // Processed runs: the first ten with cadence and heart rate, the next two without.
    const runs = processedHistory(12, 10);
    const played = runs[11]!;
    const liked: Run = { ...runs[10]!, musicFeedback: { tempo: 'right', energy: 'right', liked: true, playlistValence: 0.72, at: 0 } };
    await db.runs.bulkPut([...runs.slice(0, 10), liked, played, { ...runs[9]!, id: '7999', startTime: played.startTime + 3_600_000, startLocal: '2025-01-24T08:00', features: undefined }]);
    await db.trackFeatures.bulkPut(['a', 'b', 'c'].map((id) => ({ id, tempo: 170, energy: 0.8, valence: 0.4, source: 'reccobeats' as const, updatedAt: 0 })));
    await db.plays.bulkPut(['a', 'b', 'c'].map((trackId, i) => ({ playedAt: played.startTime + i * 200_000, trackId, durationMs: 200_000 })));
    render(<RunsSection />);
    await screen.findByText('Runs 1–13 of 13');

    const labelsOf = (id: string) => within(screen.getByTestId(`run-${id}`)).getAllByRole('cell').at(-1)!.textContent;
    await waitFor(() => expect(labelsOf('7999')).toBe('Not read yet'));
    const measured = within(screen.getByTestId('run-7005'));
    expect(measured.getByTestId('label-tempo').textContent).toMatch(/^Tempo \d{3} BPM \(your cadence\)$/);
    expect(measured.getByTestId('label-energy').textContent).toMatch(/^Energy \d{1,3}\/100 \(your heart rate\)$/);
    expect(measured.queryByTestId('label-valence')).toBeNull();
    expect(within(screen.getByTestId('run-7010')).getByTestId('label-valence').textContent).toBe('Valence 72/100 (your answers)');
    const listened = within(screen.getByTestId('run-7011'));
    expect(listened.getByTestId('label-tempo').textContent).toBe('Tempo 170 BPM (the music you played)');
    expect(listened.getByTestId('label-valence').textContent).toBe('Valence 40/100 (the music you played)');
    expect(listened.getByTestId('label-energy').textContent).toMatch(/\(your pace against your usual\)$/);
  });
});
