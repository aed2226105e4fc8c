import { fakeHistory } from '../fixtures/strava-session';
import { expect, openSection, test } from './extension';

test('after a sync a model appears with its honest metrics, the popup switches to it, and a new run retrains it', async ({ openExtensionPage, strava, stravaSession }) => {
  test.setTimeout(90_000);
  void strava;
  const history = fakeHistory(18);
  stravaSession.history = history;
  const options = await openExtensionPage('options.html#model');

  const activeModel = options.getByTestId('active-model');
  // 17 of the 18 runs carry a label (the manual entry has neither cadence nor heart rate).
  await expect(activeModel).toContainText('learned from 17 runs', { timeout: 45_000 });
  await expect(activeModel).toContainText('Your first model');
  // This runner's cadence does not follow anything known before a run: the tempo model does not
  // beat always guessing their usual cadence, so its numbers are shown and the prior answers.
  const tempoRow = options.getByTestId('model-tempo');
  await expect(tempoRow).toContainText('steps/min');
  await expect(tempoRow).toContainText('your cadence');
  await expect(tempoRow.getByTestId('target-not-used')).toContainText('did not beat always guessing your usual');
  await expect(options.getByTestId('model-energy')).toContainText('your heart rate');
  await expect(options.getByTestId('model-energy').getByTestId('target-not-used')).toHaveCount(0);
  await expect(options.getByTestId('model-valence')).toContainText('research on runners answers for it');

  const popup = await openExtensionPage('popup.html');
  const energy = popup.getByTestId('profile-energy');
  await expect(energy.getByTestId('profile-source')).toHaveText('your model');
  await expect(energy).toContainText('predicts how hard a run is within');
  const tempo = popup.getByTestId('profile-tempo');
  await expect(tempo.getByTestId('profile-source')).toHaveText('prior');
  await expect(tempo).toContainText('Your own model for tempo is not used');
  await expect(popup.getByTestId('profile-valence').getByTestId('profile-source')).toHaveText('prior');

  // A new run on Strava: synced, processed, and the model retrained on 18 runs.
  history.runs.unshift({ ...history.runs[0]!, id: '18000000003', name: 'Fresh run', start: history.runs[0]!.start + 86_400 });
  await openSection(options, 'data');
  await options.getByRole('button', { name: 'Sync now' }).click();
  await expect(options.getByTestId('runs-stored')).toHaveText('19 runs stored in this browser.', { timeout: 20_000 });
  await openSection(options, 'model');
  await expect(activeModel).toContainText('learned from 18 runs', { timeout: 45_000 });
  // Each training is drawn: energy's error on its newest runs, the first and the second.
  const versions = options.getByTestId('versions-energy');
  await expect(versions.getByRole('img', { name: /^Chart of the typical error of each of your model's 2 trainings/ })).toBeVisible();
  await versions.getByText('Show as table').click();
  const trainings = versions.locator('tbody tr');
  await expect(trainings).toHaveCount(2);
  await expect(trainings.nth(0).locator('td').nth(1)).toHaveText('18');
  await expect(trainings.nth(1).locator('td').nth(1)).toHaveText('17');
  await options.screenshot({ path: 'tests/artifacts/options-model.png', fullPage: true });
});
