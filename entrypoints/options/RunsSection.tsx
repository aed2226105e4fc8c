import { useLiveQuery } from 'dexie-react-hooks';
import { useDeferredValue, useState } from 'react';
import { useUnits } from '@/components/useUnits';
import { sendMessage } from '@/lib/messages';
import { RUN_TYPE_LABELS, RUN_TYPES, type RunType } from '@/lib/plan';
import { LABEL_SOURCE_WORDS, storedRunLabels } from '@/lib/model/run-labels';
import { TARGETS, type Label, type RunLabels, type Target } from '@/lib/model/types';
import { runsPage, type RunsOrder } from '@/lib/run-store';
import { runPaceSecondsPerKm, type Run, type RunTypeBasis } from '@/lib/runs';
import { formatDistance, formatPace, type Units } from '@/lib/units';
import { openDb } from '@/storage/db';
import { useStored } from '@/components/useStored';
import { trainingLoadSetting } from '@/storage/settings';

/** Rows on one page of the table. */
export const RUNS_PER_PAGE = 30;

const ORDER_LABEL: Record<RunsOrder, string> = {
  newest: 'Newest first',
  oldest: 'Oldest first',
  longest: 'Longest first',
  shortest: 'Shortest first',
  fastest: 'Fastest first',
  slowest: 'Slowest first',
};

const BASIS_LABEL: Record<RunTypeBasis, string> = {
  correction: 'your correction',
  workout_type: "Strava's workout type",
  name: 'its name',
  metrics: 'your pace and distance',
};

const TARGET_WORDS: Record<Target, string> = { tempo: 'Tempo', energy: 'Energy', valence: 'Valence' };

function labelValue(target: Target, label: Label): string {
  return target === 'tempo' ? `${Math.round(label.value)} BPM` : `${Math.round(label.value * 100)}/100`;
}

/** What the run teaches the model, each label with where it came from; null: not processed yet, undefined: still being worked out. */
function RunLabelsCell({ labels }: { labels: RunLabels | null | undefined }) {
  if (labels === undefined) return <td className="rs-hint">…</td>;
  if (labels === null) return <td className="rs-hint">Not read yet</td>;
  const known = TARGETS.filter((target) => labels[target]);
  if (!known.length) return <td className="rs-hint">None: no cadence, heart rate or music known</td>;
  return (
    <td>
      <ul className="rs-labels">
        {known.map((target) => (
          <li key={target} data-testid={`label-${target}`}>
            {TARGET_WORDS[target]} {labelValue(target, labels[target]!)} <span className="rs-hint">({LABEL_SOURCE_WORDS[labels[target]!.source]})</span>
          </li>
        ))}
      </ul>
    </td>
  );
}

function RunRow({ run, labels, units, onError }: { run: Run; labels: RunLabels | null | undefined; units: Units; onError: (message: string) => void }) {
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
      <RunLabelsCell labels={labels} />
    </tr>
  );
}

const count = (value: number) => value.toLocaleString('en-US');

