import { useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import { browser } from 'wxt/browser';
import { Planner } from '@/components/Planner';
import { useUnits } from '@/components/useUnits';
import { useHistoryWords } from '@/components/useHistoryWords';
import { useStored } from '@/components/useStored';
import { sendMessage, type DashboardSection } from '@/lib/messages';
import { libraryLine } from '@/lib/music-library/types';
import { defaultPlan, nextFullHour, toLocalDateTime, type PlannedRun } from '@/lib/plan';
import { linkEndInWords } from '@/lib/sync-status';
import type { Units } from '@/lib/units';
import { openDb } from '@/storage/db';
import { libraryStatus, spotifyStatus } from '@/storage/settings';

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

/** The address of a section of the dashboard: the options page shows the one its hash names. */
const dashboard = (section: DashboardSection) => browser.runtime.getURL(`/options.html#${section}`);

/** One line on the history behind the planner (the runs stored, counted in the database), and the one action that helps. */
function HistoryLine() {
  const { status, words } = useHistoryWords();
  const [asked, setAsked] = useState<string>();
  if (!status || !words) return null;
  const syncNow = (event: MouseEvent) => {
    if (!event.nativeEvent.isTrusted) return;
    setAsked(undefined);
    sendMessage('syncNow', {}).catch((error: unknown) => setAsked(`The sync could not start: ${error instanceof Error ? error.message : String(error)}`));
  };
  return (
    <div className="rs-footline">
      <p className={words.tone === 'problem' ? 'rs-error' : 'rs-hint'} data-testid="history-line">
        <a href={dashboard('runs')} target="_blank" rel="noreferrer">
          {words.stored}
        </a>{' '}
        {words.state}
      </p>
      {words.action === 'sync' || words.action === 'log-in' ? (
        <button type="button" className="rs-link-button" onClick={syncNow} data-testid="sync-now">
          Sync now
        </button>
      ) : null}
      {words.action === 'import' ? (
        <a href={dashboard('data')} target="_blank" rel="noreferrer">
          Import your Strava export
        </a>
      ) : null}
      {asked ? <p className="rs-error">{asked}</p> : null}
    </div>
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
        <a href={dashboard('music')} target="_blank" rel="noreferrer">
          {libraryLine(library)}
        </a>
      </p>
      {linkEnd?.soon ? (
        <p className="rs-warning" data-testid="spotify-link-end">
          {linkEnd.text}{' '}
          <a href={dashboard('settings')} target="_blank" rel="noreferrer">
            Open settings
          </a>
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
        <nav aria-label="Dashboard" className="rs-head-links">
          <a href={dashboard('overview')} target="_blank" rel="noreferrer">
            Dashboard
          </a>
          <a href={dashboard('settings')} target="_blank" rel="noreferrer">
            Settings
          </a>
        </nav>
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
          footer={
            <>
              <HistoryLine />
              <MusicLine />
            </>
          }
        />
      ) : (
        <p className="rs-hint">Loading…</p>
      )}
    </main>
  );
}
