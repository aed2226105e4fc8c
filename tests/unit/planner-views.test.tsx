// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { MusicProfile } from '@/lib/model/profile';
import type { PlannedRun } from '@/lib/plan';
import { planKey, type PlaylistCard } from '@/lib/playlist/record';
import { generationStatus, playlistDefaults, spotifyStatus } from '@/storage/settings';

const asked = vi.hoisted(() => ({ playlistForPlan: vi.fn() }));
vi.mock('@/lib/messages', () => ({
  sendMessage: (type: string, data: unknown) => (type === 'playlistForPlan' ? asked.playlistForPlan(data) : Promise.resolve(undefined)),
}));

const { ProfileView } = await import('@/components/ProfileView');
const { GeneratePlaylist, RunsInPage } = await import('@/components/GeneratePlaylist');

const profile = (tempo: number, energy: number, valence: number): MusicProfile => ({
  tempo: { value: tempo, source: 'prior', reasons: ['At 6:00/km runners typically take about 159 steps per minute.'] },
  energy: {
    value: energy,
    source: 'model',
    reasons: ['Learned from 40 of your runs.', 'The type of run: −12.'],
    accuracy: { r2: 0.5, mae: 0.08, baselineMae: 0.11, nTrain: 32, nTest: 8 },
  },
  valence: { value: valence, source: 'prior', reasons: ['Upbeat music is the motivational default for training runs.'] },
});

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

describe('the music profile', () => {
  it('reads in one line with its source; the reasons wait behind "Why?"', () => {
    render(<ProfileView profile={profile(159, 0.45, 0.6)} />);
    expect(screen.getByTestId('profile-line').textContent).toBe('159 BPM · Low energy · Upbeat');
    expect(screen.getAllByTestId('profile-source')[0]!.textContent).toBe('your model + research prior');
    const why = screen.getByRole('button', { name: 'Why?' });
    expect(why.getAttribute('aria-expanded')).toBe('false');
    expect(screen.getByTestId('profile-why').hidden).toBe(true);

    fireEvent.click(why);
    expect(why.getAttribute('aria-expanded')).toBe('true');
    const reasons = screen.getByTestId('profile-why');
    expect(reasons.hidden).toBe(false);
    // Model or prior, how good, what set it; valence as mood.
    const energy = within(reasons).getByTestId('profile-energy');
    expect(energy.textContent).toContain('Learned from 40 of your runs: predicts how hard a run is within ±8 points out of 100');
    expect(energy.textContent).toContain('The type of run: −12.');
    expect(within(reasons).getByTestId('profile-tempo').textContent).toContain('From research on runners, not yet from your own runs.');
    expect(within(reasons).getByTestId('profile-valence').textContent).toContain('How positive the music sounds (its valence)');
  });

  it('is no live region: one short status says what changed, and nothing when nothing did', () => {
    const { container, rerender } = render(<ProfileView profile={profile(159, 0.45, 0.6)} />);
    expect(container.querySelector('[aria-live]')).toBeNull();
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('');

    rerender(<ProfileView profile={profile(162, 0.46, 0.6)} />);
    expect(status.textContent).toBe('Tempo 162 BPM');
    rerender(<ProfileView profile={profile(162, 0.8, 0.8)} />);
    expect(status.textContent).toBe('High energy, joyful');
    rerender(<ProfileView profile={profile(162, 0.81, 0.8)} />);
    expect(status.textContent).toBe('');
  });
});

const plan: PlannedRun = { type: 'easy', paceSecondsPerKm: 360, distanceMeters: 8000, start: '2026-12-13T09:00' };
const other: PlannedRun = { ...plan, type: 'tempo', paceSecondsPerKm: 300 };
const card: PlaylistCard = {
  name: 'Easy Run | 6:00/km | 8.0km @ 159 BPM',
  url: 'https://open.spotify.com/playlist/abc',
  createdAt: 1,
  seconds: 3120,
  onBeat: 12,
  withTarget: 14,
  summaryText: '12 of 14 tracks within ±3 % of their target cadence.',
};

