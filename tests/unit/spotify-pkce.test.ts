import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  codeChallenge,
  createCodeVerifier,
  createPkceAttempt,
  createState,
  parseRedirect,
  SPOTIFY_SCOPES,
  SpotifyConnectFailed,
} from '@/lib/spotify';

/** RFC 7636 appendix B: the 32 random octets, and the verifier and challenge they give. */
const RFC_OCTETS = new Uint8Array([
  116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
]);
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

const UNRESERVED = /^[A-Za-z0-9\-._~]+$/;
const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';

describe('PKCE verifier and challenge', () => {
  it('gives RFC 7636 appendix B’s verifier and S256 challenge for its octets', async () => {
    expect(createCodeVerifier(RFC_OCTETS)).toBe(RFC_VERIFIER);
    expect(await codeChallenge(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
  });

  it.each([
    { bytes: 31, length: undefined },
    { bytes: 32, length: 43 },
    { bytes: 64, length: 86 },
    { bytes: 96, length: 128 },
    { bytes: 97, length: undefined },
  ])('makes a verifier of 43-128 unreserved characters from $bytes random bytes, or refuses', ({ bytes, length }) => {
    const random = new Uint8Array(bytes).map((_, i) => (i * 97 + 13) % 256);
    if (length === undefined) {
      expect(() => createCodeVerifier(random)).toThrow(RangeError);
    } else {
      const verifier = createCodeVerifier(random);
      expect(verifier).toHaveLength(length);
      expect(verifier).toMatch(UNRESERVED);
    }
  });

  it('draws fresh verifiers and states from crypto.getRandomValues', async () => {
    const first = await createPkceAttempt();
    const second = await createPkceAttempt();
    expect(first.verifier).toMatch(UNRESERVED);
    expect(first.verifier.length).toBeGreaterThanOrEqual(43);
    expect(first.verifier).not.toBe(second.verifier);
    expect(first.state).not.toBe(second.state);
    expect(createState()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(first.challenge).toBe(await codeChallenge(first.verifier));
    // base64url of a SHA-256 digest, without padding
    expect(first.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('authorizeUrl', () => {
  it('asks accounts.spotify.com for a code with an S256 challenge, the state and RunSound’s scopes', () => {
    const url = new URL(authorizeUrl({ clientId: 'client-1', redirectUri: REDIRECT, challenge: RFC_CHALLENGE, state: 'state-1' }));
    expect(url.origin + url.pathname).toBe('https://accounts.spotify.com/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client-1',
      response_type: 'code',
      redirect_uri: REDIRECT,
      code_challenge_method: 'S256',
      code_challenge: RFC_CHALLENGE,
      scope:
        'playlist-modify-private playlist-modify-public user-top-read user-library-read playlist-read-private playlist-read-collaborative user-read-recently-played ugc-image-upload',
      state: 'state-1',
    });
    expect(SPOTIFY_SCOPES).toHaveLength(8);
  });
});

describe('parseRedirect', () => {
  it('returns the authorization code when the state matches', () => {
    expect(parseRedirect(`${REDIRECT}?code=AQD-code&state=s1`, 's1')).toBe('AQD-code');
  });

  it.each([
    { case: 'another attempt’s state', url: `${REDIRECT}?code=AQD&state=other`, reason: 'state-mismatch', words: /does not belong to this connection attempt/ },
    { case: 'no state at all', url: `${REDIRECT}?code=AQD`, reason: 'state-mismatch', words: /state does not match/ },
    { case: 'a refusal for another attempt', url: `${REDIRECT}?error=access_denied&state=other`, reason: 'state-mismatch', words: /ignored it/ },
    { case: 'the runner clicked Cancel', url: `${REDIRECT}?error=access_denied&state=s1`, reason: 'denied', words: /^You did not allow RunSound/ },
    { case: 'another error from Spotify', url: `${REDIRECT}?error=invalid_scope&state=s1`, reason: 'spotify-error', words: /invalid_scope/ },
    { case: 'no code', url: `${REDIRECT}?state=s1`, reason: 'no-code', words: /without an authorization code/ },
    { case: 'not a URL', url: 'chromiumapp', reason: 'no-code', words: /without an authorization code/ },
  ])('refuses $case with a clear message', ({ url, reason, words }) => {
    let error: unknown;
    try {
      parseRedirect(url, 's1');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SpotifyConnectFailed);
    expect((error as SpotifyConnectFailed).reason).toBe(reason);
    expect((error as Error).message).toMatch(words);
  });
});
