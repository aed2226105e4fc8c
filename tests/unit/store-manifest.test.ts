/**
 * The store packages' manifests (npm run zip): the Chrome Web Store refuses a manifest with a
 * `key` ("key field is not allowed in manifest"), while the unpacked build keeps it for its fixed
 * id and Spotify redirect URI. Firefox's carries its add-on id instead.
 */
import { describe, expect, it } from 'vitest';
import config, { FIREFOX_ADDON_ID } from '../../wxt.config';

type ManifestOf = (env: { browser: string; mode: string; manifestVersion: 2 | 3; command: 'build' | 'serve' }) => Record<string, unknown>;
const manifest = config.manifest as ManifestOf;

describe('the manifest', () => {
  it('for the Chrome Web Store has no key; the unpacked build keeps it', () => {
    expect(manifest({ browser: 'chrome', mode: 'store', manifestVersion: 3, command: 'build' })).not.toHaveProperty('key');
    expect(manifest({ browser: 'chrome', mode: 'production', manifestVersion: 3, command: 'build' }).key).toMatch(/^MIIBIjANBgkqhkiG9w0BAQEFAAOC/);
  });

  it('for Firefox carries the add-on id, in every mode', () => {
    for (const mode of ['store', 'production']) {
      const firefox = manifest({ browser: 'firefox', mode, manifestVersion: 2, command: 'build' });
      expect(firefox).not.toHaveProperty('key');
      expect(firefox.browser_specific_settings).toMatchObject({ gecko: { id: FIREFOX_ADDON_ID } });
    }
  });
});
