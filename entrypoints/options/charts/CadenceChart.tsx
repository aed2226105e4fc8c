/**
 * Cadence against pace: every run of the runner with both, and the cadence the tempo model and
 * research on runners expect across their paces for a typical easy run (lib/model/cadence-curve).
 * Faster paces to the right, in the runner's units.
 */
import { useCallback, useMemo, useState } from 'react';
import { cadenceCurves, runCadences } from '@/lib/model/cadence-curve';
import type { ModelTarget } from '@/lib/model/trainer';
import { usableTarget } from '@/lib/model/selection';
import { formatDistance, formatPace, metersPerUnit, paceUnit, type Units } from '@/lib/units';
import { ChartFigure, type LegendItem } from './ChartFigure';
import { axis, line, pointsOnly, uPlot, UPlotChart, type ChartOptions } from './UPlotChart';
import { withAlpha, type ChartColors } from './colors';
import type { LoadedHistory } from './useHistory';

/** Seconds per km to seconds per the runner's unit, and back. */
const perUnit = (secondsPerKm: number, units: Units) => (secondsPerKm * metersPerUnit(units)) / 1000;
const perKm = (secondsPerUnit: number, units: Units) => (secondsPerUnit * 1000) / metersPerUnit(units);
const TABLE_ROWS = 7;

export function CadenceChart({ history, tempo, units }: { history: LoadedHistory; tempo?: ModelTarget; units: Units }) {
  const [pointed, setPointed] = useState<number | null>(null);
  const runs = useMemo(() => runCadences(history.runs), [history.runs]);
  const curves = useMemo(() => cadenceCurves(history.runs, history.series, tempo, history.today), [history, tempo]);
  const used = usableTarget(tempo) !== undefined;
  const hasModel = curves.points.some((point) => point.model !== undefined);

  // One x column for the runs and the curves, ascending, each series null where it has no value.
  const rows = useMemo(
    () =>
      [
        ...runs.map((run) => ({ x: perUnit(run.paceSecondsPerKm, units), run: run.cadenceSpm as number | null, prior: null as number | null, model: null as number | null })),
        ...curves.points.map((point) => ({ x: perUnit(point.paceSecondsPerKm, units), run: null, prior: point.prior, model: point.model ?? null })),
      ].sort((a, b) => a.x - b.x),
    [runs, curves, units],
  );
  const data = useMemo<uPlot.AlignedData>(() => [rows.map((row) => row.x), rows.map((row) => row.run), rows.map((row) => row.prior), rows.map((row) => row.model)], [rows]);

  const options = useCallback(
    (colors: ChartColors): ChartOptions => ({
      cursor: { points: { show: false } },
      scales: { x: { time: false, dir: -1 }, y: { auto: true } },
      series: [
        {},
        { label: 'Your runs', ...pointsOnly(colors.muted, withAlpha(colors.muted, 0.45), runs.length > 2000 ? 3 : 6) },
        { label: 'Research on runners', ...line(colors.ink, 1.5, [6, 4]), spanGaps: true },
        { label: used ? 'Your model' : 'Your model (not used yet)', ...line(colors.accent, 2.5), spanGaps: true, show: hasModel },
      ],
      axes: [
        axis(colors, {
          label: `Pace (per ${paceUnit(units).slice(1)}), faster to the right`,
          values: (_u, splits) => splits.map((value) => formatPace(perKm(value, units), units, false)),
          incrs: [5, 10, 15, 30, 60, 120],
        }),
        axis(colors, { label: 'Cadence (steps/min)', size: 44 }),
      ],
    }),
    [runs.length, units, used, hasModel],
  );

  const legend: LegendItem[] = [
    { label: `Your runs (${runs.length.toLocaleString('en-GB')})`, mark: 'point', color: 'var(--rs-muted)' },
    ...(hasModel ? [{ label: used ? 'Your model' : 'Your model (not used yet: it does not beat guessing your usual)', mark: 'line' as const, color: 'var(--rs-chart-on)' }] : []),
    { label: 'Research on runners', mark: 'dashed', color: 'var(--rs-ink)' },
  ];

  // The words: what both expect at the runner's usual pace (the middle of the range).
  const middle = curves.points[Math.floor(curves.points.length / 2)]!;
  const pace = formatPace(middle.paceSecondsPerKm, units);
  const easy = `an easy ${formatDistance(curves.plan.distanceMeters, units)}`;
  const words = hasModel
    ? `For ${easy} at ${pace}, your model expects ${Math.round(middle.model!)} steps/min and research on runners ${middle.prior}.`
    : `For ${easy} at ${pace}, research on runners expects ${middle.prior} steps/min; your own model's curve appears here once it has learned from your runs.`;

  const readout = (() => {
    const row = pointed === null ? undefined : rows[pointed];
    if (!row) return '';
    const parts: string[] = [];
    if (row.run !== null) parts.push(`a run at ${Math.round(row.run)} steps/min`);
    if (row.prior !== null) parts.push(`research ${Math.round(row.prior)} steps/min`);
    if (row.model !== null) parts.push(`your model ${Math.round(row.model)}`);
    return `At ${formatPace(perKm(row.x, units), units)}: ${parts.join(', ')}`;
  })();

  const step = Math.max(1, Math.floor((curves.points.length - 1) / (TABLE_ROWS - 1)));
  const tableRows = curves.points.filter((_, i) => i % step === 0);
  return (
    <ChartFigure
      title="Your cadence against your pace"
      legend={legend}
      readout={readout}
      words={<p data-testid="cadence-words">{words}</p>}
      table={
        <table className="rs-table" data-testid="cadence-table">
          <thead>
            <tr>
              <th scope="col">Pace</th>
              {hasModel ? <th scope="col">Your model</th> : null}
              <th scope="col">Research on runners</th>
            </tr>
          </thead>
          <tbody>
            {tableRows.map((point) => (
              <tr key={point.paceSecondsPerKm}>
                <td>{formatPace(point.paceSecondsPerKm, units)}</td>
                {hasModel ? <td>{Math.round(point.model!)} steps/min</td> : null}
                <td>{point.prior} steps/min</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
      testId="cadence-figure"
    >
      <UPlotChart
        label={`Chart of the cadence of your ${runs.length} runs against their pace, with the cadence ${hasModel ? 'your model and ' : ''}research on runners expect at each pace`}
        options={options}
        data={data}
        height={260}
        onPoint={setPointed}
      />
    </ChartFigure>
  );
}
