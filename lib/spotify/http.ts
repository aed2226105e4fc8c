/** Small pieces every client of an outside music service here needs. */
import type { z } from '../zod';

export type Fetch = typeof fetch;
export type Sleep = (ms: number) => Promise<void>;
export type Clock = () => number;

/** A request that hangs must not hold the generation for ever. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** Retry-After in seconds or as an HTTP date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(response: Response, now: number): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The body parsed as JSON, or undefined when it is empty or not JSON. */
export async function readJsonLoosely(response: Response): Promise<{ text: string; json: unknown }> {
  const text = await response.text().catch(() => '');
  if (!text.trim()) return { text, json: undefined };
  try {
    return { text, json: JSON.parse(text) as unknown };
  } catch {
    return { text, json: undefined };
  }
}

/** The first problem zod found, as "path: message". */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.join('.') || 'response'}: ${issue.message}`;
}

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
