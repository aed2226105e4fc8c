/**
 * The runner's training over time: fitness and fatigue with the distance of each week behind
 * them and the fatigue at which a build gets fast or risky; below it, form with its zones.
 * In words above, week by week in a table below.
 */
import { useCallback, useMemo, useState } from 'react';
import { formatDistance, distanceUnit, metersPerUnit, type Units } from '@/lib/units';
import { FATIGUE_WORDS, localDateText, localDayNumber } from '@/lib/training-load';
import { FORM_THRESHOLDS, fitnessTrendInWords, loadInWords, trainingPicture, type TrainingPicture } from '@/lib/training-load/picture';
import type { LoadedHistory } from './useHistory';
import { ChartFigure, type LegendItem } from './ChartFigure';
import { axis, dateAxis, drawInPlot, line, uPlot, UPlotChart, type ChartOptions } from './UPlotChart';
import { withAlpha, type ChartColors } from './colors';

const SPANS = [
  { id: '3m', label: '3 months', days: 91 },
  { id: '1y', label: '1 year', days: 365 },
  { id: 'all', label: 'Everything', days: undefined },
] as const;
type SpanId = (typeof SPANS)[number]['id'];

const DAY_SECONDS = 86_400;
/** Local midnight of a "YYYY-MM-DD", in seconds: uPlot's time axis reads local dates. */
const secondsOf = (date: string) => new Date(`${date}T00:00`).getTime() / 1000;
const dateWords = (date: string) => new Date(`${date}T00:00`).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const signed = (value: number) => (Math.round(value) > 0 ? `+${Math.round(value)}` : loadInWords(value));

const LABELS = {
  fitness: 'Fitness (your 6-week load)',
  fatigue: 'Fatigue (your last week)',
  form: 'Form (fitness − fatigue)',
  elevated: 'Fatigue is raised above this line (1.3 × fitness)',
} as const;

const LOAD_LEGEND: readonly LegendItem[] = [
  { label: LABELS.fitness, mark: 'line', color: 'var(--rs-chart-off)' },
  { label: LABELS.fatigue, mark: 'line', color: 'var(--rs-chart-on)' },
  { label: LABELS.elevated, mark: 'dashed', color: 'var(--rs-error)' },
  { label: 'Distance per week', mark: 'bar', color: 'var(--rs-muted)' },
];

const FORM_LEGEND: readonly LegendItem[] = [
  { label: LABELS.form, mark: 'line', color: 'var(--rs-ink)' },
  { label: `Fatigue piling up (below ${loadInWords(FORM_THRESHOLDS.elevated)})`, mark: 'zone', color: 'var(--rs-error)' },
];

/** Draws the weekly distance as bars behind the lines, on the right-hand distance scale. */
function weeklyBars(picture: TrainingPicture, units: Units, colors: ChartColors) {
  return drawInPlot((u, ctx) => {
    ctx.fillStyle = withAlpha(colors.muted, 0.18);
    ctx.strokeStyle = withAlpha(colors.muted, 0.7);
    ctx.lineWidth = 1;
    const zero = u.valToPos(0, 'distance', true);
    for (const week of picture.weeks) {
      if (week.meters <= 0) continue;
      const start = secondsOf(week.weekStartLocal);
      const left = u.valToPos(start, 'x', true);
      const right = u.valToPos(start + 7 * DAY_SECONDS, 'x', true);
      const gap = Math.min(2, (right - left) * 0.15) * uPlot.pxRatio;
      const top = u.valToPos(week.meters / metersPerUnit(units), 'distance', true);
      ctx.fillRect(left + gap, top, right - left - 2 * gap, zero - top);
      ctx.strokeRect(left + gap, top, right - left - 2 * gap, zero - top);
    }
  });
}

