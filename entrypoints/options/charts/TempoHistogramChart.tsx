/**
 * The tempos of the runner's music library as a histogram, with the tempos that fit their usual
 * cadence shaded (as is, and at half time) and the tracks there drawn in RunSound's orange.
 */
import { useCallback, useMemo, useState } from 'react';
import { fittingBands, type CadenceRange, type TempoHistogram } from '@/lib/music-library/tempo-picture';
import { ChartFigure, type LegendItem } from './ChartFigure';
import { axis, drawInPlot, uPlot, UPlotChart, type ChartOptions } from './UPlotChart';
import { withAlpha, type ChartColors } from './colors';

export interface CadenceBand extends Pick<CadenceRange, 'low' | 'high'> {
  /** What the range is, in words: "your usual cadence". */
  basis: string;
  /** Where it comes from: "from your last 24 runs with one". */
  source?: string;
}

const count = (n: number) => n.toLocaleString('en-GB');
const rangeWords = (band: CadenceBand) => (Math.round(band.low) === Math.round(band.high) ? `${Math.round(band.low)}` : `${Math.round(band.low)}–${Math.round(band.high)}`);

/** The end bins also hold the tempos beyond them. */
const binWords = (bin: TempoHistogram['bins'][number], bins: TempoHistogram['bins']) =>
  bin === bins[0] ? `below ${bin.toBpm} BPM` : bin === bins[bins.length - 1] ? `${bin.fromBpm} BPM and faster` : `${bin.fromBpm}–${bin.toBpm} BPM`;

function shadeBands(band: CadenceBand, colors: ChartColors) {
  return drawInPlot((u, ctx) => {
    const { bbox } = u;
    ctx.font = `${11 * uPlot.pxRatio}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    for (const each of fittingBands(band)) {
      const left = u.valToPos(each.fromBpm, 'x', true);
      const right = u.valToPos(each.toBpm, 'x', true);
      ctx.fillStyle = withAlpha(colors.accent, 0.12);
      ctx.fillRect(left, bbox.top, right - left, bbox.height);
      ctx.fillStyle = colors.ink;
      ctx.fillText(each.multiple === 1 ? 'your cadence' : 'half time', (left + right) / 2, bbox.top + 12 * uPlot.pxRatio);
    }
  });
}

export function TempoHistogramChart({ histogram, band }: { histogram: TempoHistogram; band?: CadenceBand }) {
  const [pointed, setPointed] = useState<number | null>(null);
  const { bins } = histogram;
  const data = useMemo<uPlot.AlignedData>(
    // An empty bin draws nothing (a bar of 0 would still draw its outline).
    () => [bins.map((bin) => (bin.fromBpm + bin.toBpm) / 2), bins.map((bin) => bin.tracks || null), bins.map((bin) => bin.fitting || null)],
    [bins],
  );
  const options = useCallback(
    (colors: ChartColors): ChartOptions => ({
      cursor: { points: { show: false } },
      scales: { x: { time: false, range: [bins[0]!.fromBpm, bins[bins.length - 1]!.toBpm] }, y: { range: (_u, _min, max) => [0, Math.max(4, max * 1.15)] } },
      series: [
        {},
        { label: 'Tracks', stroke: withAlpha(colors.muted, 0.8), fill: withAlpha(colors.muted, 0.3), width: 1, paths: uPlot.paths.bars!({ size: [0.9, Infinity], align: 0 }), points: { show: false } },
        { label: 'Fit your cadence', stroke: colors.accent, fill: colors.accent, width: 1, paths: uPlot.paths.bars!({ size: [0.9, Infinity], align: 0 }), points: { show: false } },
      ],
      axes: [axis(colors, { label: 'Tempo (BPM)' }), axis(colors, { label: 'Tracks', size: 44 })],
      hooks: band ? { drawAxes: [shadeBands(band, colors)] } : {},
    }),
    [bins, band],
  );
  const legend: LegendItem[] = [
    { label: 'Tracks at each tempo', mark: 'bar', color: 'var(--rs-muted)' },
    ...(band ? [{ label: 'Tracks that fit your cadence (±3 %, or at half time)', mark: 'solid' as const, color: 'var(--rs-chart-on)' }] : []),
  ];
  const at = pointed === null ? undefined : bins[pointed];
  const readout = at ? `${binWords(at, bins)}: ${count(at.tracks)} tracks${band ? `, ${count(at.fitting)} fit your cadence` : ''}` : '';
  const words = band
    ? `${count(histogram.fitting)} of your ${count(histogram.withTempo)} tracks with a known tempo fit ${band.basis}, ${rangeWords(band)} steps/min${band.source ? ` (${band.source})` : ''}${histogram.halfTime ? `; ${count(histogram.halfTime)} of them at half time, a beat every other step` : ''}.`
    : `${count(histogram.withTempo)} of your tracks have a known tempo. Once RunSound knows your cadence from your runs, the tempos that fit it are shown here.`;
  return (
    <ChartFigure
      title="The tempos of your music"
      legend={legend}
      readout={readout}
      words={
        <p data-testid="music-words">
          {words}
          {histogram.withoutTempo ? ` ${count(histogram.withoutTempo)} tracks have no known tempo yet.` : ''}
        </p>
      }
      table={
        <table className="rs-table" data-testid="tempo-table">
          <thead>
            <tr>
              <th scope="col">Tempo</th>
              <th scope="col">Tracks</th>
              {band ? <th scope="col">Fit your cadence</th> : null}
            </tr>
          </thead>
          <tbody>
            {bins
              .filter((bin) => bin.tracks > 0)
              .map((bin) => (
                <tr key={bin.fromBpm}>
                  <td>{binWords(bin, bins)}</td>
                  <td>{count(bin.tracks)}</td>
                  {band ? <td>{count(bin.fitting)}</td> : null}
                </tr>
              ))}
          </tbody>
        </table>
      }
      testId="tempo-figure"
    >
      <UPlotChart
        label={`Histogram of the tempos of your ${count(histogram.withTempo)} tracks${band ? `, with the tempos that fit your cadence of ${rangeWords(band)} steps/min shaded` : ''}`}
        options={options}
        data={data}
        height={220}
        onPoint={setPointed}
      />
    </ChartFigure>
  );
}
