import { useEffect, useId, useState, type MouseEvent } from 'react';
import { byTheRunner } from '@/components/GeneratePlaylist';
import { sendMessage } from '@/lib/messages';

type Tempo = 'slower' | 'right' | 'faster';
type Energy = 'lower' | 'right' | 'higher';

function Choice<T extends string>({ legend, name, options, value, onChange }: { legend: string; name: string; options: Array<[T, string]>; value: T; onChange: (value: T) => void }) {
  return (
    <fieldset className="rs-choice-row">
      <legend>{legend}</legend>
      {options.map(([option, label]) => (
        <label key={option}>
          <input type="radio" name={name} value={option} checked={value === option} onChange={() => onChange(option)} /> {label}
        </label>
      ))}
    </fieldset>
  );
}

/** After a run with a RunSound playlist: three quick questions whose answers the model learns from. */
export function MusicQuestion({ activityId }: { activityId: string }) {
  const id = useId();
  const [question, setQuestion] = useState<{ playlistName: string; answered: boolean } | null>(null);
  const [tempo, setTempo] = useState<Tempo>('right');
  const [energy, setEnergy] = useState<Energy>('right');
  const [liked, setLiked] = useState<'yes' | 'no'>('yes');
  const [state, setState] = useState<'asking' | 'saved' | string>('asking');

  useEffect(() => {
    let current = true;
    sendMessage('musicQuestion', { activityId }).then(
      (answer) => current && setQuestion(answer),
      () => current && setQuestion(null),
    );
    return () => {
      current = false;
    };
  }, [activityId]);

  const save = (event: MouseEvent) => {
    event.preventDefault();
    if (!byTheRunner(event)) return;
    sendMessage('rateMusic', { activityId, tempo, energy, liked: liked === 'yes' }).then(
      () => setState('saved'),
      (error: unknown) => setState(`Your answers were not saved: ${error instanceof Error ? error.message : String(error)}`),
    );
  };

  if (!question || question.answered) return null;
  if (state === 'saved') {
    return (
      <p className="rs-note" data-testid="music-question-thanks">
        Thanks: RunSound learns from your answers.
      </p>
    );
  }
  return (
    <form
      className="rs-question"
      data-testid="music-question"
      aria-labelledby={`${id}-title`}
      // The answers go with the button's click alone: a script's requestSubmit() gets a submit event the browser marks trusted.
      onSubmit={(event) => event.preventDefault()}
    >
      <p id={`${id}-title`}>
        <strong>How was the music of “{question.playlistName}”?</strong>
      </p>
      <Choice legend="Tempo" name={`${id}-tempo`} value={tempo} onChange={setTempo} options={[['slower', 'should be slower'], ['right', 'right'], ['faster', 'should be faster']]} />
      <Choice legend="Energy" name={`${id}-energy`} value={energy} onChange={setEnergy} options={[['lower', 'lower'], ['right', 'right'], ['higher', 'higher']]} />
      <Choice legend="Liked it?" name={`${id}-liked`} value={liked} onChange={setLiked} options={[['yes', 'yes'], ['no', 'no']]} />
      <button type="submit" className="rs-button" onClick={save}>
        Save my answers
      </button>
      {state !== 'asking' ? <p className="rs-error">{state}</p> : null}
    </form>
  );
}
