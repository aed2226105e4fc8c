import { useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { RunsInPage } from '@/components/GeneratePlaylist';
import { Planner } from '@/components/Planner';
import { useUnits } from '@/components/useUnits';
import { sendMessage } from '@/lib/messages';
import { profileInWords } from '@/lib/model/profile';
import type { PlannedRun } from '@/lib/plan';
import type { PlanPrefill } from '@/lib/strava/prefill';
import type { Units } from '@/lib/units';
import { MusicQuestion } from './MusicQuestion';

/** What the page's entry says it does; "Generate playlist" is the action inside. */
export const PANEL_ENTRIES = {
  activity: 'Music for a run like this',
  route: 'Music for this route',
  plan: 'Plan a run’s music',
} as const;

export interface PanelProps {
  /** Builds the starting plan from the page, in the runner's units. */
  prefill: (units: Units) => PlanPrefill;
  /** Floating in a corner when no place next to Strava's title or stats was found. */
  floating: boolean;
  /** The entry's words. */
  entry: (typeof PANEL_ENTRIES)[keyof typeof PANEL_ENTRIES];
  /** Beside the entry, the profile of the page's run in one line (on activities and routes). */
  summarize?: boolean;
  /** On an activity page: asks how the music was when the run had a RunSound playlist. */
  activityId?: string;
}

const TABBABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** What Tab can reach inside `root`, in order: shown, not in a closed part. */
function tabbables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(TABBABLE)).filter((element) => element.getClientRects().length > 0 && !element.closest('[hidden]'));
}

/** The element with the focus, in the document or the panel's shadow root. */
function focusedIn(element: HTMLElement): Element | null {
  return (element.getRootNode() as Document | ShadowRoot).activeElement;
}

/**
 * The RunSound entry on a Strava page and the planner it opens: a modal dialog over the page
 * (Strava's own layout never moves), which keeps the focus inside until Escape, Close or a click
 * outside closes it, and then gives it back to the entry.
 */
export function Panel({ prefill, floating, entry, summarize = false, activityId }: PanelProps) {
  const units = useUnits();
  const [open, setOpen] = useState(false);
  const dialogId = useId();
  const titleId = useId();
  const entryRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);

  const start = units ? prefill(units) : undefined;
  const startKey = start && JSON.stringify(start.plan);
  const [summary, setSummary] = useState<string>();
  useEffect(() => {
    if (!start || !units || !summarize) return;
    let current = true;
    sendMessage('planRun', { plan: start.plan, units }).then(
      ({ profile }) => current && setSummary(profileInWords(profile)),
      () => current && setSummary(undefined),
    );
    return () => {
      current = false;
    };
    // startKey stands for the starting plan.
  }, [startKey, units, summarize]);

  // Opened: modal (the page behind is inert), the focus on the first field once the planner is there.
  const focusPlaced = useRef(false);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!open || !dialog) return;
    if (!dialog.open) dialog.showModal();
    const field = dialog.querySelector<HTMLElement>('select, input');
    if (field && !focusPlaced.current) {
      field.focus();
      focusPlaced.current = true;
    }
  }, [open, units]);

  const close = () => dialogRef.current?.close();
  const closed = () => {
    setOpen(false);
    focusPlaced.current = false;
    entryRef.current?.focus();
  };

  // Tab and Shift+Tab go round the dialog: past its last stop to its first, and back.
  const keepFocusInside = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Tab') return;
    const stops = tabbables(event.currentTarget);
    if (stops.length === 0) return;
    const [first, last] = [stops[0]!, stops[stops.length - 1]!];
    const at = focusedIn(event.currentTarget) as HTMLElement | null;
    const outside = !at || !stops.includes(at);
    if (event.shiftKey ? at === first || outside : at === last || outside) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    }
  };

  // A click on the backdrop lands on the dialog itself (its content fills it); a drag that began inside is no such click.
  const pressedOutside = useRef(false);
  const closeOutside = (event: MouseEvent<HTMLDialogElement>) => {
    if (event.target === event.currentTarget && pressedOutside.current) close();
  };

  return (
    <div className={`rs-panel${floating ? ' rs-panel-floating' : ''}`}>
      <button
        ref={entryRef}
        type="button"
        className="rs-button rs-launch"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? dialogId : undefined}
        onClick={() => setOpen(true)}
      >
        {entry}
      </button>
      {summary && !open ? (
        <span className="rs-summary" data-testid="panel-summary">
          {summary}
        </span>
      ) : null}
      {open ? (
        <dialog
          ref={dialogRef}
          id={dialogId}
          className="rs-sheet"
          role="dialog"
          aria-labelledby={titleId}
          aria-modal="true"
          onClose={closed}
          onKeyDown={keepFocusInside}
          onMouseDown={(event) => (pressedOutside.current = event.target === event.currentTarget)}
          onClick={closeOutside}
        >
          <div className="rs-sheet-inner">
            <div className="rs-head rs-sheet-head">
              <h2 id={titleId}>RunSound</h2>
              <button type="button" className="rs-button rs-button-quiet" onClick={close}>
                Close
              </button>
            </div>
            <div className="rs-sheet-body">
              {activityId ? <MusicQuestion activityId={activityId} /> : null}
              {start && units ? (
                // Strava's scripts can read the panel: it shows no link to the runner's Spotify.
                <RunsInPage.Provider value={true}>
                  <Planner
                    initialPlan={start.plan}
                    note={start.note}
                    units={units}
                    predict={(plan: PlannedRun) => sendMessage('planRun', { plan, units })}
                  />
                </RunsInPage.Provider>
              ) : (
                <p className="rs-hint">Loading…</p>
              )}
            </div>
          </div>
        </dialog>
      ) : null}
    </div>
  );
}
