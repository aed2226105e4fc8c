import { useState } from 'react';
import { useStored } from '@/components/useStored';
import { sendMessage } from '@/lib/messages';
import { historyStatus } from '@/storage/settings';

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

export function SettingsSection() {
  const status = useStored(historyStatus);
  return (
    <section className="rs-card" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <HomeSetting home={status?.home} />
    </section>
  );
}
