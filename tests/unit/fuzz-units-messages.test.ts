/**
 * Pace and distance parsing, and every message schema, fuzzed: what a runner types never makes
 * them throw, what they accept reads back as the runner wrote it, and a message is either
 * accepted in its schema's shape or refused with MessageRejected.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptMessage, MessageRejected, requestSchemas, type MessageType } from '@/lib/messages';
import {
  FASTEST_PACE_S_PER_KM,
  formatDistance,
  formatPace,
  LONGEST_RUN_M,
  metersPerUnit,
  parseDistance,
  parsePace,
  SLOWEST_PACE_S_PER_KM,
  type Units,
} from '@/lib/units';
import { oddText, oddValue, realOrMutated } from './fuzz-shapes';

const RUNS = { numRuns: 300 };
const units = fc.constantFrom<Units>('metric', 'imperial');

/** Typed by a runner, or nearly: "5:07", "8:14 /mi", "12:3", " 5:07min/k ", and any text. */
const paceText = fc.oneof(
  fc
    .tuple(fc.nat(99), fc.nat(99), fc.constantFrom('', '/km', '/mi', ' min/km', '/mile', '/k', ' /KM', 'min'), fc.boolean())
    .map(([minutes, seconds, unit, pad]) => `${minutes}:${pad ? String(seconds).padStart(2, '0') : seconds}${unit}`),
  fc.string(),
  oddText,
);
const distanceText = fc.oneof(
  fc
    .tuple(fc.double({ min: 0, max: 1000, noNaN: true }), fc.nat(3), fc.constantFrom('', ' km', 'k', ' mi', ' miles', ' kilometres', 'KM'), fc.boolean())
    .map(([value, digits, unit, comma]) => `${comma ? value.toFixed(digits).replace('.', ',') : value.toFixed(digits)}${unit}`),
  fc.string(),
  oddText,
);

describe('fuzz: pace and distance as the runner types them', () => {
  it('parsePace never throws; an accepted pace is in range and formats back to what was typed', () => {
    fc.assert(
      fc.property(paceText, units, (text, runnerUnits) => {
        const parsed = parsePace(text, runnerUnits);
        if (!parsed.ok) {
          expect(parsed.error).toMatch(/\w/);
          return;
        }
        expect(parsed.value).toBeGreaterThanOrEqual(FASTEST_PACE_S_PER_KM);
        expect(parsed.value).toBeLessThanOrEqual(SLOWEST_PACE_S_PER_KM);
        // The unit written in the text, or the runner's: formatted in it, the same minutes and seconds.
        const written = /\/\s*(k|km|mi|mile)\s*$/i.exec(text.trim())?.[1];
        const shownIn: Units = written ? (written.toLowerCase().startsWith('m') ? 'imperial' : 'metric') : runnerUnits;
        const [minutes, seconds] = text.trim().split(/[:\s/a-z]+/i).map(Number) as [number, number];
        expect(formatPace(parsed.value, shownIn, false)).toBe(`${minutes}:${String(seconds).padStart(2, '0')}`);
      }),
      RUNS,
    );
  });

  it('parseDistance never throws; an accepted distance is in range and formats back within rounding', () => {
    fc.assert(
      fc.property(distanceText, units, (text, runnerUnits) => {
        const parsed = parseDistance(text, runnerUnits);
        if (!parsed.ok) {
          expect(parsed.error).toMatch(/\w/);
          return;
        }
        expect(parsed.value).toBeGreaterThanOrEqual(100);
        expect(parsed.value).toBeLessThanOrEqual(LONGEST_RUN_M);
        const written = /[a-z]+$/i.exec(text.trim())?.[0];
        const shownIn: Units = written ? (written.toLowerCase().startsWith('m') ? 'imperial' : 'metric') : runnerUnits;
        const typed = Number(/^[\d.,]+/.exec(text.trim())![0].replace(',', '.'));
        expect(Math.abs(Number(formatDistance(parsed.value, shownIn, false, 3)) - typed)).toBeLessThanOrEqual(0.0005 + 1e-9);
        expect(parsed.value).toBeCloseTo(typed * metersPerUnit(shownIn), 6);
      }),
      RUNS,
    );
  });
});

// --- Messages

