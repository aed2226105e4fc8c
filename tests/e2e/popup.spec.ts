import { expect, test } from './extension';

test('the popup opens on an easy run and shows its prior music profile', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await expect(popup.getByLabel('Run type')).toHaveValue('easy');
  await expect(popup.getByLabel(/Target pace/)).toHaveValue('6:00');
  await expect(popup.getByLabel(/Distance/)).toHaveValue('8.0');
  // 6:00/km is 2.78 m/s: 157 + 12 × (2.78 − 2.65) ≈ 159 steps/min.
  await expect(popup.getByTestId('tempo-bpm')).toHaveText('159');
  await expect(popup.getByTestId('tempo-half')).toHaveText('80');
  await expect(popup.getByTestId('profile-source').first()).toHaveText('prior');
  await popup.setViewportSize({ width: 380, height: 640 });
  await popup.screenshot({ path: 'tests/artifacts/popup.png', fullPage: true });
});

test('the profile follows the plan as the runner edits it, and bad paces are refused in plain words', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  const pace = popup.getByLabel(/Target pace/);
  await expect(popup.getByTestId('tempo-bpm')).toHaveText('159');

  await pace.fill('5:7');
  await expect(popup.getByTestId('error-pace')).toHaveText('Seconds need two digits: write 5:07, not 5:7.');
  await expect(pace).toHaveAttribute('aria-invalid', 'true');

  await pace.fill('-1');
  await expect(popup.getByTestId('error-pace')).toContainText('minutes:seconds');

  await pace.fill('4:30/km');
  await expect(popup.getByTestId('error-pace')).toHaveCount(0);
  // 4:30/km is 3.70 m/s: 157 + 12 × 0.85 + 5.6 × 0.20 ≈ 168 steps/min.
  await expect(popup.getByTestId('tempo-bpm')).toHaveText('168');
  await expect(popup.getByTestId('tempo-half')).toHaveText('84');

  const energy = popup.getByTestId('profile-energy').locator('.rs-target-value');
  await expect(energy).toHaveText('45 / 100');
  await popup.getByLabel('Run type').selectOption('interval');
  await expect(energy).toHaveText('85 / 100');

  await popup.getByLabel(/Distance/).fill('0');
  await expect(popup.getByTestId('error-distance')).toHaveText('A run needs to be at least 0.1 km long.');
});

test('the plan survives closing the popup', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await popup.getByLabel(/Target pace/).fill('5:15');
  await popup.getByLabel(/Distance/).fill('12');
  await popup.getByLabel('Run type').selectOption('tempo');
  await expect(popup.getByTestId('tempo-bpm')).not.toHaveText('159');
  await popup.close();

  const again = await openExtensionPage('popup.html');
  await expect(again.getByLabel(/Target pace/)).toHaveValue('5:15');
  await expect(again.getByLabel(/Distance/)).toHaveValue('12.0');
  await expect(again.getByLabel('Run type')).toHaveValue('tempo');
});

test('choosing miles in the settings switches the planner to miles and min/mi', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  await options.getByRole('radio', { name: /Miles/ }).check();

  const popup = await openExtensionPage('popup.html');
  await expect(popup.getByLabel('Target pace (min/mi)')).toHaveValue('9:39');
  await expect(popup.getByLabel('Distance (mi)')).toHaveValue('5.0');
  await expect(popup.getByTestId('profile-tempo')).toContainText('9:39/mi');

  await options.getByRole('radio', { name: /Kilometres/ }).check();
  await expect(popup.getByLabel('Target pace (min/km)')).toHaveValue('6:00');
});
