/**
 * Every piece of Strava's markup RunSound relies on, in one place. When Strava changes its
 * pages, this is the file to update; when a selector misses, the panel falls back to a
 * floating button and the inline scripts.
 *
 * Checked on:
 * - https://www.strava.com/activities/6418596161 (overview, Dec 2021, saved page in
 *   shared/data/strava-session): #heading .activity-name, ul.inline-stats.section, abbr.unit.
 * - Run pages as read by Sauce for Strava and Elevate (2024-2026): the pace stat carries
 *   abbr.unit[title="minutes per kilometer" | "minutes per mile"].
 * - Strava's React pages (route builder, segments, 2025-2026): stats as
 *   [class*="Stat_stat__"] with [class*="Stat_statLabel__"] and [class*="Stat_statValue__"];
 *   the hashed suffixes rotate per deploy, so only the prefixes are matched. Route pages
 *   (/routes/<id>) are assumed to use the same components (no saved route page exists).
 */
export const ACTIVITY = {
  title: '#heading .activity-name',
  /** Elevate inserts its panel after this list too. */
  stats: '.activity-stats ul.inline-stats.section',
  statItems: '.activity-stats ul.inline-stats.section:not(.secondary-stats) > li',
  /** Links of the page's own sub-navigation: they name the activity shown. */
  ownLinks: (activityId: string) => `#pagenav a[href*="/activities/${activityId}"], a[href^="/activities/${activityId}/"]`,
} as const;

export const ROUTE = {
  title: 'h1',
  stats: '[class*="Stats_listStats"], ul:has(> li [class*="Stat_stat__"])',
  stat: '[class*="Stat_stat__"]',
  statLabel: '[class*="Stat_statLabel__"]',
  statValue: '[class*="Stat_statValue__"]',
} as const;
