/** RunSound's Spotify clients: sign-in (PKCE), tokens, and the Web API. */
export * from './api';
export * from './errors';
export * from './pkce';
export * from './request-counter';
export * from './tokens';
