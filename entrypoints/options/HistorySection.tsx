import { useStored } from '@/components/useStored';
import { useUnits } from '@/components/useUnits';
import { formatDistance } from '@/lib/units';
import { WeatherAttribution } from '@/components/PlanContext';
import { historyStatus } from '@/storage/settings';

const FATIGUE_LABEL = { normal: 'Normal', elevated: 'Elevated', high: 'High' } as const;

export function HistorySection() {
  const status = useStored(historyStatus);
  const units = useUnits();
  if (!status || !units) return null;
  const { training } = status;
  return (
    <section className="rs-card" aria-labelledby="history-heading">
      <h2 id="history-heading">Your training</h2>
      {status.message ? (
        <p className="rs-hint" role="status">
          {status.message}
        </p>
      ) : null}
      {training ? (
        <dl className="rs-stats" data-testid="training">
          <div>
            <dt>Last 7 days</dt>
            <dd>{formatDistance(training.km7 * 1000, units)}</dd>
          </div>
          <div>
            <dt>Fitness (CTL)</dt>
            <dd>{training.ctl.toFixed(0)}</dd>
          </div>
          <div>
            <dt>Fatigue (ATL)</dt>
            <dd>{training.atl.toFixed(0)}</dd>
          </div>
          <div>
            <dt>Form (TSB)</dt>
            <dd>{training.tsb.toFixed(0)}</dd>
          </div>
          <div>
            <dt>Fatigue level</dt>
            <dd data-testid="fatigue" data-level={training.fatigue.level}>
              {FATIGUE_LABEL[training.fatigue.level]}
            </dd>
          </div>
        </dl>
      ) : (
        <p className="rs-hint">Your training load appears once RunSound has runs.</p>
      )}
      {training ? <p className="rs-hint">{training.fatigue.reason}</p> : null}
      <p data-testid="weather-summary">
        Weather known for {status.runsWithWeather} of {status.runs} runs
        {status.weatherFallbacks ? `; ${status.weatherFallbacks} use the fallback (15 °C, dry, calm)` : ''}.
      </p>
      <WeatherAttribution />
    </section>
  );
}
