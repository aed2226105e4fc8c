/**
 * The dashboard's one way of drawing a chart: uPlot (canvas, ~50 KB, loaded by the options page
 * only), sized to its container, in the page's colours light and dark, with an accessible name.
 * What the chart says is also in words and in a table beside it (ChartFigure).
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useChartColors, type ChartColors } from './colors';
import './charts.css';

export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

export interface UPlotChartProps {
  /** The chart's accessible name: what it shows. */
  label: string;
  /** Options in the page's colours; keep it stable (useCallback), a new one draws the chart again. */
  options: (colors: ChartColors) => ChartOptions;
  /** uPlot's columns: x, then one array per series; keep it stable (useMemo). */
  data: uPlot.AlignedData;
  height?: number;
  /** The data index under the pointer, or null when it leaves (for a readout beside the chart). */
  onPoint?: (index: number | null) => void;
  testId?: string;
}

export function UPlotChart({ label, options, data, height = 240, onPoint, testId }: UPlotChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const colors = useChartColors();
  const pointed = useRef(onPoint);
  pointed.current = onPoint;

  useEffect(() => {
    const element = box.current;
    if (!element || !colors) return;
    const base = options(colors);
    const chart = new uPlot(
      {
        ...base,
        width: Math.max(200, element.clientWidth),
        height,
        legend: { show: false, ...base.legend },
        hooks: { ...base.hooks, setCursor: [...(base.hooks?.setCursor ?? []), (u) => pointed.current?.(u.cursor.idx ?? null)] },
      },
      data,
      element,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [colors, options, data, height]);

  return <div ref={box} className="rs-uplot" role="img" aria-label={label} data-testid={testId} style={{ minHeight: height }} />;
}

/** An axis in the page's look: muted values, light grid, the page's font. */
export function axis(colors: ChartColors, extra: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: colors.muted,
    font: '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    labelFont: '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    grid: { stroke: colors.border, width: 1 },
    ticks: { stroke: colors.border, width: 1, size: 4 },
    ...extra,
  };
}

const DAY_SECONDS = 86_400;

/** A time axis in the runner's locale: "16 Nov", "Nov 2026" once its ticks are a month or more apart, "14:05" when hours apart. */
export function dateAxis(colors: ChartColors, extra: uPlot.Axis = {}): uPlot.Axis {
  return axis(colors, {
    values: (_u, splits, _axis, _space, increment) =>
      splits.map((seconds) => {
        const date = new Date(seconds * 1000);
        if (increment < DAY_SECONDS) return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
        return date.toLocaleDateString(undefined, increment >= 28 * DAY_SECONDS ? { month: 'short', year: 'numeric' } : { day: 'numeric', month: 'short' });
      }),
    ...extra,
  });
}

/** A series drawn as a line without its points. */
export function line(stroke: string, width: number, dash?: number[]): Pick<uPlot.Series, 'stroke' | 'width' | 'dash' | 'points'> {
  return { stroke, width, ...(dash ? { dash } : {}), points: { show: false } };
}

/** A series drawn as points only (a scatter). */
export function pointsOnly(stroke: string, fill: string, size = 5): Pick<uPlot.Series, 'paths' | 'points' | 'stroke'> {
  return { stroke, paths: () => null, points: { show: true, size, stroke, fill, width: 1 } };
}

/** A draw hook's drawing, clipped to the plot area (what is drawn beyond the axes is cut off). */
export function drawInPlot(draw: (u: uPlot, ctx: CanvasRenderingContext2D) => void): (u: uPlot) => void {
  return (u) => {
    const { ctx, bbox } = u;
    ctx.save();
    ctx.beginPath();
    ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
    ctx.clip();
    draw(u, ctx);
    ctx.restore();
  };
}

export { uPlot };
