import type { Page } from '@playwright/test';
import { activityPageHtml } from '../fixtures/strava-pages';
import { fakeHistory } from '../fixtures/strava-session';
import { FAKE_CLIENT_ID, fakeTrack, spotifyTooManyRequests } from '../fixtures/spotify';
import { expect, openSection, test } from './extension';

/** How many tracks of the runner's library RunSound keeps, read from its database by one of its pages. */
function libraryTrackCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('runsound');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('libraryTracks').objectStore('libraryTracks').count();
          count.onsuccess = () => resolve(count.result);
        };
      }),
  );
}

test('the runner connects Spotify with their own Client ID, and can disconnect', async ({ openExtensionPage, music }) => {
  const options = await openExtensionPage('options.html#settings');
  await expect(options.getByTestId('redirect-uri')).toHaveText('https://dekckpdpdcnhgnggbiagebnjljacobna.chromiumapp.org/');

  await options.getByLabel('Client ID').fill('not an id');
  await options.getByRole('button', { name: 'Connect' }).click();
  await expect(options.getByRole('alert')).toContainText('32 letters and digits');

  await options.getByLabel('Client ID').fill(FAKE_CLIENT_ID);
  await options.getByRole('button', { name: 'Connect' }).click();
  const status = options.getByTestId('spotify-status');
  await expect(status).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });
  await expect(status).toHaveText(/Connected to Spotify as /);
  // The token exchange used PKCE with the verifier behind the challenge (the fake checks it).
  expect(music.log.some((entry) => entry.url.startsWith('https://accounts.spotify.com/api/token'))).toBe(true);

  // Tokens stay in the background's database: extension storage, which content scripts can read, holds none.
  const storage = await options.evaluate(async () => {
    const { chrome } = globalThis as unknown as { chrome: { storage: { local: { get(keys: null): Promise<unknown> } } } };
    return JSON.stringify(await chrome.storage.local.get(null));
  });
  expect(storage).not.toMatch(/accessToken|refreshToken|fake-access|fake-refresh/);
  expect(storage).toContain('Connected to Spotify as');

  // Connecting started reading the runner's library.
  await openSection(options, 'music');
  await expect(options.getByTestId('library-status')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const known = await libraryTrackCount(options);
  expect(known).toBeGreaterThan(0);

  // Disconnecting offers to forget the library too.
  await openSection(options, 'settings');
  await options.getByRole('button', { name: 'Disconnect' }).click();
  await options.getByLabel(/Also delete what RunSound knows of your Spotify library \(\d+ tracks\)/).check();
  await options.getByRole('button', { name: 'Disconnect now' }).click();
  await expect(status).toHaveAttribute('data-state', 'disconnected');
  const left = await libraryTrackCount(options);
  expect(left).toBe(0);
});

test('without Spotify, the planner explains how to connect it', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await expect(popup.getByTestId('connect-spotify')).toContainText('connect your Spotify account once');
});

test('Generate playlist makes exactly one private playlist, through a 429 and a token refresh', async ({ openExtensionPage, music }) => {
  const options = await openExtensionPage('options.html#settings');
  await options.getByLabel('Client ID').fill(FAKE_CLIENT_ID);
  await options.getByRole('button', { name: 'Connect' }).click();
  await expect(options.getByTestId('spotify-status')).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });

  // The access token has expired, and Spotify will ask once to slow down.
  music.expireAccessTokens();
  music.once({ method: 'GET', host: 'api.spotify.com', path: '/v1/me/tracks' }, spotifyTooManyRequests(1));

  const popup = await openExtensionPage('popup.html');
  await expect(popup.getByTestId('tempo-bpm')).toHaveText('159');
  await popup.getByRole('button', { name: 'Generate playlist' }).click();
  const status = popup.getByTestId('generation-status');
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(popup.getByTestId('playlist-link')).toHaveText(/Open “Easy Run \| 6:00\/km \| 8\.0km @ 159 BPM” in Spotify/);
  expect(music.playlists).toHaveLength(1);
  // The expired token was refreshed (a second call to the token endpoint after the sign-in's).
  expect(music.log.filter((entry) => entry.url.startsWith('https://accounts.spotify.com/api/token')).length).toBeGreaterThanOrEqual(2);
  expect(music.playlists[0]!.public).toBe(false);
  expect(music.playlists[0]!.uris.length).toBeGreaterThan(0);
  expect(new Set(music.playlists[0]!.uris).size).toBe(music.playlists[0]!.uris.length);
  await popup.screenshot({ path: 'tests/artifacts/popup-playlist.png', fullPage: true });

  // The options page lists it, with its tracks' tempos, which the runner can correct.
  await openSection(options, 'playlists');
  await expect(options.getByRole('link', { name: music.playlists[0]!.name })).toBeVisible();
  const firstTrack = music.playlists[0]!.uris[0]!.replace('spotify:track:', '');
  const row = options.getByTestId(`track-${firstTrack}`);
  await row.getByRole('textbox').fill('172');
  await row.getByRole('button', { name: 'Correct' }).click();
  await expect(row).toContainText('172 BPM (you)');
});

