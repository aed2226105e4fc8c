import { useState } from 'react';
import { sendMessage } from '@/lib/messages';
import type { HistoryAction, HistoryWords, SyncStatus } from '@/lib/sync-status';
import { useHistoryWords } from '@/components/useHistoryWords';

function timeFromNow(epochMs: number): string {
  const minutes = Math.round((epochMs - Date.now()) / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 90) return `about ${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 36 ? `about ${hours} h` : `about ${Math.round(hours / 24)} days`;
}

function Progress({ status }: { status: SyncStatus }) {
  if (status.state !== 'syncing' && status.state !== 'waiting') return null;
  return (
    <div className="rs-progress">
      <progress max={Math.max(1, status.runsKnown)} value={status.runsWithDetails} aria-label="Runs read from Strava" />
      <p className="rs-hint" data-testid="sync-progress">
        {status.runsWithDetails} of {status.runsKnown} runs read
        {status.etaAt && status.etaAt > Date.now() ? ` · done in ${timeFromNow(status.etaAt)}` : ''}
      </p>
    </div>
  );
}

/** "Sync now", with what went wrong if the background could not start it. */
function SyncNowButton({ primary }: { primary: boolean }) {
  const [failure, setFailure] = useState<string>();
  const syncNow = () => {
    setFailure(undefined);
    sendMessage('syncNow', undefined).catch((error: unknown) => setFailure(`RunSound could not start the sync: ${error instanceof Error ? error.message : String(error)}`));
  };
  return (
    <>
      <button type="button" className={primary ? 'rs-button' : 'rs-button rs-button-quiet'} onClick={syncNow}>
        Sync now
      </button>
      {failure ? <span className="rs-error"> {failure}</span> : null}
    </>
  );
}

/**
 * The one action that helps the history now: sync, log in to strava.com (then sync), or import
 * the export. `alwaysSync` offers "Sync now" even when nothing calls for it.
 */
export function HistoryActions({ action, importHere = false, alwaysSync = false }: { action?: HistoryAction; importHere?: boolean; alwaysSync?: boolean }) {
  if (!action && !alwaysSync) return null;
  return (
    <div className="rs-actions">
      {action === 'log-in' ? (
        <a className="rs-button" href="https://www.strava.com/login" target="_blank" rel="noreferrer">
          Log in to strava.com
        </a>
      ) : null}
      {action === 'import' ? (
        importHere ? (
          <span className="rs-hint">Import it below.</span>
        ) : (
          <a className="rs-button" href="#data">
            Import your Strava export
          </a>
        )
      ) : null}
      {action === 'sync' || action === 'log-in' || alwaysSync ? <SyncNowButton primary={action === 'sync'} /> : null}
    </div>
  );
}

/** The sync's state for screen readers: said when it changes state, not at every run read. */
export function SyncAnnouncement({ status, words }: { status: SyncStatus; words: HistoryWords }) {
  return (
    <p role="status" className="rs-visually-hidden">
      {status.state === 'syncing' ? 'Reading your runs from strava.com.' : words.state}
    </p>
  );
}

export function SyncSection() {
  const { status, words } = useHistoryWords();
  return (
    <section className="rs-card" aria-labelledby="strava-heading">
      <h3 id="strava-heading">Strava history</h3>
      <p data-testid="runs-stored">{words?.stored ?? 'Counting your runs…'}</p>
      {status && words ? (
        <>
          <p className={words.tone === 'problem' ? 'rs-warning' : ''} data-testid="sync-state" data-state={status.state}>
            {words.state}
          </p>
          <SyncAnnouncement status={status} words={words} />
          <Progress status={status} />
          <HistoryActions action={words.action} importHere alwaysSync />
        </>
      ) : null}
      <details>
        <summary>How RunSound reads strava.com</summary>
        <p className="rs-hint">
          RunSound reads your own activities from strava.com with this browser’s login (no Strava app, no password given to
          RunSound), newest first, at most 30 requests a minute, 200 an hour and 700 a day, so a long history takes a while.
          It looks for new runs every six hours, and when you open one of your runs on strava.com. Importing Strava’s export
          below gives your whole history at once.
        </p>
        {status?.requestsLeft && (status.state === 'syncing' || status.state === 'waiting') ? (
          <p className="rs-hint" data-testid="sync-budget">
            Requests left: {status.requestsLeft.minute} this minute, {status.requestsLeft.hour} this hour, {status.requestsLeft.day} today.
          </p>
        ) : null}
        {status?.state === 'error' && status.detail ? (
          <p className="rs-hint" data-testid="sync-detail">
            What strava.com answered: {status.detail}
          </p>
        ) : null}
      </details>
    </section>
  );
}
