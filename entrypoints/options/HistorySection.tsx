import { useStored } from '@/components/useStored';
import { useUnits } from '@/components/useUnits';
import { WeatherAttribution } from '@/components/PlanContext';
import { historyStatus } from '@/storage/settings';
import { TrainingChart } from './charts/TrainingChart';
import { useHistory } from './charts/useHistory';

/** The dashboard's Training: fitness, fatigue and form over time, in a picture and in words; and what is known of the weather. */
export function HistorySection() {
  const status = useStored(historyStatus);
  const units = useUnits();
  const history = useHistory();
  if (!status || !units) return null;
  return (
    <>
      {status.message ? (
        <p className="rs-hint" role="status">
          {status.message}
        </p>
      ) : null}
      <div className="rs-card">
        {!status.runs ? (
          <p className="rs-hint">Your fitness, fatigue and form appear once RunSound has runs: sync with Strava or import your export under Your data.</p>
        ) : history?.runs.length ? (
          <TrainingChart history={history} units={units} />
        ) : (
          <p className="rs-hint">Reading your runs…</p>
        )}
      </div>
      <div className="rs-card">
        <p data-testid="weather-summary">
          Weather known for {status.runsWithWeather} of {status.runs} runs
          {status.weatherFallbacks ? `; ${status.weatherFallbacks} use the fallback (15 °C, dry, calm)` : ''}.
        </p>
        <WeatherAttribution />
      </div>
    </>
  );
}
