import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useUnits } from '@/components/useUnits';
import { sendMessage } from '@/lib/messages';
import { RUN_TYPE_LABELS, RUN_TYPES, type RunType } from '@/lib/plan';
import { runPaceSecondsPerKm, type Run, type RunTypeBasis } from '@/lib/runs';
import { formatDistance, formatPace, type Units } from '@/lib/units';
import { openDb } from '@/utils/db';

const SHOWN = 30;

const BASIS_LABEL: Record<RunTypeBasis, string> = {
  correction: 'your correction',
  workout_type: "Strava's workout type",
  name: 'its name',
  metrics: 'your pace and distance',
};

function RunRow({ run, units, onError }: { run: Run; units: Units; onError: (message: string) => void }) {
  const pace = runPaceSecondsPerKm(run);
  const type = run.runTypeCorrection ?? run.runType?.type;
  const setType = (value: string) =>
    sendMessage('setRunType', { runId: run.id, type: value === '' ? null : (value as RunType) }).catch((error: unknown) =>
      onError(`The type of “${run.name}” was not saved: ${String(error)}`),
    );
  return (
    <tr data-testid={`run-${run.id}`}>
      <td>{run.startLocal.replace('T', ' ')}</td>
      <td>{run.name}</td>
      <td>{run.distanceMeters ? formatDistance(run.distanceMeters, units) : '…'}</td>
      <td>{pace ? formatPace(pace, units) : '…'}</td>
      <td>
        {run.weather
          ? `${Math.round(units === 'imperial' ? run.weather.temperatureC * 1.8 + 32 : run.weather.temperatureC)}${units === 'imperial' ? ' °F' : ' °C'}${run.weather.source === 'fallback' ? ' (fallback)' : ''}`
          : '…'}
      </td>
      <td>
        <select
          aria-label={`Type of ${run.name} on ${run.startLocal.slice(0, 10)}`}
          value={run.runTypeCorrection ?? ''}
          onChange={(event) => void setType(event.target.value)}
        >
          <option value="">{type ? `${RUN_TYPE_LABELS[type]} (from ${BASIS_LABEL[run.runType?.basis ?? 'metrics']})` : 'Not classified yet'}</option>
          {RUN_TYPES.map((choice) => (
            <option key={choice} value={choice}>
              {RUN_TYPE_LABELS[choice]}
            </option>
          ))}
        </select>
      </td>
    </tr>
  );
}

export function RunsSection() {
  const units = useUnits();
  const runs = useLiveQuery(() => openDb().runs.orderBy('startTime').reverse().limit(SHOWN).toArray(), []);
  const [problem, setProblem] = useState<string>();
  if (!units || !runs?.length) return null;
  return (
    <section className="rs-card" aria-labelledby="runs-heading">
      <h2 id="runs-heading">Recent runs</h2>
      <p className="rs-hint">RunSound learns from each run's type. If it got one wrong, correct it: your choice stays through every sync.</p>
      {problem ? <p className="rs-error">{problem}</p> : null}
      <table className="rs-table">
        <thead>
          <tr>
            <th scope="col">Start</th>
            <th scope="col">Name</th>
            <th scope="col">Distance</th>
            <th scope="col">Pace</th>
            <th scope="col">Weather</th>
            <th scope="col">Type</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <RunRow key={run.id} run={run} units={units} onError={setProblem} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
