import { createContext, useContext, useEffect, useId, useRef, useState, type ReactNode, type SyntheticEvent } from 'react';
import { sendMessage } from '@/lib/messages';
import type { PlannedRun } from '@/lib/plan';
import { GENERATION_STEP_LABELS, GENERATION_STEPS, planKey, type GenerationStatus, type PlaylistCard } from '@/lib/playlist/record';
import { minutesInWords } from '@/lib/playlist/select';
import type { Units } from '@/lib/units';
import { generationStatus, playlistDefaults, spotifyStatus } from '@/storage/settings';
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

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The newest playlist made for the plan on screen, asked again when a generation for it is done. */
function usePlaylistCard(plan: PlannedRun | undefined, doneAt: number): PlaylistCard | null | undefined {
  const key = plan && planKey(plan);
  const [card, setCard] = useState<{ key: string; card: PlaylistCard | null }>();
  useEffect(() => {
    if (!plan || !key) return;
    let current = true;
    sendMessage('playlistForPlan', { plan }).then(
      (found) => current && setCard({ key, card: found }),
      () => current && setCard({ key, card: null }),
    );
    return () => {
      current = false;
    };
    // key stands for plan.
  }, [key, doneAt]);
  // Never another plan's card, not even while this plan's is asked for.
  return card && card.key === key ? card.card : undefined;
}