test('after a run with a RunSound playlist, its Strava page asks how the music was, once', async ({ context, openExtensionPage, music, strava, stravaSession }) => {
  const history = fakeHistory(6);
  stravaSession.history = history;
  const run = history.runs[0]!;
  strava.set(`/activities/${run.id}`, activityPageHtml({ id: run.id, name: run.name, distanceMeters: run.distanceMeters, movingTimeSeconds: run.movingTimeSeconds, elevationGainMeters: 20 }));

  const options = await openExtensionPage('options.html');
  await expect(options.getByTestId('sync-state')).toHaveAttribute('data-state', 'done', { timeout: 15_000 });
  await openSection(options, 'settings');
  await options.getByLabel('Client ID').fill(FAKE_CLIENT_ID);
  await options.getByRole('button', { name: 'Connect' }).click();
  await expect(options.getByTestId('spotify-status')).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });

  // The runner planned that run in RunSound and made its playlist.
  const popup = await openExtensionPage('popup.html');
  await popup.getByLabel('Start').fill(new Date(run.start * 1000).toISOString().slice(0, 16));
  await popup.getByRole('button', { name: 'Generate playlist' }).click();
  await expect(popup.getByTestId('generation-status')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  expect(music.playlists).toHaveLength(1);
  // During the run, Spotify played it.
  music.playlists[0]!.uris.slice(0, 4).forEach((uri, index) =>
    music.plays.push({ trackId: uri.replace('spotify:track:', ''), playedAt: run.start * 1000 + index * 240_000, contextUri: `spotify:playlist:${music.playlists[0]!.id}` }),
  );

  const page = await context.newPage();
  await page.goto(`https://www.strava.com/activities/${run.id}`);
  await page.getByRole('button', { name: 'Music for a run like this' }).click();
  const question = page.getByTestId('music-question');
  await expect(question).toContainText(`How was the music of “${music.playlists[0]!.name}”?`);
  await question.getByLabel('should be faster').check();
  await question.getByLabel('higher').check();
  await question.getByRole('button', { name: 'Save my answers' }).click();
  await expect(page.getByTestId('music-question-thanks')).toBeVisible();

  await page.reload();
  await page.getByRole('button', { name: 'Music for a run like this' }).click();
  await expect(page.getByRole('dialog', { name: 'RunSound' }).getByTestId('planner-note')).toBeVisible();
  await expect(page.getByTestId('music-question')).toHaveCount(0);
});

