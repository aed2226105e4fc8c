/**
 * Finding a place by name, for the runner's home: Open-Meteo's free geocoding search (GeoNames
 * data), which answers `{ results?: [...], generationtime_ms }` — `results` is left out when
 * nothing matches — and `{ error: true, reason }` with HTTP 400 for a request it refuses.
 * Only the fields RunSound uses are checked; only the typed name leaves the browser.
 */
import { z } from './zod';

export const GEOCODING_URL = 'https://geocoding-api.open-meteo.com/v1/search';
const TIMEOUT_MS = 10_000;
/** Enough to tell the Paris in France from the one in Texas, few enough to read. */
const RESULT_COUNT = 5;
/** Open-Meteo answers nothing for one letter and only exact names for two. */
export const MIN_QUERY_LENGTH = 2;

const resultSchema = z.object({
  id: z.number(),
  name: z.string().min(1),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  country: z.string().optional(),
  country_code: z.string().optional(),
  admin1: z.string().optional(),
});

const answerSchema = z.object({ results: z.array(z.unknown()).optional() });
const refusalSchema = z.object({ error: z.literal(true), reason: z.string() });

export interface FoundPlace {
  id: number;
  name: string;
  lat: number;
  lng: number;
  /** "Grenoble, Auvergne-Rhône-Alpes, France": enough to tell two places of one name apart. */
  label: string;
}

export class GeocodingError extends Error {
  override name = 'GeocodingError';
}

/**
 * The places of an answer, best match first. A result without a name or coordinates is left
 * out (one odd entry does not hide the others); an answer that is not a search answer throws.
 */
export function placesOfAnswer(answer: unknown): FoundPlace[] {
  const parsed = answerSchema.safeParse(answer);
  if (!parsed.success) throw new GeocodingError('The place search answered something RunSound does not understand. Try again later, or enter coordinates.');
  return (parsed.data.results ?? []).flatMap((entry) => {
    const place = resultSchema.safeParse(entry);
    if (!place.success) return [];
    const { id, name, latitude, longitude, admin1, country } = place.data;
    const label = [name, admin1 !== name ? admin1 : undefined, country].filter(Boolean).join(', ');
    return [{ id, name, lat: latitude, lng: longitude, label }];
  });
}

export function geocodingUrl(query: string, language: string): string {
  const params = new URLSearchParams({ name: query.trim(), count: String(RESULT_COUNT), language: language.toLowerCase(), format: 'json' });
  return `${GEOCODING_URL}?${params}`;
}

/** The language Open-Meteo takes: the two letters of a locale such as "en-GB". */
export function geocodingLanguage(locale: string | undefined): string {
  const language = /^([a-z]{2,3})\b/i.exec(locale ?? '')?.[1];
  return language ? language.toLowerCase() : 'en';
}

/** Places named like `query`; an empty list when none is; a GeocodingError in plain words otherwise. */
export async function searchPlaces(query: string, options: { fetch: typeof fetch; locale?: string; timeoutMs?: number }): Promise<FoundPlace[]> {
  if (query.trim().length < MIN_QUERY_LENGTH) throw new GeocodingError('Type at least two letters of the place.');
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const tooSlow = () => new GeocodingError(`The place search did not answer within ${Math.round(timeoutMs / 1000)} s. Try again, or enter coordinates.`);
  let response: Response;
  try {
    response = await options.fetch(geocodingUrl(query, geocodingLanguage(options.locale)), { signal, headers: { accept: 'application/json' } });
  } catch {
    if (signal.aborted) throw tooSlow();
    throw new GeocodingError('The place search could not be reached. Are you online? You can enter coordinates instead.');
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // The time limit covers the body too.
    if (signal.aborted) throw tooSlow();
    body = undefined;
  }
  if (!response.ok) {
    const refusal = refusalSchema.safeParse(body);
    if (response.status === 429) throw new GeocodingError('The place search is busy (too many searches). Try again in a minute.');
    throw new GeocodingError(`The place search failed (HTTP ${response.status}${refusal.success ? `: ${refusal.data.reason}` : ''}). Try again later, or enter coordinates.`);
  }
  return placesOfAnswer(body);
}
