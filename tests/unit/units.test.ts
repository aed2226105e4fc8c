import { describe, expect, it } from 'vitest';
import {
  formatDistance,
  formatElevation,
  formatPace,
  parseDisplayNumber,
  parseDistance,
  parsePace,
  unitsForLocale,
  type Units,
} from '@/lib/units';

describe('parsePace', () => {
  const accepted: Array<[string, Units, number]> = [
    ['5:07', 'metric', 307],
    ['5:07/km', 'metric', 307],
    ['5:07 /km', 'metric', 307],
    ['5:07 min/km', 'metric', 307],
    ['  4:30  ', 'metric', 270],
    ['8:14/mi', 'metric', (494 * 1000) / 1609.344],
    ['8:14', 'imperial', (494 * 1000) / 1609.344],
    ['5:00/km', 'imperial', 300],
    ['12:00 min/mile', 'imperial', (720 * 1000) / 1609.344],
  ];
  it.each(accepted)('reads %j (%s) as %f s/km', (text, units, expected) => {
    const result = parsePace(text, units);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toBeCloseTo(expected, 6);
  });

  const refused: Array<[string, RegExp]> = [
    ['5:7', /two digits: write 5:07, not 5:7/],
    ['-1', /minutes:seconds/],
    ['5', /minutes:seconds/],
    ['abc', /minutes:seconds/],
    ['5:60', /00 to 59/],
    ['', /Enter a pace/],
    ['1:30', /between 2:30\/km and 20:00\/km/],
    ['25:00', /between/],
    ['5:07/kg', /minutes:seconds/],
  ];
  it.each(refused)('refuses %j with a plain message', (text, message) => {
    const result = parsePace(text, 'metric');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe('parseDistance', () => {
  const accepted: Array<[string, Units, number]> = [
    ['10', 'metric', 10_000],
    ['10.5', 'metric', 10_500],
    ['10,5', 'metric', 10_500],
    ['10 km', 'imperial', 10_000],
    ['6.2', 'imperial', 6.2 * 1609.344],
    ['6.2mi', 'metric', 6.2 * 1609.344],
    ['26.2 miles', 'metric', 26.2 * 1609.344],
  ];
  it.each(accepted)('reads %j (%s) as %f m', (text, units, expected) => {
    const result = parseDistance(text, units);
    expect(result).toEqual({ ok: true, value: expect.closeTo(expected, 6) });
  });

  const refused: Array<[string, RegExp]> = [
    ['-1', /number of kilometres/],
    ['0', /at least 0.1 km/],
    ['ten', /number of kilometres/],
    ['', /Enter a distance/],
    ['1000', /up to 300 km/],
  ];
  it.each(refused)('refuses %j', (text, message) => {
    const result = parseDistance(text, 'metric');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe('formatting', () => {
  it.each([
    [307, 'metric', '5:07/km'],
    [300, 'imperial', '8:03/mi'],
    [359.6, 'metric', '6:00/km'],
  ] as const)('formats a pace of %f s/km in %s as %s', (pace, units, text) => {
    expect(formatPace(pace, units)).toBe(text);
  });

  it('formats distances and climbs in the runner units', () => {
    expect(formatDistance(10_000, 'metric')).toBe('10.0 km');
    expect(formatDistance(10_000, 'imperial')).toBe('6.2 mi');
    expect(formatDistance(21_097.5, 'metric', false, 2)).toBe('21.10');
    expect(formatElevation(150, 'metric')).toBe('150 m');
    expect(formatElevation(150, 'imperial')).toBe('492 ft');
  });

  it('round-trips a pace through its text in both units', () => {
    for (const units of ['metric', 'imperial'] as const) {
      const text = formatPace(312, units, false);
      const back = parsePace(text, units);
      expect(back.ok && Math.abs(back.value - 312)).toBeLessThan(1);
    }
  });
});

describe('unitsForLocale', () => {
  it.each([
    ['en-US', 'imperial'],
    ['en_us', 'imperial'],
    ['my-MM', 'imperial'],
    ['en-GB', 'metric'],
    ['fr-FR', 'metric'],
    ['de', 'metric'],
    [undefined, 'metric'],
  ] as const)('%s → %s', (locale, units) => {
    expect(unitsForLocale(locale)).toBe(units);
  });
});

describe('parseDisplayNumber', () => {
  it.each([
    ['2,346', 2346],
    ['31.15', 31.15],
    ['10,52', 10.52],
    ['1.234,5', 1234.5],
    ['1,234.5', 1234.5],
    ['12 345', 12345],
    ['n/a', Number.NaN],
  ])('%s → %f', (text, value) => {
    expect(parseDisplayNumber(text)).toEqual(value);
  });
});
