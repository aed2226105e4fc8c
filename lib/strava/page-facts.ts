/**
 * What a Strava page says about an activity or a route, read from the text Strava puts in it.
 * Pure string parsing: the content script finds the text in the DOM and hands it here.
 */
import { METERS_PER_KM, METERS_PER_MILE, parseDisplayNumber } from '../units';

export interface ActivityFacts {
  activityId?: string;
  /** Strava's sport type: "Run", "TrailRun", "VirtualRun", "Ride", ... */
  sportType?: string;
  name?: string;
  distanceMeters?: number;
  movingTimeSeconds?: number;
  elevationGainMeters?: number;
}

export interface RouteFacts {
  name?: string;
  distanceMeters?: number;
  elevationGainMeters?: number;
}

// pageView = new Strava.Labs.Activities.Pages.RunPageView(6418596161, 'Run', factory)
const PAGE_VIEW = /pageView\s*=\s*new\s+Strava\.Labs\.Activities\.Pages\.(\w*)PageView\(\s*["']?(\d+)["']?\s*,\s*["']([^"']+)["']/;
// pageView.activity().set({ distance: 50139.5, elev_gain: 715.0, moving_time: 6078, ... })
const ACTIVITY_SET = /pageView\.activity\(\)\.set\(\{([^}]*)\}\)/g;

function numberField(block: string, key: string): number | undefined {
  const match = new RegExp(`(?:^|[\\s,{])${key}\\s*:\\s*(-?[\\d.]+)`).exec(block);
  const value = match ? Number(match[1]) : Number.NaN;
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Reads the activity facts from the inline scripts of an activity page (the numbers there are
 * in metres and seconds whatever the viewer's units, so they are the best source).
 */
export function activityFactsFromScripts(scriptText: string): ActivityFacts {
  const facts: ActivityFacts = {};
  const view = PAGE_VIEW.exec(scriptText);
  if (view) {
    facts.activityId = view[2];
    facts.sportType = view[3];
  }
  for (const [, block] of scriptText.matchAll(ACTIVITY_SET)) {
    facts.distanceMeters ??= numberField(block!, 'distance');
    facts.movingTimeSeconds ??= numberField(block!, 'moving_time');
    facts.elevationGainMeters ??= numberField(block!, 'elev_gain');
  }
  return facts;
}

/** "1:41:18" → 6078, "52:10" → 3130; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

const LENGTH_UNITS: Record<string, number> = {
  km: METERS_PER_KM,
  kilometers: METERS_PER_KM,
  kilometres: METERS_PER_KM,
  mi: METERS_PER_MILE,
  miles: METERS_PER_MILE,
  m: 1,
  meters: 1,
  metres: 1,
  ft: 0.3048,
  feet: 0.3048,
};

/** A length as Strava displays it, "31.15 mi", "2,346ft", "106.76 km", in metres. */
export function parseDisplayLength(text: string, unit?: string): number | undefined {
  const match = /^([\d.,\s\u00a0\u202f]+?)\s*([a-z]+)?$/i.exec(text.trim());
  if (!match) return undefined;
  const factor = LENGTH_UNITS[(unit ?? match[2] ?? '').trim().toLowerCase()];
  const value = parseDisplayNumber(match[1]!);
  return factor !== undefined && Number.isFinite(value) ? value * factor : undefined;
}
