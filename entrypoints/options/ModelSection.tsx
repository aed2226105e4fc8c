import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useStored } from '@/components/useStored';
import { useUnits } from '@/components/useUnits';
import { sendMessage } from '@/lib/messages';
import { targetProblem } from '@/lib/model/selection';
import type { StoredModel } from '@/lib/model/trainer';
import { TARGETS, type Target } from '@/lib/model/types';
import { modelVerdict, type TargetVerdict } from '@/lib/model/verdict';
import { openDb } from '@/storage/db';
import { trainingStatus } from '@/storage/settings';
import { CadenceChart } from './charts/CadenceChart';
import { ErrorBars, ImportanceBars, LabelSources, PredictedActualChart, VersionsChart } from './charts/TargetCharts';
import { useHistory } from './charts/useHistory';

/** Asks the background to put a model that was not used in use anyway. */
const promote = (id: number) => sendMessage('promoteModel', { id });

const TITLE: Record<Target, string> = {
  tempo: 'Tempo: your cadence',
  energy: 'Energy: how hard the run is',
  valence: 'Mood: how positive the music sounds (valence)',
};

/** The verdict without the target's name, which the card's title gives: "Not yet, …". */
const sentence = (text: string) => {
  const rest = text.replace(/^[^:]+: /, '');
  return `${rest[0]!.toUpperCase()}${rest.slice(1)}`;
};

const dateWords = (epochMs: number) => new Date(epochMs).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' });

/** The numbers behind a target, for whoever wants them. */
function Details({ model, target }: { model: StoredModel; target: Target }) {
  const stored = model.targets[target]!;
  const { metrics } = stored;
  const cv = metrics.crossValidation;
  return (
    <details className="rs-figure-table">
      <summary>Details</summary>
      <ul className="rs-hint">
        <li>
          Learned from {metrics.nTrain} older runs, tested on the newest {metrics.nTest}
          {stored.trainedAt !== model.createdAt ? `; trained on ${dateWords(stored.trainedAt)}` : ''}.
        </li>
        <li>R² on the newest runs: {metrics.nTest >= 10 && Number.isFinite(metrics.r2) ? metrics.r2.toFixed(2) : 'too few runs to tell'}.</li>
        {cv ? (
          <li>
            Cross-validation over {cv.folds} blocks of time: typical error {target === 'tempo' ? cv.mae.toFixed(1) : Math.round(cv.mae * 100)}, guessing{' '}
            {target === 'tempo' ? cv.baselineMae.toFixed(1) : Math.round(cv.baselineMae * 100)}.
          </li>
        ) : null}
      </ul>
    </details>
  );
}

function TargetCard({ target, model, verdict }: { target: Target; model?: StoredModel; verdict: TargetVerdict }) {
  const stored = model?.targets[target];
  const problem = stored ? targetProblem(stored) : undefined;
  return (
    <div className="rs-card rs-target-card" data-testid={`model-${target}`} data-own={verdict.own}>
      <h3>{TITLE[target]}</h3>
      <p>{problem ? <strong data-testid="target-not-used">{sentence(verdict.text)}</strong> : sentence(verdict.text)}</p>
      {stored && model ? (
        <>
          <div className="rs-chart-row">
            <div>
              <ErrorBars target={target} stored={stored} />
              <ImportanceBars target={target} stored={stored} />
              <LabelSources stored={stored} />
            </div>
            <PredictedActualChart target={target} points={stored.metrics.holdoutPoints} />
          </div>
          <VersionsChart target={target} versions={model.versions} />
          <Details model={model} target={target} />
        </>
      ) : null}
    </div>
  );
}

/** The dashboard's Model: whether RunSound's model is any good for the runner, per target, in pictures. */
export function ModelSection() {
  const status = useStored(trainingStatus);
  const units = useUnits();
  const history = useHistory();
  const models = useLiveQuery(() => openDb().models.orderBy('createdAt').reverse().toArray(), []);
  const [problem, setProblem] = useState<string>();
  const active = models?.find((model) => model.status === 'active');
  const rejected = models?.find((model) => model.status === 'rejected');
  const newerRejected = rejected && (!active || rejected.createdAt >= active.createdAt) ? rejected : undefined;
  const verdict = modelVerdict(active);
  const retrain = () => {
    setProblem(undefined);
    sendMessage('retrainNow', { force: false }).catch((failure: unknown) => setProblem(`Training could not start: ${String(failure)}`));
  };
  const useRejected = (id: number) => {
    setProblem(undefined);
    promote(id).catch((failure: unknown) => setProblem(`The new model could not be put in use: ${String(failure)}`));
  };
  return (
    <>
      <div className="rs-card">
        <p data-testid="model-verdict" data-state={verdict.state}>
          <strong>{verdict.headline}</strong>
        </p>
        {active ? (
          <div data-testid="active-model" className="rs-hint">
            In use since {dateWords(active.createdAt)}: learned from {active.runs} runs.{' '}
            <details className="rs-figure-table">
              <summary>What the last training changed</summary>
              {active.decision}
            </details>
          </div>
        ) : (
          <p className="rs-hint" data-testid="no-model">
            RunSound learns your tempo from your cadence, energy from your heart rate or pace, and mood from the music you play during runs, each once it has 10 runs to learn from.
          </p>
        )}
        {/* The outcome of the last training is the decision, one click away above; what goes on (and any trouble) shows here. */}
        {status?.message && !(active && status.message.startsWith(active.decision)) ? (
          <p role="status" data-testid="training-status" className="rs-hint">
            {status.message}
            {status.progress ? ` (${status.progress.done} of ${status.progress.total} steps)` : ''}
          </p>
        ) : null}
        {newerRejected ? (
          <div data-testid="rejected-model" className="rs-hint">
            A newer training was not used for {TARGETS.filter((target) => newerRejected.targets[target]).join(' and ')}: it did clearly worse on its newest runs.{' '}
            <details className="rs-figure-table">
              <summary>Why</summary>
              {newerRejected.decision}
            </details>
          </div>
        ) : null}
        <p>
          <button type="button" className="rs-button rs-button-quiet" onClick={retrain}>
            Retrain now
          </button>{' '}
          {newerRejected?.id !== undefined ? (
            <button type="button" className="rs-button rs-button-quiet" onClick={() => useRejected(newerRejected.id!)}>
              Use the new model anyway
            </button>
          ) : null}
        </p>
        {problem ? <p className="rs-error">{problem}</p> : null}
      </div>
      {history?.runs.length && units ? (
        <div className="rs-card">
          <CadenceChart history={history} tempo={active?.targets.tempo} units={units} />
        </div>
      ) : null}
      {TARGETS.map((target) => (
        <TargetCard key={target} target={target} model={active} verdict={verdict.targets.find((each) => each.target === target)!} />
      ))}
    </>
  );
}
