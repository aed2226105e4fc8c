import { useCallback, useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { Planner } from '@/components/Planner';
import { useUnits } from '@/components/useUnits';
import { sendMessage } from '@/lib/messages';
import { defaultPlan, nextFullHour, toLocalDateTime, type PlannedRun } from '@/lib/plan';
import type { Units } from '@/lib/units';
import { useStored } from '@/components/useStored';
import { openDb } from '@/storage/db';
import { libraryLine } from '@/lib/music-library/types';
import { linkEndInWords } from '@/lib/sync-status';
import { libraryStatus, spotifyStatus, syncStatus } from '@/storage/settings';

/** The last plan the runner typed, with a start moved to the next full hour if it has passed. */
async function loadStartingPlan(now: Date): Promise<PlannedRun> {
  const draft = await openDb().drafts.get('popup');
  if (!draft) return defaultPlan(now);
  const start = draft.plan.start > toLocalDateTime(now) ? draft.plan.start : nextFullHour(now);
  return { ...draft.plan, start };
}

function saveDraft(plan: PlannedRun): Promise<unknown> {
  return openDb().drafts.put({ key: 'popup', plan, savedAt: Date.now() });
}

/** One line on the history behind the planner: how many runs, and the sync under way. */
function HistoryLine() {
  const status = useStored(syncStatus);
  if (!status) return null;
  const text =
    status.state === 'syncing' || status.state === 'waiting'
      ? status.runsKnown
        ? `Reading your Strava history: ${status.runsWithDetails} of ${status.runsKnown} runs.`
        : 'Looking for your runs on strava.com…'
      : status.state === 'done'
        ? `Learned from ${status.runsKnown} runs on Strava.`
        : status.message;
  return (
    <p className={status.state === 'logged-out' || status.state === 'error' ? 'rs-error' : 'rs-hint'} data-testid="history-line">
      {text}
    </p>
  );
}

/** One line on the runner's music: how much RunSound knows, and what it is reading now. */
function MusicLine() {
  const library = useStored(libraryStatus);
  const spotify = useStored(spotifyStatus);
  if (!library || spotify?.state !== 'connected') return null;
  const linkEnd = linkEndInWords(spotify, Date.now());
  return (
    <>
      <p className="rs-hint" data-testid="music-line">
        {libraryLine(library)}
      </p>
      {linkEnd?.soon ? (
        <p className="rs-warning" data-testid="spotify-link-end">
          {linkEnd.text}
        </p>
      ) : null}
    </>
  );
}

export function App() {
  const units = useUnits();
  const [initialPlan, setInitialPlan] = useState<PlannedRun>();
  const [loadError, setLoadError] = useState<string>();
  const [draftError, setDraftError] = useState<string>();
  // The plan as last edited, so a change of units re-opens the planner on it, not on the draft.
  const latestPlan = useRef<PlannedRun>(undefined);

  useEffect(() => {
    loadStartingPlan(new Date()).then(setInitialPlan, (error: unknown) => {
      setLoadError(`Your last plan could not be read (${String(error)}); starting from a default plan.`);
      setInitialPlan(defaultPlan(new Date()));
    });
  }, []);

  const predict = useCallback((plan: PlannedRun, forUnits: Units) => sendMessage('planRun', { plan, units: forUnits }), []);

  return (
    <main className="rs-page">
      <header className="rs-head">
        <h1>RunSound</h1>
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
          Settings
        </a>
      </header>
      {loadError ? <p className="rs-error">{loadError}</p> : null}
      {draftError ? <p className="rs-error">{draftError}</p> : null}
      {units && initialPlan ? (
        <Planner
          key={units}
          initialPlan={latestPlan.current ?? initialPlan}
          units={units}
          predict={(plan) => predict(plan, units)}
          onPlanChange={(plan) => {
            latestPlan.current = plan;
            saveDraft(plan).then(
              () => setDraftError(undefined),
              (error: unknown) => setDraftError(`This plan will not be kept after the popup closes (${String(error)}).`),
            );
          }}
        />
      ) : (
        <p className="rs-hint">Loading…</p>
      )}
      <HistoryLine />
      <MusicLine />
    </main>
  );
}
