import { fakeHistory } from '../fixtures/strava-session';
import { expect, test } from './extension';

test('with a history, the planner suggests the usual pace, shows the forecast and the training load', async ({ openExtensionPage, strava, stravaSession }) => {
  void strava;
  stravaSession.history = fakeHistory(18);
  const options = await openExtensionPage('options.html#training');
  await expect(options.getByTestId('weather-summary')).toHaveText('Weather known for 18 of 18 runs.', { timeout: 20_000 });

  const popup = await openExtensionPage('popup.html');
  await popup.getByLabel('Run type').selectOption('tempo');
  const suggestion = popup.getByTestId('pace-suggestion');
  await expect(suggestion).toContainText(/Your usual tempo pace: \d:\d\d–\d:\d\d\/km \(\d+ runs in the last 90 days\)/);
  const use = suggestion.getByRole('button', { name: /^Use \d:\d\d\/km$/ });
  const pace = (await use.textContent())!.replace('Use ', '').replace('/km', '');
  await use.click();
  await expect(popup.getByLabel(/Target pace/)).toHaveValue(pace);

  // The fake Open-Meteo answers the forecast for the runner's home (their most frequent start).
  await expect(popup.getByTestId('weather-forecast')).toContainText(/Forecast: -?\d+ °C/);
  await expect(popup.getByText('Weather data by Open-Meteo.com')).toBeVisible();
  await expect(popup.getByTestId('training-load')).toContainText('Last 7 days');
  await expect(popup.getByTestId('fatigue-level')).toHaveText(/normal|raised|high/);
  // One line each; the numbers behind them one click away.
  const training = popup.getByTestId('training-load');
  await expect(training.getByText(/Fitness \d+ \(your 6-week load\)/)).toBeHidden();
  await training.locator('summary').click();
  await expect(training.getByText(/Fitness \d+ \(your 6-week load\), fatigue \d+ \(your 7-day load\), form/)).toBeVisible();
  await popup.screenshot({ path: 'tests/artifacts/popup-history.png' });

  // Beyond the forecast's 16 days: the fallback, said as such.
  const inAMonth = new Date(Date.now() + 30 * 86_400_000);
  const local = `${inAMonth.getFullYear()}-${String(inAMonth.getMonth() + 1).padStart(2, '0')}-${String(inAMonth.getDate()).padStart(2, '0')}T10:00`;
  await popup.getByLabel('Start').fill(local);
  await expect(popup.getByTestId('weather-fallback')).toContainText('No forecast: assuming 15 °C, dry and calm');
});

test('without a history: no suggestion, no load, and the weather fallback explained', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await expect(popup.getByTestId('tempo-bpm')).toHaveText('159');
  await expect(popup.getByTestId('weather-fallback')).toContainText('does not know where you run yet');
  await expect(popup.getByTestId('pace-suggestion')).toHaveCount(0);
  await expect(popup.getByTestId('training-load')).toHaveCount(0);
});
