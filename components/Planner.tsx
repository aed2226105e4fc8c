import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import type { PlanInsight } from '@/lib/model/predict';
import { PACE_PLANS, RUN_TYPE_LABELS, RUN_TYPES, type PacePlan, type PlannedRun, type RunType } from '@/lib/plan';
import {
  distanceUnit,
  formatDistance,
  formatPace,
  paceUnit,
  parseDistance,
  parsePace,
  type Units,
} from '@/lib/units';
import { GeneratePlaylist } from './GeneratePlaylist';
import { SuggestionView, TrainingView, WeatherAttribution, WeatherView } from './PlanContext';
import { ProfileView } from './ProfileView';

export interface PlannerProps {
  initialPlan: PlannedRun;
  units: Units;
  /** Asks the background what it makes of a valid plan: profile, forecast, load, usual pace. */
  predict: (plan: PlannedRun) => Promise<PlanInsight>;
  /** Called with every valid plan, for example to keep a draft. */
  onPlanChange?: (plan: PlannedRun) => void;
  /** Where the starting plan came from, shown above the form. */
  note?: string;
  /** Shown below the playlist, above the pinned "Generate playlist" (the popup's history and music lines). */
  footer?: ReactNode;
}

interface FieldTexts {
  type: RunType;
  pace: string;
  distance: string;
  start: string;
  /** A race's pace plan: even, or the last third faster. */
  pacePlan: PacePlan;
}

const PACE_PLAN_LABELS: Record<PacePlan, string> = { even: 'Even pace', negative: 'Negative split (last third faster)' };

type Errors = Partial<Record<keyof FieldTexts, string>>;

function readPlan(fields: FieldTexts, units: Units, place: PlannedRun['place']): { plan?: PlannedRun; errors: Errors } {
  const errors: Errors = {};
  const pace = parsePace(fields.pace, units);
  if (!pace.ok) errors.pace = pace.error;
  const distance = parseDistance(fields.distance, units);
  if (!distance.ok) errors.distance = distance.error;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(fields.start)) errors.start = 'Choose a date and a start time.';
  if (!pace.ok || !distance.ok || errors.start) return { errors };
  return {
    errors,
    plan: {
      type: fields.type,
      paceSecondsPerKm: pace.value,
      distanceMeters: distance.value,
      start: fields.start,
      ...(fields.type === 'race' && fields.pacePlan !== 'even' ? { pacePlan: fields.pacePlan } : {}),
      ...(place ? { place } : {}),
    },
  };
}

/**
 * The run planner: the music profile that fits the planned run first, then the run's type,
 * distance, pace and start, the conditions it meets, and "Generate playlist" pinned below.
 */
export function Planner({ initialPlan, units, predict, onPlanChange, note, footer }: PlannerProps) {
  const id = useId();
  const [fields, setFields] = useState<FieldTexts>(() => ({
    type: initialPlan.type,
    pace: formatPace(initialPlan.paceSecondsPerKm, units, false),
    distance: formatDistance(initialPlan.distanceMeters, units, false),
    start: initialPlan.start,
    pacePlan: initialPlan.pacePlan ?? 'even',
  }));
  // The place comes with the starting plan (a stored run's or a route's start); the runner's home otherwise.
  const { plan, errors } = useMemo(() => readPlan(fields, units, initialPlan.place), [fields, units, initialPlan.place]);
  const planKey = plan && JSON.stringify(plan);
  const [insight, setInsight] = useState<PlanInsight>();
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    if (!plan) return;
    onPlanChange?.(plan);
    let current = true;
    predict(plan).then(
      (next) => {
        if (!current) return;
        setInsight(next);
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

  const field = (key: keyof FieldTexts, label: string, control: ReactNode, wide = false) => (
    <div className={wide ? 'rs-field rs-field-wide' : 'rs-field'}>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      {control}
      {errors[key] ? (
        <p className="rs-error" id={`${id}-${key}-error`} data-testid={`error-${key}`}>
          {errors[key]}
        </p>
      ) : null}
    </div>
  );

  const textInput = (key: 'pace' | 'distance', placeholder: string) => (
    <input
      {...fieldProps(key)}
      type="text"
      inputMode={key === 'pace' ? 'numeric' : 'decimal'}
      autoComplete="off"
      placeholder={placeholder}
      value={fields[key]}
      onChange={set(key)}
      data-testid={`plan-${key}`}
    />
  );

  const forecast = insight?.weather && insight.weather.source !== 'fallback';
  return (
    <div className="rs-planner">
      {note ? (
        <p className="rs-note" data-testid="planner-note">
          {note}
        </p>
      ) : null}
      {/* The answer first: the profile in one line, its reasons one click away. */}
      {insight ? <ProfileView profile={insight.profile} /> : !failure ? <p className="rs-answer rs-hint">Working out your music…</p> : null}
      {failure ? (
        <p className="rs-error" role="alert">
          RunSound could not work out the music profile: {failure}
        </p>
      ) : null}
      {insight && !plan ? <p className="rs-hint">Showing the profile of the last valid plan.</p> : null}
      <form className="rs-form" onSubmit={(event) => event.preventDefault()} aria-label="Planned run">
        {field(
          'type',
          'Run type',
          <select {...fieldProps('type')} value={fields.type} onChange={set('type')} data-testid="plan-type">
            {RUN_TYPES.map((type) => (
              <option key={type} value={type}>
                {RUN_TYPE_LABELS[type]}
              </option>
            ))}
          </select>,
        )}
        {field('pace', `Target pace (min${paceUnit(units)})`, textInput('pace', '5:30'))}
        {field('distance', `Distance (${distanceUnit(units)})`, textInput('distance', '10'))}
        {fields.type === 'race'
          ? field(
              'pacePlan',
              'Pace plan',
              <select {...fieldProps('pacePlan')} value={fields.pacePlan} onChange={set('pacePlan')} data-testid="plan-pace-plan">
                {PACE_PLANS.map((pacePlan) => (
                  <option key={pacePlan} value={pacePlan}>
                    {PACE_PLAN_LABELS[pacePlan]}
                  </option>
                ))}
              </select>,
            )
          : null}
        {field(
          'start',
          'Start',
          <input {...fieldProps('start')} type="datetime-local" value={fields.start} onChange={set('start')} data-testid="plan-start" />,
          fields.type === 'race',
        )}
      </form>
      {insight?.suggestion?.type === fields.type ? (
        <SuggestionView
          suggestion={insight.suggestion}
          units={units}
          onApply={(pace) => setFields((previous) => ({ ...previous, pace: formatPace(pace, units, false) }))}
        />
      ) : null}
      {insight ? (
        <div className="rs-context" aria-label="Conditions">
          <WeatherView weather={insight.weather} units={units} />
          <TrainingView training={insight.training} units={units} />
          {forecast ? <WeatherAttribution /> : null}
        </div>
      ) : null}
      <GeneratePlaylist plan={plan} units={units}>
        {footer}
      </GeneratePlaylist>
    </div>
  );
}
