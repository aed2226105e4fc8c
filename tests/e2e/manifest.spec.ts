import { readFileSync } from 'node:fs';
import { expect, test } from './extension';

const manifest = (dir: string) => JSON.parse(readFileSync(`.output/${dir}/manifest.json`, 'utf8'));

const HOSTS = [
  'https://www.strava.com/*',
  'https://accounts.spotify.com/*',
  'https://api.spotify.com/*',
  'https://api.open-meteo.com/*',
  'https://archive-api.open-meteo.com/*',
  'https://api.reccobeats.com/*',
  'https://api.deezer.com/*',
];

test('the unpacked Chrome build always gets the same id, so the Spotify redirect URI never changes', async ({ extensionId }) => {
  expect(extensionId).toBe('dekckpdpdcnhgnggbiagebnjljacobna');
});

test('the Chrome build asks for the least permissions and no more', () => {
  const chrome = manifest('chrome-mv3');
  expect(chrome.manifest_version).toBe(3);
  expect(chrome.permissions.sort()).toEqual(['alarms', 'identity', 'storage']);
  expect(chrome.host_permissions.sort()).toEqual([...HOSTS].sort());
  expect(chrome.content_scripts).toEqual([expect.objectContaining({ matches: ['https://www.strava.com/*'] })]);
  expect(chrome.browser_specific_settings).toBeUndefined();
  expect(chrome.externally_connectable).toBeUndefined();
});

test('the Firefox build carries its fixed add-on id and no Chrome key', () => {
  const firefox = manifest('firefox-mv2');
  expect(firefox.browser_specific_settings.gecko.id).toBe('runsound@runsound.app');
  expect(firefox.key).toBeUndefined();
  expect(firefox.permissions.sort()).toEqual(['alarms', 'identity', 'storage', ...HOSTS].sort());
});
