import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setUpMessageHandlers } from '@/entrypoints/background/messages';
import { acceptMessage, CONTENT_SCRIPT_RATE_LIMITS, FROM_CONTENT_SCRIPTS, MessageRejected, requestSchemas, sendMessage, type MessageType } from '@/lib/messages';
import { createRateLimiter } from '@/lib/rate-limit';

const ME = { id: 'me', origin: 'chrome-extension://me/' };
const plan = { type: 'tempo', paceSecondsPerKm: 300, distanceMeters: 10_000, start: '2026-11-26T18:00' } as const;

describe('acceptMessage', () => {
  it('accepts a well-formed message from this extension', () => {
    expect(acceptMessage('planRun', { plan, units: 'metric' }, { id: 'me' }, ME)).toEqual({ plan, units: 'metric' });
  });

  it('refuses a message from another extension or none', () => {
    expect(() => acceptMessage('planRun', { plan, units: 'metric' }, { id: 'someone-else' }, ME)).toThrow(MessageRejected);
    expect(() => acceptMessage('planRun', { plan, units: 'metric' }, {}, ME)).toThrow(/outside the extension/);
  });

  it('lets content scripts ask for a profile, but not change the history', () => {
    const strava = { id: 'me', url: 'https://www.strava.com/activities/1' };
    expect(acceptMessage('planRun', { plan, units: 'metric' }, strava, ME)).toBeDefined();
    expect(() => acceptMessage('setRunType', { runId: '1', type: 'race' }, strava, ME)).toThrow(/only its own pages/);
    expect(() => acceptMessage('importRuns', { runs: [], source: 'api-json' }, strava, ME)).toThrow(MessageRejected);
    const options = { id: 'me', url: 'chrome-extension://me/options.html' };
    expect(acceptMessage('setRunType', { runId: '1', type: 'race' }, options, ME)).toEqual({ runId: '1', type: 'race' });
  });

  it('refuses what a content script asks too often, with a plain reason; RunSound\'s own pages are not limited', () => {
    let now = 0;
    const limiter = createRateLimiter(CONTENT_SCRIPT_RATE_LIMITS, () => now);
    const strava = { id: 'me', url: 'https://www.strava.com/activities/1' };
    const request = { plan, units: 'metric', excludeExplicit: false, trackCount: null };
    for (let i = 0; i < 3; i++) expect(acceptMessage('generatePlaylist', request, strava, ME, limiter)).toBeDefined();
    expect(() => acceptMessage('generatePlaylist', request, strava, ME, limiter)).toThrow(/asked too often\. Try again in a minute/);
    // Another kind of request has a budget of its own.
    expect(acceptMessage('planRun', { plan, units: 'metric' }, strava, ME, limiter)).toBeDefined();
    const popup = { id: 'me', url: 'chrome-extension://me/popup.html' };
    for (let i = 0; i < 10; i++) expect(acceptMessage('generatePlaylist', request, popup, ME, limiter)).toBeDefined();
    now = 60_000;
    expect(acceptMessage('generatePlaylist', request, strava, ME, limiter)).toBeDefined();
  });

  it('gives every message a content script may send a rate limit, and the others none', () => {
    for (const type of Object.keys(requestSchemas) as MessageType[]) {
      expect([type, (CONTENT_SCRIPT_RATE_LIMITS[type]?.length ?? 0) > 0]).toEqual([type, FROM_CONTENT_SCRIPTS.has(type)]);
    }
    // A few playlists a minute at most: each is a private playlist in the runner's Spotify.
    expect(Math.min(...CONTENT_SCRIPT_RATE_LIMITS.generatePlaylist!.filter((limit) => limit.perMs <= 60_000).map((limit) => limit.max))).toBeLessThanOrEqual(3);
  });

  it.each([
    ['a missing plan', { units: 'metric' }, /plan/],
    ['a negative pace', { plan: { ...plan, paceSecondsPerKm: -1 }, units: 'metric' }, /plan.paceSecondsPerKm/],
    ['an unknown run type', { plan: { ...plan, type: 'sprint' }, units: 'metric' }, /plan.type/],
    ['a start that is not a local time', { plan: { ...plan, start: 'tomorrow' }, units: 'metric' }, /plan.start/],
    ['unknown units', { plan, units: 'furlongs' }, /units/],
    ['no payload at all', undefined, /payload|plan/],
  ])('refuses %s, naming the field', (_case, data, field) => {
    expect(() => acceptMessage('planRun', data, { id: 'me' }, ME)).toThrow(field);
  });
});

describe('background message handlers', () => {
  let removeHandlers: () => void;
  beforeEach(() => {
    fakeBrowser.reset();
    removeHandlers = setUpMessageHandlers();
  });
  afterEach(() => removeHandlers());

  /** Delivers a message the way @webext-core/messaging frames it, from `sender`. */
  function deliver(data: unknown, sender: { id?: string }): Promise<{ res?: unknown; err?: { message: string } }> {
    return new Promise((resolve) => {
      const message = { id: 1, type: 'planRun', data, timestamp: Date.now() };
      void fakeBrowser.runtime.onMessage.trigger(message, sender as never, resolve as never);
    });
  }

  it('answers predictProfile from this extension with the prior profile of the plan', async () => {
    const reply = await deliver({ plan, units: 'metric' }, { id: fakeBrowser.runtime.id });
    const { profile } = reply.res as Awaited<ReturnType<typeof sendMessage<'planRun'>>>;
    expect(profile.tempo.source).toBe('prior');
    expect(profile.energy.value).toBeGreaterThan(0.5);
  });

  it('answers a message from elsewhere with an error and no profile', async () => {
    const reply = await deliver({ plan, units: 'metric' }, { id: 'another-extension' });
    expect(reply.res).toBeUndefined();
    expect(reply.err?.message).toMatch(/outside the extension/);
  });

  it('refuses a content script that asks too often, and answers the next minute again', async () => {
    const strava = { id: fakeBrowser.runtime.id, url: 'https://www.strava.com/activities/1' };
    const ask = () =>
      new Promise<{ res?: unknown; err?: { message: string } }>((resolve) => {
        const message = { id: 1, type: 'storedRun', data: { activityId: '1' }, timestamp: Date.now() };
        void fakeBrowser.runtime.onMessage.trigger(message, strava as never, resolve as never);
      });
    const replies = [];
    for (let i = 0; i <= CONTENT_SCRIPT_RATE_LIMITS.storedRun![0]!.max; i++) replies.push(await ask());
    expect(replies.slice(0, -1).every((reply) => reply.err === undefined && reply.res === null)).toBe(true);
    expect(replies.at(-1)?.err?.message).toMatch(/refused "storedRun" from a Strava page: asked too often/);
  });

  it('answers a malformed message with an error naming the field', async () => {
    const reply = await deliver({ plan: { ...plan, distanceMeters: 'far' }, units: 'metric' }, { id: fakeBrowser.runtime.id });
    expect(reply.err?.message).toMatch(/plan.distanceMeters/);
  });
});