test('an easy 10 km, a 16 km long run and an interval session each get their own fitting playlist', async ({ openExtensionPage, music }) => {
  test.setTimeout(90_000);
  const options = await openExtensionPage('options.html#settings');
  await options.getByLabel('Client ID').fill(FAKE_CLIENT_ID);
  await options.getByRole('button', { name: 'Connect' }).click();
  await expect(options.getByTestId('spotify-status')).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });

  const popup = await openExtensionPage('popup.html');
  const plans = [
    { type: 'easy', pace: '6:00', distance: '10', seconds: 3600, name: /^Open “Easy Run \| 6:00\/km \| 10\.0km @ \d+ BPM” in Spotify$/ },
    { type: 'long', pace: '6:10', distance: '16', seconds: 5920, name: /^Open “Long Run \| 6:10\/km \| 16\.0km @ \d+ BPM” in Spotify$/ },
    { type: 'interval', pace: '5:00', distance: '9', seconds: 2700, name: /^Open “Interval Session \| 5:00\/km \| 9\.0km @ \d+ BPM” in Spotify$/ },
  ];
  for (const [index, plan] of plans.entries()) {
    await popup.getByLabel('Run type').selectOption(plan.type);
    await popup.getByLabel(/Target pace/).fill(plan.pace);
    await popup.getByLabel(/Distance/).fill(plan.distance);
    await expect(popup.getByTestId('profile-source').first()).toBeVisible();
    await popup.getByRole('button', { name: 'Generate playlist' }).click();
    await expect(popup.getByTestId('playlist-link')).toHaveText(plan.name, { timeout: 30_000 });
    expect(music.playlists).toHaveLength(index + 1);
    const uris = music.playlists[index]!.uris;
    expect(new Set(uris).size).toBe(uris.length);
    // As long as the run, plus a few minutes (3 to 8).
    const seconds = uris.reduce((sum, uri) => sum + fakeTrack(uri.replace('spotify:track:', ''))!.durationMs / 1000, 0);
    expect(seconds).toBeGreaterThanOrEqual(plan.seconds);
    expect(seconds).toBeLessThanOrEqual(plan.seconds + 8 * 60);
    // The summary says how well the tracks fit the run, honestly (and when the library came up short).
    await expect(popup.getByTestId('generation-status')).toContainText(/tracks within ±\d %/);
  }
  // The long run's description tells its shape.
  expect(music.playlists[1]!.description).toMatch(/Progressive/);
  expect(music.playlists[2]!.description).toMatch(/Intervals/);
});

test('the Strava panel makes the playlist too, and shows its picture', async ({ context, openExtensionPage, music, strava }) => {
  // Sign-in, the library's first index and a playlist: more than the default 30 s on a busy machine.
  test.slow();
  strava.set('/activities/111', activityPageHtml({ id: '111', name: 'Tuesday tempo', distanceMeters: 8000, movingTimeSeconds: 2400, elevationGainMeters: 20 }));
  const options = await openExtensionPage('options.html#settings');
  await options.getByLabel('Client ID').fill(FAKE_CLIENT_ID);
  await options.getByRole('button', { name: 'Connect' }).click();
  await openSection(options, 'music');
  await expect(options.getByTestId('library-status')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });

  const page = await context.newPage();
  await page.goto('https://www.strava.com/activities/111');
  await page.getByRole('button', { name: 'Music for a run like this' }).click();
  const panel = page.getByRole('dialog', { name: 'RunSound' });
  await panel.getByRole('button', { name: 'Generate playlist' }).click();
  await expect(panel.getByTestId('generation-status')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  expect(music.playlists).toHaveLength(1);
  const chart = panel.getByRole('img', { name: /Tempo chart/ });
  await expect(chart).toBeVisible();
  await expect(panel.getByText(/tracks on the beat/).first()).toBeVisible();
  await chart.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'tests/artifacts/activity-panel-playlist.png' });
});

test('the service worker stopped in the middle of reading the library resumes it, without duplicates or gaps', async ({ context, openExtensionPage, music }) => {
  const options = await openExtensionPage('options.html#settings');
  await options.getByLabel('Client ID').fill(FAKE_CLIENT_ID);
  await options.getByRole('button', { name: 'Connect' }).click();
  await openSection(options, 'music');
  const reccoBeats = () => music.requestsTo('api.reccobeats.com').length;
  // Stop the worker once the tempos are being looked up, as Chrome does when it decides to.
  await expect.poll(reccoBeats, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  const cdp = await context.newCDPSession(options);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((target) => target.type === 'service_worker' && target.url.endsWith('/background.js'))!;
  await cdp.send('Target.closeTarget', { targetId: worker.targetId });
  await expect(options.getByTestId('library-status')).toHaveAttribute('data-state', 'indexing');

  // The runner only opens the planner: the worker wakes, finds the pass it was in, and finishes it.
  await openExtensionPage('popup.html');
  await expect(options.getByTestId('library-status')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const expected = new Set([...music.library.savedTrackIds, ...music.library.topTrackIds]).size;
  expect(await libraryTrackCount(options)).toBe(expected);
  // Each batch of 40 asked once, but for the one in flight at the stop.
  expect(reccoBeats()).toBeLessThanOrEqual(Math.ceil(expected / 40) + 1);
});
