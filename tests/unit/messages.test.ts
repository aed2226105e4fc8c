import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setUpMessageHandlers } from '@/entrypoints/background/messages';
import { acceptMessage, MessageRejected, sendMessage } from '@/lib/messages';

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

  it('answers a malformed message with an error naming the field', async () => {
    const reply = await deliver({ plan: { ...plan, distanceMeters: 'far' }, units: 'metric' }, { id: fakeBrowser.runtime.id });
    expect(reply.err?.message).toMatch(/plan.distanceMeters/);
  });
});
