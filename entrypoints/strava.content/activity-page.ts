import { activityFactsFromScripts, parseDisplayLength, parseDuration, type ActivityFacts } from '@/lib/strava/page-facts';
import { ACTIVITY } from './selectors';

function scriptText(doc: Document): string {
  return Array.from(doc.scripts, (script) => script.textContent ?? '').join('\n');
}

/** Whether the document shows `activityId` yet (after a client-side navigation it may still show the last one). */
export function showsActivity(doc: Document, activityId: string): boolean {
  const fromScripts = activityFactsFromScripts(scriptText(doc)).activityId;
  if (fromScripts) return fromScripts === activityId;
  return doc.querySelector(ACTIVITY.ownLinks(activityId)) !== null;
}

/** The stats list's numbers, in metres and seconds, read by unit rather than by (localised) label. */
function factsFromStats(doc: Document): ActivityFacts {
  const facts: ActivityFacts = {};
  for (const item of doc.querySelectorAll(ACTIVITY.statItems)) {
    const strong = item.querySelector('strong');
    if (!strong) continue;
    const unitTitle = strong.querySelector('abbr.unit')?.getAttribute('title')?.toLowerCase() ?? '';
    const text = strong.textContent?.trim() ?? '';
    if (unitTitle === 'kilometers' || unitTitle === 'miles') {
      facts.distanceMeters ??= parseDisplayLength(text.replace(/[a-z]+$/i, ''), unitTitle);
    } else if (!unitTitle && item.querySelector('[data-glossary-term="definition-moving-time"]')) {
      facts.movingTimeSeconds ??= parseDuration(text);
    }
  }
  return facts;
}

/** What the activity page shows: inline-script numbers first, the visible stats where those are missing. */
export function readActivityPage(doc: Document, activityId: string): ActivityFacts {
  const fromScripts = activityFactsFromScripts(scriptText(doc));
  const scripts = fromScripts.activityId === activityId ? fromScripts : {};
  const stats = factsFromStats(doc);
  return {
    activityId,
    sportType: scripts.sportType,
    name: doc.querySelector(ACTIVITY.title)?.textContent?.trim() || undefined,
    distanceMeters: scripts.distanceMeters ?? stats.distanceMeters,
    movingTimeSeconds: scripts.movingTimeSeconds ?? stats.movingTimeSeconds,
    elevationGainMeters: scripts.elevationGainMeters,
  };
}
