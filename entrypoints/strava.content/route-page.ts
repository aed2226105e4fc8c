import { parseDisplayLength, type RouteFacts } from '@/lib/strava/page-facts';
import { ROUTE } from './selectors';

/** What a route page shows: its name, distance and elevation gain. */
export function readRoutePage(doc: Document): RouteFacts {
  const facts: RouteFacts = { name: doc.querySelector(ROUTE.title)?.textContent?.trim() || undefined };
  for (const stat of doc.querySelectorAll(ROUTE.stat)) {
    const label = stat.querySelector(ROUTE.statLabel)?.textContent?.trim().toLowerCase();
    const value = stat.querySelector(ROUTE.statValue)?.textContent?.trim() ?? '';
    if (label === 'distance') facts.distanceMeters ??= parseDisplayLength(value);
    if (label === 'elevation gain') facts.elevationGainMeters ??= parseDisplayLength(value);
  }
  return facts;
}
