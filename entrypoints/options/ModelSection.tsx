import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useStored } from '@/components/useStored';
import { sendMessage } from '@/lib/messages';
import { FEATURE_LABELS } from '@/lib/model/predict';
import { targetProblem } from '@/lib/model/selection';
import type { ModelTarget, StoredModel } from '@/lib/model/trainer';
import { TARGETS, type Target } from '@/lib/model/types';
import type { FeatureName } from '@/lib/features';
import { openDb } from '@/storage/db';
import { trainingStatus } from '@/storage/settings';

/** Asks the background to put a model that was not used in use anyway. */
const promote = (id: number) => sendMessage('promoteModel', { id });

const TARGET_LABEL: Record<Target, string> = { tempo: 'Tempo', energy: 'Energy', valence: 'Valence' };
/** Errors in the target's own unit: BPM for tempo, points out of 100 for the others. */
const error = (target: Target, value: number) => (target === 'tempo' ? `${value.toFixed(1)} BPM` : `${Math.round(value * 100)}`);

function TargetRow({ target, stored, note, model }: { target: Target; stored?: ModelTarget; note?: string; model: StoredModel }) {
  if (!stored) {
    return (
      <tr data-testid={`model-${target}`}>
        <th scope="row">{TARGET_LABEL[target]}</th>
        <td colSpan={4}>Research prior{note ? ` (${note})` : ''}</td>
      </tr>
    );
  }
  const { metrics, labelSources } = stored;
  const sources = Object.entries(labelSources)
    .map(([source, count]) => `${count} from ${source}`)
    .join(', ');
  const problem = targetProblem(stored);
  const kept = stored.trainedAt !== undefined && stored.trainedAt !== model.createdAt;
  return (
    <tr data-testid={`model-${target}`}>
      <th scope="row">{TARGET_LABEL[target]}</th>
      <td>
        {error(target, metrics.mae)} <span className="rs-hint">(guessing your usual: {error(target, metrics.baselineMae)})</span>
      </td>
      <td>{metrics.nTest >= 10 ? metrics.r2.toFixed(2) : <span className="rs-hint">too few new runs to tell</span>}</td>
      <td>
        {metrics.nTrain} / {metrics.nTest}
      </td>
      <td className="rs-hint">
        {sources}. Matters most: {metrics.importance.slice(0, 3).map((item) => FEATURE_LABELS[item.feature as FeatureName] ?? item.feature).join(', ')}.
        {kept ? ` Learned on ${new Date(stored.trainedAt).toLocaleDateString()}.` : ''}
        {problem ? <strong data-testid="target-not-used"> Not used: {problem}, so the research prior answers for it.</strong> : null}
      </td>
    </tr>
  );
}

function ModelTable({ model, only }: { model: StoredModel; only?: readonly Target[] }) {
  return (
    <table className="rs-table">
      <thead>
        <tr>
          <th scope="col">Target</th>
          <th scope="col">Typical error on your newest runs</th>
          <th scope="col">R²</th>
          <th scope="col">Runs learned / tested</th>
          <th scope="col">Labels</th>
        </tr>
      </thead>
      <tbody>
        {(only ?? TARGETS).map((target) => (
          <TargetRow key={target} target={target} stored={model.targets[target]} note={model.notes[target]} model={model} />
        ))}
      </tbody>
    </table>
  );
}

export function ModelSection() {
  const status = useStored(trainingStatus);
  const models = useLiveQuery(() => openDb().models.orderBy('createdAt').reverse().toArray(), []);
  const [problem, setProblem] = useState<string>();
  const active = models?.find((model) => model.status === 'active');
  const rejected = models?.find((model) => model.status === 'rejected');
  const newerRejected = rejected && (!active || rejected.createdAt >= active.createdAt) ? rejected : undefined;
  const retrain = () => {
    setProblem(undefined);
    sendMessage('retrainNow', { force: false }).catch((failure: unknown) => setProblem(`Training could not start: ${String(failure)}`));
  };
  const useRejected = (id: number) => {
    setProblem(undefined);
    promote(id).catch((failure: unknown) => setProblem(`The new model could not be put in use: ${String(failure)}`));
  };
  return (
    <section className="rs-card" aria-labelledby="model-heading">
      <h2 id="model-heading">Your model</h2>
      <p className="rs-hint">
        RunSound learns your tempo (from your cadence) and energy (from your heart rate, or your pace against your own
        range) from your runs, with the newest fifth of each target's runs kept aside to check it honestly. Valence
        waits for what you listen to; until a target has 10 labelled runs, or while its model does not beat always
        guessing your usual, the research prior answers for it.
      </p>
      {status?.message ? (
        <p role="status" data-testid="training-status">
          {status.message}
          {status.progress ? ` (${status.progress.done} of ${status.progress.total} steps)` : ''}
        </p>
      ) : null}
      {active ? (
        <div data-testid="active-model">
          <p>
            In use since {new Date(active.createdAt).toLocaleString()}: learned from {active.runs} runs in{' '}
            {active.trainSeconds.toFixed(1)} s. {active.decision}
          </p>
          <ModelTable model={active} />
        </div>
      ) : (
        <p data-testid="no-model">No model yet: the research prior answers for every target.</p>
      )}
      {newerRejected ? (
        <div data-testid="rejected-model">
          <p className="rs-hint">{newerRejected.decision}</p>
          <ModelTable model={newerRejected} only={TARGETS.filter((target) => newerRejected.targets[target])} />
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
    </section>
  );
}
