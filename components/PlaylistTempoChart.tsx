import { useId } from 'react';
import { bpmInWords, pictureInWords, targetTempoOf, type PictureTrack, type PlaylistPicture } from '@/lib/playlist/picture';

// The drawing's own units; the SVG scales to its container's width.
const WIDTH = 320;
const HEIGHT = 120;
const LEFT = 28;
const RIGHT = WIDTH - 8;
const TOP = 18;
const BOTTOM = HEIGHT - 16;
const BAR = 4;

function niceStep(span: number, steps: readonly number[], most: number): number {
  return steps.find((step) => span / step <= most) ?? steps[steps.length - 1]!;
}

/** "3:05", "1:02:30". */
function clock(seconds: number): string {
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function tempoInWords(track: PictureTrack, target: number | null): string {
  if (track.carriedBpm === null) return 'unknown';
  const tempo = `${bpmInWords(track.carriedBpm)} BPM`;
  if (track.onBeat || target === null) return tempo;
  const offPct = ((track.carriedBpm - target) / target) * 100;
  return `${tempo} (off the beat: ${Math.abs(offPct).toFixed(1)} % ${offPct > 0 ? 'fast' : 'slow'})`;
}

/**
 * A small picture of a playlist: each track a bar along the run's time at the cadence it carries,
 * against the phases' target tempo (the step line) and the run's planned end. Plain SVG, so that
 * it fits the Strava panel's shadow root; the same facts in words and a table beneath. `compact`
 * draws it shorter, for the popup's and the panel's playlist card.
 */
export function PlaylistTempoChart({ picture, name, compact = false }: { picture: PlaylistPicture; name?: string; compact?: boolean }) {
  const id = useId().replace(/[^\w-]/g, '');
  const words = pictureInWords(picture);
  const targets = picture.tracks.map((track) => targetTempoOf(picture, track));

  const end = Math.max(1, picture.plannedSeconds, ...picture.tracks.map((track) => track.startSeconds + track.durationSeconds));
  const x = (seconds: number) => LEFT + (seconds / end) * (RIGHT - LEFT);

  // The scale is the run's: music before a race, at any tempo, is drawn at its edge when beyond it.
  const tempos = [
    ...picture.tracks.flatMap((track, index) => (track.carriedBpm === null || targets[index] === null ? [] : [track.carriedBpm])),
    ...picture.phases.flatMap((phase) => (phase.targetTempoBpm === null ? [] : [phase.targetTempoBpm])),
  ];
  let low = tempos.length > 0 ? Math.min(...tempos) - 2 : 150;
  let high = tempos.length > 0 ? Math.max(...tempos) + 2 : 180;
  if (high - low < 12) {
    const middle = (high + low) / 2;
    [low, high] = [middle - 6, middle + 6];
  }
  const y = (bpm: number) => BOTTOM - ((Math.min(high, Math.max(low, bpm)) - low) / (high - low)) * (BOTTOM - TOP);
  // A marker's label stays inside the drawing near its edges.
  const anchor = (at: number) => (at > RIGHT - 12 ? 'end' : at < LEFT + 12 ? 'start' : 'middle');
  const bpmStep = niceStep(high - low, [2, 5, 10, 20, 50], 4);
  const bpmTicks: number[] = [];
  for (let bpm = Math.ceil(low / bpmStep) * bpmStep; bpm <= high; bpm += bpmStep) bpmTicks.push(bpm);
  const minuteStep = niceStep(end / 60, [5, 10, 15, 20, 30, 60, 120], 6);
  const minuteTicks: number[] = [];
  for (let minute = 0; x(minute * 60) <= RIGHT - 14; minute += minuteStep) minuteTicks.push(minute);

  // The target as a step line, phase by phase; past the planned end the last phase's target holds.
  const targetPath = picture.phases
    .map((phase, index) => {
      if (phase.targetTempoBpm === null) return '';
      const level = y(phase.targetTempoBpm).toFixed(1);
      const to = x(index === picture.phases.length - 1 ? end : phase.toSeconds).toFixed(1);
      const joined = index > 0 && picture.phases[index - 1]!.targetTempoBpm !== null;
      return `${joined ? `V${level}` : `M${x(phase.fromSeconds).toFixed(1)} ${level}`}H${to}`;
    })
    .join('');

  const runStart = picture.runStartSeconds;
  return (
    <figure className={compact ? 'rs-chart rs-chart-compact' : 'rs-chart'}>
      <svg
        className="rs-chart-svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={name ? `Tempo chart of “${name}”: each track’s tempo against the run’s target` : 'Tempo chart: each track’s tempo against the run’s target'}
        aria-describedby={`${id}-words`}
      >
        <defs>
          <pattern id={`${id}-hatch`} width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <line className="rs-chart-hatch" x1="0" y1="0" x2="0" y2="4" />
          </pattern>
        </defs>
        {runStart > 0 ? <rect className="rs-chart-prerace" x={LEFT} y={TOP} width={x(runStart) - LEFT} height={BOTTOM - TOP} /> : null}
        {bpmTicks.map((bpm) => (
          <g key={bpm}>
            <line className="rs-chart-grid" x1={LEFT} x2={RIGHT} y1={y(bpm)} y2={y(bpm)} />
            <text className="rs-chart-text" x={LEFT - 3} y={y(bpm) + 3} textAnchor="end">
              {bpm}
            </text>
          </g>
        ))}
        <text className="rs-chart-text" x={2} y={9}>
          BPM
        </text>
        {minuteTicks.map((minute) => (
          <text key={minute} className="rs-chart-text" x={x(minute * 60)} y={HEIGHT - 4} textAnchor="middle">
            {minute}
          </text>
        ))}
        <text className="rs-chart-text" x={RIGHT} y={HEIGHT - 4} textAnchor="end">
          min
        </text>
        <line className="rs-chart-axis" x1={LEFT} x2={RIGHT} y1={BOTTOM} y2={BOTTOM} />
        {targetPath ? <path className="rs-chart-target" d={targetPath} /> : null}
        {picture.tracks.map((track, index) => {
          const left = x(track.startSeconds);
          const width = Math.max(1, x(track.startSeconds + track.durationSeconds) - left - 0.8);
          const target = targets[index] ?? null;
          if (track.carriedBpm === null) {
            const at = y(target ?? (low + high) / 2);
            return (
              <rect key={index} className="rs-chart-unknown" x={left} y={at - BAR} width={width} height={BAR * 2} fill={`url(#${id}-hatch)`} data-beat="unknown">
                <title>{`${track.name}: tempo unknown`}</title>
              </rect>
            );
          }
          const beat = target === null ? 'any' : track.onBeat ? 'on' : 'off';
          return (
            <rect
              key={index}
              className={`rs-chart-${beat}`}
              x={left}
              y={y(track.carriedBpm) - BAR / 2}
              width={width}
              height={BAR}
              data-beat={beat}
            >
              <title>{`${track.name}: ${tempoInWords(track, target)}`}</title>
            </rect>
          );
        })}
        {runStart > 0 ? (
          <g>
            <line className="rs-chart-marker" x1={x(runStart)} x2={x(runStart)} y1={TOP - 2} y2={BOTTOM} />
            <text className="rs-chart-text" x={x(runStart)} y={TOP - 4} textAnchor={anchor(x(runStart))}>
              start
            </text>
          </g>
        ) : null}
        <line className="rs-chart-marker" x1={x(picture.plannedSeconds)} x2={x(picture.plannedSeconds)} y1={TOP - 2} y2={BOTTOM} />
        <text className="rs-chart-text" x={x(picture.plannedSeconds)} y={TOP - 4} textAnchor={anchor(x(picture.plannedSeconds))}>
          end
        </text>
      </svg>
      {/* Compact (beside a card that says the same): the words stay, for those who do not see the picture. */}
      <figcaption id={`${id}-words`} className={compact ? 'rs-sr-only' : 'rs-hint'}>
        {words}
      </figcaption>
      <p className="rs-chart-legend">
        <span><span className="rs-swatch rs-swatch-on" /> on the beat (±3 %)</span>
        <span><span className="rs-swatch rs-swatch-off" /> off the beat</span>
        <span><span className="rs-swatch rs-swatch-unknown" /> tempo unknown</span>
        <span><span className="rs-swatch rs-swatch-target" /> target</span>
        {runStart > 0 ? <span><span className="rs-swatch rs-swatch-any" /> before the start, any tempo</span> : null}
      </p>
      <details className="rs-chart-details">
        <summary>Track by track</summary>
        <table className="rs-table">
          <thead>
            <tr>
              <th scope="col">Track</th>
              <th scope="col">Starts at</th>
              <th scope="col">Length</th>
              <th scope="col">Tempo</th>
              <th scope="col">Target</th>
            </tr>
          </thead>
          <tbody>
            {picture.tracks.map((track, index) => {
              const target = targets[index] ?? null;
              return (
                <tr key={index}>
                  <td>
                    {track.name} <span className="rs-hint">{track.artists}</span>
                  </td>
                  <td>{clock(track.startSeconds)}</td>
                  <td>{clock(track.durationSeconds)}</td>
                  <td>{tempoInWords(track, target)}</td>
                  <td>{target === null ? 'any (before the start)' : `${bpmInWords(target)} BPM`}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
