import type { PaceSuggestion } from '@/lib/pace-suggestion';
import { RUN_TYPE_LABELS } from '@/lib/plan';
import type { RunWeather } from '@/lib/runs';
import type { TrainingState } from '@/lib/training-load';
import { formatDistance, formatPace, formatPrecipitation, formatTemperature, formatWindSpeed, type Units } from '@/lib/units';
import { WEATHER_ATTRIBUTION, WEATHER_ATTRIBUTION_URL } from '@/lib/weather';

/** The runner's usual pace for the chosen type, with one click to use it. */
export function SuggestionView({ suggestion, units, onApply }: { suggestion?: PaceSuggestion; units: Units; onApply: (secondsPerKm: number) => void }) {
  if (!suggestion) return null;
  const middle = (suggestion.fastSecondsPerKm + suggestion.slowSecondsPerKm) / 2;
  return (
    <p className="rs-suggestion" data-testid="pace-suggestion">
      Your usual {RUN_TYPE_LABELS[suggestion.type].toLowerCase()} pace: {formatPace(suggestion.fastSecondsPerKm, units, false)}–
      {formatPace(suggestion.slowSecondsPerKm, units)} ({suggestion.runs} runs in the last 90 days).{' '}
      <button type="button" className="rs-link-button" onClick={() => onApply(middle)}>
        Use {formatPace(middle, units)}
      </button>
    </p>
  );
}

/** Open-Meteo's data is CC BY 4.0: every screen that shows weather credits it. */
export function WeatherAttribution() {
  return (
    <p className="rs-hint">
      <a href={WEATHER_ATTRIBUTION_URL} target="_blank" rel="noreferrer">
        {WEATHER_ATTRIBUTION}
      </a>
    </p>
  );
}

export function WeatherView({ weather, units }: { weather?: RunWeather; units: Units }) {
  return (
    <section className="rs-context" aria-label="Weather" data-testid="weather">
      {!weather || weather.source === 'fallback' ? (
        <p data-testid="weather-fallback">
          No forecast for this hour{weather ? '' : ' (RunSound does not know where you run yet)'}: RunSound assumes{' '}
          {formatTemperature(15, units)}, dry and calm. The forecast reaches 16 days ahead.
        </p>
      ) : (
        <p data-testid="weather-forecast">
          Forecast: {formatTemperature(weather.temperatureC, units)}, {formatPrecipitation(weather.precipitationMm, units)} of rain, wind{' '}
          {formatWindSpeed(weather.windSpeedKmh, units)}, humidity {Math.round(weather.humidityPct)} %
          {weather.place.basis === 'home' ? ', at home' : weather.place.basis === 'start' ? ', at the start' : ''}.
        </p>
      )}
      <WeatherAttribution />
    </section>
  );
}

const FATIGUE_WORDS = { normal: 'normal', elevated: 'elevated', high: 'high' } as const;

export function TrainingView({ training, units }: { training?: TrainingState; units: Units }) {
  if (!training) return null;
  return (
    <section className="rs-context" aria-label="Training load" data-testid="training-load">
      <p>
        Last 7 days: {formatDistance(training.km7 * 1000, units)} · fitness {Math.round(training.ctl)} · fatigue {Math.round(training.atl)} · form{' '}
        {Math.round(training.tsb)} · fatigue level <strong data-testid="fatigue-level">{FATIGUE_WORDS[training.fatigue.level]}</strong>
      </p>
      {training.fatigue.level !== 'normal' ? (
        <p className={training.fatigue.level === 'high' ? 'rs-warning' : 'rs-hint'} role={training.fatigue.level === 'high' ? 'alert' : undefined} data-testid="fatigue-warning">
          {training.fatigue.reason} RunSound lowers the energy of the music for this run
          {training.fatigue.level === 'high' ? '; consider an easier run.' : '.'}
        </p>
      ) : null}
    </section>
  );
}
