import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { connectSpotify, disconnectSpotify, spotify, spotifyLinkEndsAt } from '@/entrypoints/background/spotify';
import { fetchMe } from '@/lib/spotify';
import { LINK_REMINDER_MS, linkEndInWords } from '@/lib/sync-status';
import { openDb } from '@/storage/db';
import { spotifyClientId, spotifyStatus } from '@/storage/settings';
import { createFakeMusicServices, FAKE_CLIENT_ID, fakeMusicFetch } from '../fixtures/spotify';

const OTHER_CLIENT_ID = '0123456789abcdef0123456789abcdef';
const DAY = 86_400_000;

/** The fake Spotify as the background's fetch, and the identity API answering like the browser. */
function world() {
  const services = createFakeMusicServices();
  vi.stubGlobal('fetch', fakeMusicFetch(services).fetch);
  const identity = fakeBrowser.identity as unknown as Record<string, unknown>;
  identity.getRedirectURL = () => services.redirectUri;
  const signIn = (allow: boolean) =>
    (identity.launchWebAuthFlow = vi.fn(async ({ url }: { url: string }) => {
      if (!allow) throw new Error('The user did not approve access.');
      const answer = services.authorize(url);
      return answer.headers!.location!;
    }));
  return { services, signIn };
}

beforeEach(async () => {
  fakeBrowser.reset();
  await openDb().state.clear();
});
afterEach(() => vi.unstubAllGlobals());

describe('Spotify in the background', () => {
  it('a reconnect with another Client ID that the runner cancels keeps the working connection, with its own app', async () => {
    const { services, signIn } = world();
    await spotifyClientId.setValue(FAKE_CLIENT_ID);
    signIn(true);
    expect((await connectSpotify()).state).toBe('connected');

    // The runner pastes another app's Client ID and presses Reconnect, then closes the sign-in.
    await spotifyClientId.setValue(OTHER_CLIENT_ID);
    signIn(false);
    const status = await connectSpotify();
    expect(status).toMatchObject({ state: 'connected', message: expect.stringMatching(/still connected/) });
    expect(await spotifyClientId.getValue()).toBe(FAKE_CLIENT_ID);

    // The working tokens still refresh, with the app they were issued to.
    services.expireAccessTokens();
    expect((await fetchMe(await spotify())).id).toBe('jane.runner');
  });

  it('knows when the link ends: six months after the sign-in', async () => {
    const { signIn } = world();
    await spotifyClientId.setValue(FAKE_CLIENT_ID);
    signIn(true);
    const before = Date.now();
    const status = await connectSpotify();
    const ends = await spotifyLinkEndsAt();
    expect(ends).toBeGreaterThanOrEqual(before + 181 * DAY);
    expect(ends).toBeLessThanOrEqual(Date.now() + 183 * DAY);
    expect(status.linkEndsAt).toBe(ends);
  });

  it('after a disconnect, a refresh that was under way stores nothing', async () => {
    const { services, signIn } = world();
    await spotifyClientId.setValue(FAKE_CLIENT_ID);
    signIn(true);
    await connectSpotify();
    const api = await spotify();
    services.expireAccessTokens();
    // The refresh starts, and the runner disconnects before it lands.
    const refreshing = fetchMe(api).catch(() => undefined);
    await disconnectSpotify();
    await refreshing;
    expect(await openDb().state.get('spotifyTokens')).toMatchObject({ value: undefined });
    expect((await spotifyStatus.getValue()).state).toBe('disconnected');
  });
});

describe('linkEndInWords', () => {
  const now = Date.UTC(2026, 11, 1, 12);
  it.each([
    ['months ahead', now + 90 * DAY, false, /lasts until/],
    ['in two weeks', now + LINK_REMINDER_MS, true, /ends in 14 days/],
    ['tomorrow', now + DAY / 2, true, /ends in 1 day/],
    ['yesterday', now - DAY, true, /ended on/],
  ])('a link ending %s', (_label, linkEndsAt, soon, words) => {
    const result = linkEndInWords({ state: 'connected', linkEndsAt }, now, 'en-GB');
    expect(result?.soon).toBe(soon);
    expect(result?.text).toMatch(words);
  });

  it('says nothing when it does not know, or when not connected', () => {
    expect(linkEndInWords({ state: 'connected' }, now)).toBeUndefined();
    expect(linkEndInWords({ state: 'disconnected', linkEndsAt: now + DAY }, now)).toBeUndefined();
  });
});
