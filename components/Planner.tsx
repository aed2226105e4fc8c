import { useEffect, useId, useMemo, useState } from 'react';
import type { MusicProfile } from '@/lib/model/profile';
import { RUN_TYPE_LABELS, RUN_TYPES, type PlannedRun, type RunType } from '@/lib/plan';
import {
  distanceUnit,
  formatDistance,
  formatPace,
  paceUnit,
  parseDistance,
  parsePace,
  type Units,
} from '@/lib/units';
import { ProfileView } from './ProfileView';

export interface PlannerProps {
  initialPlan: PlannedRun;
  units: Units;
  /** Asks the background for the profile of a valid plan. */
  predict: (plan: PlannedRun) => Promise<MusicProfile>;
  /** Called with every valid plan, for example to keep a draft. */
  onPlanChange?: (plan: PlannedRun) => void;
  /** Where the starting plan came from, shown above the form. */
  note?: string;
}

interface FieldTexts {
  type: RunType;
  pace: string;
  distance: string;
  start: string;
}

type Errors = Partial<Record<keyof FieldTexts, string>>;

function readPlan(fields: FieldTexts, units: Units): { plan?: PlannedRun; errors: Errors } {
  const errors: Errors = {};
  const pace = parsePace(fields.pace, units);
  if (!pace.ok) errors.pace = pace.error;
  const distance = parseDistance(fields.distance, units);
  if (!distance.ok) errors.distance = distance.error;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(fields.start)) errors.start = 'Choose a date and a start time.';
  if (!pace.ok || !distance.ok || errors.start) return { errors };
  return {
    errors,
    plan: { type: fields.type, paceSecondsPerKm: pace.value, distanceMeters: distance.value, start: fields.start },
  };
}

/** The run planner: type, pace, distance and start, and the music profile that fits them. */
export function Planner({ initialPlan, units, predict, onPlanChange, note }: PlannerProps) {
  const id = useId();
  const [fields, setFields] = useState<FieldTexts>(() => ({
    type: initialPlan.type,
    pace: formatPace(initialPlan.paceSecondsPerKm, units, false),
    distance: formatDistance(initialPlan.distanceMeters, units, false),
    start: initialPlan.start,
  }));
  const { plan, errors } = useMemo(() => readPlan(fields, units), [fields, units]);
  const planKey = plan && JSON.stringify(plan);
  const [profile, setProfile] = useState<MusicProfile>();
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    if (!plan) return;
    onPlanChange?.(plan);
    let current = true;
    predict(plan).then(
      (next) => {
        if (!current) return;
        setProfile(next);
        setFailure(undefined);
      },
      (error: unknown) => {
        if (current) setFailure(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      current = false;
    };
    // planKey stands for plan: predict again only when the plan itself changes.
  }, [planKey]);

  const set = (key: keyof FieldTexts) => (event: { target: { value: string } }) =>
    setFields((previous) => ({ ...previous, [key]: event.target.value }));

  const fieldProps = (key: keyof FieldTexts) => ({
    id: `${id}-${key}`,
    'aria-invalid': errors[key] ? true : undefined,
    'aria-describedby': errors[key] ? `${id}-${key}-error` : undefined,
  });

  const errorText = (key: keyof FieldTexts) =>
    errors[key] ? (
      <p className="rs-error" id={`${id}-${key}-error`} data-testid={`error-${key}`}>
        {errors[key]}
      </p>
    ) : null;

  return (
    <div className="rs-planner">
      {note ? (
        <p className="rs-note" data-testid="planner-note">
          {note}
        </p>
      ) : null}
      <form className="rs-form" onSubmit={(event) => event.preventDefault()} aria-label="Planned run">
        <div className="rs-field">
          <label htmlFor={`${id}-type`}>Run type</label>
          <select {...fieldProps('type')} value={fields.type} onChange={set('type')} data-testid="plan-type">
            {RUN_TYPES.map((type) => (
              <option key={type} value={type}>
                {RUN_TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        </div>
        <div className="rs-field">
          <label htmlFor={`${id}-pace`}>Target pace (min{paceUnit(units)})</label>
          <input
            {...fieldProps('pace')}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            placeholder={`5:30`}
            value={fields.pace}
            onChange={set('pace')}
            data-testid="plan-pace"
          />
          {errorText('pace')}
        </div>
        <div className="rs-field">
          <label htmlFor={`${id}-distance`}>Distance ({distanceUnit(units)})</label>
          <input
            {...fieldProps('distance')}
            type="text"
            inputMode="decimal"
            autoComplete="off"
            placeholder="10"
            value={fields.distance}
            onChange={set('distance')}
            data-testid="plan-distance"
          />
          {errorText('distance')}
        </div>
        <div className="rs-field rs-field-wide">
          <label htmlFor={`${id}-start`}>Start</label>
          <input
            {...fieldProps('start')}
            type="datetime-local"
            value={fields.start}
            onChange={set('start')}
            data-testid="plan-start"
          />
          {errorText('start')}
        </div>
      </form>
      {failure ? (
        <p className="rs-error" role="alert">
          RunSound could not work out the music profile: {failure}
        </p>
      ) : null}
      {profile ? <ProfileView profile={profile} /> : null}
      {profile && !plan ? <p className="rs-hint">Showing the profile of the last valid plan.</p> : null}
    </div>
  );
}
