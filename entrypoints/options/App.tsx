import { useState } from 'react';
import { useUnits } from '@/components/useUnits';
import { distanceUnit, formatDistance, formatPace, type Units } from '@/lib/units';
import { unitsSetting, unitsSource } from '@/storage/settings';
import { HistorySection } from './HistorySection';
import { ImportSection } from './ImportSection';
import { ModelSection } from './ModelSection';
import { PlaylistsSection } from './PlaylistsSection';
import { RunsSection } from './RunsSection';
import { SettingsSection } from './SettingsSection';
import { SpotifySection } from './SpotifySection';
import { StorageNote } from './StorageSection';
import { SyncSection } from './SyncSection';
import { BackupSection } from './DataSection';

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
      setFailure(`Your choice could not be saved (${error instanceof Error ? error.message : String(error)}). Is the disk full?`);
    });
  };
  return (
    <>
    <fieldset className="rs-choice">
      <legend className="rs-hint">Distances and paces everywhere in RunSound</legend>
      {UNIT_CHOICES.map((choice) => (
        <label key={choice.units}>
          <input
            type="radio"
            name="units"
            value={choice.units}
            checked={units === choice.units}
            onChange={() => choose(choice.units)}
          />{' '}
          {choice.label} ({formatDistance(10_000, choice.units, true)}, {formatPace(300, choice.units)})
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

export function App() {
  const units = useUnits();
  return (
    <main className="rs-page">
      <h1>RunSound</h1>
      <StorageNote />
      <SyncSection />
      <ImportSection />
      <HistorySection />
      <SettingsSection />
      <ModelSection />
      <RunsSection />
      <SpotifySection />
      <PlaylistsSection />
      <section className="rs-card" aria-labelledby="units-heading">
        <h2 id="units-heading">Units{units ? ` (${distanceUnit(units)})` : ''}</h2>
        <UnitsSetting />
      </section>
      <BackupSection />
    </main>
  );
}