/** Shades form below the thresholds and draws their lines. */
function formZones(colors: ChartColors) {
  return (u: uPlot) => {
    const { ctx, bbox } = u;
    const y = (value: number) => u.valToPos(value, 'y', true);
    const bottom = bbox.top + bbox.height;
    ctx.save();
    ctx.fillStyle = withAlpha(colors.warning, 0.08);
    ctx.fillRect(bbox.left, y(FORM_THRESHOLDS.elevated), bbox.width, Math.max(0, y(FORM_THRESHOLDS.high) - y(FORM_THRESHOLDS.elevated)));
    ctx.fillStyle = withAlpha(colors.warning, 0.16);
    ctx.fillRect(bbox.left, y(FORM_THRESHOLDS.high), bbox.width, Math.max(0, bottom - y(FORM_THRESHOLDS.high)));
    ctx.strokeStyle = colors.warning;
    ctx.lineWidth = uPlot.pxRatio;
    ctx.setLineDash([5 * uPlot.pxRatio, 4 * uPlot.pxRatio]);
    ctx.font = `${11 * uPlot.pxRatio}px system-ui, sans-serif`;
    ctx.fillStyle = colors.warning;
    ctx.textAlign = 'right';
    for (const [value, words] of [
      [FORM_THRESHOLDS.elevated, 'fatigue piling up'],
      [FORM_THRESHOLDS.high, 'high risk'],
    ] as const) {
      ctx.beginPath();
      ctx.moveTo(bbox.left, y(value));
      ctx.lineTo(bbox.left + bbox.width, y(value));
      ctx.stroke();
      ctx.fillText(`${words} (${loadInWords(value)})`, bbox.left + bbox.width - 4 * uPlot.pxRatio, y(value) - 3 * uPlot.pxRatio);
    }
    // Form 0: fitness and fatigue even.
    ctx.strokeStyle = colors.muted;
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.moveTo(bbox.left, y(0));
    ctx.lineTo(bbox.left + bbox.width, y(0));
    ctx.stroke();
    ctx.restore();
  };
}

