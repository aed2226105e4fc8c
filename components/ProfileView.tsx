import { halfTimeBpm, type MusicProfile, type ProfileSource, type ProfileTarget } from '@/lib/model/profile';

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

function Scale({ label, target }: { label: string; target: ProfileTarget }) {
  const percent = Math.round(target.value * 100);
  return (
    <div className="rs-target" data-testid={`profile-${label.toLowerCase()}`}>
      <div className="rs-target-head">
        <span className="rs-target-label">{label}</span>
        <span className="rs-target-value">{percent} / 100</span>
        <SourceBadge source={target.source} />
      </div>
      <div className="rs-bar" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <span className="rs-bar-fill" style={{ width: `${percent}%` }} />
      </div>
      <Reasons reasons={target.reasons} />
    </div>
  );
}

function Reasons({ reasons }: { reasons: string[] }) {
  return (
    <ul className="rs-reasons">
      {reasons.map((reason) => (
        <li key={reason}>{reason}</li>
      ))}
    </ul>
  );
}

export function ProfileView({ profile }: { profile: MusicProfile }) {
  const { tempo } = profile;
  return (
    <section className="rs-profile" aria-label="Music profile" aria-live="polite">
      <h3 className="rs-profile-title">Music profile</h3>
      <div className="rs-target" data-testid="profile-tempo">
        <div className="rs-target-head">
          <span className="rs-target-label">Tempo</span>
          <span className="rs-target-value">
            <strong data-testid="tempo-bpm">{tempo.value}</strong> BPM
          </span>
          <SourceBadge source={tempo.source} />
        </div>
        <p className="rs-hint">
          Matches your predicted cadence of {tempo.value} steps/min; tracks at{' '}
          <span data-testid="tempo-half">{halfTimeBpm(tempo.value)}</span> BPM (half-time) fit too.
        </p>
        <Reasons reasons={tempo.reasons} />
      </div>
      <Scale label="Energy" target={profile.energy} />
      <Scale label="Valence" target={profile.valence} />
    </section>
  );
}
