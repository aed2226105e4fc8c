import { createRoot, type Root } from 'react-dom/client';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { PlanPrefill } from '@/lib/strava/prefill';
import type { Units } from '@/lib/units';
import runsoundCss from '@/components/runsound.css?inline';
import panelCss from './panel.css?inline';
import { Panel, type PanelProps } from './Panel';
import { PANEL_TAG } from './router';

/** The panel's styles travel inside the panel bundle: the router that every page loads has none. */
const PANEL_CSS = `${runsoundCss}\n${panelCss}`.replaceAll(':root', ':host');

export type PanelUi = ShadowRootContentScriptUi<Root>;

/**
 * Puts RunSound's entry after `anchor` or, when there is none, floating in the page's corner.
 * The caller removes it on navigation.
 */
export async function mountPanel(
  ctx: ContentScriptContext,
  anchor: Element | null,
  prefill: (units: Units) => PlanPrefill,
  entry: Pick<PanelProps, 'entry' | 'summarize' | 'activityId'>,
): Promise<PanelUi> {
  const floating = anchor === null;
  const ui = await createShadowRootUi(ctx, {
    name: PANEL_TAG,
    position: 'inline',
    anchor: anchor ?? document.body,
    append: floating ? 'last' : 'after',
    // Strava's font and colours flow into the panel; its keyboard shortcuts do not see our keys.
    inheritStyles: true,
    css: PANEL_CSS,
    isolateEvents: true,
    onMount(container) {
      const root = createRoot(container);
      root.render(<Panel prefill={prefill} floating={floating} {...entry} />);
      return root;
    },
    onRemove(root) {
      root?.unmount();
    },
  });
  ui.mount();
  return ui;
}
