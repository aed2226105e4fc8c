import { defineConfig } from 'wxt';

/**
 * Public half of the key that fixes the unpacked Chrome extension id at
 * dekckpdpdcnhgnggbiagebnjljacobna, so the Spotify redirect URI a runner registers
 * (https://<id>.chromiumapp.org/) never changes. The private half is not needed to load
 * the unpacked build; store uploads are signed by the store.
 */
const CHROME_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAzs6ziB+S8T7BtVpyXYVJ/WkWDftA3DVbKoscQ3uSCiHVUMhZKjpGgj6FRn9Mu5u57LpUCgwXSj96yXbs0ntGyqmDy6JUI8teWMURnfC5kTOMYyz1DvhasYF9g0QHdB/Tm60esUttxtDt8lbEUY0NWW+u5Oo8KLJWbKnlqug9A1f2T+0sjQ7BTgxsFmChhNSgQa2Ji9PScDaBkBv6uAXRN8DWIYiZeaCrQX2K+kI0NyrA+AlmqPMbKm7eSjNmzZuT+g0kmXGjjn7f3bCwxdTOaiauw9zFfXX7sXiCedVjoKI6qp/eus9kstgmMvvDh6WICM8fu7TiMdNECcvmiAerTwIDAQAB';

/** Firefox's add-on id; it fixes the extensions.allizom.org redirect URI the same way. */
export const FIREFOX_ADDON_ID = 'runsound@runsound.app';

// Every host is explained in the README's "Permissions" section.
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

/**
 * The Strava panel's bundle (entrypoints/strava-panel.ts): built as an ES module, so the strava
 * content script can import() it on the pages that get a panel, and web-accessible to strava.com
 * only (a content script's import() is a request of the page's origin). Chrome serves it under a
 * per-session URL, so pages cannot probe for RunSound by a fixed one.
 */
const PANEL_BUNDLE = 'strava-panel';

export default defineConfig({
  imports: false,
  hooks: {
    'vite:build:extendConfig': (entrypoints, config) => {
      const output = config.build?.rollupOptions?.output;
      if (entrypoints.length !== 1 || entrypoints[0]?.name !== PANEL_BUNDLE || !config.build?.lib || !output || Array.isArray(output)) return;
      config.build.lib.formats = ['es'];
      // Vite leaves ES libraries unminified; this one is loaded, not imported by a bundler. One file: the only one web-accessible.
      Object.assign(output, { minify: true, codeSplitting: false });
    },
  },
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  // The sources zip AMO asks for (the Firefox build is bundled): what rebuilds it, without the README's pictures.
  zip: { excludeSources: ['docs/**'] },
  // `--mode store` (npm run zip) builds what the Chrome Web Store takes: it refuses a manifest with
  // a `key` ("key field is not allowed in manifest") and gives the listing its own id.
  manifest: ({ browser, mode }) => ({
    name: 'RunSound',
    description: 'Spotify playlists that fit the run you planned, learned from your own Strava history.',
    permissions: ['storage', 'alarms', 'identity'],
    host_permissions: HOSTS,
    web_accessible_resources: [{ resources: [`${PANEL_BUNDLE}.js`], matches: ['https://www.strava.com/*'], use_dynamic_url: true }],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: FIREFOX_ADDON_ID,
              // The first versions that read data_collection_permissions.
              strict_min_version: '140.0',
              // RunSound sends nothing to us; the runner's data stays in their browser.
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : mode === 'store'
        ? {}
        : { key: CHROME_PUBLIC_KEY }),
  }),
});
