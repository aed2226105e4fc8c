/**
 * How tired the runner is likely to be, from fitness (CTL, 42-day load) and fatigue (ATL,
 * 7-day load). Two published rules of thumb, whichever is worse:
 *
 * - The acute:chronic workload ratio ATL / CTL (Gabbett 2016): 0.8-1.3 is the "sweet spot",
 *   above 1.5 injury risk climbs steeply. Below a CTL of 15 (less than a 30-minute easy run
 *   every other day) the ratio is taken against 15: after a break any run would otherwise
 *   read as a dangerous jump, yet a fast ramp back still shows.
 * - Form TSB = CTL − ATL (TrainingPeaks): below −30 is their "high risk" zone; below −20 the
 *   runner is carrying clear fatigue. This catches high-volume runners, whose ratio moves
 *   little.
 */
export type FatigueLevel = 'normal' | 'elevated' | 'high';

export interface Fatigue {
  level: FatigueLevel;
  /** One sentence for the runner. */
  reason: string;
}

export const FATIGUE_THRESHOLDS = {
  elevatedRatio: 1.3,
  highRatio: 1.5,
  elevatedForm: -20,
  highForm: -30,
  chronicFloor: 15,
  /** Below Gabbett's 0.8 the runner is training less than usual: rested, for the wording only. */
  restedRatio: 0.8,
} as const;

function times(ratio: number): string {
  return `${ratio.toFixed(1)} times`;
}

export function fatigueFrom(ctl: number, atl: number): Fatigue {
  const t = FATIGUE_THRESHOLDS;
  const form = ctl - atl;
  const ratio = atl / Math.max(ctl, t.chronicFloor);
  const buildingUp = ctl < t.chronicFloor;
  const ratioReason = buildingUp
    ? `You are ramping up from little recent training: last week's load is ${times(ratio)} a light routine's.`
    : `Your last week's training load is ${times(ratio)} your usual (6-week) load.`;
  const roundedForm = Math.round(form);
  const formText = roundedForm < 0 ? `−${-roundedForm}` : String(roundedForm);
  const formReason = `Your form is ${formText}: the last week's load is well above your usual.`;
  if (ratio > t.highRatio) return { level: 'high', reason: `${ratioReason} Above 1.5 times, injuries become much more likely.` };
  if (form < t.highForm) return { level: 'high', reason: `${formReason} Below −30, the risk of overreaching is high.` };
  if (ratio > t.elevatedRatio) return { level: 'elevated', reason: `${ratioReason} Up to 1.3 times is a safe build.` };
  if (form < t.elevatedForm) return { level: 'elevated', reason: `${formReason} Below −20, fatigue is piling up.` };
  if (buildingUp) return { level: 'normal', reason: 'Little training in the last weeks: you are fresh.' };
  if (ratio < t.restedRatio) return { level: 'normal', reason: `${ratioReason} You are well rested.` };
  return { level: 'normal', reason: `${ratioReason} That is in line with what you are used to.` };
}
