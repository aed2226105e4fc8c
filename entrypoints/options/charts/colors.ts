/**
 * The page's colours for charts drawn on a canvas, which cannot read CSS variables: read from the
 * computed style of the palette (components/runsound.css), again whenever the system switches
 * between light and dark.
 */
import { useEffect, useState } from 'react';

export interface ChartColors {
  ink: string;
  muted: string;
  border: string;
  surface: string;
  surface2: string;
  /** Fatigue, and what fits the runner: RunSound's orange. */
  accent: string;
  /** Fitness, the model: the second series colour. */
  second: string;
  /** Thresholds and their zones. */
  warning: string;
}

const VARIABLES: Record<keyof ChartColors, string> = {
  ink: '--rs-ink',
  muted: '--rs-muted',
  border: '--rs-border',
  surface: '--rs-surface',
  surface2: '--rs-surface-2',
  accent: '--rs-chart-on',
  second: '--rs-chart-off',
  warning: '--rs-error',
};

export function readChartColors(element: Element = document.documentElement): ChartColors {
  const style = getComputedStyle(element);
  return Object.fromEntries(
    Object.entries(VARIABLES).map(([name, variable]) => [name, style.getPropertyValue(variable).trim() || 'currentColor']),
  ) as unknown as ChartColors;
}

const DARK = '(prefers-color-scheme: dark)';

/** The palette's colours, kept current as the system goes light or dark. */
export function useChartColors(): ChartColors | undefined {
  const [colors, setColors] = useState<ChartColors>();
  useEffect(() => {
    const update = () => setColors(readChartColors());
    update();
    const query = window.matchMedia(DARK);
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return colors;
}

/** `color` (#rgb or #rrggbb) at `alpha` opacity; other notations are returned as they are. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color)?.[1];
  if (!hex) return color;
  const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((at) => parseInt(full.slice(at, at + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
