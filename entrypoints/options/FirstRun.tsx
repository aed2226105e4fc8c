import { useLiveQuery } from 'dexie-react-hooks';
import { useStored } from '@/components/useStored';
import { firstRunSteps, showFirstRun, type FirstRunStep } from '@/lib/first-run';
import { openDb } from '@/storage/db';
import { firstRunSetting, spotifyStatus, syncStatus } from '@/storage/settings';
import { SpotifyConnect } from './SpotifySection';
import { HistoryActions } from './SyncSection';
import { useOnline, useRunsStored } from '@/components/useHistoryWords';

/** The steps and whether they are shown; undefined while storage and the database are read. */
export function useFirstRun(): { steps: FirstRunStep[]; shown: boolean } | undefined {
  const sync = useStored(syncStatus);
  const spotify = useStored(spotifyStatus);
  const setting = useStored(firstRunSetting);
  const runsStored = useRunsStored();
  const playlists = useLiveQuery(() => openDb().playlists.count(), [], undefined);
  const planned = useLiveQuery(async () => (await openDb().drafts.count()) > 0, [], undefined);
  const online = useOnline();
  if (!sync || !spotify || !setting || runsStored === undefined || playlists === undefined || planned === undefined) return undefined;
  const steps = firstRunSteps({ sync, runsStored, spotify, playlists, planned, online, now: Date.now() });
  return { steps, shown: showFirstRun(steps, setting) };
}

function StepBody({ step }: { step: FirstRunStep }) {
  switch (step.id) {
    case 'strava':
      return (
        <>
          <p className="rs-hint">
            RunSound learns your cadence and effort from your runs. It reads them from strava.com with this browser’s
            login; you only need to be logged in there.
          </p>
          <HistoryActions action={step.action} />
          <p className="rs-hint">
            A long history is quicker from Strava’s export: <a href="#data">import it under Your data</a>.
          </p>
        </>
      );
    case 'spotify':
      return (
        <>
          <p className="rs-hint">RunSound makes the playlists in your own Spotify account, through a free Spotify app of yours.</p>
          <SpotifyConnect statusLine={false} />
        </>
      );
    case 'plan':
      return (
        <p className="rs-hint">
          Click RunSound’s button in your browser’s toolbar, at the top right (no button? Open the Extensions menu, the
          puzzle piece, and pin RunSound). Say when, how far and how fast you will run, then press Generate playlist. On
          strava.com, RunSound’s button on one of your runs plans a run like it.
        </p>
      );
  }
}

/** Three steps with their state side by side; under them, what to do for the next one. */
export function FirstRun({ steps }: { steps: FirstRunStep[] }) {
  const next = steps.find((step) => !step.done);
  const doneCount = steps.filter((step) => step.done).length;
  return (
    <section className="rs-card rs-first-run" aria-labelledby="first-run-heading" data-testid="first-run">
      <div className="rs-first-run-head">
        <h3 id="first-run-heading">Getting started</h3>
        <span className="rs-hint">{next ? `${doneCount} of ${steps.length} steps done` : 'All done: RunSound is ready for your runs.'}</span>
      </div>
      <ol className="rs-first-run-steps">
        {steps.map((step, index) => (
          <li
            key={step.id}
            data-testid={`first-run-${step.id}`}
            data-done={step.done}
            className={step.done ? 'rs-step rs-step-done' : step === next ? 'rs-step rs-step-next' : 'rs-step'}
            aria-current={step === next ? 'step' : undefined}
          >
            <p className="rs-step-title">
              <span className="rs-step-mark">{step.done ? 'Done' : `Step ${index + 1}`}</span>
              <strong>{step.title}</strong>
            </p>
            <p className="rs-step-state">{step.state}</p>
          </li>
        ))}
      </ol>
      {next ? (
        <div className="rs-step-body" data-testid="first-run-next">
          <h4>{next.title}</h4>
          <StepBody step={next} />
        </div>
      ) : null}
      <p className="rs-first-run-hide">
        <button type="button" className="rs-link-button" onClick={() => void firstRunSetting.setValue('hidden')}>
          Hide these steps
        </button>
      </p>
    </section>
  );
}

/** "Show the getting-started steps", from Settings or the Overview. */
export function ShowFirstRunLink() {
  return (
    <a
      href="#overview"
      onClick={() => {
        void firstRunSetting.setValue('shown');
      }}
    >
      Show the getting-started steps
    </a>
  );
}
