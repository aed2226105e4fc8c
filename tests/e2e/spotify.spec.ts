import { FAKE_CLIENT_ID } from '../fixtures/spotify';
import { expect, test } from './extension';

test('the runner connects Spotify with their own Client ID, and can disconnect', async ({ openExtensionPage, music }) => {
  const options = await openExtensionPage('options.html');
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
  const storage = await options.evaluate(async () => JSON.stringify(await chrome.storage.local.get(null)));
  expect(storage).not.toMatch(/accessToken|refreshToken|fake-access|fake-refresh/);
  expect(storage).toContain('Connected to Spotify as');

  await options.getByRole('button', { name: 'Disconnect' }).click();
  await expect(status).toHaveAttribute('data-state', 'disconnected');
});
