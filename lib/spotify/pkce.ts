/**
 * Spotify's Authorization Code flow with PKCE (RFC 7636, S256), the only flow that needs no
 * client secret: each runner pastes the Client ID of their own Spotify app. Pure: the random
 * bytes and the hash come from a `crypto` the caller may replace; the browser part
 * (`identity.launchWebAuthFlow`) lives in the background.
 */
import { SpotifyConnectFailed } from './errors';

export const SPOTIFY_AUTHORIZE_URL = 'https://accounts.spotify.com/authorize';

/** What RunSound asks the runner to allow, each for one job. */
export const SPOTIFY_SCOPES = [
  'playlist-modify-private', // save the generated playlist (private by default)
  'playlist-modify-public', // ... or public, if the runner prefers
  'user-top-read', // the runner's top tracks and artists: the track pool
  'user-library-read', // saved tracks: the track pool
  'playlist-read-private', // the runner's own playlists: the track pool
  'playlist-read-collaborative', // playlists they collaborate on: the track pool
  'user-read-recently-played', // what was played during a run: listening labels
  'ugc-image-upload', // the playlist's cover
] as const;

export type SpotifyScope = (typeof SPOTIFY_SCOPES)[number];

/** The part of Web Crypto PKCE needs; `globalThis.crypto` in the browser and in Node 20. */
export type PkceCrypto = Pick<Crypto, 'getRandomValues' | 'subtle'>;

/** RFC 7636 §4.1: 43 to 128 characters. */
const VERIFIER_MIN = 43;
const VERIFIER_MAX = 128;
/** 64 random bytes give an 86-character verifier of 512 bits. */
const VERIFIER_BYTES = 64;
const STATE_BYTES = 16;

/** Base64url without padding (RFC 4648 §5): every character is in PKCE's unreserved set. */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A code verifier: the random bytes in base64url, as RFC 7636 §4.1 recommends (no bias from
 * mapping bytes onto 66 characters). 32 to 96 bytes make 43 to 128 characters.
 */
export function createCodeVerifier(randomBytes?: Uint8Array, crypto: PkceCrypto = globalThis.crypto): string {
  const bytes = randomBytes ?? crypto.getRandomValues(new Uint8Array(VERIFIER_BYTES));
  const verifier = base64Url(bytes);
  if (verifier.length < VERIFIER_MIN || verifier.length > VERIFIER_MAX) {
    throw new RangeError(`A PKCE code verifier needs 32 to 96 random bytes (43 to 128 characters); got ${bytes.length} bytes.`);
  }
  return verifier;
}

/** The S256 challenge: base64url(SHA-256(verifier)) without padding. */
export async function codeChallenge(verifier: string, crypto: PkceCrypto = globalThis.crypto): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** An unguessable `state` that ties Spotify's answer to this attempt. */
export function createState(randomBytes?: Uint8Array, crypto: PkceCrypto = globalThis.crypto): string {
  return base64Url(randomBytes ?? crypto.getRandomValues(new Uint8Array(STATE_BYTES)));
}

export interface PkceAttempt {
  verifier: string;
  challenge: string;
  state: string;
}

/** A fresh verifier, its challenge and a state: keep verifier and state in `storage.session` until the redirect. */
export async function createPkceAttempt(crypto: PkceCrypto = globalThis.crypto): Promise<PkceAttempt> {
  const verifier = createCodeVerifier(undefined, crypto);
  return { verifier, challenge: await codeChallenge(verifier, crypto), state: createState(undefined, crypto) };
}

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scopes?: readonly string[];
  challenge: string;
  state: string;
}

/** The accounts.spotify.com page where the runner allows RunSound. */
export function authorizeUrl({ clientId, redirectUri, scopes = SPOTIFY_SCOPES, challenge, state }: AuthorizeRequest): string {
  const url = new URL(SPOTIFY_AUTHORIZE_URL);
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    code_challenge_method: 'S256',
    code_challenge: challenge,
    scope: scopes.join(' '),
    state,
  }).toString();
  return url.href;
}

/**
 * The authorization code from the URL Spotify redirected to, or a SpotifyConnectFailed saying
 * why there is none. The state is checked first: an answer meant for another attempt is not
 * trusted, whatever it says.
 */
export function parseRedirect(redirectUrl: string, expectedState: string): string {
  let params: URLSearchParams;
  try {
    params = new URL(redirectUrl).searchParams;
  } catch {
    throw new SpotifyConnectFailed('no-code');
  }
  if (!expectedState || params.get('state') !== expectedState) throw new SpotifyConnectFailed('state-mismatch');
  const error = params.get('error');
  if (error === 'access_denied') throw new SpotifyConnectFailed('denied');
  if (error) throw new SpotifyConnectFailed('spotify-error', error);
  const code = params.get('code');
  if (!code) throw new SpotifyConnectFailed('no-code');
  return code;
}
