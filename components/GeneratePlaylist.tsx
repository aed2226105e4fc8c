import { createContext, useContext, useState, type SyntheticEvent } from 'react';
import { sendMessage } from '@/lib/messages';
import type { PlannedRun } from '@/lib/plan';
import type { Units } from '@/lib/units';
import { generationStatus, spotifyStatus } from '@/storage/settings';
import { PlaylistTempoChart } from './PlaylistTempoChart';
import { useStored } from './useStored';

/**
 * True where the component runs inside a web page (the Strava panel): the page's scripts can read
 * its DOM, so it shows no link to the playlist, only a button that asks the background to open it.
 */
export const RunsInPage = createContext(false);

/**
 * Whether the runner did it: a click or key press of theirs, not a script's `click()` or
 * `dispatchEvent` (the Strava page's scripts can reach the panel). Every action that sends a
 * message to the background checks it.
 */
export const byTheRunner = (event: SyntheticEvent) => event.nativeEvent.isTrusted;

/** "Generate playlist": makes the plan's playlist in Spotify, or says how to connect Spotify first. */
export function GeneratePlaylist({ plan, units }: { plan?: PlannedRun; units: Units }) {
  const inPage = useContext(RunsInPage);
  const spotify = useStored(spotifyStatus);
  const status = useStored(generationStatus);
  const [excludeExplicit, setExcludeExplicit] = useState(false);
  const [thirtyTracks, setThirtyTracks] = useState(false);
  const [failure, setFailure] = useState<string>();

  if (spotify && spotify.state !== 'connected') {
    return (
      <section className="rs-generate" aria-label="Playlist" data-testid="generate">
        <p data-testid="connect-spotify">
          To make this playlist in Spotify, connect your Spotify account once in RunSound’s settings (you register a free
          Spotify app of your own; the settings show each step).{' '}
          <button type="button" className="rs-link-button" onClick={(event) => byTheRunner(event) && void sendMessage('openSettings', undefined)}>
            Open settings
          </button>
        </p>
      </section>
    );
  }

  const working = status?.state === 'working';
  const generate = (event: SyntheticEvent) => {
    if (!plan || !byTheRunner(event)) return;
    setFailure(undefined);
    sendMessage('generatePlaylist', { plan, units, excludeExplicit, trackCount: thirtyTracks ? 30 : null }).catch((error: unknown) =>
      setFailure(`The playlist could not be made: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  const openPlaylist = (event: SyntheticEvent) => {
    if (!byTheRunner(event)) return;
    sendMessage('openLastPlaylist', undefined).catch((error: unknown) =>
      setFailure(`The playlist could not be opened: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  return (
    <section className="rs-generate" aria-label="Playlist" data-testid="generate">
      <div className="rs-generate-options">
        <label>
          <input type="checkbox" checked={excludeExplicit} onChange={(event) => setExcludeExplicit(event.target.checked)} /> No explicit tracks
        </label>
        <label>
          <input type="checkbox" checked={thirtyTracks} onChange={(event) => setThirtyTracks(event.target.checked)} /> 30 tracks instead of the run’s length
        </label>
      </div>
      <button type="button" className="rs-button" onClick={generate} disabled={!plan || working}>
        Generate playlist
      </button>
      <div role="status" aria-live="polite" data-testid="generation-status" data-state={status?.state}>
        {status && status.state !== 'idle' ? <p className={status.state === 'error' ? 'rs-error' : ''}>{status.message}</p> : null}
        {status?.state === 'done' && status.playlist ? (
          <p>
            {inPage ? (
              <button type="button" className="rs-link-button" data-testid="playlist-link" onClick={openPlaylist}>
                Open “{status.playlist.name}” in Spotify
              </button>
            ) : (
              <a href={status.playlist.url} target="_blank" rel="noreferrer" data-testid="playlist-link">
                Open “{status.playlist.name}” in Spotify
              </a>
            )}
          </p>
        ) : null}
        {status?.state === 'done' && status.summaryText ? <p className="rs-hint">{status.summaryText}</p> : null}
      </div>
      {/* Outside the live region: a screen reader announces the outcome, not the whole table. */}
      {status?.state === 'done' && status.picture ? <PlaylistTempoChart picture={status.picture} name={status.playlist?.name} /> : null}
      {status?.state === 'done' && status.requests !== undefined ? (
        <p className="rs-hint">
          Made with {status.requests} {status.requests === 1 ? 'request' : 'requests'} to Spotify and the tempo services.
        </p>
      ) : null}
      {failure ? <p className="rs-error">{failure}</p> : null}
    </section>
  );
}
