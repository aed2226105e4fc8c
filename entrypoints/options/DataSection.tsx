/**
 * "Your data": back up everything RunSound keeps to one file, and restore it, here or in another
 * browser. The work is lib/backup's; this page only hands it the database and extension storage,
 * shows the progress, and asks the background to pause its jobs while a restore writes.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { FileDrop } from './FileDrop';
import { browser } from 'wxt/browser';
import {
  BackupRefused,
  countsHere,
  makeBackup,
  previewBackup,
  readBackup,
  restoreBackup,
  restoredInWords,
  type Backup,
  type BackupPreview,
  type MadeBackup,
  type ReadStep,
  type RestoreMode,
  type SettingsStore,
} from '@/lib/backup';
import { sendMessage } from '@/lib/messages';
import { openDb } from '@/storage/db';

/** Extension storage, where the settings are (browser.storage.local has the shape lib/backup asks for). */
const settingsStore = (): SettingsStore => browser.storage.local as unknown as SettingsStore;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;
const day = (at: number) => new Date(at).toLocaleDateString(undefined, { dateStyle: 'long' });

function megabytes(bytes: number): string {
  return bytes < 100_000 ? `${Math.max(1, Math.round(bytes / 1000))} KB` : `${(bytes / 1_000_000).toLocaleString(undefined, { maximumFractionDigits: 1 })} MB`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type BackupState = { step: 'idle' } | { step: 'working'; fraction: number } | { step: 'done'; made: MadeBackup } | { step: 'failed'; message: string };

/** Saves the file the way a download link does. */
function download(made: MadeBackup): void {
  const url = URL.createObjectURL(made.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = made.fileName;
  link.click();
  // The download has the file by then; the address would hold the data in memory otherwise.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function BackUp() {
  const [state, setState] = useState<BackupState>({ step: 'idle' });
  const backUp = async () => {
    setState({ step: 'working', fraction: 0 });
    try {
      const made = await makeBackup(openDb(), {
        settings: settingsStore(),
        appVersion: browser.runtime.getManifest().version,
        onProgress: (done, total) => setState({ step: 'working', fraction: total ? done / total : 1 }),
      });
      download(made);
      setState({ step: 'done', made });
    } catch (error) {
      setState({ step: 'failed', message: `The backup could not be made: ${errorText(error)}` });
    }
  };
  const counts = state.step === 'done' ? state.made.header.counts.tables : undefined;
  return (
    <div>
      <p>
        <button type="button" className="rs-button" onClick={() => void backUp()} disabled={state.step === 'working'}>
          {state.step === 'working' ? 'Backing up…' : 'Back up everything'}
        </button>
      </p>
      {state.step === 'working' ? (
        <p className="rs-progress">
          <progress max={1} value={state.fraction} aria-label="Backup progress" />
        </p>
      ) : null}
      <div role="status" aria-live="polite">
        {state.step === 'working' ? <p>Backing up your data…</p> : null}
        {state.step === 'done' && counts ? (
          <p data-testid="backup-result">
            Saved {state.made.fileName} ({megabytes(state.made.blob.size)}) to your downloads: {plural(counts.runs ?? 0, 'run')},{' '}
            {plural(counts.models ?? 0, 'model')}, {plural(counts.playlists ?? 0, 'playlist')}, {plural(counts.libraryTracks ?? 0, 'track')} of your
            music and {plural(state.made.header.counts.settings, 'setting')}. Keep it somewhere safe.
          </p>
        ) : null}
      </div>
      {state.step === 'done' && state.made.leftOut.length ? (
        <details className="rs-warning">
          <summary>{plural(state.made.leftOut.length, 'thing')} could not go into the backup</summary>
          <ul>
            {state.made.leftOut.slice(0, 100).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {state.step === 'failed' ? (
        <p className="rs-error" role="alert" data-testid="backup-error">
          {state.message}
        </p>
      ) : null}
    </div>
  );
}

type RestoreState =
  | { step: 'idle' }
  | { step: 'checking'; fileName: string; readStep: ReadStep; fraction: number }
  | { step: 'preview'; fileName: string; backup: Backup; preview: BackupPreview }
  | { step: 'restoring'; fileName: string; preview: BackupPreview; mode: RestoreMode; fraction?: number }
  | { step: 'done'; message: string }
  | { step: 'failed'; message: string };

const CHECKING_WORDS: Record<ReadStep, string> = {
  reading: 'Reading',
  upgrading: 'Bringing up to date',
  checking: 'Checking',
};

function PreviewCard({ preview }: { preview: BackupPreview }) {
  const runsSpan = preview.firstRunAt !== undefined && preview.lastRunAt !== undefined ? ` from ${day(preview.firstRunAt)} to ${day(preview.lastRunAt)}` : '';
  return (
    <>
      <p>
        Made on {day(preview.createdAt)} by RunSound {preview.appVersion}.
      </p>
      <dl className="rs-stats">
        <div>
          <dt>Runs</dt>
          <dd>
            {preview.runs.toLocaleString()}
            {runsSpan}
          </dd>
        </div>
        <div>
          <dt>Models</dt>
          <dd>{preview.models.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Playlists</dt>
          <dd>{preview.playlists.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Plays on Spotify</dt>
          <dd>{preview.plays.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Tracks of your music</dt>
          <dd>
            {preview.libraryTracks.toLocaleString()} ({plural(preview.trackFeatures, 'tempo')} known)
          </dd>
        </div>
        <div>
          <dt>Settings</dt>
          <dd>{preview.settings.toLocaleString()}</dd>
        </div>
      </dl>
    </>
  );
}

/** How often a restore under way tells the background it goes on. */
const RESTORE_PING_MS = 10_000;

function Restore() {
  const [state, setState] = useState<RestoreState>({ step: 'idle' });
  const [here, setHere] = useState<Awaited<ReturnType<typeof countsHere>>>();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancelReplace = useRef<HTMLButtonElement>(null);
  // Where the keyboard goes on once a step is over: what the file holds, then what came of it.
  const landing = useRef<HTMLElement>(null);
  useEffect(() => {
    if (state.step === 'preview' || state.step === 'done' || state.step === 'failed') landing.current?.focus();
  }, [state.step]);

  const check = async (file: File) => {
    setState({ step: 'checking', fileName: file.name, readStep: 'reading', fraction: 0 });
    try {
      const backup = await readBackup(file, { onProgress: (readStep, fraction) => setState({ step: 'checking', fileName: file.name, readStep, fraction }) });
      setState({ step: 'preview', fileName: file.name, backup, preview: previewBackup(backup) });
    } catch (error) {
      setState({ step: 'failed', message: error instanceof BackupRefused ? error.message : `${file.name} could not be read: ${errorText(error)}` });
    }
  };

  const restore = async (mode: RestoreMode) => {
    if (state.step !== 'preview') return;
    const { backup, preview, fileName } = state;
    dialog.current?.close();
    setState({ step: 'restoring', fileName, preview, mode });
    let restored = false;
    try {
      // The background's jobs stop first: none writes while the backup is, nor after from what it had read before.
      await sendMessage('pauseForRestore', undefined);
      // Said every few seconds while it writes: Chrome stops a worker that hears nothing for 30 s, and the pause would go with it.
      const goingOn = setInterval(() => void sendMessage('restoreGoingOn', undefined).catch(() => undefined), RESTORE_PING_MS);
      try {
        const report = await restoreBackup(openDb(), backup, {
          mode,
          settings: settingsStore(),
          onProgress: (fraction) => setState({ step: 'restoring', fileName, preview, mode, fraction }),
        });
        restored = true;
        setState({ step: 'done', message: restoredInWords(report, preview) });
      } finally {
        clearInterval(goingOn);
        await sendMessage('resumeAfterRestore', { restored }).catch(() => undefined);
      }
    } catch (error) {
      setState({ step: 'failed', message: error instanceof BackupRefused ? error.message : `The backup could not be restored: ${errorText(error)} Nothing was changed.` });
    }
  };

  const askToReplace = async () => {
    setHere(await countsHere(openDb()).catch(() => undefined));
    dialog.current?.showModal();
    // Enter at once keeps everything: replacing is the deliberate choice.
    cancelReplace.current?.focus();
  };

  const busy = state.step === 'checking' || state.step === 'restoring';
  const fraction = busy ? state.fraction : undefined;
  return (
    <div>
      <FileDrop
        id="restore-file"
        label="Restore from a backup: drop the file here, or choose it"
        accept=".gz,.json,application/gzip,application/json"
        disabled={busy}
        onFile={(file) => void check(file)}
        testId="restore-dropzone"
      />
      {fraction !== undefined ? (
        <p className="rs-progress">
          <progress max={1} value={fraction} aria-label="Restore progress" />
        </p>
      ) : null}
      <div role="status" aria-live="polite">
        {state.step === 'checking' ? (
          <p>
            {CHECKING_WORDS[state.readStep]} {state.fileName}…
          </p>
        ) : null}
        {state.step === 'restoring' ? <p>{state.mode === 'merge' ? 'Merging' : 'Restoring'} your backup… RunSound pauses its work meanwhile.</p> : null}
        {state.step === 'done' ? (
          <p data-testid="restore-result" tabIndex={-1} ref={landing as RefObject<HTMLParagraphElement>}>
            {state.message} <a href="#runs">See your runs</a>.
          </p>
        ) : null}
      </div>
      {state.step === 'failed' ? (
        <p className="rs-error" role="alert" data-testid="restore-error" tabIndex={-1} ref={landing as RefObject<HTMLParagraphElement>}>
          {state.message}
        </p>
      ) : null}
      {state.step === 'preview' ? (
        <section className="rs-card" aria-labelledby="restore-preview-heading" data-testid="restore-preview">
          <h4 id="restore-preview-heading" tabIndex={-1} ref={landing as RefObject<HTMLHeadingElement>}>
            In {state.fileName}
          </h4>
          <PreviewCard preview={state.preview} />
          <p className="rs-hint">
            Merge keeps what is in this browser and adds the backup; where both hold the same run or track, the newer copy stays (a correction made here since is kept), and the newer set of models; for a playlist or a setting, the backup’s.
            Replace empties RunSound here first, so that afterwards it holds just what the backup holds. Either way your Spotify sign-in here stays.
          </p>
          <p>
            <button type="button" className="rs-button" onClick={() => void restore('merge')}>
              Merge into this browser
            </button>{' '}
            <button type="button" className="rs-button rs-button-quiet" onClick={() => void askToReplace()}>
              Replace everything here…
            </button>{' '}
            <button type="button" className="rs-button rs-button-quiet" onClick={() => setState({ step: 'idle' })}>
              Cancel
            </button>
          </p>
          <dialog ref={dialog} className="rs-dialog" aria-labelledby="replace-title" aria-describedby="replace-what">
            <form
              method="dialog"
              onSubmit={(event) => {
                event.preventDefault();
                void restore('replace');
              }}
            >
              <h3 id="replace-title">Replace everything RunSound holds in this browser?</h3>
              <p id="replace-what">
                {here
                  ? `Its ${plural(here.runs, 'run')}, ${plural(here.models, 'model')}, ${plural(here.playlists, 'playlist')} and ${plural(here.libraryTracks, 'track')} of your music, and its settings, `
                  : 'What RunSound holds here '}
                are replaced by the backup’s {plural(state.preview.runs, 'run')} of {day(state.preview.createdAt)}. This cannot be undone.
              </p>
              <p className="rs-dialog-actions">
                <button type="submit" className="rs-button rs-button-danger">
                  Replace everything
                </button>{' '}
                <button type="button" className="rs-button rs-button-quiet" onClick={() => dialog.current?.close()} ref={cancelReplace}>
                  Cancel
                </button>
              </p>
            </form>
          </dialog>
        </section>
      ) : null}
    </div>
  );
}

/** Back up and restore: the card of the dashboard's "Your data". */
export function BackupSection() {
  return (
    <section className="rs-card" aria-labelledby="backup-heading" data-testid="backup">
      <h3 id="backup-heading">Back up and restore</h3>
      <p className="rs-hint">
        One file holds everything RunSound knows: your runs with your corrections, your model, your playlists, what you played, what it knows of your
        music, and your settings. Never your Spotify sign-in: in another browser, connect Spotify again. Restore the file there to carry your whole
        history over.
      </p>
      <BackUp />
      <Restore />
    </section>
  );
}
