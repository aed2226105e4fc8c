/**
 * Spotify's tokens: the code exchange after the sign-in, refreshes, and a TokenKeeper that hands
 * out a valid access token. Spotify rotates refresh tokens: a refresh may return a new one (store
 * it: the old one may stop working) or none (keep the old). Two refreshes at once burn the token,
 * so the keeper runs one at a time and lets every caller share it. Pure: fetch, the clock and
 * storage are handed in; tokens stay in the background that owns the keeper.
 */
import { z } from '../zod';
import { SpotifyConnectFailed, SpotifyHttpError, SpotifyOffline, SpotifyRateLimited, SpotifyReconnectNeeded, SpotifyShapeChanged } from './errors';
import { firstIssue, readJsonLoosely, REQUEST_TIMEOUT_MS, retryAfterMs, type Clock, type Fetch } from './http';
import type { RequestCounter } from './request-counter';

export const SPOTIFY_TOKEN_URL = 'https://accounts.spotify.com/api/token';
const ENDPOINT = `POST ${SPOTIFY_TOKEN_URL}`;

export interface SpotifyTokens {
  accessToken: string;
  refreshToken: string;
  /** When the access token stops working (epoch ms). */
  expiresAt: number;
  /** The granted scopes, space-separated as Spotify writes them. */
  scope: string;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().positive(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
});

const tokenErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

type TokenResponse = z.infer<typeof tokenResponseSchema>;

async function postTokenForm(fetchFn: Fetch, form: Record<string, string>, now: Clock, counter?: RequestCounter): Promise<TokenResponse> {
  counter?.count('spotify-accounts');
  let response: Response;
  try {
    response = await fetchFn(SPOTIFY_TOKEN_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new SpotifyOffline(ENDPOINT, error);
  }
  const { json } = await readJsonLoosely(response);
  if (!response.ok) {
    if (response.status === 429) {
      const wait = retryAfterMs(response, now()) ?? 30_000;
      throw new SpotifyRateLimited(ENDPOINT, now() + wait, wait);
    }
    const failure = tokenErrorSchema.safeParse(json);
    if (failure.success) {
      const { error, error_description: description } = failure.data;
      // A revoked, expired or ~6-month-old grant, or a code already used: only a new sign-in helps.
      if (error === 'invalid_grant') throw new SpotifyReconnectNeeded('grant-invalid', ENDPOINT, description);
      if (error === 'invalid_client') throw new SpotifyConnectFailed('bad-client', description ?? error);
      throw new SpotifyHttpError(ENDPOINT, response.status, description ?? error);
    }
    throw new SpotifyHttpError(ENDPOINT, response.status, '');
  }
  const parsed = tokenResponseSchema.safeParse(json);
  if (!parsed.success) throw new SpotifyShapeChanged(ENDPOINT, json === undefined ? 'not JSON' : firstIssue(parsed.error));
  return parsed.data;
}

export interface ExchangeCodeRequest {
  fetch: Fetch;
  clientId: string;
  code: string;
  redirectUri: string;
  verifier: string;
  now?: Clock;
  counter?: RequestCounter;
}

/** Trades the authorization code from the redirect for the first tokens. */
export async function exchangeCode({ fetch: fetchFn, clientId, code, redirectUri, verifier, now = Date.now, counter }: ExchangeCodeRequest): Promise<SpotifyTokens> {
  // The clock is read before asking, so the token is never thought to live longer than it does.
  const askedAt = now();
  const answer = await postTokenForm(
    fetchFn,
    { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier },
    now,
    counter,
  );
  if (!answer.refresh_token) throw new SpotifyShapeChanged(ENDPOINT, 'refresh_token: missing after the code exchange');
  return { accessToken: answer.access_token, refreshToken: answer.refresh_token, expiresAt: askedAt + answer.expires_in * 1000, scope: answer.scope ?? '' };
}

export interface RefreshTokensRequest {
  fetch: Fetch;
  clientId: string;
  refreshToken: string;
  now?: Clock;
  /** The scopes granted so far: kept when the answer does not repeat them. */
  scope?: string;
  counter?: RequestCounter;
}

/** A new access token; the refresh token Spotify returns, or the old one when it returns none. */
export async function refreshTokens({ fetch: fetchFn, clientId, refreshToken, now = Date.now, scope = '', counter }: RefreshTokensRequest): Promise<SpotifyTokens> {
  const askedAt = now();
  const answer = await postTokenForm(fetchFn, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId }, now, counter);
  return {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token ?? refreshToken,
    expiresAt: askedAt + answer.expires_in * 1000,
    scope: answer.scope ?? scope,
  };
}

