/**
 * Which Strava pages RunSound works on, by path. Everything else gets nothing.
 * Paths seen on www.strava.com: /activities/<id> and its sub-views (/overview, /analysis,
 * /laps, ...), /routes/<id>. The route builder (/routes/new, /maps/...) is a WebGL app that
 * RunSound, like Sauce and Elevate, stays away from.
 */
export type StravaPage = { kind: 'activity'; activityId: string } | { kind: 'route'; routeId: string };

const ROUTES: ReadonlyArray<{ pattern: RegExp; page: (id: string) => StravaPage }> = [
  { pattern: /^\/activities\/(\d+)(?:\/[\w-]+)*\/?$/, page: (activityId) => ({ kind: 'activity', activityId }) },
  { pattern: /^\/routes\/(\d+)\/?$/, page: (routeId) => ({ kind: 'route', routeId }) },
];

export function stravaPageFor(pathname: string): StravaPage | undefined {
  for (const route of ROUTES) {
    const match = route.pattern.exec(pathname);
    if (match) return route.page(match[1]!);
  }
  return undefined;
}