const MESSAGE_TYPES = Object.keys(requestSchemas) as MessageType[];
const EXTENSION = { id: 'runsoundextensionid', origin: 'chrome-extension://runsoundextensionid/' };

/** Who may send: the extension's pages, its content script on strava.com, another extension, no one. */
const sender = fc.oneof(
  fc.constant({ id: EXTENSION.id, url: `${EXTENSION.origin}options.html` }),
  fc.constant({ id: EXTENSION.id, url: 'https://www.strava.com/dashboard' }),
  fc.constant({ id: EXTENSION.id }),
  fc.record({ id: fc.option(fc.string(), { nil: undefined }), url: fc.option(fc.oneof(fc.webUrl(), fc.string()), { nil: undefined }) }, { requiredKeys: [] }),
);

/** Payloads near the real ones (a plan, a run, an id, a BPM) with fields mutated, or anything. */
const plan = fc.record(
  {
    type: fc.constantFrom('recovery', 'easy', 'long', 'steady', 'tempo', 'interval', 'race', 'walk'),
    paceSecondsPerKm: fc.double({ min: 100, max: 1300 }),
    distanceMeters: fc.double({ min: 0, max: 400_000 }),
    start: fc.constantFrom('2026-11-25T18:00', '2026-02-30T18:00', 'tomorrow'),
    place: fc.record({ lat: fc.double({ min: -100, max: 100 }), lng: fc.double({ min: -200, max: 200 }) }),
    pacePlan: fc.constantFrom('even', 'negative', 'sprint'),
  },
  { requiredKeys: ['type', 'paceSecondsPerKm', 'distanceMeters', 'start'] },
);
const run = fc.record({
  id: fc.nat().map(String),
  name: fc.string({ maxLength: 20 }),
  sportType: fc.constantFrom('Run', 'TrailRun', 'VirtualRun'),
  isTreadmill: fc.boolean(),
  startTime: fc.integer({ min: Date.UTC(2009, 0, 1), max: Date.UTC(2030, 0, 1) }),
  startLocal: fc.constantFrom('2022-10-06T18:19', '2022-02-30T07:00', '0099-01-01T00:00'),
  distanceMeters: fc.double({ min: -10, max: 1e8 }),
});
const payload = realOrMutated(
  fc.oneof(
    fc.record({ activityId: fc.oneof(fc.nat().map(String), fc.string()) }),
    fc.record({ plan, units: fc.constantFrom('metric', 'imperial') }),
    fc.record({ plan, units: fc.constantFrom('metric', 'imperial'), excludeExplicit: fc.boolean(), trackCount: fc.option(fc.integer({ min: 0, max: 120 })) }),
    fc.record({ runs: fc.array(run, { maxLength: 3 }), source: fc.constantFrom('export-csv', 'api-json', 'session') }),
    fc.record({ trackId: fc.string({ minLength: 10, maxLength: 40 }), bpm: fc.option(fc.double({ min: 0, max: 400 })) }),
    fc.record({ home: fc.option(fc.record({ lat: fc.double(), lng: fc.double() })) }),
    fc.record({ id: fc.integer(), force: fc.boolean(), deleteLibrary: fc.boolean() }),
    fc.record({ runId: fc.nat().map(String), type: fc.option(fc.constantFrom('easy', 'long', 'walk')) }),
    oddValue,
  ),
);

describe('fuzz: every message schema through acceptMessage', () => {
  it('accepts a payload only in its schema\'s shape, and refuses everything else with MessageRejected', () => {
    const acceptedTypes = new Set<MessageType>();
    fc.assert(
      fc.property(fc.constantFrom(...MESSAGE_TYPES), payload, sender, (type, data, from) => {
        let accepted: unknown;
        try {
          accepted = acceptMessage(type, data, from, EXTENSION);
        } catch (error) {
          expect(error).toBeInstanceOf(MessageRejected);
          return;
        }
        expect(from.id).toBe(EXTENSION.id);
        const reparsed = requestSchemas[type].safeParse(accepted);
        expect(reparsed.success).toBe(true);
        expect(reparsed.data).toEqual(accepted);
        acceptedTypes.add(type);
      }),
      { numRuns: 600 },
    );
    // The generators reach past the first check: several messages are accepted, not only refused.
    expect(acceptedTypes.size).toBeGreaterThanOrEqual(4);
  });
});
