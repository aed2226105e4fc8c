import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import {
  accuracyInWords,
  energyInWords,
  halfTimeBpm,
  moodInWords,
  profileChangeInWords,
  profileSourceInWords,
  type MusicProfile,
  type ProfileSource,
  type ProfileTarget,
  type ProfileTargetName,
} from '@/lib/model/profile';

const SOURCE_LABEL: Record<ProfileSource, string> = { prior: 'prior', model: 'your model' };
const SOURCE_TITLE: Record<ProfileSource, string> = {
  prior: 'From running research, until RunSound has learned from your runs',
  model: 'Learned from your own runs',
};

function SourceBadge({ source }: { source: ProfileSource }) {
  return (
    <span className={`rs-badge rs-badge-${source}`} title={SOURCE_TITLE[source]} data-testid="profile-source">
      {SOURCE_LABEL[source]}
    </span>
  );
}

/** One target's explanation: what it is, where it comes from, how good that is, what pushed it. */
function TargetWhy({
  name,
  label,
  target,
  value,
  meaning,
  sayAccuracy,
}: {
  name: ProfileTargetName;
  label: string;
  target: ProfileTarget;
  value: string;
  meaning: ReactNode;
  sayAccuracy: boolean;
}) {
  return (
    <div className="rs-target" data-testid={`profile-${name}`}>
      <div className="rs-target-head">
        <span className="rs-target-label">{label}</span>
        <span className="rs-target-value">{value}</span>
        <SourceBadge source={target.source} />
      </div>
      <p className="rs-hint">{meaning}</p>
      {sayAccuracy ? <p className="rs-hint">{accuracyInWords(name, target)}</p> : null}
      {target.reasons.length ? (
        <ul className="rs-reasons" aria-label={`What set the ${label.toLowerCase()}`}>
          {target.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * The music profile as a runner reads it: one line ("158 BPM · High energy · Upbeat") and where it
 * comes from, the reasons one click away behind "Why?". A screen reader hears only what changed.
 */
export function ProfileView({ profile }: { profile: MusicProfile }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const { tempo, energy, valence } = profile;
  // When the prior answers for all three, it is said once.
  const allPrior = tempo.source === 'prior' && energy.source === 'prior' && valence.source === 'prior';

  // The announcement: what changed since the profile shown before, never the first one.
  const shown = useRef<MusicProfile>(undefined);
  const [change, setChange] = useState('');
  useEffect(() => {
    const before = shown.current;
    shown.current = profile;
    if (before) setChange(profileChangeInWords(before, profile) ?? '');
  }, [profile]);

  return (
    <section className="rs-answer" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="rs-sr-only">
        Music profile
      </h2>
      <p className="rs-answer-line" data-testid="profile-line">
        <strong data-testid="tempo-bpm">{tempo.value}</strong> BPM · {energyInWords(energy.value)} · {moodInWords(valence.value)}
      </p>
      <div className="rs-answer-row">
        <span className="rs-badge rs-badge-line" data-testid="profile-source">
          {profileSourceInWords(profile)}
        </span>
        <button
          type="button"
          className="rs-why-button"
          aria-expanded={open}
          aria-controls={`${id}-why`}
          onClick={() => setOpen((value) => !value)}
          data-testid="profile-why-button"
        >
          Why?
        </button>
      </div>
      <p className="rs-sr-only" role="status" data-testid="profile-change">
        {change}
      </p>
      <div id={`${id}-why`} className="rs-why" hidden={!open} data-testid="profile-why">
        {allPrior ? (
          <p className="rs-why-lead" data-testid="profile-why-lead">
            All three come from research on runners, not yet from your own runs: RunSound learns them from the runs you sync.
          </p>
        ) : null}
        <TargetWhy
          name="tempo"
          label="Tempo"
          target={tempo}
          value={`${tempo.value} BPM`}
          sayAccuracy={!allPrior}
          meaning={
            <>
              The beat of your predicted cadence, {tempo.value} steps/min; tracks at <span data-testid="tempo-half">{halfTimeBpm(tempo.value)}</span> BPM
              (half-time) fit too.
            </>
          }
        />
        <TargetWhy
          name="energy"
          label="Energy"
          target={energy}
          value={`${energyInWords(energy.value)} (${Math.round(energy.value * 100)} / 100)`}
          sayAccuracy={!allPrior}
          meaning="How intense the music feels, from calm to driving."
        />
        <TargetWhy
          name="valence"
          label="Mood"
          target={valence}
          value={`${moodInWords(valence.value)} (${Math.round(valence.value * 100)} / 100)`}
          sayAccuracy={!allPrior}
          meaning="How positive the music sounds (its valence), from dark to joyful."
        />
      </div>
    </section>
  );
}
