// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readActivityPage, showsActivity } from '@/entrypoints/strava.content/activity-page';
import { readRoutePage } from '@/entrypoints/strava.content/route-page';
import { activityPageHtml, routePageHtml } from '../fixtures/strava-pages';
import { sharedDataFile } from '../shared-data';

const SAVED_PAGE = sharedDataFile('strava-session/strava_activity_6418596161_overview_2021-12.sanitized.html');

function parse(html: string): Document {
  // Strava's stylesheets are not needed to read the page, and happy-dom would try to load them.
  return new DOMParser().parseFromString(html.replace(/<link\b[^>]*>/g, ''), 'text/html');
}

const tempo = { id: '111', name: 'Tuesday tempo', distanceMeters: 10_000, movingTimeSeconds: 3070, elevationGainMeters: 42 };

describe('readActivityPage', () => {
  it('reads a run page from its inline scripts', () => {
    const doc = parse(activityPageHtml(tempo));
    expect(readActivityPage(doc, '111')).toEqual({
      activityId: '111',
      sportType: 'Run',
      name: 'Tuesday tempo',
      distanceMeters: 10_000,
      movingTimeSeconds: 3070,
      elevationGainMeters: 42,
    });
  });

  it('falls back to the visible stats when the scripts are gone', () => {
    const doc = parse(activityPageHtml(tempo));
    doc.querySelectorAll('script').forEach((script) => script.remove());
    const facts = readActivityPage(doc, '111');
    expect(facts.distanceMeters).toBeCloseTo(10_000, 6);
    expect(facts.movingTimeSeconds).toBe(3070);
    expect(facts.sportType).toBeUndefined();
  });

  it('ignores scripts that describe another activity (a page mid-navigation)', () => {
    const doc = parse(activityPageHtml(tempo));
    expect(showsActivity(doc, '111')).toBe(true);
    expect(showsActivity(doc, '222')).toBe(false);
    expect(readActivityPage(doc, '222').sportType).toBeUndefined();
  });

  it.skipIf(!SAVED_PAGE)('reads the saved real page (a ride in miles; shared/data absent: skipped)', () => {
    const doc = parse(readFileSync(SAVED_PAGE!, 'utf8'));
    const facts = readActivityPage(doc, '6418596161');
    expect(facts).toMatchObject({ sportType: 'Ride', name: 'Afternoon Ride', distanceMeters: 50139.5, movingTimeSeconds: 6078 });
    doc.querySelectorAll('script').forEach((script) => script.remove());
    const fromStats = readActivityPage(doc, '6418596161');
    expect(fromStats.distanceMeters).toBeCloseTo(31.15 * 1609.344, 3);
    expect(fromStats.movingTimeSeconds).toBe(6078);
  });
});

describe('readRoutePage', () => {
  it('reads name, distance and elevation gain by label', () => {
    const doc = parse(routePageHtml({ id: '9', name: 'Lakeside loop', distanceText: '12.34 km', elevationGainText: '156 m' }));
    expect(readRoutePage(doc)).toEqual({ name: 'Lakeside loop', distanceMeters: 12_340, elevationGainMeters: 156 });
  });

  it('reads imperial routes', () => {
    const doc = parse(routePageHtml({ id: '9', name: 'Hills', distanceText: '6.2 mi', elevationGainText: '1,020 ft' }));
    const facts = readRoutePage(doc);
    expect(facts.distanceMeters).toBeCloseTo(6.2 * 1609.344, 6);
    expect(facts.elevationGainMeters).toBeCloseTo(1020 * 0.3048, 6);
  });
});
