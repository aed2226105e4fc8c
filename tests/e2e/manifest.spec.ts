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

/** A class name only uPlot's code carries: where it is, the chart library is. */
const UPLOT_MARK = 'u-cursor-x';

/** The files a page of the build loads: its scripts and everything they import, however deep. */
function loadedBy(dir: string, entries: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(`.output/${dir}/${file}`, 'utf8');
    const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
    for (const [, imported] of text.matchAll(/(?:from\s*|import\s*\(\s*)"\.\/([^"]+\.js)"/g)) visit(`${folder}${imported}`);
  };
  entries.forEach(visit);
  return [...seen];
}

const pageScripts = (dir: string, html: string) => [...readFileSync(`.output/${dir}/${html}`, 'utf8').matchAll(/(?:src|href)="\/([^"]+\.js)"/g)].map((match) => match[1]!);

test('the chart library is loaded by the dashboard only: not by the popup, the Strava panel or any strava.com script', () => {
  const dir = 'chrome-mv3';
  const carries = (file: string) => readFileSync(`.output/${dir}/${file}`, 'utf8').includes(UPLOT_MARK);
  expect(loadedBy(dir, pageScripts(dir, 'options.html')).some(carries)).toBe(true);
  const elsewhere = loadedBy(dir, [
    ...pageScripts(dir, 'popup.html'),
    'strava-panel.js',
    ...manifest(dir).content_scripts.flatMap((script: { js?: string[] }) => script.js ?? []),
  ]);
  expect(elsewhere.length).toBeGreaterThanOrEqual(3);
  expect(elsewhere.filter(carries)).toEqual([]);
});
