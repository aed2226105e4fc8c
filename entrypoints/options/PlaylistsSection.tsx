import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { PlaylistTempoChart } from '@/components/PlaylistTempoChart';
import type { StoredTrackFeatures } from '@/lib/db';
import { sendMessage } from '@/lib/messages';
import { playlistTrackIds } from '@/lib/playlist/record';
import { openDb } from '@/storage/db';

const SOURCE_LABEL: Record<StoredTrackFeatures['source'], string> = { reccobeats: 'ReccoBeats', deezer: 'Deezer', 'deezer-search': 'Deezer', runner: 'you' };

function TempoRow({ track }: { track: StoredTrackFeatures }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string>();
  const save = (bpm: number | null) => {
    setProblem(undefined);
    sendMessage('correctTrackBpm', { trackId: track.id, bpm }).then(
      () => setText(''),
      (error: unknown) => setProblem(`Not saved: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  const shown = track.correctedTempo ?? track.tempo;
  return (
    <tr data-testid={`track-${track.id}`}>
      <td>{track.name ?? track.id}</td>
      <td>{track.artists ?? ''}</td>
      <td>
        {shown ? `${Math.round(shown)} BPM` : 'unknown'}{' '}
        <span className="rs-hint">({track.correctedTempo ? 'you' : track.tempo ? SOURCE_LABEL[track.source] : 'no service knew it'})</span>
      </td>
      <td>
        <form
          className="rs-inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            const bpm = Number(text);
            if (Number.isFinite(bpm) && bpm >= 40 && bpm <= 250) save(bpm);
            else setProblem('A tempo is a number of beats per minute between 40 and 250.');
          }}
        >
          <input aria-label={`Tempo of ${track.name ?? track.id} in BPM`} value={text} onChange={(event) => setText(event.target.value)} size={5} inputMode="numeric" />{' '}
          <button type="submit" className="rs-button rs-button-quiet">
            Correct
          </button>
          {track.correctedTempo ? (
            <button type="button" className="rs-link-button" onClick={() => save(null)}>
              undo
            </button>
          ) : null}
        </form>
        {problem ? <p className="rs-error">{problem}</p> : null}
      </td>
    </tr>
  );
}

/** How many of the newest playlists are drawn. */
const SHOWN_PLAYLISTS = 5;

/** The dashboard's Playlists: each of the newest playlists RunSound made with its tempo per track, and the last one's tempos to correct. */
export function PlaylistsSection() {
  const playlists = useLiveQuery(() => openDb().playlists.orderBy('createdAt').reverse().limit(SHOWN_PLAYLISTS).toArray(), []);
  const last = playlists?.[0];
  const tracks = useLiveQuery(
    async () => (last ? (await openDb().trackFeatures.bulkGet(playlistTrackIds(last))).filter((row) => row !== undefined) : []),
    [last?.id],
  );
  if (!playlists) return null;
  if (!last) {
    return (
      <div className="rs-card">
        <p className="rs-hint" data-testid="no-playlists">
          No playlist yet: plan a run in RunSound’s popup and press Generate playlist. Each one appears here with the tempo of its tracks.
        </p>
      </div>
    );
  }
  return (
    <>
      <ul className="rs-playlist-list">
        {playlists.map((playlist) => (
          <li key={playlist.id} className="rs-card">
            <a href={playlist.spotify.url} target="_blank" rel="noreferrer">
              {playlist.spotify.name}
            </a>{' '}
            <span className="rs-hint">{new Date(playlist.createdAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</span>
            {playlist.picture ? (
              <PlaylistTempoChart picture={playlist.picture} name={playlist.spotify.name} />
            ) : (
              <p className="rs-hint">Made before RunSound drew its playlists: no picture of its tempo.</p>
            )}
          </li>
        ))}
      </ul>
      <div className="rs-card">
        <h3>Tempo of the tracks of “{last.spotify.name}”</h3>
        <p className="rs-hint">If a tempo is wrong, correct it: RunSound uses your figure from now on.</p>
        <table className="rs-table">
          <thead>
            <tr>
              <th scope="col">Track</th>
              <th scope="col">Artists</th>
              <th scope="col">Tempo</th>
              <th scope="col">Correct it</th>
            </tr>
          </thead>
          <tbody>
            {tracks?.map((track) => (
              <TempoRow key={track.id} track={track} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
