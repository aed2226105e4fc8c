/**
 * The library index job: reads the runner's Spotify library into IndexedDB in the background
 * (lib/music-library/pass.ts), so a playlist can choose from all of it in a handful of requests.
 * It starts when Spotify is connected, then every 6 hours; one pass at a time; a watchdog alarm
 * resumes a pass the worker was stopped in; a feature service that asked to wait gets an alarm.
 */
import { browser } from 'wxt/browser';
import { isQuotaExceeded, singleFlight, statusChannel, stoppedInWords } from '@/lib/jobs';
import { pacedFetch } from '@/lib/music-library/pacing';
import { playlistTrackIds } from '@/lib/playlist/record';
import { CHECKPOINT_KEY, GENRES_KEY, libraryCounts, META_KEY, runLibraryPass, type LibraryProgress, type PassOutcome } from '@/lib/music-library/pass';
import type { LibraryStatus } from '@/lib/music-library/types';
import { SpotifyQuotaExceeded, SpotifyRateLimited, SpotifyReconnectNeeded, spotifyApi } from '@/lib/spotify';
import { openDb } from '@/storage/db';
import { libraryStatus, spotifyBackoffUntil, spotifyStatus } from '@/storage/settings';
import { grantedScopes, noteSpotifyError, spotifyTokens, spotifyWait } from './spotify';

const PERIODIC_ALARM = 'music-library';
const RESUME_ALARM = 'music-library-resume';
const PERIOD_MINUTES = 6 * 60;
const WATCHDOG_MINUTES = 1;

/** Stops the pass under way (a disconnect): its next request or checkpoint fails, and nothing more is written. */
let stopping: AbortController | undefined;

const status = statusChannel(libraryStatus, () => ({ updatedAt: Date.now() }));
const publish = (update: Partial<LibraryStatus>) => status.publish(update);

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
  if ((await spotifyStatus.getValue()).state !== 'connected') {
    // A pass the worker was stopped in, and Spotify disconnected since: nothing is being read.
    if ((await libraryStatus.getValue()).state === 'indexing') await publish({ state: 'done', step: undefined, message: 'RunSound reads your library again when Spotify is connected.' });
    return;
  }
  const wait = await spotifyWait();
  if (wait) {
    // Spotify asked every job to wait: the index goes on by itself when the wait is over.
    const until = await spotifyBackoffUntil.getValue();
    await browser.alarms.create(RESUME_ALARM, { when: until });
    await publish({ state: 'waiting', message: wait, step: undefined, resumeAt: until });
    return;
  }
  const db = openDb();
  const stop = new AbortController();
  stopping = stop;
  await browser.alarms.create(RESUME_ALARM, { delayInMinutes: WATCHDOG_MINUTES });
  const paced = pacedFetch((input, init) => fetch(input, init), { sleep, now: Date.now });
  const fetchFn: typeof fetch = (input, init) => {
    stop.signal.throwIfAborted();
    const signals = [stop.signal, ...(init?.signal ? [init.signal] : [])];
    return paced(input, { ...init, signal: AbortSignal.any(signals) });
  };
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
        stop.signal.throwIfAborted();
        // A sign of life: the watchdog moves on while the pass does.
        await browser.alarms.create(RESUME_ALARM, { delayInMinutes: WATCHDOG_MINUTES });
        await publish({ state: 'indexing', step: progress.step, tracks: progress.tracks, withTempo: progress.withTempo, message: 'Reading your Spotify library…' });
      },
    });
    if (outcome.state === 'waiting') await browser.alarms.create(RESUME_ALARM, { when: outcome.resumeAt });
    else await browser.alarms.clear(RESUME_ALARM);
    await publish(outcomeStatus(outcome));
  } catch (error) {
    // Stopped by a disconnect: whoever stopped it says what happens next.
    if (stop.signal.aborted) return;
    await noteSpotifyError(error);
    await browser.alarms.clear(RESUME_ALARM);
    const retryAt = error instanceof SpotifyQuotaExceeded || error instanceof SpotifyRateLimited ? error.retryAt : undefined;
    if (retryAt) await browser.alarms.create(RESUME_ALARM, { when: retryAt });
    const message =
      error instanceof SpotifyReconnectNeeded
        ? 'RunSound stopped reading your Spotify library: connect Spotify again in the settings.'
        : retryAt
          ? `Spotify asked RunSound to slow down: it goes on reading your library at ${when(retryAt)}.`
          : isQuotaExceeded(error)
            ? stoppedInWords('RunSound stopped reading your Spotify library', error)
            : `RunSound stopped reading your Spotify library: ${error instanceof Error ? error.message : String(error)} It tries again later.`;
    await publish({ state: retryAt ? 'waiting' : 'error', message, resumeAt: retryAt, step: undefined, ...(await libraryCounts(db)) });
  }
}

