import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useStored } from '@/components/useStored';
import { sendMessage } from '@/lib/messages';
import type { SyncStatus } from '@/lib/sync-status';
import { openDb } from '@/storage/db';
import { syncStatus } from '@/storage/settings';

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
        {status.requestsLeft
          ? ` · requests left: ${status.requestsLeft.minute} this minute, ${status.requestsLeft.hour} this hour, ${status.requestsLeft.day} today`
          : ''}
        {status.etaAt && status.etaAt > Date.now() ? ` · done in ${timeFromNow(status.etaAt)}` : ''}
      </p>
    </div>
  );
}

export function SyncSection() {
  const status = useStored(syncStatus);
  const runsStored = useLiveQuery(() => openDb().runs.count(), [], undefined);
  const [failure, setFailure] = useState<string>();

  const syncNow = () => {
    setFailure(undefined);
    sendMessage('syncNow', undefined).catch((error: unknown) => setFailure(`RunSound could not start the sync: ${String(error)}`));
  };

  return (
    <section className="rs-card" aria-labelledby="strava-heading">
      <h2 id="strava-heading">Strava history</h2>
      <p data-testid="runs-stored">
        {runsStored === undefined ? 'Counting your runs…' : `${runsStored} ${runsStored === 1 ? 'run' : 'runs'} stored in this browser.`}
      </p>
      {status ? (
        <p className={status.state === 'error' || status.state === 'logged-out' ? 'rs-error' : ''} data-testid="sync-state" data-state={status.state} role="status">
          {status.message}
        </p>
      ) : null}
      {status ? <Progress status={status} /> : null}
      <button type="button" className="rs-button" onClick={syncNow}>
        Sync now
      </button>
      {failure ? <p className="rs-error">{failure}</p> : null}
      <p className="rs-hint">
        RunSound reads your own activities from strava.com with the session of this browser (no Strava app, no password
        given to RunSound), newest first, at most 30 requests a minute, 200 an hour and 700 a day. A long history takes a
        while; importing Strava's export below gives all of it at once.
      </p>
    </section>
  );
}
