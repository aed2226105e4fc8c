import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  createPkceAttempt,
  exchangeCode,
  parseRedirect,
  refreshTokens,
  SpotifyConnectFailed,
  SpotifyOffline,
  SpotifyReconnectNeeded,
  TokenKeeper,
  type SpotifyTokens,
} from '@/lib/spotify';
import { ALL_SCOPES, createFakeMusicServices, fakeMusicFetch, FAKE_CLIENT_ID, FAKE_REDIRECT_URI, type FakeMusicOptions } from '../fixtures/spotify';
import { caught } from '../caught';

const T0 = Date.UTC(2026, 10, 25, 8, 0);
const HOUR = 3_600_000;
const TOKEN_URL = 'https://accounts.spotify.com/api/token';

function setUp(options: FakeMusicOptions = {}) {
  let now = T0;
  const services = createFakeMusicServices({ now: () => now, ...options });
  const { fetch, requests } = fakeMusicFetch(services);
  const tokenRequests = () => requests.filter((request) => request.url.href === TOKEN_URL);
  return { services, fetch, requests, tokenRequests, now: () => now, advance: (ms: number) => (now += ms) };
}

/** The runner signs in on the fake accounts.spotify.com and RunSound exchanges the code. */
async function signIn(world: ReturnType<typeof setUp>): Promise<SpotifyTokens> {
  const attempt = await createPkceAttempt();
  const page = world.services.authorize(authorizeUrl({ clientId: FAKE_CLIENT_ID, redirectUri: FAKE_REDIRECT_URI, challenge: attempt.challenge, state: attempt.state }));
  const code = parseRedirect(page.headers!.location!, attempt.state);
  return exchangeCode({ fetch: world.fetch, clientId: FAKE_CLIENT_ID, code, redirectUri: FAKE_REDIRECT_URI, verifier: attempt.verifier, now: world.now });
}


describe('exchangeCode', () => {
  it('trades the code and verifier for tokens that last an hour, in a form POST', async () => {
    const world = setUp();
    const tokens = await signIn(world);
    expect(tokens).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresAt: T0 + HOUR, scope: ALL_SCOPES });
    const [request] = world.tokenRequests();
    expect(request?.method).toBe('POST');
    expect(Object.fromEntries(new URLSearchParams(request!.body!))).toMatchObject({
      grant_type: 'authorization_code',
      redirect_uri: FAKE_REDIRECT_URI,
      client_id: FAKE_CLIENT_ID,
      code_verifier: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/),
    });
  });

  it('asks the runner to connect again when Spotify refuses the verifier (invalid_grant)', async () => {
    const world = setUp();
    const attempt = await createPkceAttempt();
    const page = world.services.authorize(authorizeUrl({ clientId: FAKE_CLIENT_ID, redirectUri: FAKE_REDIRECT_URI, challenge: attempt.challenge, state: attempt.state }));
    const code = parseRedirect(page.headers!.location!, attempt.state);
    const error = await caught(exchangeCode({ fetch: world.fetch, clientId: FAKE_CLIENT_ID, code, redirectUri: FAKE_REDIRECT_URI, verifier: `${attempt.verifier}x`, now: world.now }));
    expect(error).toBeInstanceOf(SpotifyReconnectNeeded);
    expect(error.message).toMatch(/code_verifier was incorrect.*Connect Spotify again/);
  });

  it('names the Client ID when Spotify does not know it (invalid_client)', async () => {
    const world = setUp();
    const error = await caught(exchangeCode({ fetch: world.fetch, clientId: 'not-the-client', code: 'c', redirectUri: FAKE_REDIRECT_URI, verifier: 'v', now: world.now }));
    expect(error).toBeInstanceOf(SpotifyConnectFailed);
    expect(error.message).toMatch(/Client ID/);
  });

  it('says Spotify is unreachable when the network is down', async () => {
    const world = setUp();
    world.services.once({ host: 'accounts.spotify.com' }, 'network-error');
    const error = await caught(refreshTokens({ fetch: world.fetch, clientId: FAKE_CLIENT_ID, refreshToken: 'r', now: world.now }));
    expect(error).toBeInstanceOf(SpotifyOffline);
    expect(error.message).toMatch(/could not reach Spotify \(POST https:\/\/accounts\.spotify\.com\/api\/token\)/);
  });
});

