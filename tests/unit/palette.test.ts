/**
 * RunSound's colours pass WCAG AA, light and dark, read from the CSS itself: a colour changed in
 * components/runsound.css (or the panel's light palette in panel.css) that fails a pair fails here.
 * Text needs 4.5:1 against what it sits on; focus rings, control borders and chart marks 3:1
 * (WCAG 1.4.3 and 1.4.11).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import postcss, { type Root } from 'postcss';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const css = (path: string) => postcss.parse(readFileSync(resolve(ROOT, path), 'utf8'), { from: path });

type Palette = Record<string, string>;

/** The custom properties set on the page's root (`:root` or `:host`), in or out of the dark media query. */
function rootVariables(sheet: Root, scheme: 'light' | 'dark'): Palette {
  const palette: Palette = {};
  sheet.walkRules((rule) => {
    const media = rule.parent?.type === 'atrule' && (rule.parent as { params?: string }).params;
    const inDark = typeof media === 'string' && /prefers-color-scheme:\s*dark/.test(media);
    if (inDark && scheme === 'light') return;
    if (!rule.selectors.some((selector) => selector === ':root' || selector === ':host')) return;
    rule.walkDecls(/^--rs-/, (decl) => {
      palette[decl.prop] = decl.value.trim();
    });
  });
  return palette;
}

/** A variable's colour, following var() references inside the palette. */
function colourOf(palette: Palette, name: string): string {
  const value = palette[name];
  if (value === undefined) throw new Error(`${name} is not in the palette`);
  const reference = /^var\((--[\w-]+)\)$/.exec(value);
  return reference ? colourOf(palette, reference[1]!) : value;
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const match = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!match) throw new Error(`${hex} is not a #rrggbb colour: the palette keeps plain colours, so that this test can read them`);
  const n = Number.parseInt(match[1]!, 16);
  const [r, g, b] = [n >> 16, (n >> 8) & 255, n & 255].map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** What sits on what, and the ratio it needs. */
const PAIRS: ReadonlyArray<{ fg: string; bg: string; min: number; what: string }> = [
  ...['--rs-surface', '--rs-surface-2'].flatMap((bg) => [
    { fg: '--rs-ink', bg, min: 4.5, what: 'text' },
    { fg: '--rs-muted', bg, min: 4.5, what: 'hints and labels' },
    { fg: '--rs-accent', bg, min: 4.5, what: 'orange text (badges, link buttons)' },
    { fg: '--rs-link', bg, min: 4.5, what: 'links' },
    { fg: '--rs-error', bg, min: 4.5, what: 'errors' },
    { fg: '--rs-focus', bg, min: 3, what: 'the focus ring' },
    { fg: '--rs-control-border', bg, min: 3, what: 'the border of a field' },
    { fg: '--rs-chart-on', bg, min: 3, what: 'chart bars on the beat, and the profile bars' },
    { fg: '--rs-chart-off', bg, min: 3, what: 'chart bars off the beat' },
  ]),
  { fg: '--rs-accent-ink', bg: '--rs-accent', min: 4.5, what: 'a button’s label' },
  { fg: '--rs-ink', bg: '--rs-accent-tint', min: 4.5, what: 'a warning' },
  { fg: '--rs-link', bg: '--rs-accent-tint', min: 4.5, what: 'a link in a warning' },
];

const runsound = css('components/runsound.css');
const panel = css('entrypoints/strava.content/panel.css');
const light = rootVariables(runsound, 'light');
const dark = rootVariables(runsound, 'dark');
/** The panel's sheet is runsound.css then panel.css: in a dark system the dark palette, then the panel's own. */
const panelIn = (scheme: 'light' | 'dark') => ({ ...rootVariables(runsound, scheme), ...rootVariables(panel, 'light') });

const PALETTES: ReadonlyArray<[string, Palette]> = [
  ['popup and dashboard, light', light],
  ['popup and dashboard, dark', dark],
  ['panel on strava.com, light system', panelIn('light')],
  ['panel on strava.com, dark system', panelIn('dark')],
];

describe('the palette passes WCAG AA', () => {
  describe.each(PALETTES)('%s', (_, palette) => {
    it.each(PAIRS)('$fg on $bg ($what) is at least $min:1', ({ fg, bg, min }) => {
      const ratio = contrast(colourOf(palette, fg), colourOf(palette, bg));
      expect(ratio, `${colourOf(palette, fg)} on ${colourOf(palette, bg)}: ${ratio.toFixed(2)}:1`).toBeGreaterThanOrEqual(min);
    });
  });

  it('reads as Strava’s orange, darkened for light pages and lightened for dark ones', () => {
    // Strava's #fc5200 on white is 3.3:1: not enough for text, nor white on it.
    expect(contrast('#fc5200', '#ffffff')).toBeLessThan(4.5);
    const hue = (hex: string) => {
      const n = Number.parseInt(hex.slice(1), 16);
      const [r, g, b] = [n >> 16, (n >> 8) & 255, n & 255];
      const max = Math.max(r, g, b);
      const min = Math.min(r, g, b);
      // Orange: red highest, blue lowest; the hue from red towards green.
      return max === r && min === b ? (60 * (g - b)) / (max - min) : Number.NaN;
    };
    for (const palette of [light, dark]) expect(Math.abs(hue(colourOf(palette, '--rs-accent')) - hue('#fc5200'))).toBeLessThan(6);
  });

  it('the panel stays light on strava.com, whatever the system prefers', () => {
    const lightPanel = panelIn('light');
    const darkPanel = panelIn('dark');
    // Every variable the dark palette changes is set again by the panel, to its light value.
    for (const name of Object.keys(dark)) expect(colourOf(darkPanel, name), name).toBe(colourOf(lightPanel, name));
    expect(lightPanel).toEqual(Object.fromEntries(Object.keys(lightPanel).map((name) => [name, light[name]!])));
    panel.walkRules(':host', (rule) => rule.walkDecls('color-scheme', (decl) => expect(decl.value).toBe('light')));
  });

  it('the dark palette changes surfaces, text and accents together', () => {
    for (const name of ['--rs-accent', '--rs-accent-ink', '--rs-accent-tint', '--rs-ink', '--rs-muted', '--rs-surface', '--rs-surface-2', '--rs-focus'])
      expect(dark[name], name).not.toBe(light[name]);
  });
});

describe('the screens take their colours from the palette', () => {
  const sheetsUnder = (dir: string): string[] =>
    readdirSync(join(ROOT, dir)).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(join(ROOT, path)).isDirectory()) return sheetsUnder(path);
      return name.endsWith('.css') ? [relative(ROOT, join(ROOT, path))] : [];
    });
  it.each([...sheetsUnder('components'), ...sheetsUnder('entrypoints')])(
    '%s names no colour outside the palette',
    (path) => {
      const stray: string[] = [];
      css(path).walkDecls((decl) => {
        if (decl.prop.startsWith('--')) return;
        // Shadows and the scrim behind a dialog are black, see-through: no colour of their own.
        const value = decl.value.replace(/\brgba?\(\s*0[\s,]+0[\s,]+0\s*[/,]\s*[\d.]+%?\s*\)/g, '');
        if (/#[0-9a-f]{3,8}\b|\b(?:rgb|hsl)a?\(/i.test(value)) stray.push(`${decl.parent && 'selector' in decl.parent ? decl.parent.selector : ''} { ${decl.prop}: ${decl.value} }`);
      });
      expect(stray).toEqual([]);
    },
  );
});
