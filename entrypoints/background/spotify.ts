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
  SpotifyReconnectNeeded,
  TokenKeeper,
  type SpotifyTokens,
} from '@/lib/spotify';
import type { SpotifyStatus } from '@/lib/sync-status';
import { RunStore } from '@/lib/run-store';
import { openDb } from '@/utils/db';
import { spotifyClientId, spotifyPendingAuth, spotifyStatus } from '@/utils/settings';

const TOKENS_KEY = 'spotifyTokens';
const store = () => new RunStore(openDb());
const fetchFn: typeof fetch = (input, init) => fetch(input, init);

async function publish(status: SpotifyStatus): Promise<SpotifyStatus> {
  await spotifyStatus.setValue(status);
  return status;
}

/** The redirect URI the runner registers in their Spotify app: fixed by the extension's id. */
export function redirectUri(): string {
  return browser.identity.getRedirectURL();
}

let keeper: { clientId: string; tokens: TokenKeeper } | undefined;

/** One keeper for the worker's life: it is what makes refreshes single-flight. */
async function tokenKeeper(): Promise<TokenKeeper> {
  const clientId = await spotifyClientId.getValue();
  if (!keeper || keeper.clientId !== clientId) {
    keeper = {
      clientId,
      tokens: new TokenKeeper({
        fetch: fetchFn,
        clientId,
        load: () => store().getState<SpotifyTokens | undefined>(TOKENS_KEY, undefined),
        save: (tokens) => store().putState(TOKENS_KEY, tokens),
      }),
    };
  }
  return keeper.tokens;
}

/** The Spotify client, for the jobs that talk to Spotify. */
export async function spotify() {
  return spotifyApi({ fetch: fetchFn, tokens: await tokenKeeper() });
}

/** The tokens, for jobs that make their own client (to count their requests). */
export const spotifyTokens = tokenKeeper;

export async function connectSpotify(): Promise<SpotifyStatus> {
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
    await store().putState(TOKENS_KEY, tokens);
    keeper = undefined;
    const me = await fetchMe(await spotify());
    return await publish({ state: 'connected', account: me.displayName, message: `Connected to Spotify as ${me.displayName}.` });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The runner closed the window: say it plainly, without the browser's wording.
    const closed = /did not approve|user cancell?ed|window was closed/i.test(message);
    return publish({
      state: 'disconnected',
      message: closed ? 'The Spotify sign-in was closed before it finished. Press Connect to try again.' : `Spotify could not be connected: ${message}`,
    });
  } finally {
    await spotifyPendingAuth.setValue(null);
  }
}

export async function disconnectSpotify(): Promise<SpotifyStatus> {
  await store().putState(TOKENS_KEY, undefined);
  keeper = undefined;
  return publish({ state: 'disconnected', message: 'Spotify is disconnected. RunSound keeps no token.' });
}

/** An expired or revoked grant: the runner must connect again. */
export async function noteSpotifyError(error: unknown): Promise<void> {
  if (error instanceof SpotifyReconnectNeeded) {
    await publish({ state: 'reconnect', message: `${error.message} Connect Spotify again in RunSound’s settings.` });
  }
}
