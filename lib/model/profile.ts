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

/** Energy in words, in bands a runner reads at a glance (the prior's run types fall in them: easy low, tempo high). */
const ENERGY_BANDS: ReadonlyArray<readonly [below: number, word: string]> = [
  [0.5, 'Low energy'],
  [0.7, 'Moderate energy'],
  [Infinity, 'High energy'],
];

/** Valence is how positive the music sounds: its mood, in words. */
const MOOD_BANDS: ReadonlyArray<readonly [below: number, word: string]> = [
  [0.35, 'Moody'],
  [0.55, 'Neutral'],
  [0.75, 'Upbeat'],
  [Infinity, 'Joyful'],
];

const band = (bands: typeof ENERGY_BANDS, value: number) => bands.find(([below]) => value < below)![1];

/** "High energy" for an energy of 0.72. */
export function energyInWords(value: number): string {
  return band(ENERGY_BANDS, value);
}

/** "Upbeat" for a valence of 0.62. */
export function moodInWords(value: number): string {
  return band(MOOD_BANDS, value);
}

/** The profile in one line: "158 BPM · High energy · Upbeat". */
export function profileInWords(profile: MusicProfile): string {
  return `${profile.tempo.value} BPM · ${energyInWords(profile.energy.value)} · ${moodInWords(profile.valence.value)}`;
}

/**
 * What changed between two profiles, briefly, for a screen reader: "Tempo 162 BPM, high energy";
 * undefined when nothing a runner reads changed.
 */
export function profileChangeInWords(before: MusicProfile | undefined, after: MusicProfile): string | undefined {
  const parts = [
    !before || before.tempo.value !== after.tempo.value ? `Tempo ${after.tempo.value} BPM` : '',
    !before || energyInWords(before.energy.value) !== energyInWords(after.energy.value) ? energyInWords(after.energy.value).toLowerCase() : '',
    !before || moodInWords(before.valence.value) !== moodInWords(after.valence.value) ? moodInWords(after.valence.value).toLowerCase() : '',
  ].filter(Boolean);
  if (parts.length === 0) return undefined;
  const text = parts.join(', ');
  return text[0]!.toUpperCase() + text.slice(1);
}

/** Where the profile as a whole comes from: the runner's model, the research prior, or both. */
export function profileSourceInWords(profile: MusicProfile): string {
  const sources = new Set([profile.tempo.source, profile.energy.source, profile.valence.source]);
  if (sources.size > 1) return 'your model + research prior';
  return sources.has('model') ? 'your model' : 'research prior';
}

export type ProfileTargetName = keyof MusicProfile;

/**
 * How good a target is, in plain words: "Learned from 120 of your runs: predicts your cadence
 * within ±2 steps/min on your newest runs (always guessing your usual: ±6)." for the model; what
 * the prior is otherwise. (The dashboard's model verdict says the same in the same words.)
 */
export function accuracyInWords(name: ProfileTargetName, target: ProfileTarget): string {
  if (target.source === 'prior' || !target.accuracy) return 'From research on runners, not yet from your own runs.';
  const { mae, baselineMae, nTrain, nTest } = target.accuracy;
  return `Learned from ${nTrain + nTest} of your runs: predicts ${predictsWhat(name)} within ${within(name, mae)} on your newest runs (always guessing your usual: ${within(name, baselineMae)}).`;
}

/** An error in the target's own words: "±3 steps/min", "±8 points out of 100". */
export function within(name: ProfileTargetName, mae: number): string {
  if (name === 'tempo') return `±${Math.max(1, Math.round(mae))} steps/min`;
  return `±${Math.max(1, Math.round(mae * 100))} points out of 100`;
}

/** What a target's model predicts, in the runner's words. */
export function predictsWhat(name: ProfileTargetName): string {
  if (name === 'tempo') return 'your cadence';
  if (name === 'energy') return 'how hard a run is';
  return 'how positive your music should sound';
}