/** The steps of a generation under way: done ones ticked, the current one marked. */
function Steps({ status }: { status: GenerationStatus }) {
  const current = status.step ? GENERATION_STEPS.indexOf(status.step) : 0;
  return (
    <ol className="rs-steps" aria-label="Making your playlist" data-testid="generation-steps">
      {GENERATION_STEPS.map((step, index) => {
        const state = index < current ? 'done' : index === current ? 'current' : 'todo';
        return (
          <li key={step} data-state={state} aria-current={state === 'current' ? 'step' : undefined}>
            {GENERATION_STEP_LABELS[step]}
            {state === 'done' ? (
              <>
                <span aria-hidden="true"> ✓</span>
                <span className="rs-sr-only"> (done)</span>
              </>
            ) : state === 'current' ? (
              <span aria-hidden="true"> …</span>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

/** The playlist's cover-less card: name, length, how many tracks are on the beat, open in Spotify. */
function PlaylistCardView({ card, onOpen }: { card: PlaylistCard; onOpen: (event: SyntheticEvent) => void }) {
  const inPage = useContext(RunsInPage);
  const beforeStart = card.picture ? card.picture.tracks.length - card.withTarget : 0;
  const openText = (
    <>
      Open <span className="rs-sr-only">“{card.name}” </span>in Spotify
    </>
  );
  return (
    <article className="rs-card" data-testid="playlist-card" aria-label={`Playlist “${card.name}”`}>
      <h3 className="rs-card-name">{card.name}</h3>
      <p className="rs-card-facts" data-testid="playlist-facts">
        {minutesInWords(card.seconds)} · {card.onBeat} of {card.withTarget} tracks on the beat
        {beforeStart > 0 ? ` · ${beforeStart} before the start` : ''}
      </p>
      {card.pressPlay ? <p className="rs-card-press-play">{card.pressPlay}</p> : null}
      {inPage || !card.url.startsWith('https://open.spotify.com/') ? (
        <button type="button" className="rs-button rs-button-small" data-testid="playlist-link" onClick={onOpen}>
          {openText}
        </button>
      ) : (
        <a className="rs-button rs-button-small" href={card.url} target="_blank" rel="noreferrer" data-testid="playlist-link">
          {openText}
        </a>
      )}
      {card.picture ? <PlaylistTempoChart picture={card.picture} name={card.name} compact /> : null}
      <details className="rs-chart-details">
        <summary>How the tracks fit</summary>
        <p className="rs-hint">{card.summaryText}</p>
      </details>
    </article>
  );
}

/**
 * "Generate playlist": makes the plan's playlist in Spotify, or says how to connect Spotify first.
 * Two parts: what came of it (progress, the playlist's card) and, pinned below `children`, the
 * action itself, which stays in view while the screen scrolls.
 */
export function GeneratePlaylist({ plan, units, children }: { plan?: PlannedRun; units: Units; children?: ReactNode }) {
  const spotify = useStored(spotifyStatus);
  const status = useStored(generationStatus);
  // The settings' defaults for new playlists, until the runner changes them here for this one.
  const defaults = useStored(playlistDefaults);
  const [explicitChoice, setExcludeExplicit] = useState<boolean>();
  const [fixedChoice, setFixedCount] = useState<boolean>();
  const excludeExplicit = explicitChoice ?? defaults?.excludeExplicit ?? false;
  const fixedCount = defaults?.trackCount ?? 30;
  const fixed = fixedChoice ?? (defaults !== undefined && defaults.trackCount !== null);
  const [failure, setFailure] = useState<string>();
  /** When the runner last pressed Generate playlist, until what it made is in view. */
  const [askedAt, setAskedAt] = useState<number>();
  const result = useRef<HTMLElement>(null);
  const settingsButton = useRef<HTMLButtonElement>(null);
  const id = useId();

  // Only what was made for the plan on screen is shown as its own.
  const ours = plan && status?.planKey === planKey(plan) && status.state !== 'idle' ? status : undefined;
  const busyElsewhere = status?.state === 'working' && !ours;
  const card = usePlaylistCard(plan, ours?.state === 'done' ? ours.updatedAt : 0);

  // After the runner's press, what it makes comes into view above the pinned action, until it is done
  // (later edits of the plan do not move the screen under the runner's fingers).
  useEffect(() => {
    if (askedAt === undefined || !ours || ours.updatedAt < askedAt) return;
    const finished = ours.state === 'error' || (ours.state === 'done' && card);
    if (ours.state === 'working' || finished) result.current?.scrollIntoView({ block: 'nearest' });
    if (finished) setAskedAt(undefined);
  }, [askedAt, ours?.updatedAt, card]);

  const openSettings = (event: SyntheticEvent) => {
    if (byTheRunner(event)) void sendMessage('openSettings', { section: 'settings' }).catch((error: unknown) => setFailure(errorText(error)));
  };
  const generate = (event: SyntheticEvent) => {
    if (!plan || !byTheRunner(event)) return;
    // Without Spotify the way there is the next step: the focus goes to it.
    if (spotify?.state !== 'connected') return settingsButton.current?.focus();
    setFailure(undefined);
    setAskedAt(Date.now());
    sendMessage('generatePlaylist', { plan, units, excludeExplicit, trackCount: fixed ? fixedCount : null }).catch((error: unknown) =>
      setFailure(`The playlist could not be made: ${errorText(error)}`),
    );
  };
  const openPlaylist = (event: SyntheticEvent) => {
    if (!byTheRunner(event) || !plan) return;
    sendMessage('openLastPlaylist', { plan }).catch((error: unknown) => setFailure(`The playlist could not be opened: ${errorText(error)}`));
  };

  const connected = spotify?.state === 'connected';
  const needsSpotify = spotify !== undefined && !connected;
  return (
    <>
      <section ref={result} className="rs-result" aria-label="Playlist" data-testid="generation-status" data-state={ours?.state ?? 'idle'}>
        {/* Short, and only this plan's: what a screen reader announces as the playlist is made. */}
        <p role="status" className={ours?.state === 'error' ? 'rs-error' : 'rs-hint'}>
          {ours ? ours.message : ''}
        </p>
        {ours?.state === 'working' ? <Steps status={ours} /> : null}
        {card && ours?.state !== 'working' ? <PlaylistCardView card={card} onOpen={openPlaylist} /> : null}
        {failure ? <p className="rs-error">{failure}</p> : null}
      </section>
      {children}
      <div className="rs-actionbar" data-testid="generate">
        {needsSpotify ? (
          <p className="rs-actionbar-connect" id={`${id}-connect`} data-testid="connect-spotify">
            To make playlists, connect your Spotify account once (a free Spotify app of your own; the settings show each step).{' '}
            <button ref={settingsButton} type="button" className="rs-link-button" onClick={openSettings}>
              Open settings
            </button>
          </p>
        ) : (
          <div className="rs-generate-options">
            <label>
              <input type="checkbox" checked={excludeExplicit} onChange={(event) => setExcludeExplicit(event.target.checked)} /> No explicit tracks
            </label>
            <label title="Without it, the playlist lasts as long as the run">
              <input type="checkbox" checked={fixed} onChange={(event) => setFixedCount(event.target.checked)} /> Exactly {fixedCount} tracks
            </label>
          </div>
        )}
        <button
          type="button"
          className="rs-button rs-generate-button"
          onClick={generate}
          aria-describedby={needsSpotify ? `${id}-connect` : undefined}
          disabled={!plan || spotify === undefined || ours?.state === 'working' || busyElsewhere}
        >
          Generate playlist
        </button>
        {busyElsewhere ? <p className="rs-hint rs-actionbar-note">RunSound is making another playlist; this one can follow.</p> : null}
      </div>
    </>
  );
}
