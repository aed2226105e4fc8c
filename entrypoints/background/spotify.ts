/**
 * Spotify for the background, the only place that ever holds its tokens: the runner's sign-in
 * (Authorization Code with PKCE through the identity API, started here and never from the popup,
 * which closes when the sign-in window takes focus), the tokens in IndexedDB (which content
 * scripts cannot read), and one client whose refreshes are single-flight.
 */
import { browser } from 'wxt/browser';
import {
  authorizeUrl,
  createPkceAttempt,
  exchangeCode,
  fetchMe,
  parseRedirect,
  spotifyApi,
  SpotifyConnectFailed,
  SpotifyQuotaExceeded,
  SpotifyRateLimited,
  SpotifyReconnectNeeded,
  TokenKeeper,
  type SpotifyTokens,
} from '@/lib/spotify';
import type { SpotifyStatus } from '@/lib/sync-status';
import { singleFlight, statusChannel } from '@/lib/jobs';
import { RunStore } from '@/lib/run-store';
import { openDb } from '@/storage/db';
import { spotifyBackoffUntil, spotifyClientId, spotifyPendingAuth, spotifyStatus } from '@/storage/settings';

const TOKENS_KEY = 'spotifyTokens';

/**
 * The tokens as the background keeps them: with the Client ID they were issued to (a refresh
 * must name it) and when the runner signed in (Spotify ends the link six months later).
 */
type StoredTokens = SpotifyTokens & { clientId?: string; signedInAt?: number };

const storedTokens = () => store().getState<StoredTokens | undefined>(TOKENS_KEY, undefined);
const store = () => new RunStore(openDb());
const fetchFn: typeof fetch = (input, init) => fetch(input, init);

/** Each update is the whole status: an account or link end said before is not kept. */
const status = statusChannel(spotifyStatus);
const publish = (value: SpotifyStatus) => status.replace(value);

/** Spotify ends a link six months after the sign-in, whatever the refreshes (its 2026 rule). */
export const LINK_LASTS_MS = 182 * 86_400_000;
const linkEnd = (signedInAt: number) => signedInAt + LINK_LASTS_MS;

/** When the runner's Spotify link ends (epoch ms), or undefined when RunSound does not know the sign-in. */
export async function spotifyLinkEndsAt(): Promise<number | undefined> {
  const signedInAt = (await storedTokens())?.signedInAt;
  return signedInAt === undefined ? undefined : linkEnd(signedInAt);
}

/** The redirect URI the runner registers in their Spotify app: fixed by the extension's id. */
export function redirectUri(): string {
  return browser.identity.getRedirectURL();
}

let keeper: { clientId: string; tokens: TokenKeeper } | undefined;

/**
 * One keeper for the worker's life: it is what makes refreshes single-flight. A keeper that was
 * let go (a disconnect, another Client ID) stores nothing any more: a refresh it had under way
 * must not bring back tokens the runner removed.
 */
async function tokenKeeper(): Promise<TokenKeeper> {
  // The tokens' own Client ID: the setting may already hold another, for a sign-in not finished.
  const clientId = (await storedTokens())?.clientId ?? (await spotifyClientId.getValue());
  if (!keeper || keeper.clientId !== clientId) {
    const entry: { clientId: string; tokens: TokenKeeper } = { clientId, tokens: undefined as unknown as TokenKeeper };
    entry.tokens = new TokenKeeper({
      fetch: fetchFn,
      clientId,
      load: storedTokens,
      save: async (tokens) => {
        if (keeper !== entry) return;
        const before = await storedTokens();
        await store().putState(TOKENS_KEY, { ...tokens, clientId, signedInAt: before?.signedInAt });
      },
    });
    keeper = entry;
  }
  return keeper.tokens;
}

/** The Spotify client, for the jobs that talk to Spotify. */
export async function spotify() {
  return spotifyApi({ fetch: fetchFn, tokens: await tokenKeeper() });
}

/** The tokens, for jobs that make their own client (to count their requests). */
export const spotifyTokens = tokenKeeper;

/** The scopes the runner granted RunSound, space-separated ("" when not connected). */
export async function grantedScopes(): Promise<string> {
  return (await storedTokens())?.scope ?? '';
}

const signingIn = singleFlight(() => signIn());

/** One sign-in at a time: a second click waits for the first. */
export function connectSpotify(): Promise<SpotifyStatus> {
  return signingIn.run();
}

