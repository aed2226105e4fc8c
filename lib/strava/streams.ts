/**
 * A run's streams (/activities/<id>/streams): one JSON object keyed by stream type, each an
 * array of equal length; a stream that was not recorded is simply absent. From them come the
 * numbers the activity list lacks.
 */
import { maxOf } from '../training-load/stats';
import { z } from '../zod';
import type { RunFacts } from '../runs';
import { getStravaJson, type Fetch } from './session';

const STREAMS_ENDPOINT = '/activities/<id>/streams';
export const STREAM_TYPES = ['time', 'distance', 'heartrate', 'cadence', 'latlng', 'altitude', 'moving'] as const;

const numbers = z.array(z.number().nullable());
export const streamsSchema = z
  .looseObject({
    time: numbers,
    distance: numbers.optional(),
    heartrate: numbers.optional(),
    cadence: numbers.optional(),
    altitude: numbers.optional(),
    latlng: z.array(z.tuple([z.number(), z.number()]).nullable()).optional(),
    moving: z.array(z.boolean().nullable()).optional(),
    velocity_smooth: numbers.optional(),
  })
  .refine((s) => [s.distance, s.heartrate, s.cadence, s.altitude, s.latlng, s.moving].every((stream) => !stream || stream.length === s.time.length), {
    message: 'streams of different lengths',
  });
export type Streams = z.infer<typeof streamsSchema>;

export type StreamSummary = Pick<
  RunFacts,
  'distanceMeters' | 'movingTimeSeconds' | 'averageCadenceSpm' | 'averageHeartRate' | 'maxHeartRate' | 'start' | 'elevationGainMeters'
>;

/** Below this speed a runner is standing, when Strava sent no `moving` stream. */
const STANDING_MPS = 0.5;
/** Altitude changes smaller than this are GPS noise, not climbing. */
const CLIMB_NOISE_M = 2;

function mean(values: number[]): number | undefined {
  return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : undefined;
}

/** Steps a minute of one leg (Strava's cadence stream counts one) and beats a minute, past which a sample is no reading. */
const MOST_CADENCE_PER_LEG = 150;
const MOST_HEART_RATE = 250;

/** Distance, moving time, cadence (both legs), heart rate, start and climb of a run's streams. */
export function summariseStreams(streams: Streams): StreamSummary {
  const { time, distance, heartrate, cadence, altitude, latlng, moving } = streams;
  const n = time.length;
  const isMoving: boolean[] = [];
  let movingSeconds = 0;
  for (let i = 0; i < n; i++) {
    let step = false;
    if (i > 0) {
      const dt = (time[i] ?? 0) - (time[i - 1] ?? 0);
      const dd = distance ? (distance[i] ?? 0) - (distance[i - 1] ?? 0) : undefined;
      step = moving ? moving[i] === true : dd !== undefined ? dt > 0 && dd / dt >= STANDING_MPS : dt > 0;
      if (step) movingSeconds += dt;
    }
    isMoving.push(step);
  }
  const whileMoving = (stream: Array<number | null> | undefined, keep: (v: number) => boolean) =>
    stream ? stream.filter((v, i): v is number => isMoving[i] === true && v !== null && keep(v)) : [];

  // A sample no body makes (a cadence of 1e308, a heart beating 400 times a minute) is a device's garbage, left out.
  const cadencePerLeg = mean(whileMoving(cadence, (v) => v > 0 && v <= MOST_CADENCE_PER_LEG));
  const heart = whileMoving(heartrate, (v) => v > 0 && v <= MOST_HEART_RATE);
  // A fix off the globe (a latitude of -91) is a device's garbage, never where the run started.
  const firstFix = latlng?.find((point) => point !== null && Math.abs(point[0]) <= 90 && Math.abs(point[1]) <= 180);

  let climb: number | undefined;
  if (altitude && altitude.some((v) => v !== null)) {
    climb = 0;
    let reference: number | undefined;
    for (const value of altitude) {
      if (value === null) continue;
      if (reference === undefined) reference = value;
      else if (value - reference >= CLIMB_NOISE_M) {
        climb += value - reference;
        reference = value;
      } else if (reference - value >= CLIMB_NOISE_M) reference = value;
    }
  }

  const totalDistance = distance ? distance.reduce<number | undefined>((last, v) => (v === null ? last : v), undefined) : undefined;
  return {
    distanceMeters: totalDistance,
    movingTimeSeconds: n > 1 ? movingSeconds : undefined,
    averageCadenceSpm: cadencePerLeg === undefined ? undefined : cadencePerLeg * 2,
    averageHeartRate: mean(heart),
    maxHeartRate: maxOf(heart),
    start: firstFix ? { lat: firstFix[0], lng: firstFix[1] } : undefined,
    elevationGainMeters: climb,
  };
}

/** A run's streams, or undefined when it has none (a manual entry: Strava answers 404). */
export async function fetchStreams(fetchFn: Fetch, activityId: string): Promise<Streams | undefined> {
  const query = STREAM_TYPES.map((type) => `stream_types[]=${type}`).join('&');
  return getStravaJson(fetchFn, `/activities/${activityId}/streams?${query}`, streamsSchema, STREAMS_ENDPOINT);
}
