import type { Page } from '@playwright/test';
import { tempoFit } from '../../lib/playlist/select';
import type { GenerationStatus } from '../../lib/playlist/record';
import { realisticLibrary } from '../fixtures/realistic-library';
import { FAKE_CLIENT_ID, type FakeMusicServices } from '../fixtures/spotify';
import { expect, openSection, test } from './extension';

/**
 * A runner with an ordinary library, shaped like real ones: 500 saved tracks, top tracks and three
 * playlists of their own (about 650 tracks in all, most near 120 BPM, few at a running cadence,
 * 1 in 7 unknown to ReccoBeats), in a Spotify catalogue twice that size.
 */
const CATALOGUE = realisticLibrary({ size: 1400, seed: 26 });
const ids = (from: number, to: number) => CATALOGUE.slice(from, to).map((track) => track.id);
test.use({
  musicOptions: {
    catalogue: CATALOGUE,
    savedTrackIds: ids(0, 500),
    topTrackIds: ids(480, 530),
    ownPlaylists: [
      { id: 'OwnPlaylistMorningRun01', name: 'Morning run', trackIds: ids(530, 580) },
      { id: 'OwnPlaylistGymMix000002', name: 'Gym mix', trackIds: ids(575, 625) },
      { id: 'OwnPlaylistRoadTrip0003', name: 'Road trip', trackIds: ids(620, 660) },
    ],
  },
});

/** Connects Spotify in Settings, then watches the library being read under Music. */
async function connect(options: Page) {
  await openSection(options, 'settings');
  await options.getByLabel('Client ID').fill(FAKE_CLIENT_ID);
  await options.getByRole('button', { name: 'Connect' }).click();
  await expect(options.getByTestId('spotify-status')).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });
  await openSection(options, 'music');
}

async function generationStatus(page: Page): Promise<GenerationStatus> {
  return page.evaluate(async () => {
    const { chrome } = globalThis as unknown as { chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } } };
    return (await chrome.storage.local.get('generationStatus')).generationStatus as GenerationStatus;
  });
}

/** Share of a playlist's tracks whose real tempo (×1, ×2 or ×½) is within ±3 % of the phase each plays in. */
function onTheBeat(music: FakeMusicServices, uris: readonly string[], status: GenerationStatus): number {
  const picture = status.picture!;
  let at = 0;
  let onBeat = 0;
  let counted = 0;
  for (const uri of uris) {
    const track = music.track(uri.replace('spotify:track:', ''))!;
    const middle = at + track.durationMs / 2000;
    at += track.durationMs / 1000;
    const phase = picture.phases.find((candidate) => middle < candidate.toSeconds) ?? picture.phases.at(-1)!;
    if (phase.targetTempoBpm === null) continue;
    counted += 1;
    if (tempoFit(track.tempo, phase.targetTempoBpm)?.tolerancePct === 3) onBeat += 1;
  }
  return onBeat / counted;
}

