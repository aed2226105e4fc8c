/**
 * Which Strava pages RunSound works on, by path. Everything else gets nothing.
 * Paths seen on www.strava.com: /activities/<id> and its sub-views (/overview, /analysis,
 * /laps, ...), /routes/<id>, /dashboard, /athlete/calendar[/<year>], /athletes/<id>/training/log. The route builder (/routes/new, /maps/...) is a WebGL app that
 * RunSound, like Sauce and Elevate, stays away from.
 */
export type StravaPage =
  | { kind: 'activity'; activityId: string }
  | { kind: 'route'; routeId: string }
  | { kind: 'dashboard' }
  | { kind: 'calendar' };

const ROUTES: ReadonlyArray<{ pattern: RegExp; page: (id: string) => StravaPage }> = [
  { pattern: /^\/activities\/(\d+)(?:\/[\w-]+)*\/?$/, page: (activityId) => ({ kind: 'activity', activityId }) },
  { pattern: /^\/routes\/(\d+)\/?$/, page: (routeId) => ({ kind: 'route', routeId }) },
  { pattern: /^\/dashboard\/?$/, page: () => ({ kind: 'dashboard' }) },
  // The training calendar (/athlete/calendar, /athlete/calendar/2026) and the training log.
  { pattern: /^\/athlete\/calendar(?:\/\d{4})?\/?$/, page: () => ({ kind: 'calendar' }) },
  { pattern: /^\/athletes\/\d+\/training\/log\/?$/, page: () => ({ kind: 'calendar' }) },
];

export function stravaPageFor(pathname: string): StravaPage | undefined {
  for (const route of ROUTES) {
    const match = route.pattern.exec(pathname);
    if (match) return route.page(match[1] ?? '');
  }
  return undefined;
}

