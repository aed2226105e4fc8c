import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { useStored } from '@/components/useStored';
import { sendMessage } from '@/lib/messages';
import { linkEndInWords } from '@/lib/sync-status';
import { libraryStatus, preferredGenres, spotifyClientId, spotifyStatus } from '@/storage/settings';

/** A Spotify Client ID: 32 hexadecimal characters. */
const CLIENT_ID = /^[0-9a-f]{32}$/i;

/**
 * Connecting the runner's own Spotify app: its state, the steps (open until connected), the
 * Client ID and Connect; Disconnect once connected. Used by Settings and the first run.
 */
export function SpotifyConnect({ statusLine = true }: { statusLine?: boolean }) {
  const status = useStored(spotifyStatus);
  const savedId = useStored(spotifyClientId);
  const [clientId, setClientId] = useState('');
  const [problem, setProblem] = useState<string>();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (savedId !== undefined) setClientId(savedId);
  }, [savedId]);

  // Firefox for Android has no identity API: Spotify sign-in needs desktop Firefox or Chrome.
  const redirectUri = browser.identity?.getRedirectURL?.();
  if (!redirectUri) {
    return <p>Connecting Spotify needs a browser with sign-in windows for extensions: desktop Firefox or Chrome.</p>;
  }

  const connect = async () => {
    setProblem(undefined);
    const id = clientId.trim();
    if (!CLIENT_ID.test(id)) {
      setProblem('A Client ID is 32 letters and digits, as Spotify shows it under your app’s Basic Information.');
      return;
    }
    try {
      await spotifyClientId.setValue(id);
      await sendMessage('spotifyConnect', undefined);
    } catch (error) {
      setProblem(`Spotify could not be connected: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <div className="rs-spotify-connect">
      {/* The first run says where Spotify stands in its own step. */}
      <p role="status" data-testid="spotify-status" data-state={status?.state} className={statusLine ? undefined : 'rs-visually-hidden'}>
        {status?.state === 'not-set-up' ? 'Spotify is not connected yet.' : status?.message}
      </p>
      <LinkEnd />
      <details open={status?.state !== 'connected'}>
        <summary>How to connect (once, about five minutes)</summary>
        <p className="rs-hint">
          Spotify lets a new app serve only the people its owner lists, so each runner uses an app of their own. It is
          free; Spotify asks that the app’s owner has Premium.
        </p>
        <ol className="rs-steps">
          <li>
            Open{' '}
            <a href="https://developer.spotify.com/dashboard" target="_blank" rel="noreferrer">
              developer.spotify.com/dashboard
            </a>{' '}
            and log in, then <strong>Create app</strong> (any name, such as “My RunSound”).
          </li>
          <li>
            Under <strong>Redirect URIs</strong>, add exactly:{' '}
            <code data-testid="redirect-uri">{redirectUri}</code>{' '}
            <button
              type="button"
              className="rs-link-button"
              onClick={() => void navigator.clipboard.writeText(redirectUri).then(() => setCopied(true))}
            >
              {copied ? 'Copied' : 'Copy'}
            </button>
          </li>
          <li>
            Tick <strong>Web API</strong>, save, then in <strong>User Management</strong> add the e-mail of your Spotify
            account.
          </li>
          <li>Copy the app’s <strong>Client ID</strong> (no secret is needed) into the field below and press Connect.</li>
        </ol>
      </details>
      <form
        className="rs-inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void connect();
        }}
      >
        <label htmlFor="spotify-client-id">Client ID</label>{' '}
        <input
          id="spotify-client-id"
          value={clientId}
          onChange={(event) => setClientId(event.target.value)}
          placeholder="32 letters and digits"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={problem ? true : undefined}
          size={36}
        />{' '}
        <button type="submit" className="rs-button" disabled={status?.state === 'connecting'}>
          {status?.state === 'connected' ? 'Reconnect' : 'Connect'}
        </button>{' '}
      </form>
      {status?.state === 'connected' || status?.state === 'reconnect' ? <Disconnect /> : null}
      {problem ? (
        <p className="rs-error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** When Spotify ends the link (six months after the sign-in), and a reminder in its last two weeks. */
export function LinkEnd() {
  const status = useStored(spotifyStatus);
  const words = status ? linkEndInWords(status, Date.now()) : undefined;
  if (!words) return null;
  return (
    <p className={words.soon ? 'rs-warning' : 'rs-hint'} data-testid="spotify-link-end">
      {words.text}
    </p>
  );
}

/** Disconnect, offering to forget the runner's music library as well. */
function Disconnect() {
  const library = useStored(libraryStatus);
  const [asking, setAsking] = useState(false);
  const [deleteLibrary, setDeleteLibrary] = useState(false);
  if (!asking) {
    return (
      <p>
        <button type="button" className="rs-button rs-button-quiet" onClick={() => setAsking(true)}>
          Disconnect
        </button>
      </p>
    );
  }
  return (
    <fieldset className="rs-confirm">
      <legend>Disconnect Spotify?</legend>
      <label>
        <input type="checkbox" checked={deleteLibrary} onChange={(event) => setDeleteLibrary(event.target.checked)} /> Also delete what RunSound
        knows of your Spotify library{library?.tracks ? ` (${library.tracks.toLocaleString('en-GB')} tracks)` : ''}
      </label>{' '}
      <button type="button" className="rs-button" onClick={() => void sendMessage('spotifyDisconnect', { deleteLibrary }).then(() => setAsking(false))}>
        Disconnect now
      </button>{' '}
      <button type="button" className="rs-button rs-button-quiet" onClick={() => setAsking(false)}>
        Keep connected
      </button>
    </fieldset>
  );
}

/** The genres the runner likes to run to, comma-separated; searched for playlist candidates. */
export function GenresSetting() {
  const saved = useStored(preferredGenres);
  const [text, setText] = useState<string>();
  const shown = text ?? saved?.join(', ') ?? '';
  return (
    <form
      className="rs-inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        const genres = shown
          .split(',')
          .map((genre) => genre.trim().toLowerCase())
          .filter(Boolean)
          .slice(0, 5);
        void preferredGenres.setValue(genres).then(() => setText(undefined));
      }}
    >
      <label htmlFor="preferred-genres">Genres you like to run to (optional, comma-separated)</label>{' '}
      <input id="preferred-genres" value={shown} onChange={(event) => setText(event.target.value)} placeholder="drum and bass, indie rock" size={30} />{' '}
      <button type="submit" className="rs-button rs-button-quiet">
        Save
      </button>
    </form>
  );
}