const pass = singleFlight(() =>
  indexPass().finally(() => {
    stopping = undefined;
  }),
);

/** Starts a pass of the library index, or joins the one under way. */
export function requestLibraryPass(): Promise<void> {
  return pass.run();
}

/** Stops the pass under way, if any, and waits until it has. */
export async function stopLibraryPass(): Promise<void> {
  stopping?.abort();
  if (pass.busy()) await pass.run().catch(() => {});
  await browser.alarms.clear(RESUME_ALARM);
  const current = await libraryStatus.getValue();
  if (current.state === 'indexing' || current.state === 'waiting') {
    await publish({ state: 'done', step: undefined, resumeAt: undefined, message: 'RunSound reads your library again when Spotify is connected.' });
  }
}

/**
 * Forgets the runner's music: every indexed track and link, where the index stood, and the
 * features looked up for those tracks, except the tracks of playlists RunSound made and those
 * whose tempo the runner corrected. What they played stays (their model learns from it).
 */
export async function deleteLibraryIndex(): Promise<void> {
  await stopLibraryPass();
  const db = openDb();
  await db.transaction('rw', [db.libraryTracks, db.libraryLinks, db.trackFeatures, db.playlists, db.state], async () => {
    const inPlaylists = new Set((await db.playlists.toArray()).flatMap(playlistTrackIds));
    const indexed = (await db.libraryTracks.toCollection().primaryKeys()).filter((id) => !inPlaylists.has(id));
    const features = await db.trackFeatures.bulkGet(indexed);
    await db.trackFeatures.bulkDelete(indexed.filter((_, index) => features[index] && features[index]!.correctedTempo === undefined));
    await db.libraryTracks.clear();
    await db.libraryLinks.clear();
    await db.state.bulkDelete([CHECKPOINT_KEY, META_KEY, GENRES_KEY]);
  });
  await publish({
    state: 'never',
    message: 'RunSound has deleted what it knew of your Spotify library. It keeps the tracks of the playlists it made, and what you played during your runs.',
    tracks: 0,
    withTempo: 0,
    step: undefined,
    resumeAt: undefined,
    lastCompletedAt: undefined,
  });
}

export function setUpMusicLibrary(): void {
  void browser.alarms.get(PERIODIC_ALARM).then((alarm) => {
    if (!alarm) void browser.alarms.create(PERIODIC_ALARM, { periodInMinutes: PERIOD_MINUTES, delayInMinutes: PERIOD_MINUTES });
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PERIODIC_ALARM || alarm.name === RESUME_ALARM) void requestLibraryPass();
  });
  // A pass the last worker was stopped in goes on now, and so does one whose wait is over
  // (a restarted browser may have lost its alarm).
  void libraryStatus.getValue().then((current) => {
    const overdue = current.state === 'waiting' && (current.resumeAt ?? 0) <= Date.now();
    if ((current.state === 'indexing' || overdue) && !pass.busy()) void requestLibraryPass();
  });
}
