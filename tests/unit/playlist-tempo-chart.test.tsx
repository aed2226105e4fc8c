// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PlaylistTempoChart } from '@/components/PlaylistTempoChart';
import { pictureInWords, type PlaylistPicture } from '@/lib/playlist/picture';

const picture: PlaylistPicture = {
  plannedSeconds: 1500,
  runStartSeconds: 0,
  phases: [
    { name: 'warm-up', label: 'warm-up', fromSeconds: 0, toSeconds: 300, targetTempoBpm: 156.8 },
    { name: 'steady', label: 'steady part', fromSeconds: 300, toSeconds: 1500, targetTempoBpm: 165 },
  ],
  tracks: [
    { name: 'Easy Start', artists: 'Someone', startSeconds: 0, durationSeconds: 300, carriedBpm: 157, onBeat: true },
    { name: 'Too Quick', artists: 'Band, Guest', startSeconds: 300, durationSeconds: 600, carriedBpm: 171, onBeat: false },
    { name: 'Mystery', artists: 'Nobody', startSeconds: 900, durationSeconds: 240, carriedBpm: null, onBeat: false },
    { name: 'Right On', artists: 'Them', startSeconds: 1140, durationSeconds: 560, carriedBpm: 165.2, onBeat: true },
  ],
};

afterEach(cleanup);

describe('PlaylistTempoChart', () => {
  it('is an image named after the playlist, described by the picture in words', () => {
    render(<PlaylistTempoChart picture={picture} name="Long run" />);
    const chart = screen.getByRole('img', { name: /tempo chart of “Long run”/i });
    const words = pictureInWords(picture);
    expect(words).toContain('Widest miss: “Too Quick” at 171 BPM against 165.');
    expect(screen.getByText(words)).toBeTruthy();
    expect(chart.getAttribute('aria-describedby')).toBe(screen.getByText(words).id);
  });

  it('shows each track by its fit, in the drawing and in the table', () => {
    const { container } = render(<PlaylistTempoChart picture={picture} />);
    const bars = [...container.querySelectorAll('svg [data-beat]')].map((bar) => bar.getAttribute('data-beat'));
    expect(bars).toEqual(['on', 'off', 'unknown', 'on']);

    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    const cells = rows.map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));
    expect(cells).toEqual([
      ['Easy Start Someone', '0:00', '5:00', '157 BPM', '156.8 BPM'],
      ['Too Quick Band, Guest', '5:00', '10:00', '171 BPM (off the beat: 3.6 % fast)', '165 BPM'],
      ['Mystery Nobody', '15:00', '4:00', 'unknown', '165 BPM'],
      ['Right On Them', '19:00', '9:20', '165.2 BPM', '165 BPM'],
    ]);
  });

  it('marks the race start and says any tempo is fine before it', () => {
    const race: PlaylistPicture = {
      plannedSeconds: 1800,
      runStartSeconds: 600,
      phases: [
        { name: 'pre-race', label: 'before the start', fromSeconds: 0, toSeconds: 600, targetTempoBpm: null },
        { name: 'steady', label: 'steady part', fromSeconds: 600, toSeconds: 1800, targetTempoBpm: 172 },
      ],
      tracks: [
        { name: 'Nerves', artists: 'A', startSeconds: 0, durationSeconds: 600, carriedBpm: 120, onBeat: true },
        { name: 'Gun', artists: 'B', startSeconds: 600, durationSeconds: 1300, carriedBpm: 172, onBeat: true },
      ],
    };
    const { container } = render(<PlaylistTempoChart picture={race} />);
    expect(container.querySelector('.rs-chart-prerace')).not.toBeNull();
    expect([...container.querySelectorAll('svg [data-beat]')].map((bar) => bar.getAttribute('data-beat'))).toEqual(['any', 'on']);
    expect([...container.querySelectorAll('svg text')].map((text) => text.textContent)).toContain('start');
    expect(screen.getByText('any (before the start)')).toBeTruthy();
  });
});
