/**
 * "Delete all data" and a restore stop every job first: pauseEveryJob lets go only once each job
 * has (a playlist being made would otherwise save its record into the emptied database).
 */
import { describe, expect, it, vi } from 'vitest';

const order = vi.hoisted(() => ({ events: [] as string[], finishPlaylist: () => {} }));
vi.mock('@/entrypoints/background/sync', () => ({ pauseSync: async () => (order.events.push('sync paused'), () => order.events.push('sync resumed')) }));
vi.mock('@/entrypoints/background/training', () => ({ pauseTraining: async () => (order.events.push('training paused'), () => order.events.push('training resumed')) }));
vi.mock('@/entrypoints/background/music-library', () => ({ stopLibraryPass: async () => void order.events.push('library stopped') }));
vi.mock('@/entrypoints/background/history', () => ({ historySettled: async () => void order.events.push('history settled') }));
vi.mock('@/entrypoints/background/playlists', () => ({
  generationSettled: () => new Promise<void>((resolve) => (order.finishPlaylist = () => (order.events.push('playlist settled'), resolve()))),
}));

const { pauseEveryJob } = await import('@/entrypoints/background/pause');

describe('pauseEveryJob', () => {
  it('waits for the playlist being made, and resumes the sync and the training when asked', async () => {
    let paused = false;
    const pausing = pauseEveryJob().then((resume) => ((paused = true), resume));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(paused).toBe(false);
    order.finishPlaylist();
    const resume = await pausing;
    expect(order.events).toEqual(['sync paused', 'training paused', 'library stopped', 'playlist settled', 'history settled']);
    resume();
    expect(order.events.slice(-2)).toEqual(['sync resumed', 'training resumed']);
  });
});
