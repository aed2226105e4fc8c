import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useStored } from '@/components/useStored';
import { useUnits } from '@/components/useUnits';
import { GeocodingError, searchPlaces, type FoundPlace } from '@/lib/geocoding';
import { sendMessage } from '@/lib/messages';
import type { HistoryStatus } from '@/lib/sync-status';
import { formatDistance, formatPace, type Units } from '@/lib/units';
import { openDb } from '@/storage/db';
import { MAX_HEART_RATE, RESTING_HEART_RATE, TRACK_COUNT } from '@/lib/setting-ranges';
import { historyStatus, playlistDefaults, trainingLoadSetting, unitsSetting, unitsSource } from '@/storage/settings';
import { ShowFirstRunLink } from './FirstRun';
import { GenresSetting, SpotifyConnect } from './SpotifySection';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

function Group({ id, title, intro, children }: { id: string; title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <section className="rs-card rs-settings-group" aria-labelledby={`settings-${id}`} data-testid={`settings-${id}`}>
      <h3 id={`settings-${id}`}>{title}</h3>
      {intro ? <p className="rs-hint">{intro}</p> : null}
      {children}
    </section>
  );
}

const UNIT_CHOICES: ReadonlyArray<{ units: Units; label: string }> = [
  { units: 'metric', label: 'Kilometres' },
  { units: 'imperial', label: 'Miles' },
];

function UnitsSetting() {
  const stored = useUnits();
  // Shown at once; storage confirms it a moment later.
  const [chosen, setChosen] = useState<Units>();
  const [failure, setFailure] = useState<string>();
  const units = chosen ?? stored;
  if (!units) return <p className="rs-hint">Loading…</p>;
  const choose = (next: Units) => {
    setChosen(next);
    setFailure(undefined);
    Promise.all([unitsSetting.setValue(next), unitsSource.setValue('runner')]).catch((error: unknown) => {
      setChosen(undefined);
      setFailure(`Your choice could not be saved (${errorText(error)}). Is the disk full?`);
    });
  };
  return (
    <>
      <fieldset className="rs-choice">
        <legend className="rs-visually-hidden">Distances and paces in</legend>
        {UNIT_CHOICES.map((choice) => (
          <label key={choice.units}>
            <input type="radio" name="units" value={choice.units} checked={units === choice.units} onChange={() => choose(choice.units)} /> {choice.label} (
            {formatDistance(10_000, choice.units, true)}, {formatPace(300, choice.units)})
          </label>
        ))}
      </fieldset>
      {failure ? (
        <p className="rs-error" role="alert">
          {failure}
        </p>
      ) : null}
    </>
  );
}

/** Reads "45.19, 5.72" as a place; undefined when it is not one. */
export function parsePlace(text: string): { lat: number; lng: number } | undefined {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*[,;\s]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!match) return undefined;
  const lat = Number(match[1]);
  const lng = Number(match[2]);
  return Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? { lat, lng } : undefined;
}

function homeInWords(home: HistoryStatus['home']): string {
  if (!home) return 'not known yet: no run of yours has a start place. Search for your town below.';
  const where = `${home.lat.toFixed(2)}, ${home.lng.toFixed(2)}`;
  if (home.basis === 'most frequent start') return `${where} (most frequent start of your runs)`;
  return home.name ? `${home.name} (${where})` : `${where} (you set it)`;
}

type Search = { step: 'idle' } | { step: 'searching' } | { step: 'found'; query: string; places: FoundPlace[] } | { step: 'failed'; message: string };

