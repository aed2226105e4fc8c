import { useLiveQuery } from 'dexie-react-hooks';
import type { ReactNode } from 'react';
import { useStored } from '@/components/useStored';
import { useUnits } from '@/components/useUnits';
import { libraryLine } from '@/lib/music-library/types';
import { modelVerdict } from '@/lib/model/verdict';
import { whenInWords, type HistoryStatus } from '@/lib/sync-status';
import { trainingInWords } from '@/lib/training-load';
import { formatDistance } from '@/lib/units';
import { openDb } from '@/storage/db';
import { historyStatus, libraryStatus, spotifyStatus, trainingStatus } from '@/storage/settings';
import { FirstRun, ShowFirstRunLink, useFirstRun } from './FirstRun';
import { HistoryActions, SyncAnnouncement } from './SyncSection';
import { useHistoryWords } from '@/components/useHistoryWords';

function Card({ id, title, links, children }: { id: string; title: string; links: ReactNode; children: ReactNode }) {
  return (
    <article className="rs-card rs-overview-card" aria-labelledby={`overview-${id}-title`} data-testid={`overview-${id}`}>
      <h3 id={`overview-${id}-title`}>{title}</h3>
      <div className="rs-overview-body">{children}</div>
      <p className="rs-overview-links">{links}</p>
    </article>
  );
}

/** `actions`: false while the getting-started steps show the same action. */
function HistoryCard({ actions }: { actions: boolean }) {
  const { status, words } = useHistoryWords();
  return (
    <Card id="history" title="Your runs" links={<><a href="#runs">See your runs</a> · <a href="#data">Sync and import</a></>}>
      <p className="rs-overview-answer" data-testid="runs-stored">
        {words?.stored ?? 'Counting your runs…'}
      </p>
      {status && words ? (
        <>
          <p className={words.tone === 'problem' ? 'rs-warning' : 'rs-hint'} data-testid="sync-state" data-state={status.state}>
            {words.state}
          </p>
          <SyncAnnouncement status={status} words={words} />
          {actions ? <HistoryActions action={words.action} /> : null}
        </>
      ) : null}
    </Card>
  );
}

/** "Training load from heart rate for 15 runs, from pace for 3." */
function loadLine(load: NonNullable<HistoryStatus['load']>): string {
  const runs = (count: number) => `${count} ${count === 1 ? 'run' : 'runs'}`;
  const parts = [load.byHeartRate ? `from heart rate for ${runs(load.byHeartRate)}` : '', load.byPace ? `from pace for ${runs(load.byPace)}` : ''].filter(Boolean);
  const method = load.method === 'pace' ? ' (you chose pace only)' : '';
  return parts.length ? `Training load ${parts.join(', ')}${method}.` : '';
}

function TrainingCard() {
  const status = useStored(historyStatus);
  const units = useUnits();
  const training = status?.training;
  const words = training ? trainingInWords(training) : undefined;
  return (
    <Card id="training" title="Training" links={<a href="#training">See your training</a>}>
      {training && words && units ? (
        <>
          <p className="rs-overview-answer" data-testid="overview-training-line">
            {words.line}
          </p>
          <p className="rs-hint">
            {training.fatigue.reason} Last 7 days: {formatDistance(training.km7 * 1000, units)}.
          </p>
          {status.load ? (
            <p className="rs-hint" data-testid="overview-load">
              {loadLine(status.load)}
            </p>
          ) : null}
        </>
      ) : (
        <p className="rs-hint">Fitness, fatigue and form appear once RunSound has your runs.</p>
      )}
      {status?.state === 'processing' ? <p className="rs-hint">Updating with your newest runs…</p> : null}
    </Card>
  );
}

function ModelCard() {
  const model = useLiveQuery(() => openDb().models.where('status').equals('active').first(), [], null);
  const training = useStored(trainingStatus);
  if (model === null) return null;
  const verdict = modelVerdict(model);
  return (
    <Card id="model" title="Your model" links={<a href="#model">See how it does</a>}>
      <p className="rs-overview-answer" data-testid="overview-model-verdict" data-state={verdict.state}>
        {verdict.headline}
      </p>
      {training?.state === 'training' ? <p className="rs-hint">Learning from your runs now…</p> : null}
      <details>
        <summary>Why?</summary>
        <ul className="rs-overview-reasons">
          {verdict.targets.map((target) => (
            <li key={target.target}>{target.text}</li>
          ))}
        </ul>
      </details>
    </Card>
  );
}

function MusicCard() {
  const spotify = useStored(spotifyStatus);
  const library = useStored(libraryStatus);
  if (!spotify || !library) return null;
  const connected = spotify.state === 'connected';
  return (
    <Card id="music" title="Spotify and your music" links={connected ? <a href="#music">See your music</a> : <a href="#settings">Connect Spotify</a>}>
      <p className="rs-overview-answer" data-testid="overview-spotify" data-state={spotify.state}>
        {connected ? `Connected${spotify.account ? ` as ${spotify.account}` : ''}.` : 'Not connected yet.'}
      </p>
      <p className="rs-hint" data-testid="overview-library">
        {connected || library.state !== 'never' ? libraryLine(library) : 'RunSound gets to know your music once Spotify is connected.'}
      </p>
    </Card>
  );
}

function PlaylistCard() {
  const last = useLiveQuery(() => openDb().playlists.orderBy('createdAt').last(), [], null);
  if (last === null) return null;
  const url = last?.spotify.url.startsWith('https://open.spotify.com/') ? last.spotify.url : undefined;
  return (
    <Card id="playlist" title="Your last playlist" links={<a href="#playlists">See your playlists</a>}>
      {last ? (
        <>
          <p className="rs-overview-answer" data-testid="overview-playlist-name">
            {last.spotify.name}
          </p>
          <p className="rs-hint">Made {whenInWords(last.createdAt, Date.now())}.</p>
          {url ? (
            <p>
              <a className="rs-button" href={url} target="_blank" rel="noreferrer">
                Open in Spotify
              </a>
            </p>
          ) : null}
        </>
      ) : (
        <p className="rs-hint">None yet: plan a run with RunSound’s button in your browser’s toolbar.</p>
      )}
    </Card>
  );
}

export function OverviewSection() {
  const firstRun = useFirstRun();
  return (
    <>
      {firstRun?.shown ? <FirstRun steps={firstRun.steps} /> : null}
      <div className="rs-overview">
        <HistoryCard actions={!firstRun?.shown} />
        <TrainingCard />
        <ModelCard />
        <MusicCard />
        <PlaylistCard />
      </div>
      {firstRun && !firstRun.shown ? (
        <p className="rs-hint">
          <ShowFirstRunLink />
        </p>
      ) : null}
    </>
  );
}
