/**
 * The library index job: reads the runner's Spotify library into IndexedDB in the background
 * (lib/music-library/pass.ts), so a playlist can choose from all of it in a handful of requests.
 * It starts when Spotify is connected, then every 6 hours; one pass at a time; a watchdog alarm
 * resumes a pass the worker was stopped in; a feature service that asked to wait gets an alarm.
 */
import { browser } from 'wxt/browser';
import { pacedFetch } from '@/lib/music-library/pacing';
import { CHECKPOINT_KEY, GENRES_KEY, libraryCounts, META_KEY, runLibraryPass, type LibraryProgress, type PassOutcome } from '@/lib/music-library/pass';
import type { LibraryStatus } from '@/lib/music-library/types';
import { SpotifyQuotaExceeded, SpotifyRateLimited, SpotifyReconnectNeeded, spotifyApi } from '@/lib/spotify';
import { openDb } from '@/utils/db';
import { libraryStatus, spotifyStatus } from '@/utils/settings';
import { grantedScopes, noteSpotifyError, spotifyTokens, spotifyWait } from './spotify';

const PERIODIC_ALARM = 'music-library';
const RESUME_ALARM = 'music-library-resume';
const PERIOD_MINUTES = 6 * 60;
const WATCHDOG_MINUTES = 1;

let running: Promise<void> | undefined;

/** Writes land in order: each waits for the one before it. */
let lastWrite: Promise<unknown> = Promise.resolve();
function publish(update: Partial<LibraryStatus>): Promise<void> {
  const write = lastWrite.then(async () => {
    const previous = await libraryStatus.getValue();
    await libraryStatus.setValue({ ...previous, ...update, updatedAt: Date.now() });
  });
  lastWrite = write.catch(() => {});
  return write;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function when(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function outcomeStatus(outcome: PassOutcome): Partial<LibraryStatus> {
  const base = { tracks: outcome.tracks, withTempo: outcome.withTempo, playlistsNotAllowed: outcome.playlistsNotAllowed, step: undefined };
  if (outcome.state === 'waiting') {
    return {
      ...base,
      state: 'waiting',
      resumeAt: outcome.resumeAt,
      message: `${outcome.service}, where RunSound finds tracks’ tempo, asked it to slow down: the rest of your music is looked up at ${when(outcome.resumeAt)}.`,
    };
  }
  return {
    ...base,
    state: 'done',
    resumeAt: undefined,
    lastCompletedAt: Date.now(),
    message: `RunSound knows your music: ${outcome.tracks.toLocaleString('en-GB')} tracks, ${outcome.withTempo.toLocaleString('en-GB')} with a tempo.`,
  };
}

async function indexPass(): Promise<void> {
  if ((await spotifyStatus.getValue()).state !== 'connected') return;
  const wait = await spotifyWait();
  if (wait) {
    await publish({ state: 'waiting', message: wait, step: undefined });
    return;
  }
  const db = openDb();
  await browser.alarms.create(RESUME_ALARM, { delayInMinutes: WATCHDOG_MINUTES });
  const fetchFn = pacedFetch((input, init) => fetch(input, init), { sleep, now: Date.now });
  await publish({ state: 'indexing', message: 'Reading your Spotify library…' });
  try {
    const outcome = await runLibraryPass({
      db,
      api: spotifyApi({ fetch: fetchFn, tokens: await spotifyTokens() }),
      features: { fetch: fetchFn },
      grantedScopes: await grantedScopes(),
      ownPlaylistIds: new Set((await db.playlists.toArray()).map((playlist) => playlist.spotify.id)),
      now: Date.now,
      onProgress: async (progress: LibraryProgress) => {
        // A sign of life: the watchdog moves on while the pass does.
        await browser.alarms.create(RESUME_ALARM, { delayInMinutes: WATCHDOG_MINUTES });
        await publish({ state: 'indexing', step: progress.step, tracks: progress.tracks, withTempo: progress.withTempo, message: 'Reading your Spotify library…' });
      },
    });
    if (outcome.state === 'waiting') await browser.alarms.create(RESUME_ALARM, { when: outcome.resumeAt });
    else await browser.alarms.clear(RESUME_ALARM);
    await publish(outcomeStatus(outcome));
  } catch (error) {
    await noteSpotifyError(error);
    await browser.alarms.clear(RESUME_ALARM);
    const retryAt = error instanceof SpotifyQuotaExceeded || error instanceof SpotifyRateLimited ? error.retryAt : undefined;
    if (retryAt) await browser.alarms.create(RESUME_ALARM, { when: retryAt });
    const message =
      error instanceof SpotifyReconnectNeeded
        ? 'RunSound stopped reading your Spotify library: connect Spotify again in the settings.'
        : retryAt
          ? `Spotify asked RunSound to slow down: it goes on reading your library at ${when(retryAt)}.`
          : `RunSound stopped reading your Spotify library: ${error instanceof Error ? error.message : String(error)} It tries again later.`;
    await publish({ state: retryAt ? 'waiting' : 'error', message, resumeAt: retryAt, step: undefined, ...(await libraryCounts(db)) });
  }
}

/** Starts a pass of the library index, or joins the one under way. */
export function requestLibraryPass(): Promise<void> {
  running ??= indexPass().finally(() => {
    running = undefined;
  });
  return running;
}

/** Forgets the runner's music: every indexed track and link, and where the index stood. */
export async function deleteLibraryIndex(): Promise<void> {
  await running?.catch(() => {});
  const db = openDb();
  await db.transaction('rw', [db.libraryTracks, db.libraryLinks, db.state], async () => {
    await db.libraryTracks.clear();
    await db.libraryLinks.clear();
    await db.state.bulkDelete([CHECKPOINT_KEY, META_KEY, GENRES_KEY]);
  });
  await browser.alarms.clear(RESUME_ALARM);
  await publish({ state: 'never', message: 'RunSound has deleted what it knew of your Spotify library.', tracks: 0, withTempo: 0, step: undefined, resumeAt: undefined, lastCompletedAt: undefined });
}

export function setUpMusicLibrary(): void {
  void browser.alarms.get(PERIODIC_ALARM).then((alarm) => {
    if (!alarm) void browser.alarms.create(PERIODIC_ALARM, { periodInMinutes: PERIOD_MINUTES, delayInMinutes: PERIOD_MINUTES });
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PERIODIC_ALARM || alarm.name === RESUME_ALARM) void requestLibraryPass();
  });
  // A pass the last worker was stopped in goes on now.
  void libraryStatus.getValue().then((status) => {
    if (status.state === 'indexing' && !running) void requestLibraryPass();
  });
}