describe('refreshTokens', () => {
  it.each([
    { rotate: true, keeps: false, case: 'stores the new refresh token when Spotify rotates it' },
    { rotate: false, keeps: true, case: 'keeps the old refresh token when the answer has none' },
  ])('$case', async ({ rotate, keeps }) => {
    const world = setUp({ rotateRefreshTokens: rotate });
    const first = await signIn(world);
    world.advance(HOUR);
    const second = await refreshTokens({ fetch: world.fetch, clientId: FAKE_CLIENT_ID, refreshToken: first.refreshToken, now: world.now, scope: first.scope });
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.expiresAt).toBe(T0 + 2 * HOUR);
    expect(second.refreshToken === first.refreshToken).toBe(keeps);
    // The refresh token RunSound keeps works for the next refresh.
    const third = await refreshTokens({ fetch: world.fetch, clientId: FAKE_CLIENT_ID, refreshToken: second.refreshToken, now: world.now });
    expect(third.accessToken).not.toBe(second.accessToken);
  });

  it('asks the runner to reconnect when the grant is revoked or too old (invalid_grant)', async () => {
    const world = setUp();
    const tokens = await signIn(world);
    world.services.revokeRefreshTokens();
    const error = await caught(refreshTokens({ fetch: world.fetch, clientId: FAKE_CLIENT_ID, refreshToken: tokens.refreshToken, now: world.now }));
    expect(error).toBeInstanceOf(SpotifyReconnectNeeded);
    expect((error as SpotifyReconnectNeeded).reason).toBe('grant-invalid');
    expect(error.message).toMatch(/no longer accepts.*about 6 months old.*Refresh token revoked.*Connect Spotify again/);
  });
});

describe('TokenKeeper', () => {
  function keeper(world: ReturnType<typeof setUp>, stored: SpotifyTokens | undefined, loadDelayMs = 0) {
    const saved: SpotifyTokens[] = [];
    let loads = 0;
    const tokenKeeper = new TokenKeeper({
      fetch: world.fetch,
      clientId: FAKE_CLIENT_ID,
      now: world.now,
      load: async () => {
        loads += 1;
        await new Promise((resolve) => setTimeout(resolve, loadDelayMs));
        return stored;
      },
      save: async (tokens) => {
        saved.push(tokens);
      },
    });
    return { tokenKeeper, saved, loads: () => loads };
  }

  it('hands out the stored token while it has more than a minute left', async () => {
    const world = setUp();
    const tokens = world.services.connect();
    const { tokenKeeper, saved } = keeper(world, tokens);
    world.advance(HOUR - 61_000);
    expect(await tokenKeeper.accessToken()).toBe(tokens.accessToken);
    expect(world.tokenRequests()).toHaveLength(0);
    expect(saved).toHaveLength(0);
  });

  it('refreshes when the token expires within a minute, and stores the rotated refresh token', async () => {
    const world = setUp();
    const tokens = world.services.connect();
    const { tokenKeeper, saved } = keeper(world, tokens);
    world.advance(HOUR - 59_000);
    const fresh = await tokenKeeper.accessToken();
    expect(fresh).not.toBe(tokens.accessToken);
    expect(saved).toEqual([{ accessToken: fresh, refreshToken: expect.any(String), expiresAt: world.now() + HOUR, scope: ALL_SCOPES }]);
    expect(saved[0]!.refreshToken).not.toBe(tokens.refreshToken);
  });

  it('shares one refresh between concurrent callers (a second refresh would burn the rotated token)', async () => {
    const world = setUp();
    const tokens = world.services.connect();
    const { tokenKeeper, saved, loads } = keeper(world, tokens, 5);
    world.advance(2 * HOUR);
    const handedOut = await Promise.all(Array.from({ length: 6 }, () => tokenKeeper.accessToken()));
    expect(world.tokenRequests()).toHaveLength(1);
    expect(new Set(handedOut).size).toBe(1);
    expect(saved).toHaveLength(1);
    expect(loads()).toBe(1);
    // Later callers get the same fresh token without asking again.
    expect(await tokenKeeper.accessToken()).toBe(handedOut[0]);
    expect(world.tokenRequests()).toHaveLength(1);
  });

  it('refreshes once when several requests are answered 401 with the same token', async () => {
    const world = setUp();
    const tokens = world.services.connect();
    const { tokenKeeper } = keeper(world, tokens);
    const rejected = await tokenKeeper.accessToken();
    const replaced = await Promise.all([tokenKeeper.refreshAfterRejection(rejected), tokenKeeper.refreshAfterRejection(rejected)]);
    expect(replaced[0]).not.toBe(rejected);
    expect(replaced[1]).toBe(replaced[0]);
    // A caller that comes late with the old token gets the new one, without another refresh.
    expect(await tokenKeeper.refreshAfterRejection(rejected)).toBe(replaced[0]);
    expect(world.tokenRequests()).toHaveLength(1);
  });

  it('says Spotify is not connected when nothing is stored', async () => {
    const world = setUp();
    const error = await caught(keeper(world, undefined).tokenKeeper.accessToken());
    expect(error).toBeInstanceOf(SpotifyReconnectNeeded);
    expect((error as SpotifyReconnectNeeded).reason).toBe('not-connected');
  });

  it('asks every waiting caller to reconnect when the refresh is refused', async () => {
    const world = setUp();
    const tokens = world.services.connect();
    world.services.revokeRefreshTokens();
    const { tokenKeeper, saved } = keeper(world, tokens);
    world.advance(2 * HOUR);
    const results = await Promise.allSettled([tokenKeeper.accessToken(), tokenKeeper.accessToken()]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(SpotifyReconnectNeeded);
    }
    expect(world.tokenRequests()).toHaveLength(1);
    expect(saved).toHaveLength(0);
  });
});
