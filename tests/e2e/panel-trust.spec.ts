/**
 * The Strava panel lives in strava.com's DOM, in an open shadow root: the page's own scripts can
 * see it and click it. What the panel sends to the background takes the runner's own input
 * (Playwright's clicks are trusted input, a page script's are not), and the panel shows nothing
 * that identifies the runner's Spotify account.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { activityPageHtml } from '../fixtures/strava-pages';
import { fakeHistory } from '../fixtures/strava-session';
import { FAKE_CLIENT_ID } from '../fixtures/spotify';
import { expect, openSection, test } from './extension';

/** What a script of the page does: clicks a button of the panel (or submits its form) by its text, the way any script could. */
function pageScriptClicks(page: Page, text: string, how: 'click' | 'dispatch' | 'submit' = 'click') {
  return page.evaluate(
    ({ text, how }) => {
      const root = document.querySelector('runsound-panel')?.shadowRoot;
      // Inside the open sheet: the launcher outside it may carry the same words.
      const sheet = root?.querySelector('[role="dialog"]');
      const button = Array.from(sheet?.querySelectorAll('button') ?? []).find((candidate) => candidate.textContent?.includes(text));
      if (!button) throw new Error(`no button "${text}" in the panel`);
      if (how === 'click') button.click();
      else if (how === 'dispatch') button.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
      else button.form?.requestSubmit(button.type === 'submit' ? button : undefined);
    },
    { text, how },
  );
}

/** Everything of the page a script can read: the document and the panel's shadow root. */
const pageText = (page: Page) => page.evaluate(() => document.documentElement.outerHTML + (document.querySelector('runsound-panel')?.shadowRoot?.innerHTML ?? ''));

async function connectSpotify(openExtensionPage: (path: string) => Promise<Page>) {
  const options = await openExtensionPage('options.html');
  await openSection(options, 'settings');
  await options.getByLabel('Client ID').fill(FAKE_CLIENT_ID);
  await options.getByRole('button', { name: 'Connect' }).click();
  await openSection(options, 'music');
  await expect(options.getByTestId('library-status')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
}

const newPages = (context: BrowserContext) => {
  const opened: Page[] = [];
  context.on('page', (page) => opened.push(page));
  return opened;
};

test('a script of the Strava page cannot make a playlist, and the panel shows no link to it nor whose Spotify it is in', async ({ context, openExtensionPage, music, strava }) => {
  strava.set('/activities/111', activityPageHtml({ id: '111', name: 'Tuesday tempo', distanceMeters: 8000, movingTimeSeconds: 2400, elevationGainMeters: 20 }));
  await context.route('https://open.spotify.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<html><body>Spotify</body></html>' }));
  await connectSpotify(openExtensionPage);

  const page = await context.newPage();
  await page.goto('https://www.strava.com/activities/111');
  await page.getByRole('button', { name: 'Music for a run like this' }).click();
  const panel = page.getByRole('dialog', { name: 'RunSound' });
  const generate = panel.getByRole('button', { name: 'Generate playlist' });
  await expect(generate).toBeEnabled();

  await pageScriptClicks(page, 'Generate playlist', 'click');
  await pageScriptClicks(page, 'Generate playlist', 'dispatch');
  await page.waitForTimeout(1500);
  expect(music.playlists).toHaveLength(0);
  await expect(panel.getByTestId('generation-status')).not.toHaveAttribute('data-state', /working|done/);

  // The runner's own click makes it.
  await generate.click();
  await expect(panel.getByTestId('generation-status')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  expect(music.playlists).toHaveLength(1);
  const playlist = music.playlists[0]!;
  await expect(panel.getByTestId('generation-status')).toContainText(playlist.name);

  const seen = await pageText(page);
  for (const secret of ['open.spotify.com', playlist.id, 'jane.runner', 'Jane Runner']) expect(seen).not.toContain(secret);

  // "Open in Spotify" asks the background, which knows the playlist; a page script's click opens nothing.
  const opened = newPages(context);
  await pageScriptClicks(page, 'in Spotify', 'click');
  await page.waitForTimeout(1000);
  expect(opened).toHaveLength(0);
  await panel.getByRole('button', { name: /Open “.*” in Spotify/ }).click();
  await expect.poll(() => opened.map((tab) => tab.url())).toEqual([`https://open.spotify.com/playlist/${playlist.id}`]);
});

test('a script of the Strava page cannot open RunSound\'s settings', async ({ context, strava }) => {
  strava.set('/activities/111', activityPageHtml({ id: '111', name: 'Tuesday tempo', distanceMeters: 8000, movingTimeSeconds: 2400, elevationGainMeters: 20 }));
  const page = await context.newPage();
  await page.goto('https://www.strava.com/activities/111');
  await page.getByRole('button', { name: 'Music for a run like this' }).click();
  const panel = page.getByRole('dialog', { name: 'RunSound' });
  await expect(panel.getByTestId('connect-spotify')).toBeVisible();

  const opened = newPages(context);
  await pageScriptClicks(page, 'Open settings', 'click');
  await pageScriptClicks(page, 'Open settings', 'dispatch');
  await page.waitForTimeout(1000);
  expect(opened).toHaveLength(0);
  await panel.getByRole('button', { name: 'Open settings' }).click();
  await expect.poll(() => opened.map((tab) => new URL(tab.url()).pathname)).toEqual(['/options.html']);
});

test('a script of the Strava page cannot answer the music question', async ({ context, openExtensionPage, music, strava, stravaSession }) => {
  const history = fakeHistory(6);
  stravaSession.history = history;
  const run = history.runs[0]!;
  strava.set(`/activities/${run.id}`, activityPageHtml({ id: run.id, name: run.name, distanceMeters: run.distanceMeters, movingTimeSeconds: run.movingTimeSeconds, elevationGainMeters: 20 }));
  const options = await openExtensionPage('options.html');
  await expect(options.getByTestId('sync-state')).toHaveAttribute('data-state', 'done', { timeout: 15_000 });
  await connectSpotify(async () => options);
  const popup = await openExtensionPage('popup.html');
  await popup.getByLabel('Start').fill(new Date(run.start * 1000).toISOString().slice(0, 16));
  await popup.getByRole('button', { name: 'Generate playlist' }).click();
  await expect(popup.getByTestId('generation-status')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  const playlist = music.playlists[0]!;
  playlist.uris.slice(0, 4).forEach((uri, index) =>
    music.plays.push({ trackId: uri.replace('spotify:track:', ''), playedAt: run.start * 1000 + index * 240_000, contextUri: `spotify:playlist:${playlist.id}` }),
  );

  const page = await context.newPage();
  await page.goto(`https://www.strava.com/activities/${run.id}`);
  await page.getByRole('button', { name: 'Music for a run like this' }).click();
  const question = page.getByTestId('music-question');
  await expect(question).toBeVisible();
  for (const how of ['click', 'dispatch', 'submit'] as const) {
    await pageScriptClicks(page, 'Save my answers', how);
    await page.waitForTimeout(500);
    await expect(page.getByTestId('music-question-thanks'), how).toHaveCount(0);
  }

  // Nothing was saved: the question is still asked after a reload, and the runner's own answer is taken.
  await page.reload();
  await page.getByRole('button', { name: 'Music for a run like this' }).click();
  await expect(question).toBeVisible();
  await question.getByRole('button', { name: 'Save my answers' }).click();
  await expect(page.getByTestId('music-question-thanks')).toBeVisible();
});
