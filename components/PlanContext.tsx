import type { PaceSuggestion } from '@/lib/pace-suggestion';
import { RUN_TYPE_LABELS } from '@/lib/plan';
import type { RunWeather } from '@/lib/runs';
import { FATIGUE_WORDS, formInWords, type TrainingState } from '@/lib/training-load';
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

const PLACE_WORDS = { home: ' at home', start: ' at the start' } as const;

/** The forecast in one line; humidity and where it is for one click away. */
export function WeatherView({ weather, units }: { weather?: RunWeather; units: Units }) {
  if (!weather || weather.source === 'fallback') {
    return (
      <details className="rs-context-line" data-testid="weather-fallback">
        <summary>No forecast: assuming {formatTemperature(15, units)}, dry and calm</summary>
        <p className="rs-hint">
          {weather
            ? 'No forecast could be had for this hour (the forecast reaches 16 days ahead).'
            : 'RunSound does not know where you run yet: it learns it from your runs, or set your home in the settings.'}
        </p>
      </details>
    );
  }
  const place = weather.place.basis === 'home' || weather.place.basis === 'start' ? PLACE_WORDS[weather.place.basis] : '';
  return (
    <details className="rs-context-line" data-testid="weather-forecast">
      <summary>
        Forecast: {formatTemperature(weather.temperatureC, units)},{' '}
        {weather.precipitationMm > 0 ? `${formatPrecipitation(weather.precipitationMm, units)} of rain` : 'dry'}, wind{' '}
        {formatWindSpeed(weather.windSpeedKmh, units)}
      </summary>
      <p className="rs-hint">
        For the planned hour{place}: {formatTemperature(weather.temperatureC, units)}, {formatPrecipitation(weather.precipitationMm, units)} of rain,
        wind {formatWindSpeed(weather.windSpeedKmh, units)}, humidity {Math.round(weather.humidityPct)} %.
      </p>
    </details>
  );
}

const signed = (value: number) => (Math.round(value) > 0 ? `+${Math.round(value)}` : Math.round(value) < 0 ? `−${-Math.round(value)}` : '0');

/** The training going into the run in one line; the numbers behind it one click away. */
export function TrainingView({ training, units }: { training?: TrainingState; units: Units }) {
  if (!training) return null;
  const level = FATIGUE_WORDS[training.fatigue.level];
  return (
    <>
      <details className="rs-context-line" data-testid="training-load">
        <summary>
          Last 7 days: {formatDistance(training.km7 * 1000, units)} · fatigue <strong data-testid="fatigue-level">{level}</strong> · form{' '}
          {formInWords(training.tsb)}
        </summary>
        <p className="rs-hint">
          Fitness {Math.round(training.ctl)} (your 6-week load), fatigue {Math.round(training.atl)} (your 7-day load), form{' '}
          {signed(training.tsb)} (fitness minus fatigue).{training.fatigue.level === 'normal' ? ` ${training.fatigue.reason}` : ''}
        </p>
      </details>
      {training.fatigue.level !== 'normal' ? (
        <p className={training.fatigue.level === 'high' ? 'rs-warning' : 'rs-hint'} data-testid="fatigue-warning">
          {training.fatigue.reason} RunSound lowers the energy of the music for this run
          {training.fatigue.level === 'high' ? '; consider an easier run.' : '.'}
        </p>
      ) : null}
    </>
  );
}
