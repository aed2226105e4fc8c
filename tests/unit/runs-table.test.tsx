// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { cleanup, configure, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunsSection } from '@/entrypoints/options/RunsSection';
import { RunStore } from '@/lib/run-store';
import type { RunFacts } from '@/lib/runs';
import { openDb } from '@/storage/db';

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
  await openDb().runs.clear();
  await new RunStore(openDb()).mergeRuns(history, 'api-json');
});
afterEach(cleanup);

const shown = () => screen.getByTestId('runs-shown');
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
});
