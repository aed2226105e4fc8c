import { useEffect, useId, useRef, useState } from 'react';
import { RunsInPage } from '@/components/GeneratePlaylist';
import { Planner } from '@/components/Planner';
import { useUnits } from '@/components/useUnits';
import { sendMessage } from '@/lib/messages';
import type { PlannedRun } from '@/lib/plan';
import type { PlanPrefill } from '@/lib/strava/prefill';
import type { Units } from '@/lib/units';
import { MusicQuestion } from './MusicQuestion';

export interface PanelProps {
  /** Builds the starting plan from the page, in the runner's units. */
  prefill: (units: Units) => PlanPrefill;
  /** Floating in a corner when no place next to Strava's title or stats was found. */
  floating: boolean;
  /** "Generate playlist" on activities and routes; "Plan a run" on the dashboard and calendar. */
  label: 'Generate playlist' | 'Plan a run';
  /** On an activity page: asks how the music was when the run had a RunSound playlist. */
  activityId?: string;
}

/**
 * The "Generate playlist" button on a Strava page and the planner it opens. The planner opens
 * as a sheet over the page, so Strava's own layout never moves.
 */
export function Panel({ prefill, floating, label, activityId }: PanelProps) {
  const units = useUnits();
  const [open, setOpen] = useState(false);
  const dialogId = useId();
  const titleId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const sheetRef = useRef<HTMLDivElement>(null);
  const wasOpen = useRef(false);

  useEffect(() => {
    const sheet = sheetRef.current;
    if (open) (sheet?.querySelector<HTMLElement>('select, input') ?? sheet?.querySelector<HTMLElement>('button'))?.focus();
    else if (wasOpen.current) buttonRef.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const start = units ? prefill(units) : undefined;
  const startKey = start && JSON.stringify(start.plan);
  const [summary, setSummary] = useState<string>();
  useEffect(() => {
    if (!start || !units || label !== 'Generate playlist') return;
    let current = true;
    sendMessage('planRun', { plan: start.plan, units }).then(
      ({ profile }) => {
        if (!current) return;
        const sources = new Set([profile.tempo.source, profile.energy.source, profile.valence.source]);
        setSummary(
          `${profile.tempo.value} BPM · energy ${Math.round(profile.energy.value * 100)} · valence ${Math.round(profile.valence.value * 100)}` +
            (sources.has('model') ? ' (your model)' : ' (prior)'),
        );
      },
      () => current && setSummary(undefined),
    );
    return () => {
      current = false;
    };
    // startKey stands for the starting plan.
  }, [startKey, units, label]);

  return (
    <div className={`rs-panel${floating ? ' rs-panel-floating' : ''}`}>
      <button
        ref={buttonRef}
        type="button"
        className="rs-button rs-launch"
        aria-expanded={open}
        aria-controls={dialogId}
        onClick={() => setOpen((value) => !value)}
      >
        {label}
      </button>
      {summary && !open ? (
        <span className="rs-summary" data-testid="panel-summary">
          {summary}
        </span>
      ) : null}
      {open ? (
        <div
          ref={sheetRef}
          id={dialogId}
          className="rs-sheet"
          role="dialog"
          aria-labelledby={titleId}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setOpen(false);
          }}
        >
          <div className="rs-head">
            <h2 id={titleId}>RunSound</h2>
            <button type="button" className="rs-button rs-button-quiet" onClick={() => setOpen(false)}>
              Close
            </button>
          </div>
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
      ) : null}
    </div>
  );
}
