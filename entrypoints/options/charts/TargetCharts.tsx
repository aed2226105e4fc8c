/**
 * One target of the runner's model in pictures: how close it gets on the newest runs against
 * always guessing the usual, predicted against measured run by run, what matters most, what its
 * labels come from, and how each training did.
 */
import { useCallback, useMemo, useState } from 'react';
import type { FeatureName } from '@/lib/features';
import type { HoldoutPoint } from '@/lib/model/evaluate';
import { FEATURE_LABELS } from '@/lib/model/predict';
import { LABEL_SOURCE_WORDS } from '@/lib/model/run-labels';
import type { ModelTarget, ModelVersion } from '@/lib/model/trainer';
import type { LabelSource, Target } from '@/lib/model/types';
import { within } from '@/lib/model/profile';
import { ChartFigure, type LegendItem } from './ChartFigure';
import { axis, dateAxis, line, pointsOnly, uPlot, UPlotChart, type ChartOptions } from './UPlotChart';
import { withAlpha, type ChartColors } from './colors';

/** A target's values as the runner reads them: steps per minute, or points out of 100. */
const shown = (target: Target, value: number) => (target === 'tempo' ? value : value * 100);
const unitOf = (target: Target) => (target === 'tempo' ? 'steps/min' : 'points out of 100');
const valueInWords = (target: Target, value: number) => `${Math.round(shown(target, value))}${target === 'tempo' ? ' steps/min' : ''}`;
const dateWords = (epochMs: number) => new Date(epochMs).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

/** What a target measures, for axis labels and sentences. */
export const MEASURES: Record<Target, string> = { tempo: 'cadence', energy: 'effort', valence: 'mood of the music' };

function Bars({ rows, label }: { rows: ReadonlyArray<{ name: string; value: number; text: string; tone?: 'accent' | 'muted' }>; label: string }) {
  const most = Math.max(...rows.map((row) => row.value), Number.MIN_VALUE);
  return (
    <div className="rs-hbars" role="list" aria-label={label}>
      {rows.map((row) => (
        <div key={row.name} role="listitem" style={{ display: 'contents' }}>
          <span>{row.name}</span>
          <span className={`rs-hbar${row.tone ? ` rs-hbar-${row.tone}` : ''}`} aria-hidden="true">
            <span style={{ width: `${Math.max(1, (row.value / most) * 100)}%` }} />
          </span>
          <span className="rs-hbars-value">{row.text}</span>
        </div>
      ))}
    </div>
  );
}

/** The typical error against always guessing the runner's usual, as two bars. */
export function ErrorBars({ target, stored }: { target: Target; stored: ModelTarget }) {
  const { mae, baselineMae } = stored.metrics;
  return (
    <Bars
      label={`Typical error on your newest runs: your model ${within(target, mae)}, always guessing your usual ${within(target, baselineMae)}`}
      rows={[
        { name: 'Your model', value: mae, text: within(target, mae), tone: 'accent' },
        { name: 'Always guessing your usual', value: baselineMae, text: within(target, baselineMae), tone: 'muted' },
      ]}
    />
  );
}

/** The features that matter most: how much the error grows without each (permutation importance). */
export function ImportanceBars({ target, stored }: { target: Target; stored: ModelTarget }) {
  // Only what moves the error by a tenth of a step per minute, or of a point out of 100, or more.
  const top = stored.metrics.importance.filter((item) => shown(target, item.maeIncrease) >= 0.05).slice(0, 5);
  if (!top.length) {
    return (
      <p className="rs-hint" data-testid={`importance-${target}`}>
        What matters most: no single thing stands out, the model leans on your usual.
      </p>
    );
  }
  const label = (feature: string) => {
    const words = FEATURE_LABELS[feature as FeatureName] ?? feature;
    return `${words[0]!.toUpperCase()}${words.slice(1)}`;
  };
  return (
    <div data-testid={`importance-${target}`}>
      <p className="rs-hint">What matters most: how much further off it would be without each.</p>
      <Bars
        label="What matters most to your model"
        rows={top.map((item) => ({ name: label(item.feature), value: item.maeIncrease, text: `+${shown(target, item.maeIncrease).toFixed(1)}` }))}
      />
    </div>
  );
}