test('the runner’s whole library is indexed, and playlists from it are on the beat, rotate, and take a handful of requests', async ({ openExtensionPage, music }) => {
  test.setTimeout(300_000);
  const options = await openExtensionPage('options.html');
  await connect(options);
  // Connecting starts the index: saved tracks, top tracks, their own playlists, then tempos.
  const library = options.getByTestId('library-status');
  await expect(library).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await expect(library).toContainText(/Your music: 6\d\d tracks, \d{3} with a tempo/);
  // Every playlist of theirs was read, never one RunSound made.
  const read = music.log.filter((entry) => /\/v1\/playlists\/[^/]+\/items/.test(entry.url)).map((entry) => new URL(entry.url).pathname.split('/')[3]);
  expect(new Set(read)).toEqual(new Set(['OwnPlaylistMorningRun01', 'OwnPlaylistGymMix000002', 'OwnPlaylistRoadTrip0003']));

  const popup = await openExtensionPage('popup.html');
  await expect(popup.getByTestId('music-line')).toHaveText(/^Your music: 6\d\d tracks, \d{3} with a tempo$/);
  const plans = [
    { name: 'easy', type: 'easy', pace: '5:30', distance: '10' },
    { name: 'tempo', type: 'tempo', pace: '4:30', distance: '8' },
    { name: 'long', type: 'long', pace: '5:45', distance: '16' },
    { name: 'easy again', type: 'easy', pace: '5:30', distance: '10' },
  ];
  for (const [index, plan] of plans.entries()) {
    await popup.getByLabel('Run type').selectOption(plan.type);
    await popup.getByLabel(/Target pace/).fill(plan.pace);
    await popup.getByLabel(/Distance/).fill(plan.distance);
    await expect(popup.getByTestId('profile-source').first()).toBeVisible();
    const before = music.log.length;
    const asked = Date.now();
    await popup.getByRole('button', { name: 'Generate playlist' }).click();
    // This generation's answer, not the last one's.
    await expect.poll(async () => { const status = await generationStatus(popup); return status.updatedAt > asked && status.state; }, { timeout: 30_000 }).toBe('done');
    await expect(popup.getByTestId('generation-status')).toHaveAttribute('data-state', 'done');
    expect(music.playlists).toHaveLength(index + 1);
    // (What the listening job reads meanwhile, every half hour, is not the generation's.)
    const requests = music.log.slice(before).filter((entry) => !entry.url.includes('/v1/me/player/recently-played')).length;
    expect(requests, `${plan.name}: requests`).toBeLessThanOrEqual(10);
    const status = await generationStatus(popup);
    expect(status.requests).toBe(requests);
    const uris = music.playlists[index]!.uris;
    expect(onTheBeat(music, uris, status), `${plan.name}: share on the beat`).toBeGreaterThanOrEqual(0.9);
    // The picture of the playlist: each track's tempo against the run's.
    await expect(popup.getByRole('img', { name: /Tempo chart/ })).toBeVisible();
  }
  // Two easy playlists in a row share at most half their tracks.
  const [first, , , again] = music.playlists;
  const shared = again!.uris.filter((uri) => first!.uris.includes(uri)).length;
  expect(shared).toBeLessThanOrEqual(Math.floor(Math.min(first!.uris.length, again!.uris.length) / 2));
  await popup.screenshot({ path: 'tests/artifacts/popup-playlist-picture.png', fullPage: true });
});

test('a race playlist warms up for about 15 minutes, starts its race part at the gun and follows a negative split', async ({ openExtensionPage, music }) => {
  test.setTimeout(300_000);
  const options = await openExtensionPage('options.html');
  await connect(options);
  await expect(options.getByTestId('library-status')).toHaveAttribute('data-state', 'done', { timeout: 180_000 });

  const popup = await openExtensionPage('popup.html');
  await popup.getByLabel('Run type').selectOption('race');
  await popup.getByLabel(/Target pace/).fill('4:30');
  await popup.getByLabel(/Distance/).fill('21.1');
  await popup.getByLabel('Start').fill('2026-12-13T09:00');
  await popup.getByLabel('Pace plan').selectOption('negative');
  await popup.getByRole('button', { name: 'Generate playlist' }).click();
  const status = popup.getByTestId('generation-status');
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(popup.getByTestId('playlist-link')).toHaveText(/^Open “Race \| 4:30\/km \| 21\.1km @ \d+ BPM” in Spotify$/);
  const pressPlay = /Press play at (\d\d):(\d\d)(?::(\d\d))?: the race part starts with the gun at 09:00\./.exec((await status.textContent()) ?? '');
  expect(pressPlay).not.toBeNull();
  const preRaceSeconds = 9 * 3600 - (Number(pressPlay![1]) * 3600 + Number(pressPlay![2]) * 60 + Number(pressPlay![3] ?? 0));
  expect(preRaceSeconds).toBeGreaterThanOrEqual(13 * 60);
  expect(preRaceSeconds).toBeLessThanOrEqual(17 * 60);

  // Pressed at that time, the tracks before the race part end exactly at the gun.
  const picture = (await generationStatus(popup)).picture!;
  expect(Math.round(picture.runStartSeconds)).toBe(preRaceSeconds);
  const uris = music.playlists[0]!.uris;
  let at = 0;
  const starts = uris.map((uri) => {
    const start = at;
    at += music.track(uri.replace('spotify:track:', ''))!.durationMs / 1000;
    return Math.round(start);
  });
  expect(starts).toContain(preRaceSeconds);
  expect(music.playlists[0]!.description).toMatch(/Race: 15 min of calm, then rising music before the start; a negative split/);
});
