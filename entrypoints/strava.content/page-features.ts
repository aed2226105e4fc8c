import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { sendMessage } from '@/lib/messages';
import { defaultPlan } from '@/lib/plan';
import type { StravaPage } from '@/lib/strava/pages';
import { planFromActivity, planFromRoute, planFromStoredRun } from '@/lib/strava/prefill';
import { readActivityPage, showsActivity } from './activity-page';
import { mountPanel, type PanelUi } from './mount-panel';
import { PANEL_ENTRIES } from './Panel';
import { readRoutePage } from './route-page';
import { ACTIVITY, ROUTE } from './selectors';
import { waitUntil } from './wait';

/** How long a page may take to show what RunSound reads before it makes do with what is there. */
const PAGE_READY_MS = 4000;

/** One feature per page kind: wait for the page, read it, put the panel in place. */
const FEATURES: { [K in StravaPage['kind']]: (ctx: ContentScriptContext, page: Extract<StravaPage, { kind: K }>, signal: AbortSignal) => Promise<PanelUi | undefined> } = {
  async activity(ctx, { activityId }, signal) {
    await waitUntil(() => showsActivity(document, activityId), PAGE_READY_MS, signal);
    if (signal.aborted) return undefined;
    const facts = readActivityPage(document, activityId);
    // The history knows the run best (its type, time and place); the page is the fallback.
    const stored = await sendMessage('storedRun', { activityId }).catch(() => null);
    // A run RunSound does not know yet (just uploaded, say) makes the background sync.
    if (!stored) {
      sendMessage('activitySeen', { activityId, sportType: facts.sportType }).catch((error: unknown) =>
        console.warn('RunSound could not reach its background', error),
      );
    }
    if (signal.aborted) return undefined;
    return mountPanel(
      ctx,
      document.querySelector(ACTIVITY.stats),
      (units) => (stored ? planFromStoredRun(stored, units, new Date()) : planFromActivity(facts, units, new Date())),
      { entry: PANEL_ENTRIES.activity, summarize: true, activityId: stored ? activityId : undefined },
    );
  },
  async route(ctx, { routeId }, signal) {
    await waitUntil(() => document.querySelector(ROUTE.stat) !== null, PAGE_READY_MS, signal);
    if (signal.aborted) return undefined;
    const facts = readRoutePage(document);
    // The page shows no coordinates: the route's GPX gives its start, for the forecast.
    const start = (await sendMessage('routeStart', { routeId }).catch(() => null)) ?? undefined;
    if (signal.aborted) return undefined;
    const anchor = document.querySelector(ROUTE.stats) ?? document.querySelector(ROUTE.title);
    return mountPanel(ctx, anchor, (units) => planFromRoute(facts, units, new Date(), start), { entry: PANEL_ENTRIES.route, summarize: true });
  },
  // The dashboard and the training calendar get a compact entry, floating out of Strava's way.
  async dashboard(ctx) {
    return mountPanel(ctx, null, () => ({ plan: defaultPlan(new Date()), note: 'Plan your next run.' }), { entry: PANEL_ENTRIES.plan });
  },
  async calendar(ctx) {
    return mountPanel(ctx, null, () => ({ plan: defaultPlan(new Date()), note: 'Plan your next run.' }), { entry: PANEL_ENTRIES.plan });
  },
};

/** Puts the panel of `page` in place; undefined when the navigation was aborted first. */
export function showPanel(ctx: ContentScriptContext, page: StravaPage, signal: AbortSignal): Promise<PanelUi | undefined> {
  const feature = FEATURES[page.kind] as (ctx: ContentScriptContext, page: StravaPage, signal: AbortSignal) => Promise<PanelUi | undefined>;
  return feature(ctx, page, signal);
}

/** What the panel bundle (entrypoints/strava-panel.ts) gives the page router. */
export interface PanelBundle {
  showPanel: typeof showPanel;
}