/** Where the runs it learned from got their label. */
export function LabelSources({ stored }: { stored: ModelTarget }) {
  const entries = Object.entries(stored.labelSources).filter(([, count]) => count && count > 0) as Array<[LabelSource, number]>;
  if (!entries.length) return null;
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  return (
    <>
      <p className="rs-hint">Learned from {total.toLocaleString('en-GB')} runs, labelled by:</p>
      <Bars label="Where its labels come from" rows={entries.map(([source, count]) => ({ name: LABEL_SOURCE_WORDS[source] ?? source, value: count, text: `${count.toLocaleString('en-GB')} runs` }))} />
    </>
  );
}

/** Predicted against measured on the newest runs, with the line where they would be equal. */
export function PredictedActualChart({ target, points }: { target: Target; points?: readonly HoldoutPoint[] }) {
  const [pointed, setPointed] = useState<number | null>(null);
  const sorted = useMemo(() => [...(points ?? [])].sort((a, b) => a.actual - b.actual), [points]);
  // One scale for both axes, a little wider than the points, with the "spot on" line across it.
  const [low, high] = useMemo(() => {
    const values = sorted.flatMap((point) => [shown(target, point.actual), shown(target, point.predicted)]);
    return values.length ? [Math.floor(Math.min(...values) - 2), Math.ceil(Math.max(...values) + 2)] : [0, 1];
  }, [sorted, target]);
  const data = useMemo<uPlot.AlignedData>(() => {
    const xs = sorted.map((point) => shown(target, point.actual));
    return [[low, ...xs, high], [null, ...sorted.map((point) => shown(target, point.predicted)), null], [low, ...xs, high]];
  }, [sorted, target, low, high]);
  const options = useCallback(
    (colors: ChartColors): ChartOptions => {
      return {
        cursor: { points: { show: false } },
        scales: { x: { time: false, range: [low, high] }, y: { range: [low, high] } },
        series: [
          {},
          { label: 'Your newest runs', ...pointsOnly(colors.accent, withAlpha(colors.accent, 0.35), 6) },
          { label: 'Spot on', ...line(colors.muted, 1, [4, 4]) },
        ],
        axes: [axis(colors, { label: `Measured ${MEASURES[target]} (${unitOf(target)})` }), axis(colors, { label: 'Predicted', size: 44 })],
      };
    },
    [low, high, target],
  );
  if (!sorted.length) {
    return (
      <p className="rs-hint" data-testid={`predicted-actual-${target}-later`}>
        Predicted against measured, run by run: shown after the next training.
      </p>
    );
  }
  const legend: LegendItem[] = [
    { label: `Your newest ${sorted.length} runs, which it did not learn from`, mark: 'point', color: 'var(--rs-chart-on)' },
    { label: 'Spot on', mark: 'dashed', color: 'var(--rs-muted)' },
  ];
  // Index 0 of the data is the scale's low end, not a run.
  const at = pointed === null ? undefined : sorted[pointed - 1];
  const readout = at ? `${dateWords(at.startTime)}: measured ${valueInWords(target, at.actual)}, predicted ${valueInWords(target, at.predicted)}` : '';
  const byDate = [...sorted].sort((a, b) => b.startTime - a.startTime);
  return (
    <ChartFigure
      title="Predicted against measured"
      legend={legend}
      readout={readout}
      words={<p className="rs-hint">The closer the points to the dashed line, the better it predicts.</p>}
      table={
        <table className="rs-table" data-testid={`predicted-actual-${target}-table`}>
          <thead>
            <tr>
              <th scope="col">Run of</th>
              <th scope="col">Measured</th>
              <th scope="col">Predicted</th>
            </tr>
          </thead>
          <tbody>
            {byDate.map((point) => (
              <tr key={`${point.startTime}-${point.actual}`}>
                <td>{dateWords(point.startTime)}</td>
                <td>{valueInWords(target, point.actual)}</td>
                <td>{valueInWords(target, point.predicted)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
      testId={`predicted-actual-${target}`}
    >
      <UPlotChart
        label={`Chart of the ${MEASURES[target]} your model predicted against what ${sorted.length} of your newest runs measured`}
        options={options}
        data={data}
        height={220}
        onPoint={setPointed}
      />
    </ChartFigure>
  );
}

/** Each training's error on its newest runs, against always guessing the usual, over time. */
export function VersionsChart({ target, versions }: { target: Target; versions?: readonly ModelVersion[] }) {
  const [pointed, setPointed] = useState<number | null>(null);
  const trained = useMemo(() => (versions ?? []).filter((version) => version.targets[target]), [versions, target]);
  const data = useMemo<uPlot.AlignedData>(
    () => [trained.map((version) => version.trainedAt / 1000), trained.map((version) => shown(target, version.targets[target]!.mae)), trained.map((version) => shown(target, version.targets[target]!.baselineMae))],
    [trained, target],
  );
  const options = useCallback(
    (colors: ChartColors): ChartOptions => ({
      cursor: { points: { show: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] } },
      series: [
        {},
        { label: 'Your model', stroke: colors.accent, width: 2, points: { show: true, size: 6, fill: colors.accent } },
        { label: 'Always guessing your usual', stroke: colors.muted, width: 1.5, dash: [5, 4], points: { show: true, size: 5, fill: colors.surface } },
      ],
      axes: [dateAxis(colors), axis(colors, { label: `Typical error (${target === 'tempo' ? 'steps/min' : 'points'})`, size: 44 })],
    }),
    [target],
  );
  if (trained.length < 2) {
    return <p className="rs-hint">How each version did: drawn here from the next training on.</p>;
  }
  const legend: LegendItem[] = [
    { label: 'Your model’s typical error', mark: 'line', color: 'var(--rs-chart-on)' },
    { label: 'Always guessing your usual', mark: 'dashed', color: 'var(--rs-muted)' },
  ];
  const at = pointed === null ? undefined : trained[pointed];
  const readout = at ? `Trained ${dateWords(at.trainedAt)} on ${at.runs} runs: ${within(target, at.targets[target]!.mae)}, guessing ${within(target, at.targets[target]!.baselineMae)}${at.targets[target]!.used ? '' : ' (not used)'}` : '';
  const first = trained[0]!.targets[target]!;
  const last = trained[trained.length - 1]!.targets[target]!;
  return (
    <ChartFigure
      title="How each version did"
      legend={legend}
      readout={readout}
      words={
        <p>
          {trained.length} trainings since {dateWords(trained[0]!.trainedAt)}: from {within(target, first.mae)} to {within(target, last.mae)} on each one’s newest runs.
        </p>
      }
      table={
        <table className="rs-table" data-testid={`versions-${target}-table`}>
          <thead>
            <tr>
              <th scope="col">Trained</th>
              <th scope="col">Runs</th>
              <th scope="col">Typical error</th>
              <th scope="col">Guessing your usual</th>
              <th scope="col">Used</th>
            </tr>
          </thead>
          <tbody>
            {[...trained].reverse().map((version) => (
              <tr key={version.trainedAt}>
                <td>{dateWords(version.trainedAt)}</td>
                <td>{version.runs}</td>
                <td>{within(target, version.targets[target]!.mae)}</td>
                <td>{within(target, version.targets[target]!.baselineMae)}</td>
                <td>{version.targets[target]!.used ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
      testId={`versions-${target}`}
    >
      <UPlotChart label={`Chart of the typical error of each of your model's ${trained.length} trainings, against always guessing your usual`} options={options} data={data} height={180} onPoint={setPointed} />
    </ChartFigure>
  );
}