function HomeSetting({ home }: { home?: HistoryStatus['home'] }) {
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<Search>({ step: 'idle' });
  const [coordinates, setCoordinates] = useState('');
  const [problem, setProblem] = useState<string>();
  const [saved, setSaved] = useState<string>();

  const save = (place: { lat: number; lng: number; name?: string } | null, said: string) => {
    setProblem(undefined);
    setSaved(undefined);
    sendMessage('setHome', { home: place }).then(
      () => {
        setSaved(said);
        setSearch({ step: 'idle' });
      },
      (error: unknown) => setProblem(`Not saved: ${errorText(error)}`),
    );
  };
  const find = (event: FormEvent) => {
    event.preventDefault();
    setSaved(undefined);
    const typed = query.trim();
    setSearch({ step: 'searching' });
    searchPlaces(typed, { fetch: (input, init) => fetch(input, init), locale: navigator.language }).then(
      (places) => setSearch({ step: 'found', query: typed, places }),
      (error: unknown) => setSearch({ step: 'failed', message: error instanceof GeocodingError ? error.message : `The place search failed: ${errorText(error)}` }),
    );
  };

  return (
    <>
      <p data-testid="home">Home now: {homeInWords(home)}</p>
      <form className="rs-inline-form" onSubmit={find} role="search" aria-label="Find your home town">
        <label htmlFor="home-search">Town or city</label>{' '}
        <input id="home-search" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="Grenoble" autoComplete="address-level2" />{' '}
        <button type="submit" className="rs-button" disabled={search.step === 'searching' || query.trim().length < 2}>
          {search.step === 'searching' ? 'Searching…' : 'Search'}
        </button>
      </form>
      <div aria-live="polite">
        {search.step === 'found' && search.places.length ? (
          <ul className="rs-place-results" aria-label="Places found" data-testid="place-results">
            {search.places.map((place) => (
              <li key={place.id}>
                <button type="button" className="rs-button rs-button-quiet" onClick={() => save({ lat: place.lat, lng: place.lng, name: place.label }, `Home set to ${place.label}.`)}>
                  Use {place.label}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {search.step === 'found' && !search.places.length ? (
          <p className="rs-hint" data-testid="place-none">
            No place called “{search.query}” was found. Check the spelling, try a larger town nearby, or enter coordinates.
          </p>
        ) : null}
        {search.step === 'failed' ? (
          <p className="rs-error" data-testid="place-error">
            {search.message}
          </p>
        ) : null}
        {saved ? <p data-testid="home-saved">{saved} RunSound fetches the weather of your runs without GPS again.</p> : null}
      </div>
      {home?.basis === 'setting' ? (
        <p>
          <button type="button" className="rs-button rs-button-quiet" onClick={() => save(null, 'Home is your most frequent start again.')}>
            Use my most frequent start
          </button>
        </p>
      ) : null}
      <details>
        <summary>Enter coordinates instead</summary>
        <form
          className="rs-inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            const place = parsePlace(coordinates);
            if (place) save(place, `Home set to ${place.lat.toFixed(2)}, ${place.lng.toFixed(2)}.`);
            else setProblem('Write the place as latitude, longitude, like 45.19, 5.72.');
          }}
        >
          <label htmlFor="home-place">Latitude, longitude</label>{' '}
          <input id="home-place" value={coordinates} onChange={(event) => setCoordinates(event.target.value)} placeholder="45.19, 5.72" aria-invalid={problem ? true : undefined} />{' '}
          <button type="submit" className="rs-button rs-button-quiet">
            Save
          </button>
        </form>
      </details>
      {problem ? <p className="rs-error">{problem}</p> : null}
      <p className="rs-hint">Place search by Open-Meteo.com, with GeoNames data. Only the name you type is sent.</p>
    </>
  );
}

const FROM: Record<string, string> = { setting: 'yours', runs: 'measured from your runs', default: 'typical; set yours if you know it' };

function heartRateInteger(text: string, range: { min: number; max: number }): number | null | 'invalid' {
  if (!text.trim()) return null;
  const value = Number(text.trim());
  return Number.isInteger(value) && value >= range.min && value <= range.max ? value : 'invalid';
}

function TrainingLoadSetting({ load }: { load?: HistoryStatus['load'] }) {
  const saved = useStored(trainingLoadSetting);
  const [resting, setResting] = useState<string>();
  const [maximum, setMaximum] = useState<string>();
  const [method, setMethod] = useState<'heart-rate' | 'pace'>();
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState(false);
  if (!saved) return null;
  const restingText = resting ?? saved.restingHeartRate?.toString() ?? '';
  const maximumText = maximum ?? saved.maxHeartRate?.toString() ?? '';
  const chosen = method ?? saved.method ?? 'heart-rate';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const restingHeartRate = heartRateInteger(restingText, RESTING_HEART_RATE);
    const maxHeartRate = heartRateInteger(maximumText, MAX_HEART_RATE);
    if (restingHeartRate === 'invalid')
      return setProblem(`A resting heart rate is a whole number between ${RESTING_HEART_RATE.min} and ${RESTING_HEART_RATE.max} beats a minute.`);
    if (maxHeartRate === 'invalid') return setProblem(`A maximum heart rate is a whole number between ${MAX_HEART_RATE.min} and ${MAX_HEART_RATE.max} beats a minute.`);
    if (restingHeartRate !== null && maxHeartRate !== null && restingHeartRate >= maxHeartRate) return setProblem('Your resting heart rate must be below your maximum.');
    setProblem(undefined);
    sendMessage('setTrainingLoad', { restingHeartRate, maxHeartRate, method: chosen }).then(
      () => setDone(true),
      (error: unknown) => setProblem(`Not saved: ${errorText(error)}`),
    );
  };

  return (
    <form onSubmit={submit} className="rs-settings-form">
      {load ? (
        <p data-testid="load-basis">
          Now: resting {load.restingHeartRate} bpm ({FROM[load.restingFrom]}), maximum {load.maxHeartRate} bpm ({FROM[load.maxFrom]}).
        </p>
      ) : null}
      <div className="rs-settings-fields">
        <p className="rs-field">
          <label htmlFor="resting-hr">Resting heart rate (beats a minute, optional)</label>
          <input id="resting-hr" inputMode="numeric" value={restingText} onChange={(event) => setResting(event.target.value)} placeholder={String(load?.restingHeartRate ?? 60)} size={5} />
        </p>
        <p className="rs-field">
          <label htmlFor="max-hr">Maximum heart rate (beats a minute, optional)</label>
          <input id="max-hr" inputMode="numeric" value={maximumText} onChange={(event) => setMaximum(event.target.value)} placeholder={String(load?.maxHeartRate ?? 190)} size={5} />
        </p>
      </div>
      <fieldset className="rs-choice-list">
        <legend>Measure training load by</legend>
        <label>
          <input type="radio" name="load-method" checked={chosen === 'heart-rate'} onChange={() => setMethod('heart-rate')} /> Heart rate where a run
          recorded it (TRIMP), pace otherwise
        </label>
        <label>
          <input type="radio" name="load-method" checked={chosen === 'pace'} onChange={() => setMethod('pace')} /> Pace only, for a heart-rate sensor you
          do not trust
        </label>
      </fieldset>
      <p>
        <button type="submit" className="rs-button">
          Save
        </button>
      </p>
      <div aria-live="polite">
        {done ? <p data-testid="load-saved">Saved. RunSound measures your runs again; fitness, fatigue and form follow in a moment.</p> : null}
      </div>
      {problem ? (
        <p className="rs-error" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}

function PlaylistDefaultsSetting() {
  const defaults = useStored(playlistDefaults);
  const [count, setCount] = useState<string>();
  const [problem, setProblem] = useState<string>();
  if (!defaults) return null;
  const save = (next: typeof defaults) => {
    setProblem(undefined);
    playlistDefaults.setValue(next).catch((error: unknown) => setProblem(`Not saved: ${errorText(error)}`));
  };
  const countText = count ?? String(defaults.trackCount ?? 30);
  const fixed = defaults.trackCount !== null;
  const applyCount = (text: string) => {
    setCount(text);
    const value = Number(text);
    if (Number.isInteger(value) && value >= TRACK_COUNT.min && value <= TRACK_COUNT.max) save({ ...defaults, trackCount: value });
    else setProblem(`A playlist has between ${TRACK_COUNT.min} and ${TRACK_COUNT.max} tracks.`);
  };
  return (
    <fieldset className="rs-choice-list">
      <legend>New playlists start with</legend>
      <label>
        <input type="checkbox" checked={defaults.excludeExplicit} onChange={(event) => save({ ...defaults, excludeExplicit: event.target.checked })} /> No
        explicit tracks
      </label>
      <label>
        <input type="radio" name="track-count" checked={!fixed} onChange={() => save({ ...defaults, trackCount: null })} /> As many tracks as the run lasts
      </label>
      <span>
        <label>
          <input type="radio" name="track-count" checked={fixed} onChange={() => save({ ...defaults, trackCount: Number(countText) || 30 })} /> A fixed number
          of tracks:
        </label>{' '}
        <input aria-label="Number of tracks" inputMode="numeric" size={4} value={countText} disabled={!fixed} onChange={(event) => applyCount(event.target.value)} />
      </span>
      {problem ? <p className="rs-error">{problem}</p> : null}
    </fieldset>
  );
}

function DeleteAllData() {
  const dialog = useRef<HTMLDialogElement>(null);
  const runs = useLiveQuery(() => openDb().runs.count(), [], 0);
  const [typed, setTyped] = useState('');
  const [state, setState] = useState<{ step: 'idle' } | { step: 'deleting' } | { step: 'done' } | { step: 'failed'; message: string }>({ step: 'idle' });
  const confirmed = typed.trim().toLowerCase() === 'delete';
  useEffect(() => {
    const current = dialog.current;
    const reset = () => setTyped('');
    current?.addEventListener('close', reset);
    return () => current?.removeEventListener('close', reset);
  }, []);

  const erase = () => {
    setState({ step: 'deleting' });
    sendMessage('deleteAllData', undefined).then(
      () => {
        dialog.current?.close();
        setState({ step: 'done' });
        // The units start again from the browser's language (their storage item makes its value when read).
        void unitsSetting.getValue();
      },
      (error: unknown) => setState({ step: 'failed', message: `Not everything could be deleted: ${errorText(error)}. Try again.` }),
    );
  };

  return (
    <>
      <p>
        <button type="button" className="rs-button rs-button-danger" onClick={() => dialog.current?.showModal()}>
          Delete all data…
        </button>
      </p>
      <div aria-live="polite">
        {state.step === 'done' ? (
          <p data-testid="deleted">
            Everything RunSound stored in this browser is deleted. It starts over as if just installed: <a href="#overview">the getting-started steps</a>.
          </p>
        ) : null}
      </div>
      <dialog ref={dialog} className="rs-dialog" aria-labelledby="delete-title" aria-describedby="delete-what">
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            if (confirmed) erase();
          }}
        >
          <h3 id="delete-title">Delete all of RunSound’s data?</h3>
          <p id="delete-what">
            This deletes your {runs.toLocaleString()} {runs === 1 ? 'run' : 'runs'}, your model, what RunSound knows of your music, the record of its
            playlists, your settings and the Spotify link, from this browser. It cannot be undone. Your Strava and Spotify accounts, and the playlists
            in Spotify, stay as they are.
          </p>
          <p className="rs-field">
            <label htmlFor="delete-confirm">Type DELETE to confirm</label>
            <input id="delete-confirm" value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" />
          </p>
          {state.step === 'failed' ? (
            <p className="rs-error" role="alert">
              {state.message}
            </p>
          ) : null}
          <p className="rs-dialog-actions">
            <button type="submit" className="rs-button rs-button-danger" disabled={!confirmed || state.step === 'deleting'}>
              {state.step === 'deleting' ? 'Deleting…' : 'Delete everything'}
            </button>{' '}
            <button type="button" className="rs-button rs-button-quiet" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
          </p>
        </form>
      </dialog>
    </>
  );
}

export function SettingsSection() {
  const status = useStored(historyStatus);
  return (
    <>
      <Group id="units" title="Units" intro="Distances and paces everywhere in RunSound.">
        <UnitsSetting />
      </Group>
      <Group id="home" title="Home" intro="For the weather of runs without GPS (a treadmill, a watch without GPS) and the forecast of the runs you plan.">
        <HomeSetting home={status?.home} />
      </Group>
      <Group
        id="training-load"
        title="Heart rate and training load"
        intro="Each run’s training load, which fitness, fatigue and form are made of, comes from its heart rate or its pace. Your own heart rates make it fit you; leave a field empty and RunSound uses the one measured from your runs, or a typical one."
      >
        <TrainingLoadSetting load={status?.load} />
      </Group>
      <Group id="spotify" title="Spotify" intro="RunSound makes your playlists in your own Spotify account.">
        <SpotifyConnect />
        <GenresSetting />
        <PlaylistDefaultsSetting />
      </Group>
      <Group id="getting-started" title="Getting started">
        <p>
          <ShowFirstRunLink />
        </p>
      </Group>
      <Group id="delete" title="Delete all data" intro="Removes everything RunSound keeps in this browser; to keep a copy, back it up first under Your data.">
        <DeleteAllData />
      </Group>
    </>
  );
}