/** The dashboard's Runs: the whole history, a page at a time, to sort, filter, correct and see what each run teaches RunSound. */
export function RunsSection() {
  const units = useUnits();
  const [order, setOrder] = useState<RunsOrder>('newest');
  const [type, setType] = useState<RunType | ''>('');
  const [search, setSearch] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [pageIndex, setPageIndex] = useState(0);
  // Typing stays quick: the table follows the search when it can.
  const nameContains = useDeferredValue(search);
  // The page carries the query it answers: until the next one is read, the table and its labels stay together.
  const page = useLiveQuery(async () => {
    const query = { order, type: type || undefined, nameContains, from: from || undefined, to: to || undefined, offset: pageIndex * RUNS_PER_PAGE, limit: RUNS_PER_PAGE };
    return { ...(await runsPage(openDb(), query)), query };
  }, [order, type, nameContains, from, to, pageIndex]);
  // Labels come from the whole history (a run's effort is measured against the runs before it): worked out once per change of it, not per page.
  // With the runner's heart rates and load method, as the training takes them.
  const loadSettings = useStored(trainingLoadSetting);
  const labels = useLiveQuery(() => (loadSettings ? storedRunLabels(openDb(), loadSettings) : undefined), [loadSettings]);
  const [problem, setProblem] = useState<string>();
  if (!units || !page?.stored) return null;
  const pages = Math.max(1, Math.ceil(page.matching / RUNS_PER_PAGE));
  const shownIndex = page.query.offset / RUNS_PER_PAGE;
  // A page past the end (runs removed meanwhile): back to the last one.
  if (pageIndex >= pages) setPageIndex(pages - 1);
  const first = page.query.offset + 1;
  const last = page.query.offset + page.runs.length;
  const filtered = page.matching !== page.stored;
  const shown =
    page.matching === 0
      ? `No runs match (${count(page.stored)} stored).`
      : page.runs.length === 0
        ? 'Turning the page…'
        : `Runs ${count(first)}–${count(last)} of ${count(page.matching)}${filtered ? ` matching (${count(page.stored)} stored)` : ''}`;
  const choose = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setPageIndex(0);
  };
  const goTo = (index: number) => setPageIndex(Math.min(pages - 1, Math.max(0, index)));
  return (
    <>
      <p className="rs-hint">RunSound learns from each run's type. If it got one wrong, correct it: your choice stays through every sync.</p>
      <p className="rs-hint">
        Each run's labels are what it teaches RunSound about its music: the tempo from your cadence, the energy from your heart rate or
        pace, the valence (how positive the music sounds) from what you played on Spotify or your answers.
      </p>
      {problem ? (
        <p className="rs-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="rs-runs-controls" role="search" aria-label="Find runs">
        <label>
          Sort{' '}
          <select value={order} onChange={(event) => choose(setOrder)(event.target.value as RunsOrder)} data-testid="runs-order">
            {Object.entries(ORDER_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Type{' '}
          <select value={type} onChange={(event) => choose(setType)(event.target.value as RunType | '')} data-testid="runs-type">
            <option value="">All types</option>
            {RUN_TYPES.map((choice) => (
              <option key={choice} value={choice}>
                {RUN_TYPE_LABELS[choice]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Name{' '}
          <input type="search" value={search} onChange={(event) => choose(setSearch)(event.target.value)} placeholder="Parkrun" data-testid="runs-search" />
        </label>
        <label>
          From{' '}
          <input type="date" value={from} max={to || undefined} onChange={(event) => choose(setFrom)(event.target.value)} data-testid="runs-from" />
        </label>
        <label>
          To{' '}
          <input type="date" value={to} min={from || undefined} onChange={(event) => choose(setTo)(event.target.value)} data-testid="runs-to" />
        </label>
      </div>
      <p role="status" data-testid="runs-shown">
        {shown}
      </p>
      {page.runs.length ? (
        <table className="rs-table">
          <caption className="rs-visually-hidden">
            Your runs, {ORDER_LABEL[page.query.order].toLowerCase()}, page {shownIndex + 1} of {pages}
          </caption>
          <thead>
            <tr>
              <th scope="col" aria-sort={page.query.order === 'newest' ? 'descending' : page.query.order === 'oldest' ? 'ascending' : undefined}>
                Start
              </th>
              <th scope="col">Name</th>
              <th scope="col" aria-sort={page.query.order === 'longest' ? 'descending' : page.query.order === 'shortest' ? 'ascending' : undefined}>
                Distance
              </th>
              <th scope="col" aria-sort={page.query.order === 'fastest' ? 'ascending' : page.query.order === 'slowest' ? 'descending' : undefined}>
                Pace
              </th>
              <th scope="col">Weather</th>
              <th scope="col">Type</th>
              <th scope="col">Labels</th>
            </tr>
          </thead>
          <tbody>
            {page.runs.map((run) => (
              <RunRow key={run.id} run={run} labels={labels && (labels.get(run.id) ?? null)} units={units} onError={setProblem} />
            ))}
          </tbody>
        </table>
      ) : null}
      {pages > 1 ? (
        <nav className="rs-pager" aria-label="Pages of runs">
          <button type="button" className="rs-button rs-button-quiet" onClick={() => goTo(0)} disabled={pageIndex === 0}>
            First
          </button>
          <button type="button" className="rs-button rs-button-quiet" onClick={() => goTo(pageIndex - 1)} disabled={pageIndex === 0}>
            Previous
          </button>
          <span>
            Page {count(shownIndex + 1)} of {count(pages)}
          </span>
          <button type="button" className="rs-button rs-button-quiet" onClick={() => goTo(pageIndex + 1)} disabled={pageIndex === pages - 1}>
            Next
          </button>
          <button type="button" className="rs-button rs-button-quiet" onClick={() => goTo(pages - 1)} disabled={pageIndex === pages - 1}>
            Last
          </button>
        </nav>
      ) : null}
    </>
  );
}
