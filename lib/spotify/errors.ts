/**
 * What can go wrong between RunSound and Spotify, each in words a runner can act on. Every
 * message names the endpoint, so a report from a runner says where it broke.
 */

/** Why the runner has to connect Spotify (again). */
export type ReconnectReason = 'not-connected' | 'grant-invalid' | 'unauthorized';

/** Spotify no longer accepts RunSound's sign-in: only connecting again helps. */
export class SpotifyReconnectNeeded extends Error {
  override name = 'SpotifyReconnectNeeded';
  constructor(
    readonly reason: ReconnectReason,
    readonly endpoint: string,
    detail?: string,
  ) {
    super(reconnectMessage(reason, endpoint, detail));
  }
}

function reconnectMessage(reason: ReconnectReason, endpoint: string, detail?: string): string {
  const spotifySays = detail ? ` Spotify said: "${detail}".` : '';
  switch (reason) {
    case 'not-connected':
      return 'Spotify is not connected yet: connect it in RunSound’s settings.';
    case 'grant-invalid':
      return `Spotify no longer accepts RunSound’s connection to your account (${endpoint}): it was removed in your Spotify account, it expired, or it is about 6 months old.${spotifySays} Connect Spotify again in RunSound’s settings.`;
    case 'unauthorized':
      return `Spotify refused RunSound’s sign-in even after renewing it (${endpoint}).${spotifySays} Connect Spotify again in RunSound’s settings.`;
  }
}

/** The sign-in at accounts.spotify.com did not give RunSound an authorization code. */
export type ConnectFailure = 'denied' | 'state-mismatch' | 'no-code' | 'spotify-error' | 'bad-client';

export class SpotifyConnectFailed extends Error {
  override name = 'SpotifyConnectFailed';
  constructor(
    readonly reason: ConnectFailure,
    detail?: string,
  ) {
    super(connectMessage(reason, detail));
  }
}

function connectMessage(reason: ConnectFailure, detail?: string): string {
  switch (reason) {
    case 'denied':
      return 'You did not allow RunSound to use your Spotify account, so nothing was connected. To connect, click Connect again and choose “Agree” on Spotify’s page.';
    case 'state-mismatch':
      return 'The answer from Spotify’s sign-in page does not belong to this connection attempt (its state does not match), so RunSound ignored it. Click Connect again.';
    case 'no-code':
      return 'Spotify’s sign-in page came back without an authorization code, so nothing was connected. Click Connect again.';
    case 'spotify-error':
      return `Spotify’s sign-in answered with an error (${detail ?? 'unknown'}), so nothing was connected. Check the Client ID and the redirect URI of your Spotify app, then click Connect again.`;
    case 'bad-client':
      return `Spotify does not accept the Client ID in RunSound’s settings (POST https://accounts.spotify.com/api/token: ${detail ?? 'invalid client'}). Copy the Client ID of your app from the Spotify Developer Dashboard again.`;
  }
}

/** Why Spotify answered 403. */
export type ForbiddenReason = 'not-on-user-list' | 'missing-scope' | 'unavailable';

const USER_LIST_STEPS = 'Spotify Developer Dashboard → your app → User Management → add your Spotify e-mail';

/** Spotify answered 403: the runner is not on their app's user list, or the endpoint is closed to dev-mode apps. */
export class SpotifyForbidden extends Error {
  override name = 'SpotifyForbidden';
  constructor(
    readonly endpoint: string,
    readonly reason: ForbiddenReason,
    readonly detail: string,
  ) {
    super(forbiddenMessage(endpoint, reason, detail));
  }
}

function forbiddenMessage(endpoint: string, reason: ForbiddenReason, detail: string): string {
  const spotifySays = detail ? ` (Spotify said: "${detail}")` : '';
  switch (reason) {
    case 'not-on-user-list':
      return `Spotify refused ${endpoint} because your Spotify account is not on your app’s user list${spotifySays}. An app in development mode only lets listed users in: open ${USER_LIST_STEPS}, then try again.`;
    case 'missing-scope':
      return `Spotify refused ${endpoint} because RunSound’s connection lacks a permission it needs${spotifySays}. Disconnect Spotify in RunSound’s settings and connect again to grant it.`;
    case 'unavailable':
      return `Spotify refused ${endpoint}${spotifySays}. Either your Spotify account is not on your app’s user list (${USER_LIST_STEPS}), or Spotify does not offer ${endpoint} to apps in development mode.`;
  }
}

/** Spotify answered 404. */
export class SpotifyNotFound extends Error {
  override name = 'SpotifyNotFound';
  constructor(readonly endpoint: string) {
    super(`Spotify found nothing at ${endpoint} (404): the playlist or track may have been deleted, or Spotify removed this endpoint.`);
  }
}

/** Spotify kept answering 429 for longer than RunSound waits while the runner watches. */
export class SpotifyRateLimited extends Error {
  override name = 'SpotifyRateLimited';
  constructor(
    readonly endpoint: string,
    /** When asking again makes sense (epoch ms). */
    readonly retryAt: number,
    retryAfterMs: number,
  ) {
    super(`Spotify asked RunSound to slow down (${endpoint}). Try again in ${aboutDuration(retryAfterMs)}.`);
  }
}

/** RunSound waits at least this long after Spotify answers 429 with QUOTA_EXCEEDED. */
export const QUOTA_BACKOFF_MS = 60 * 60_000;

/** Spotify answered 429 with `error.reason: "QUOTA_EXCEEDED"`: the app's quota is spent for a while. */
export class SpotifyQuotaExceeded extends Error {
  override name = 'SpotifyQuotaExceeded';
  constructor(
    readonly endpoint: string,
    /** No request to Spotify before this time (epoch ms). */
    readonly retryAt: number,
    retryAfterMs: number,
  ) {
    super(`Your Spotify app has used up its request quota for now (${endpoint}). RunSound stops asking so the quota can recover: try again in ${aboutDuration(retryAfterMs)}.`);
  }
}

/** Spotify could not be reached at all. */
export class SpotifyOffline extends Error {
  override name = 'SpotifyOffline';
  constructor(
    readonly endpoint: string,
    cause?: unknown,
  ) {
    super(`RunSound could not reach Spotify (${endpoint}). Check your internet connection and try again.`, { cause });
  }
}

/** Spotify answered 5xx, or another 4xx RunSound does not expect. */
export class SpotifyHttpError extends Error {
  override name = 'SpotifyHttpError';
  constructor(
    readonly endpoint: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(
      status >= 500
        ? `Spotify is having trouble (${endpoint} answered ${status}). Try again in a few minutes.`
        : `Spotify refused ${endpoint} (${status}${detail ? `: "${detail}"` : ''}).`,
    );
  }
}

/** An answer not in the shape RunSound knows: Spotify changed something. */
export class SpotifyShapeChanged extends Error {
  override name = 'SpotifyShapeChanged';
  constructor(
    readonly endpoint: string,
    detail: string,
  ) {
    super(`Spotify’s answer from ${endpoint} is not in the shape RunSound knows (${detail}). Spotify may have changed its API; RunSound stops here so nothing wrong is saved.`);
  }
}

/** "about an hour", "about 2 minutes", "a few seconds". */
export function aboutDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (ms < 45_000) return 'a few seconds';
  if (minutes < 2) return 'about a minute';
  if (minutes < 55) return `about ${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  return hours <= 1 ? 'about an hour' : `about ${hours} hours`;
}
