/**
 * Distances and paces in the runner's units. Inside RunSound everything is SI
 * (metres, seconds per kilometre); these functions are the only place that
 * reads or writes kilometres, miles, min/km or min/mi as text.
 */
export type Units = 'metric' | 'imperial';

export const METERS_PER_KM = 1000;
export const METERS_PER_MILE = 1609.344;

/** Paces RunSound accepts: from a world-record 2:30/km to a 20:00/km walk. */
export const FASTEST_PACE_S_PER_KM = 150;
export const SLOWEST_PACE_S_PER_KM = 1200;
/** Longer than any ultra a playlist makes sense for. */
export const LONGEST_RUN_M = 300_000;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

// Countries whose runners think in miles (the US, Liberia, Myanmar).
const IMPERIAL_REGIONS = new Set(['US', 'LR', 'MM']);

/** The default units for a BCP 47 locale such as "en-US" or "fr-FR". */
export function unitsForLocale(locale: string | undefined): Units {
  const region = locale?.split(/[-_]/)[1]?.toUpperCase();
  return region && IMPERIAL_REGIONS.has(region) ? 'imperial' : 'metric';
}

export function metersPerUnit(units: Units): number {
  return units === 'imperial' ? METERS_PER_MILE : METERS_PER_KM;
}

export function distanceUnit(units: Units): 'km' | 'mi' {
  return units === 'imperial' ? 'mi' : 'km';
}

export function paceUnit(units: Units): '/km' | '/mi' {
  return units === 'imperial' ? '/mi' : '/km';
}

/** "5:07/km" or "8:14/mi" for a pace in seconds per kilometre. */
export function formatPace(secondsPerKm: number, units: Units, withUnit = true): string {
  const perUnit = Math.round((secondsPerKm * metersPerUnit(units)) / METERS_PER_KM);
  const minutes = Math.floor(perUnit / 60);
  const seconds = perUnit % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}${withUnit ? paceUnit(units) : ''}`;
}

/** "10.0 km" or "6.2 mi" for a distance in metres. */
export function formatDistance(meters: number, units: Units, withUnit = true, digits = 1): string {
  const value = (meters / metersPerUnit(units)).toFixed(digits);
  return withUnit ? `${value} ${distanceUnit(units)}` : value;
}

const PACE_PATTERN = /^(\d{1,2}):(\d{1,2})\s*(?:min)?\s*(?:\/\s*(km|mi|mile|k))?$/i;

/**
 * Reads a pace typed by a runner: "5:07", "5:07/km", "5:07 min/km", "8:14/mi".
 * A unit written in the text wins over the runner's setting. Returns seconds per km.
 */
export function parsePace(text: string, units: Units): Parsed<number> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'Enter a pace, like 5:30.' };
  const match = PACE_PATTERN.exec(trimmed);
  if (!match) {
    return { ok: false, error: `Write the pace as minutes:seconds, like 5:30${paceUnit(units)}.` };
  }
  const [, minText, secText, unitText] = match as unknown as [string, string, string, string | undefined];
  if (secText.length !== 2) {
    return {
      ok: false,
      error: `Seconds need two digits: write ${minText}:${secText.padStart(2, '0')}, not ${minText}:${secText}.`,
    };
  }
  const seconds = Number(secText);
  if (seconds > 59) return { ok: false, error: 'Seconds go from 00 to 59.' };
  const perUnit = Number(minText) * 60 + seconds;
  const textUnits: Units = unitText ? (unitText.toLowerCase().startsWith('m') ? 'imperial' : 'metric') : units;
  const secondsPerKm = (perUnit * METERS_PER_KM) / metersPerUnit(textUnits);
  if (secondsPerKm < FASTEST_PACE_S_PER_KM || secondsPerKm > SLOWEST_PACE_S_PER_KM) {
    return {
      ok: false,
      error: `Choose a pace between ${formatPace(FASTEST_PACE_S_PER_KM, units)} and ${formatPace(SLOWEST_PACE_S_PER_KM, units)}.`,
    };
  }
  return { ok: true, value: secondsPerKm };
}

const DISTANCE_PATTERN = /^(\d+(?:[.,]\d+)?)\s*(km|k|kilometers?|kilometres?|mi|miles?)?$/i;

/** Reads a distance typed by a runner: "10", "10.5", "10,5 km", "6.2 mi". Returns metres. */
export function parseDistance(text: string, units: Units): Parsed<number> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'Enter a distance, like 10.' };
  const match = DISTANCE_PATTERN.exec(trimmed);
  if (!match) {
    return { ok: false, error: `Write the distance as a number of ${units === 'imperial' ? 'miles' : 'kilometres'}, like 10 or 7.5.` };
  }
  const value = Number(match[1]!.replace(',', '.'));
  const unitText = match[2]?.toLowerCase();
  const textUnits: Units = unitText ? (unitText.startsWith('m') ? 'imperial' : 'metric') : units;
  const meters = value * metersPerUnit(textUnits);
  if (meters < 100) return { ok: false, error: 'A run needs to be at least 0.1 km long.' };
  if (meters > LONGEST_RUN_M) {
    return { ok: false, error: `Choose a distance up to ${formatDistance(LONGEST_RUN_M, units, true, 0)}.` };
  }
  return { ok: true, value: meters };
}

/**
 * Reads a number as Strava prints it in the viewer's locale: "2,346" (thousands),
 * "10.52", "10,52" (decimal comma), "1.234,5". Returns NaN when it is not a number.
 */
export function parseDisplayNumber(text: string): number {
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '');
  if (!/^-?[\d.,]+$/.test(cleaned)) return Number.NaN;
  const lastDot = cleaned.lastIndexOf('.');
  const lastComma = cleaned.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const thousands = decimal === '.' ? ',' : '.';
    return Number(cleaned.split(thousands).join('').replace(decimal, '.'));
  }
  if (lastComma >= 0) {
    // "2,346" is two thousand; "10,52" is ten and a half.
    const isThousands = /^-?\d{1,3}(,\d{3})+$/.test(cleaned);
    return Number(isThousands ? cleaned.split(',').join('') : cleaned.replace(',', '.'));
  }
  return Number(cleaned);
}

/** "150 m" or "492 ft" for a climb in metres. */
export function formatElevation(meters: number, units: Units): string {
  return units === 'imperial' ? `${Math.round(meters / 0.3048)} ft` : `${Math.round(meters)} m`;
}

/** "12 °C" or "54 °F". */
export function formatTemperature(celsius: number, units: Units): string {
  return units === 'imperial' ? `${Math.round(celsius * 1.8 + 32)} °F` : `${Math.round(celsius)} °C`;
}

/** "14 km/h" or "9 mph". */
export function formatWindSpeed(kmh: number, units: Units): string {
  return units === 'imperial' ? `${Math.round(kmh / 1.609344)} mph` : `${Math.round(kmh)} km/h`;
}

/** "0.4 mm" or "0.02 in" of rain. */
export function formatPrecipitation(mm: number, units: Units): string {
  return units === 'imperial' ? `${(mm / 25.4).toFixed(2)} in` : `${mm.toFixed(1)} mm`;
}
