import { useState } from 'react';
import { useStored } from '@/components/useStored';
import { useUnits } from '@/components/useUnits';
import { sendMessage } from '@/lib/messages';
import { formatDistance } from '@/lib/units';
import { WeatherAttribution } from '@/components/PlanContext';
import { historyStatus } from '@/storage/settings';

const FATIGUE_LABEL = { normal: 'Normal', elevated: 'Elevated', high: 'High' } as const;

/** Reads "45.19, 5.72" as a place; undefined when it is not one. */
function parsePlace(text: string): { lat: number; lng: number } | undefined {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*[,;\s]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!match) return undefined;
  const lat = Number(match[1]);
  const lng = Number(match[2]);
  return Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? { lat, lng } : undefined;
}

function HomeSetting({ home }: { home?: { lat: number; lng: number; basis: string } }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string>();
  const save = (place: { lat: number; lng: number } | null) => {
    setProblem(undefined);
    sendMessage('setHome', { home: place }).catch((error: unknown) => setProblem(`Not saved: ${String(error)}`));
  };
  return (
    <div>
      <p data-testid="home">
        Home, for the weather of runs without GPS:{' '}
        {home ? `${home.lat.toFixed(2)}, ${home.lng.toFixed(2)} (${home.basis})` : 'not known yet (no run with a start place)'}
      </p>
      <form
        className="rs-inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          const place = parsePlace(text);
          if (place) save(place);
          else setProblem('Write the place as latitude, longitude, like 45.19, 5.72.');
        }}
      >
        <label htmlFor="home-place">Set home (latitude, longitude)</label>{' '}
        <input id="home-place" value={text} onChange={(event) => setText(event.target.value)} placeholder="45.19, 5.72" aria-invalid={problem ? true : undefined} />{' '}
        <button type="submit" className="rs-button rs-button-quiet">
          Save
        </button>{' '}
        <button type="button" className="rs-button rs-button-quiet" onClick={() => save(null)}>
          Use my most frequent start
        </button>
      </form>
      {problem ? <p className="rs-error">{problem}</p> : null}
    </div>
  );
}

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
      <HomeSetting home={status.home} />
      <WeatherAttribution />
    </section>
  );
}
