/**
 * What the runner's settings may hold, in one place: the messages that set them (lib/messages.ts)
 * and a backup that carries them (lib/backup/carried.ts) check them alike, so a restored setting
 * is always one the screens and the background take.
 */
import { z } from './zod';

/** Beats a minute at rest, and at most: what the settings take. */
export const RESTING_HEART_RATE = { min: 30, max: 110 } as const;
export const MAX_HEART_RATE = { min: 120, max: 230 } as const;
export const restingHeartRateSchema = z.number().int().min(RESTING_HEART_RATE.min).max(RESTING_HEART_RATE.max);
export const maxHeartRateSchema = z.number().int().min(MAX_HEART_RATE.min).max(MAX_HEART_RATE.max);
export const loadMethodSchema = z.enum(['heart-rate', 'pace']);
/** A playlist of a fixed length: 5 to 100 tracks (null: as long as the run). */
export const TRACK_COUNT = { min: 5, max: 100 } as const;
export const trackCountSchema = z.number().int().min(TRACK_COUNT.min).max(TRACK_COUNT.max).nullable();
/** A place on Earth, with its name when it was found by search. */
export const placeSchema = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), name: z.string().max(200).optional() });

/** A heart rate at rest below the heart rate at most, when both are given (else every load is 0/0). */
export const heartRatesInOrder = (rates: { restingHeartRate?: number | null; maxHeartRate?: number | null }): boolean =>
  rates.restingHeartRate == null || rates.maxHeartRate == null || rates.restingHeartRate < rates.maxHeartRate;
