import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { showPanel, type PanelBundle } from './strava.content/page-features';

/**
 * The Strava panel's code: an ES module that the strava content script imports, only on the
 * pages that get a panel (see strava.content/router.ts). Its default export is what main returns.
 */
export default defineUnlistedScript((): PanelBundle => ({ showPanel }));
