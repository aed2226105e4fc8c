/**
 * A picture of the dashboard as a runner reads it: a title, what the marks mean, the chart, what
 * the pointer is on, the answer in a sentence, and the numbers behind a "Show as table" toggle.
 */
import type { ReactNode } from 'react';

export type LegendMark = 'line' | 'dashed' | 'bar' | 'solid' | 'point' | 'zone';

export interface LegendItem {
  label: string;
  mark: LegendMark;
  /** A CSS colour (a palette variable, such as var(--rs-chart-off)). */
  color: string;
}

export function ChartLegend({ items }: { items: readonly LegendItem[] }) {
  return (
    <ul className="rs-legend">
      {items.map((item) => (
        <li key={item.label}>
          <span className={`rs-legend-mark rs-legend-${item.mark}`} style={{ color: item.color }} aria-hidden="true" />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

export interface ChartFigureProps {
  title: string;
  legend?: readonly LegendItem[];
  /** The chart itself (an UPlotChart, or any element with role="img" and a name). */
  children: ReactNode;
  /** What the pointer is on, in words; empty when it is on nothing. */
  readout?: string;
  /** The answer the chart gives, in a sentence or two (a chart drawn with the next one may leave it to that one). */
  words?: ReactNode;
  /** The numbers behind it. */
  table?: ReactNode;
  testId?: string;
}

export function ChartFigure({ title, legend, children, readout, words, table, testId }: ChartFigureProps) {
  return (
    <figure className="rs-figure" data-testid={testId}>
      <figcaption className="rs-figure-title">{title}</figcaption>
      {legend?.length ? <ChartLegend items={legend} /> : null}
      {children}
      <p className="rs-readout" aria-hidden="true">
        {readout || '\u00a0'}
      </p>
      {words ? <div className="rs-figure-words">{words}</div> : null}
      {table ? (
        <details className="rs-figure-table">
          <summary>Show as table</summary>
          {table}
        </details>
      ) : null}
    </figure>
  );
}
