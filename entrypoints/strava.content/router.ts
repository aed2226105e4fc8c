import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { stravaPageFor } from '@/lib/strava/pages';
import type { PanelBundle } from './page-features';
import type { PanelUi } from './mount-panel';

/** The host element of the panel's shadow root. */
export const PANEL_TAG = 'runsound-panel';

/**
 * The panel's code (React, the planner, zod) is a web-accessible module of its own, imported
 * only on a page that gets a panel, so every other strava.com page carries just this router.
 * A dynamic import() from a content script runs in the content script's world, with its
 * extension APIs, in Chrome and Firefox alike, and needs no permission.
 */
let panelBundle: Promise<PanelBundle> | undefined;
function loadPanelBundle(): Promise<PanelBundle> {
  if (!panelBundle) {
    panelBundle = import(/* @vite-ignore */ browser.runtime.getURL('/strava-panel.js')).then((module: { default: PanelBundle }) => module.default);
    // A failed load (the extension was updated meanwhile) is tried again on the next page.
    panelBundle.catch(() => (panelBundle = undefined));
  }
  return panelBundle;
}

/**
 * Shows the panel on the pages RunSound knows, and only there: exactly one per page, torn down
 * and rebuilt when Strava navigates without a page load.
 */
export function startPageRouter(ctx: ContentScriptContext): void {
  let current: PanelUi | undefined;
  let navigation: AbortController | undefined;

  const show = async (url: URL) => {
    navigation?.abort();
    current?.remove();
    current = undefined;
    // A panel left by an earlier copy of this script (the extension was reloaded) goes too.
    document.querySelectorAll(PANEL_TAG).forEach((element) => element.remove());
    const page = stravaPageFor(url.pathname);
    if (!page) return;
    const controller = new AbortController();
    navigation = controller;
    const bundle = await loadPanelBundle().catch((error: unknown) => console.warn('RunSound could not load its panel', error));
    if (!bundle || controller.signal.aborted) return;
    const ui = await bundle.showPanel(ctx, page, controller.signal);
    if (controller.signal.aborted) ui?.remove();
    else current = ui;
  };

  void show(new URL(location.href));
  ctx.addEventListener(window, 'wxt:locationchange', (event) => void show(event.newUrl));
}
