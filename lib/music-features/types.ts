import type { Clock, Fetch, Sleep } from '../spotify/http';
import type { RequestCounter } from '../spotify/request-counter';

/** Where a track's features came from: a service, or the runner correcting its BPM. */
export type FeatureSource = 'reccobeats' | 'deezer' | 'deezer-search' | 'runner';

/** What RunSound knows of one track's sound; `source` is where its tempo came from. */
export interface TrackFeatures {
  /** Beats per minute. */
  tempo?: number;
  /** 0 to 1. */
  energy?: number;
  /** 0 (sad) to 1 (happy). */
  valence?: number;
  source: FeatureSource;
}

export interface FeatureClientOptions {
  fetch: Fetch;
  sleep?: Sleep;
  now?: Clock;
  /** The generation's request counter, shared with the Spotify client. */
  counter?: RequestCounter;
}

export type FeatureServiceName = 'ReccoBeats' | 'Deezer';

/**
 * A feature service is down, too busy, or answers in a shape RunSound does not know. The caller
 * falls back (to Deezer, then to tracks of unknown tempo) and tells the runner.
 */
export class FeatureServiceDown extends Error {
  override name = 'FeatureServiceDown';
  constructor(
    readonly service: FeatureServiceName,
    readonly endpoint: string,
    readonly detail: string,
    /** What was found before it failed, by Spotify track id. */
    readonly partial: ReadonlyMap<string, TrackFeatures> = new Map(),
    /** When the service asked RunSound to come back (epoch ms), when it said. */
    readonly retryAt?: number,
  ) {
    super(`${service}, where RunSound looks up tracks’ tempo, is not answering well right now (${endpoint}: ${detail}). RunSound uses what it already knows and says which tracks have an unknown tempo.`);
  }
}