function TrainingTable({ picture, units }: { picture: TrainingPicture; units: Units }) {
  return (
    <table className="rs-table" data-testid="training-table">
      <thead>
        <tr>
          <th scope="col">Week of</th>
          <th scope="col">Distance</th>
          <th scope="col">Fitness</th>
          <th scope="col">Fatigue</th>
          <th scope="col">Form</th>
        </tr>
      </thead>
      <tbody>
        {[...picture.weeks].reverse().map((week) => (
          <tr key={week.weekStartLocal}>
            <td>{dateWords(week.weekStartLocal)}</td>
            <td>{formatDistance(week.meters, units)}</td>
            <td>{loadInWords(week.fitness)}</td>
            <td>{loadInWords(week.fatigue)}</td>
            <td>{signed(week.form)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TrainingChart({ history, units }: { history: LoadedHistory; units: Units }) {
  const [span, setSpan] = useState<SpanId>('1y');
  const [pointed, setPointed] = useState<number | null>(null);
  const { runs, series, today } = history;
  const firstRunLocal = useMemo(() => runs.reduce<string | undefined>((first, run) => (!first || run.startLocal < first ? run.startLocal : first), undefined), [runs]);
  const picture = useMemo(
    () => trainingPicture(series, today, { days: SPANS.find((each) => each.id === span)!.days, firstRunLocal }),
    [series, today, span, firstRunLocal],
  );
  const x = useMemo(() => picture.dates.map(secondsOf), [picture]);
  const loadData = useMemo<uPlot.AlignedData>(() => [x, picture.fitness, picture.fatigue, picture.elevatedFatigue], [x, picture]);
  const formData = useMemo<uPlot.AlignedData>(() => [x, picture.form], [x, picture]);
  const unit = distanceUnit(units);

  const loadOptions = useCallback(
    (colors: ChartColors): ChartOptions => {
      const maxWeek = Math.max(1, ...picture.weeks.map((week) => week.meters / metersPerUnit(units)));
      const maxLoad = Math.max(20, ...picture.fitness, ...picture.fatigue, ...picture.elevatedFatigue);
      return {
        cursor: { sync: { key: 'training' }, points: { show: false } },
        scales: { x: { time: true }, y: { range: [0, maxLoad * 1.08] }, distance: { range: [0, maxWeek * 1.6] } },
        series: [
          {},
          { label: LABELS.fitness, ...line(colors.second, 2) },
          { label: LABELS.fatigue, ...line(colors.accent, 1.5) },
          { label: LABELS.elevated, ...line(colors.warning, 1, [6, 4]) },
        ],
        axes: [
          dateAxis(colors),
          axis(colors, { label: 'Training load', size: 44 }),
          axis(colors, { scale: 'distance', side: 1, label: `${unit} per week`, size: 44, grid: { show: false } }),
        ],
        hooks: { drawAxes: [weeklyBars(picture, units, colors)] },
      };
    },
    [picture, units, unit],
  );

  const formOptions = useCallback(
    (colors: ChartColors): ChartOptions => {
      const low = Math.min(FORM_THRESHOLDS.high - 8, ...picture.form.map((value) => value - 5));
      const high = Math.max(15, ...picture.form.map((value) => value + 5));
      return {
        cursor: { sync: { key: 'training' }, points: { show: false } },
        scales: { x: { time: true }, y: { range: [low, high] } },
        series: [{}, { label: LABELS.form, ...line(colors.ink, 1.5) }],
        // An empty right-hand axis as wide as the distance axis above, so that both charts share their days.
        axes: [dateAxis(colors), axis(colors, { label: 'Form', size: 44 }), axis(colors, { side: 1, size: 44, label: ' ', values: (_u, splits) => splits.map(() => ''), grid: { show: false }, ticks: { show: false } })],
        hooks: { drawAxes: [formZones(colors)] },
      };
    },
    [picture],
  );

  const now = series.stateAt(localDateText(localDayNumber(today) + 1));
  const before = series.stateAt(localDateText(localDayNumber(today) - 27));
  const readout = (() => {
    if (pointed === null || pointed >= picture.dates.length) return '';
    const date = picture.dates[pointed]!;
    const week = picture.weeks.find((each) => each.weekStartLocal <= date && date < localDateText(localDayNumber(each.weekStartLocal) + 7));
    const when = picture.step === 'week' ? `Week to ${dateWords(date)}` : dateWords(date);
    return `${when}: fitness ${loadInWords(picture.fitness[pointed]!)}, fatigue ${loadInWords(picture.fatigue[pointed]!)}, form ${signed(picture.form[pointed]!)}${week ? `; that week ${formatDistance(week.meters, units)}` : ''}`;
  })();

  return (
    <div data-testid="training-chart">
      <div className="rs-segmented" role="group" aria-label="Time span">
        {SPANS.map((each) => (
          <button key={each.id} type="button" aria-pressed={span === each.id} onClick={() => setSpan(each.id)}>
            {each.label}
          </button>
        ))}
      </div>
      <ChartFigure title="Fitness and fatigue" legend={LOAD_LEGEND} readout={readout} testId="training-figure">
        <UPlotChart
          label={`Chart of your fitness and fatigue ${picture.step === 'week' ? 'week by week' : 'day by day'} since ${dateWords(picture.dates[0]!)}, with your distance each week in ${unit}`}
          options={loadOptions}
          data={loadData}
          height={240}
          onPoint={setPointed}
        />
      </ChartFigure>
      <ChartFigure
        title="Form"
        legend={FORM_LEGEND}
        readout={readout}
        words={
          <>
            <p data-testid="training">
              <strong data-testid="fatigue" data-level={now.fatigue.level}>
                Fatigue {FATIGUE_WORDS[now.fatigue.level]}.
              </strong>{' '}
              {fitnessTrendInWords(now, before)}
            </p>
            <p>
              Your form is {signed(now.tsb)} today:{' '}
              {now.tsb >= 0 ? 'fitness is above fatigue, you are fresh' : now.tsb >= FORM_THRESHOLDS.elevated ? 'fatigue is above fitness, as training builds' : 'fatigue is well above fitness'}.
            </p>
          </>
        }
        table={<TrainingTable picture={picture} units={units} />}
        testId="form-figure"
      >
        <UPlotChart label={`Chart of your form (fitness − fatigue) since ${dateWords(picture.dates[0]!)}, with the zones where fatigue piles up`} options={formOptions} data={formData} height={170} onPoint={setPointed} />
      </ChartFigure>
    </div>
  );
}
