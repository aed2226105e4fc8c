import { useEffect, useState } from 'react';
import { useStored } from '@/components/useStored';
import { sendMessage } from '@/lib/messages';
import { effectiveFeatures } from '@/lib/music-features/stored';
import { tempoHistogram, usualCadenceRange, type TempoHistogram } from '@/lib/music-library/tempo-picture';
import { libraryLine } from '@/lib/music-library/types';
import { priorCadenceSpm } from '@/lib/model/prior';
import { runPaceSecondsPerKm, type Run } from '@/lib/runs';
import { median } from '@/lib/training-load';
import { openDb } from '@/storage/db';
import { libraryStatus, spotifyStatus } from '@/storage/settings';
import { TempoHistogramChart, type CadenceBand } from './charts/TempoHistogramChart';
import { useHistory } from './charts/useHistory';

/** What RunSound knows of the runner's music, and reading it again. */
export function LibraryState() {
  const library = useStored(libraryStatus);
  const spotify = useStored(spotifyStatus);
  if (!library || (library.state === 'never' && spotify?.state !== 'connected')) return null;
  return (
    <div className="rs-library" data-testid="library-status" data-state={library.state}>
      <p>
        <strong>{libraryLine(library)}</strong>
      </p>
      {library.state !== 'indexing' && library.message ? <p className={library.state === 'error' ? 'rs-error' : 'rs-hint'}>{library.message}</p> : null}
      {library.playlistsNotAllowed ? (
        <p className="rs-hint" data-testid="library-playlists-not-allowed">
          Your own playlists are not included yet: RunSound now reads the playlists you made, to find more music that fits
          your runs. Reconnect Spotify in <a href="#settings">Settings</a> and allow it.
        </p>
      ) : null}
      {spotify?.state === 'connected' ? (
        <button type="button" className="rs-button rs-button-quiet" disabled={library.state === 'indexing'} onClick={() => void sendMessage('indexLibrary', undefined)}>
          Read my library again
        </button>
      ) : null}
    </div>
  );
}

/** The tempo of every track of the library RunSound knows one for (the runner's correction first). */
async function libraryTempos(): Promise<Array<number | undefined>> {
  const db = openDb();
  const ids = (await db.libraryTracks.toCollection().primaryKeys()) as string[];
  const features = await db.trackFeatures.bulkGet(ids);
  return features.map((row) => (row ? effectiveFeatures(row).tempo : undefined));
}

/**
 * The cadences a track should carry: the runner's usual range from their recent runs, or, without
 * runs that measured a cadence, what research expects at their usual pace.
 */
function cadenceBand(runs: readonly Run[], now: number): CadenceBand | undefined {
  const usual = usualCadenceRange(runs, now);
  if (usual) return { low: usual.low, high: usual.high, basis: 'your usual cadence', source: `from your last ${usual.runs} runs with one` };
  const pace = median(runs.flatMap((run) => runPaceSecondsPerKm(run) ?? []));
  if (!Number.isFinite(pace)) return undefined;
  const cadence = priorCadenceSpm(pace);
  return { low: cadence, high: cadence, basis: 'the cadence research on runners expects at your usual pace' };
}

/** The dashboard's Music: what the runner's library offers for their runs, and its state. */
export function MusicSection() {
  const library = useStored(libraryStatus);
  const history = useHistory();
  const [tempos, setTempos] = useState<Array<number | undefined>>();
  // Read again when the index has moved on, not at each of its writes.
  const key = library ? `${library.state}:${library.tracks}:${library.withTempo}:${library.lastCompletedAt ?? 0}` : undefined;
  useEffect(() => {
    if (!key) return;
    let live = true;
    void libraryTempos().then((read) => live && setTempos(read));
    return () => {
      live = false;
    };
  }, [key]);
  const band = history ? cadenceBand(history.runs, Date.now()) : undefined;
  const histogram: TempoHistogram | undefined = tempos?.length ? tempoHistogram(tempos, band) : undefined;
  return (
    <>
      <div className="rs-card">
        <LibraryState />
        {!library || library.state === 'never' ? (
          <p className="rs-hint">
            Connect Spotify in <a href="#settings">Settings</a>: RunSound then reads your library and finds each track’s tempo.
          </p>
        ) : null}
      </div>
      {histogram ? (
        <div className="rs-card">
          <TempoHistogramChart histogram={histogram} band={band} />
        </div>
      ) : null}
    </>
  );
}
