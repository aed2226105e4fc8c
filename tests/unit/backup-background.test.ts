import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setUpMessageHandlers } from '@/entrypoints/background/messages';
import { openDb } from '@/storage/db';
import { libraryStatus, spotifyStatus } from '@/storage/settings';

/** A message from RunSound's options page, as @webext-core/messaging frames it. */
function send(type: string, data: unknown): Promise<{ res?: unknown; err?: { message: string } }> {
  const sender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') };
  return new Promise((resolve) => {
    void fakeBrowser.runtime.onMessage.trigger({ id: 1, type, data, timestamp: Date.now() }, sender as never, resolve as never);
  });
}

describe('the background during a restore', () => {
  let removeHandlers: () => void;
  const onHistoryChanged = vi.fn();
  beforeEach(async () => {
    fakeBrowser.reset();
    // strava.com answers as to a logged-out browser: the sync after the restore ends at once.
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () => new Response('<html><title>Log In | Strava</title></html>', { status: 200, headers: { 'content-type': 'text/html' } }));
    removeHandlers = setUpMessageHandlers({ onHistoryChanged });
    await fakeBrowser.alarms.create('music-library', { periodInMinutes: 360, delayInMinutes: 360 });
    await fakeBrowser.alarms.create('spotify-plays', { periodInMinutes: 30, delayInMinutes: 1 });
  });
  afterEach(async () => {
    removeHandlers();
    onHistoryChanged.mockReset();
    await openDb().libraryTracks.clear();
  });

  it('stops what alarms start and what pages ask to change, answers what only reads, and goes on after', async () => {
    expect((await send('pauseForRestore', {})).err).toBeUndefined();
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
    expect((await send('syncNow', {})).err?.message).toMatch(/restoring a backup: try again in a moment/);
    expect((await send('importRuns', { runs: [], source: 'api-json' })).err?.message).toMatch(/restoring a backup/);
    expect((await send('storedRun', { activityId: '1' })).err).toBeUndefined();

    expect((await send('resumeAfterRestore', { restored: false })).err).toBeUndefined();
    expect((await fakeBrowser.alarms.getAll()).map((alarm) => alarm.name).sort()).toEqual(['music-library', 'spotify-plays']);
    expect((await send('importRuns', { runs: [], source: 'api-json' })).err).toBeUndefined();
    expect(onHistoryChanged).not.toHaveBeenCalled();
  });

  it('after a restore that wrote, works out everything again from the restored data', async () => {
    await send('pauseForRestore', {});
    await openDb().libraryTracks.bulkPut(
      [1, 2].map((n) => ({ id: `track${n}xxxxxxxx`, uri: `spotify:track:track${n}`, name: 'T', artists: [], durationMs: 1, explicit: false, featureStage: 'tempo' as const, firstSeenAt: 1 })),
    );
    await send('resumeAfterRestore', { restored: true });
    expect(onHistoryChanged).toHaveBeenCalledTimes(1);
    expect(await libraryStatus.getValue()).toMatchObject({ state: 'done', tracks: 2, withTempo: 2, message: expect.stringMatching(/Your backup brought the music RunSound knew: 2 tracks, 2 with a tempo/) });
    expect((await fakeBrowser.alarms.getAll()).length).toBeGreaterThanOrEqual(2);
  });

  it('goes on pausing while the page says the restore goes on', async () => {
    await send('pauseForRestore', {});
    expect((await send('restoreGoingOn', {})).err).toBeUndefined();
    expect((await send('syncNow', {})).err?.message).toMatch(/restoring a backup/);
    await send('resumeAfterRestore', { restored: false });
    // Once it is over, the page's "still going" changes nothing.
    expect((await send('restoreGoingOn', {})).err).toBeUndefined();
    expect((await send('importRuns', { runs: [], source: 'api-json' })).err).toBeUndefined();
  });

  it('lets the jobs and their alarms go on even when what follows the restore fails', async () => {
    await send('pauseForRestore', {});
    vi.spyOn(spotifyStatus, 'getValue').mockRejectedValueOnce(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    expect((await send('resumeAfterRestore', { restored: true })).err).toBeDefined();
    expect((await fakeBrowser.alarms.getAll()).map((alarm) => alarm.name)).toEqual(expect.arrayContaining(['music-library', 'spotify-plays']));
    expect((await send('importRuns', { runs: [], source: 'api-json' })).err).toBeUndefined();
  });
});
