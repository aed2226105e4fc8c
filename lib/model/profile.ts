import { z } from '../zod';

/** Where a predicted target comes from: the research prior, or the runner's own model. */
export const PROFILE_SOURCES = ['prior', 'model'] as const;
export type ProfileSource = (typeof PROFILE_SOURCES)[number];

const targetSchema = z.object({
  value: z.number(),
  source: z.enum(PROFILE_SOURCES),
  /** Plain-language reasons, most important first. */
  reasons: z.array(z.string()),
  /** How well the runner's model did on their newest runs (model only). */
  accuracy: z
    .object({ r2: z.number(), mae: z.number(), baselineMae: z.number(), nTrain: z.number(), nTest: z.number() })
    .optional(),
  /** Why the model said so: the features that pushed the prediction most, and by how much. */
  pushes: z.array(z.object({ feature: z.string(), label: z.string(), effect: z.number() })).optional(),
});

/** The music profile of a planned run: what RunSound would look for in Spotify. */
export const musicProfileSchema = z.object({
  /** Target tempo in BPM: the predicted cadence in steps per minute. */
  tempo: targetSchema,
  /** Energy 0-1: how intense the music should feel. */
  energy: targetSchema,
  /** Valence 0-1: how positive the music should feel. */
  valence: targetSchema,
});
export type MusicProfile = z.infer<typeof musicProfileSchema>;
export type ProfileTarget = z.infer<typeof targetSchema>;

/** Half-time tempo: a track at half the cadence puts one beat on every second step. */
export function halfTimeBpm(tempoBpm: number): number {
  return Math.round(tempoBpm / 2);
}