/** The scopes in a granted `scope` string that RunSound asked for but did not get. */
export function missingScopes(granted: string, wanted: readonly string[]): string[] {
  const have = new Set(granted.split(/\s+/).filter(Boolean));
  return wanted.filter((scope) => !have.has(scope));
}

/** What the Spotify client needs from a keeper of tokens. */
export interface AccessTokenSource {
  /** A token valid for at least the next minute. */
  accessToken(counter?: RequestCounter): Promise<string>;
  /** A token other than `rejected`, which Spotify just answered 401 to. */
  refreshAfterRejection(rejected: string, counter?: RequestCounter): Promise<string>;
}

export interface TokenKeeperOptions {
  fetch: Fetch;
  clientId: string;
  /** The stored tokens, or undefined when Spotify is not connected. */
  load: () => Promise<SpotifyTokens | undefined>;
  /** Stores tokens after every refresh (with the rotated refresh token). */
  save: (tokens: SpotifyTokens) => Promise<void>;
  now?: Clock;
  /** Refresh when the access token expires within this margin. */
  refreshMarginMs?: number;
}

export const REFRESH_MARGIN_MS = 60_000;

/**
 * Keeps the runner's tokens and hands out valid access tokens. One keeper per background:
 * it holds the tokens in memory after the first load, and all its callers share one refresh.
 */
export class TokenKeeper implements AccessTokenSource {
  private current: SpotifyTokens | undefined;
  private loading: Promise<SpotifyTokens | undefined> | undefined;
  private refreshing: Promise<SpotifyTokens> | undefined;
  private readonly now: Clock;
  private readonly marginMs: number;

  constructor(private readonly options: TokenKeeperOptions) {
    this.now = options.now ?? Date.now;
    this.marginMs = options.refreshMarginMs ?? REFRESH_MARGIN_MS;
  }

  async accessToken(counter?: RequestCounter): Promise<string> {
    const tokens = await this.tokens();
    if (tokens.expiresAt - this.now() > this.marginMs) return tokens.accessToken;
    return (await this.refreshOnce(tokens, counter)).accessToken;
  }

  async refreshAfterRejection(rejected: string, counter?: RequestCounter): Promise<string> {
    const tokens = await this.tokens();
    // Another caller already replaced the rejected token.
    if (tokens.accessToken !== rejected) return tokens.accessToken;
    return (await this.refreshOnce(tokens, counter)).accessToken;
  }

  /** After a new sign-in: keep and store these tokens. */
  async replace(tokens: SpotifyTokens): Promise<void> {
    this.current = tokens;
    await this.options.save(tokens);
  }

  /** After a disconnect: the keeper reads storage again next time. */
  forget(): void {
    this.current = undefined;
    this.loading = undefined;
  }

  private async tokens(): Promise<SpotifyTokens> {
    if (!this.current) {
      this.loading ??= this.options.load().finally(() => (this.loading = undefined));
      this.current ??= await this.loading;
    }
    if (!this.current) throw new SpotifyReconnectNeeded('not-connected', ENDPOINT);
    return this.current;
  }

  /** Refreshes `stale`, unless another caller has already done so or is doing so. */
  private refreshOnce(stale: SpotifyTokens, counter?: RequestCounter): Promise<SpotifyTokens> {
    if (this.refreshing) return this.refreshing;
    if (this.current && this.current !== stale && this.current.expiresAt - this.now() > this.marginMs) return Promise.resolve(this.current);
    this.refreshing = this.refresh(stale, counter).finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async refresh(stale: SpotifyTokens, counter?: RequestCounter): Promise<SpotifyTokens> {
    const fresh = await refreshTokens({
      fetch: this.options.fetch,
      clientId: this.options.clientId,
      refreshToken: stale.refreshToken,
      scope: stale.scope,
      now: this.now,
      counter,
    });
    // In memory first: even if storing fails, this background goes on with the rotated token.
    this.current = fresh;
    await this.options.save(fresh);
    return fresh;
  }
}
