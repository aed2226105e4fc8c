import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { activityFactsFromScripts, parseDisplayLength, parseDuration } from '@/lib/strava/page-facts';
import { athleteFromPage, gpxStart } from '@/lib/strava/session';
import { stravaPageFor } from '@/lib/strava/pages';
import { runActivityScript } from '../fixtures/strava-pages';
import { sharedDataFile } from '../shared-data';

const SAVED_PAGE = sharedDataFile('strava-session/strava_activity_6418596161_overview_2021-12.sanitized.html');

describe('stravaPageFor', () => {
  it.each([
    ['/activities/123', { kind: 'activity', activityId: '123' }],
    ['/activities/123/', { kind: 'activity', activityId: '123' }],
    ['/activities/123/overview', { kind: 'activity', activityId: '123' }],
    ['/activities/123/analysis', { kind: 'activity', activityId: '123' }],
    ['/activities/123/segments/456', { kind: 'activity', activityId: '123' }],
    ['/routes/987', { kind: 'route', routeId: '987' }],
    ['/routes/new', undefined],
    ['/maps/create', undefined],
    ['/dashboard', { kind: 'dashboard' }],
    ['/athlete/calendar', { kind: 'calendar' }],
    ['/athlete/calendar/2026', { kind: 'calendar' }],
    ['/athletes/42/training/log', { kind: 'calendar' }],
    ['/athlete/training', undefined],
    ['/activities', undefined],
    ['/athletes/42', undefined],
  ] as const)('%s', (path, page) => {
    expect(stravaPageFor(path)).toEqual(page);
  });
});

describe('activityFactsFromScripts', () => {
  it('reads the page view and the activity numbers of a run page', () => {
    expect(activityFactsFromScripts(runActivityScript({ id: '111', distance: 10234.5, movingTime: 3120, elevGain: 42 }))).toEqual({
      activityId: '111',
      sportType: 'Run',
      distanceMeters: 10234.5,
      movingTimeSeconds: 3120,
      elevationGainMeters: 42,
    });
  });

  it('returns nothing it cannot find', () => {
    expect(activityFactsFromScripts('var x = 1;')).toEqual({});
  });

  it.skipIf(!SAVED_PAGE)('reads the saved real activity page (shared/data absent: skipped)', () => {
    const html = readFileSync(SAVED_PAGE!, 'utf8');
    expect(activityFactsFromScripts(html)).toEqual({
      activityId: '6418596161',
      sportType: 'Ride',
      distanceMeters: 50139.5,
      movingTimeSeconds: 6078,
      elevationGainMeters: 715,
    });
  });
});

describe('athleteFromPage on a real page', () => {
  it.skipIf(!SAVED_PAGE)('reads the viewer and their units (shared/data absent: skipped)', () => {
    expect(athleteFromPage(readFileSync(SAVED_PAGE!, 'utf8'))).toEqual({ id: 90722590, measurementPreference: 'feet' });
  });
});

describe('display values', () => {
  it.each([
    ['1:41:18', 6078],
    ['52:10', 3130],
    ['0:59', 59],
    ['5:7', undefined],
    ['abc', undefined],
  ] as const)('duration %s → %s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each([
    ['31.15 mi', undefined, 31.15 * 1609.344],
    ['31.15', 'miles', 31.15 * 1609.344],
    ['106.76 km', undefined, 106_760],
    ['2,346ft', undefined, 2346 * 0.3048],
    ['3,090 m', undefined, 3090],
    ['10,52 km', undefined, 10_520],
    ['12', undefined, undefined],
    ['12 parsecs', undefined, undefined],
  ] as const)('length %s (%s)', (text, unit, meters) => {
    const value = parseDisplayLength(text, unit);
    if (meters === undefined) expect(value).toBeUndefined();
    else expect(value).toBeCloseTo(meters, 6);
  });
});

describe('gpxStart', () => {
  it.each([
    ['<gpx><trk><trkseg><trkpt lat="45.1901" lon="5.7203"><ele>210</ele></trkpt><trkpt lat="45.2" lon="5.73"/></trkseg></trk></gpx>', { lat: 45.1901, lng: 5.7203 }],
    ["<gpx><rte><rtept lon='-73.98' lat='40.75'/></rte></gpx>".replace("lon='-73.98' lat='40.75'", "lat='40.75' lon='-73.98'"), { lat: 40.75, lng: -73.98 }],
    ['<html><body>Log In</body></html>', undefined],
    ['<gpx><trk><trkseg><trkpt lat="95" lon="5"/></trkseg></trk></gpx>', undefined],
  ])('%#', (gpx, start) => {
    expect(gpxStart(gpx)).toEqual(start);
  });
});
