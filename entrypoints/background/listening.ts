/**
 * While Spotify is connected, RunSound reads what the runner played (Spotify keeps the last 50
 * plays), every half hour, and keeps the plays and their tracks' features: the evidence for the
 * model's valence labels. New plays during a run make the model learn again.
 */
import { browser } from 'wxt/browser';
import { lookUpTrackFeatures } from '@/lib/music-features';
import { labelled, saveServiceFeatures } from '@/lib/music-features/stored';
import { addToLibrary } from '@/lib/music-library/pass';
import { fetchRecentlyPlayed, RequestCounter } from '@/lib/spotify';
import { openDb } from '@/storage/db';
import { spotifyStatus } from '@/storage/settings';
import { noteSpotifyError, spotify, spotifyWait } from './spotify';

const PLAYS_ALARM = 'spotify-plays';
const PLAYS_EVERY_MINUTES = 30;

export async function readPlays(onNewMusic: () => void): Promise<void> {
  if ((await spotifyStatus.getValue()).state !== 'connected' || (await spotifyWait())) return;
  const db = openDb();
  try {
    const last = await db.plays.orderBy('playedAt').last();
    const plays = await fetchRecentlyPlayed(await spotify(), { after: last?.playedAt });
    if (!plays.length) return;
    await db.plays.bulkPut(
      plays.map((play) => ({ playedAt: play.playedAt, trackId: play.track.id, durationMs: play.track.durationMs, contextUri: play.contextUri })),
    );
    // What the runner plays is their music too: the library index looks up its tempo with the rest.
    const latest = [...plays].sort((a, b) => a.playedAt - b.playedAt);
    await db.transaction('rw', [db.libraryTracks, db.libraryLinks], () =>
      addToLibrary(db, 'played', latest.map((play) => ({ track: play.track, addedAt: play.playedAt })), 0, Date.now()),
    );
    const known = new Set((await db.trackFeatures.bulkGet(plays.map((play) => play.track.id))).flatMap((row) => (row ? [row.id] : [])));
    const unknown = [...new Map(plays.filter((play) => !known.has(play.track.id)).map((play) => [play.track.id, play.track])).values()];
    if (unknown.length) {
      const { features } = await lookUpTrackFeatures(unknown, { fetch: (input, init) => fetch(input, init), counter: new RequestCounter(), maxDeezerLookups: 0 });
      await saveServiceFeatures(db, labelled(features, new Map(unknown.map((track) => [track.id, track]))), Date.now());
    }
    // Plays during a run are new evidence for its labels.
    const earliest = Math.min(...plays.map((play) => play.playedAt));
    if ((await db.runs.where('startTime').above(earliest - 6 * 3_600_000).count()) > 0) onNewMusic();
  } catch (error) {
    await noteSpotifyError(error);
  }
}

/** Plays are read again on demand (an activity page asking about its music) at most this often. */
const ON_DEMAND_GAP_MS = 5 * 60_000;
let lastRead = 0;

export async function readPlaysIfStale(onNewMusic: () => void): Promise<void> {
  if (Date.now() - lastRead < ON_DEMAND_GAP_MS) return;
  lastRead = Date.now();
  await readPlays(onNewMusic);
}

export function setUpListening(onNewMusic: () => void): void {
  void browser.alarms.get(PLAYS_ALARM).then((alarm) => {
    if (!alarm) void browser.alarms.create(PLAYS_ALARM, { periodInMinutes: PLAYS_EVERY_MINUTES, delayInMinutes: 1 });
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PLAYS_ALARM) void readPlays(onNewMusic);
  });
}
