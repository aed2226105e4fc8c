import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, test } from './extension';

const manifest = (dir: string) => JSON.parse(readFileSync(`.output/${dir}/manifest.json`, 'utf8'));

const HOSTS = [
  'https://www.strava.com/*',
  'https://accounts.spotify.com/*',
  'https://api.spotify.com/*',
  'https://api.open-meteo.com/*',
  'https://archive-api.open-meteo.com/*',
  'https://geocoding-api.open-meteo.com/*',
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

/** What every strava.com page loads: the content scripts' files, raw and gzipped, in bytes. */
function alwaysLoaded(dir: string) {
  const files: string[] = manifest(dir).content_scripts.flatMap((script: { js?: string[]; css?: string[] }) => [...(script.js ?? []), ...(script.css ?? [])]);
  const bytes = files.map((file) => readFileSync(`.output/${dir}/${file}`));
  return { files, raw: bytes.reduce((sum, file) => sum + file.length, 0), gzipped: bytes.reduce((sum, file) => sum + gzipSync(file, { level: 9 }).length, 0) };
}

for (const dir of ['chrome-mv3', 'firefox-mv2']) {
  test(`every strava.com page carries at most 30 KB (gzipped) of RunSound in the ${dir} build; the panel loads where it is shown`, () => {
    const loaded = alwaysLoaded(dir);
    console.log(`${dir}: ${loaded.files.join(', ')}: ${loaded.raw} B raw, ${loaded.gzipped} B gzipped`);
    expect(loaded.gzipped).toBeLessThanOrEqual(30 * 1024);
    // React and the planner are in the panel bundle, which strava.com pages may load and nothing else may.
    const resources = manifest(dir).web_accessible_resources;
    const panelBundle = dir === 'chrome-mv3' ? [{ resources: ['strava-panel.js'], matches: ['https://www.strava.com/*'], use_dynamic_url: true }] : ['strava-panel.js'];
    expect(resources).toEqual(panelBundle);
    expect(readFileSync(`.output/${dir}/strava-panel.js`, 'utf8')).toContain('export{');
  });
}