describe('Generate playlist', () => {
  beforeEach(async () => {
    asked.playlistForPlan.mockReset();
    await spotifyStatus.setValue({ state: 'connected', message: 'Connected to Spotify as Jane.' });
  });

  it('shows the steps of a generation for the plan on screen', async () => {
    asked.playlistForPlan.mockResolvedValue(null);
    await generationStatus.setValue({ state: 'working', message: 'Finding the tempo of 80 tracks…', step: 'tempos', planKey: planKey(plan), updatedAt: 1 });
    render(<GeneratePlaylist plan={plan} units="metric" />);
    const steps = await screen.findByTestId('generation-steps');
    expect([...steps.querySelectorAll('li')].map((step) => [step.textContent, step.dataset.state])).toEqual([
      ['Reading your library ✓ (done)', 'done'],
      ['Finding tempos …', 'current'],
      ['Choosing tracks', 'todo'],
      ['Saving to Spotify', 'todo'],
    ]);
    expect(screen.getByRole('status').textContent).toBe('Finding the tempo of 80 tracks…');
    expect(screen.getByRole('button', { name: 'Generate playlist' })).toHaveProperty('disabled', true);
  });

  it('never shows what another plan’s generation says as its own', async () => {
    asked.playlistForPlan.mockResolvedValue(null);
    await generationStatus.setValue({ state: 'working', message: 'Adding 14 tracks…', step: 'saving', planKey: planKey(other), updatedAt: 1 });
    render(<GeneratePlaylist plan={plan} units="metric" />);
    await screen.findByText('RunSound is making another playlist; this one can follow.');
    expect(screen.queryByTestId('generation-steps')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('shows the playlist made for this plan as a card: length, tracks on the beat, open in Spotify', async () => {
    asked.playlistForPlan.mockResolvedValue(card);
    render(<GeneratePlaylist plan={plan} units="metric" />);
    expect((await screen.findByTestId('playlist-facts')).textContent).toBe('52 min · 12 of 14 tracks on the beat');
    expect(asked.playlistForPlan).toHaveBeenCalledWith({ plan });
    const open = screen.getByTestId('playlist-link');
    expect(open.textContent).toBe(`Open “${card.name}” in Spotify`);
    expect(open.getAttribute('href')).toBe(card.url);
  });

  it('in a Strava page, offers no link: a button asks the background', async () => {
    asked.playlistForPlan.mockResolvedValue(card);
    render(
      <RunsInPage.Provider value={true}>
        <GeneratePlaylist plan={plan} units="metric" />
      </RunsInPage.Provider>,
    );
    const open = await screen.findByTestId('playlist-link');
    expect(open.tagName).toBe('BUTTON');
    expect(document.body.innerHTML).not.toContain('open.spotify.com');
  });

  it('asks again for the plan now on screen, and drops the card of the one before', async () => {
    asked.playlistForPlan.mockImplementation(({ plan: asked }: { plan: PlannedRun }) => Promise.resolve(asked.type === 'easy' ? card : null));
    const { rerender } = render(<GeneratePlaylist plan={plan} units="metric" />);
    await screen.findByTestId('playlist-card');
    rerender(<GeneratePlaylist plan={other} units="metric" />);
    await waitFor(() => expect(screen.queryByTestId('playlist-card')).toBeNull());
    await act(async () => {
      await generationStatus.setValue({ state: 'done', message: 'Done.', planKey: planKey(other), updatedAt: 2 });
    });
    await waitFor(() => expect(asked.playlistForPlan).toHaveBeenCalledTimes(3));
  });

  it('starts from the settings’ defaults for new playlists, and the runner may change them for this one', async () => {
    asked.playlistForPlan.mockResolvedValue(null);
    await playlistDefaults.setValue({ excludeExplicit: true, trackCount: 25 });
    render(<GeneratePlaylist plan={plan} units="metric" />);
    const fixed = await screen.findByRole('checkbox', { name: 'Exactly 25 tracks' });
    await waitFor(() => expect(fixed).toHaveProperty('checked', true));
    const explicit = screen.getByRole('checkbox', { name: 'No explicit tracks' });
    expect(explicit).toHaveProperty('checked', true);
    fireEvent.click(fixed);
    expect(fixed).toHaveProperty('checked', false);
    // The settings are left as they were.
    expect(await playlistDefaults.getValue()).toEqual({ excludeExplicit: true, trackCount: 25 });
  });

  it('without settings, as long as the run and explicit tracks allowed', async () => {
    asked.playlistForPlan.mockResolvedValue(null);
    render(<GeneratePlaylist plan={plan} units="metric" />);
    expect(await screen.findByRole('checkbox', { name: 'Exactly 30 tracks' })).toHaveProperty('checked', false);
    expect(screen.getByRole('checkbox', { name: 'No explicit tracks' })).toHaveProperty('checked', false);
  });

  it('without Spotify: the way to connect it, and Generate playlist still in place', async () => {
    asked.playlistForPlan.mockResolvedValue(null);
    await spotifyStatus.setValue({ state: 'not-set-up', message: '' });
    render(<GeneratePlaylist plan={plan} units="metric" />);
    expect((await screen.findByTestId('connect-spotify')).textContent).toContain('connect your Spotify account once');
    expect(screen.getByRole('button', { name: 'Generate playlist' }).getAttribute('aria-describedby')).toBe(screen.getByTestId('connect-spotify').id);
  });
});