async function signIn(): Promise<SpotifyStatus> {
  const before = await spotifyStatus.getValue();
  const clientId = (await spotifyClientId.getValue()).trim();
  if (!clientId) return publish({ state: 'not-set-up', message: 'Add your Spotify app’s Client ID first.' });
  await publish({ state: 'connecting', message: 'Waiting for you to sign in to Spotify…' });
  try {
    const attempt = await createPkceAttempt();
    await spotifyPendingAuth.setValue({ verifier: attempt.verifier, state: attempt.state });
    const redirect = await browser.identity.launchWebAuthFlow({
      url: authorizeUrl({ clientId, redirectUri: redirectUri(), challenge: attempt.challenge, state: attempt.state }),
      interactive: true,
    });
    const pending = await spotifyPendingAuth.getValue();
    if (!redirect || !pending) throw new SpotifyConnectFailed('no-code', 'Spotify did not send RunSound back a sign-in.');
    const code = parseRedirect(redirect, pending.state);
    const tokens = await exchangeCode({ fetch: fetchFn, clientId, code, redirectUri: redirectUri(), verifier: pending.verifier });
    const signedInAt = Date.now();
    keeper?.tokens.forget();
    keeper = undefined;
    await store().putState(TOKENS_KEY, { ...tokens, clientId, signedInAt } satisfies StoredTokens);
    const me = await fetchMe(await spotify());
    return await publish({ state: 'connected', account: me.displayName, message: `Connected to Spotify as ${me.displayName}.`, linkEndsAt: linkEnd(signedInAt) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The runner closed the window: say it plainly, without the browser's wording.
    const closed = /did not approve|user cancell?ed|window was closed/i.test(message);
    const text = closed ? 'The Spotify sign-in was closed before it finished.' : `Spotify could not be connected: ${message}`;
    // A failed reconnect leaves a working connection as it was, with the app it was made with.
    const working = await storedTokens();
    const stillConnected = working !== undefined && before.state === 'connected';
    if (stillConnected && working.clientId && working.clientId !== clientId) await spotifyClientId.setValue(working.clientId);
    return publish(
      stillConnected
        ? { ...before, state: 'connected', message: `${text} RunSound is still connected as ${before.account ?? 'before'}.` }
        : { state: 'disconnected', message: closed ? `${text} Press Connect to try again.` : text },
    );
  } finally {
    await spotifyPendingAuth.setValue(null);
  }
}

export async function disconnectSpotify(): Promise<SpotifyStatus> {
  // The keeper is let go first: a refresh it has under way can no longer store what it gets, and a
  // job holding it finds no token at its next request.
  keeper?.tokens.forget();
  keeper = undefined;
  await store().putState(TOKENS_KEY, undefined);
  return publish({ state: 'disconnected', message: 'Spotify is disconnected. RunSound keeps no token.' });
}

/**
 * What a Spotify error means for later: an expired or revoked grant asks the runner to connect
 * again; "quota exceeded" or "slow down" keeps every job away from Spotify until its time.
 */
export async function noteSpotifyError(error: unknown): Promise<void> {
  if (error instanceof SpotifyReconnectNeeded) {
    await publish({ state: 'reconnect', message: `${error.message} Connect Spotify again in RunSound’s settings.` });
  }
  if (error instanceof SpotifyQuotaExceeded || error instanceof SpotifyRateLimited) {
    await spotifyBackoffUntil.setValue(Math.max(await spotifyBackoffUntil.getValue(), error.retryAt));
  }
}

/** A plain sentence when Spotify asked RunSound to wait and the wait is not over; undefined otherwise. */
export async function spotifyWait(): Promise<string | undefined> {
  const until = await spotifyBackoffUntil.getValue();
  if (until <= Date.now()) return undefined;
  return `Spotify asked RunSound to wait: try again after ${new Date(until).toLocaleTimeString()}.`;
}

/** A sign-in or generation the worker was stopped in the middle of cannot finish: say so, and free the buttons. */
export async function clearInterruptedSpotifyWork(): Promise<void> {
  const current = await spotifyStatus.getValue();
  if (current.state === 'connecting' && !signingIn.busy()) {
    const connected = (await storedTokens()) !== undefined;
    await publish(
      connected
        ? { state: 'connected', account: current.account, linkEndsAt: current.linkEndsAt, message: 'The Spotify sign-in was interrupted; RunSound is still connected.' }
        : { state: 'disconnected', message: 'The Spotify sign-in was interrupted. Press Connect to try again.' },
    );
  }
}
