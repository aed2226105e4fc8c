// Starts Chromium with the production build of RunSound loaded, in a fresh profile, on
// strava.com. RUNSOUND_CHROMIUM picks another Chromium or Chrome binary.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const browser = process.env.RUNSOUND_CHROMIUM ?? '/usr/bin/chromium';
const extension = resolve('.output/chrome-mv3');
if (!existsSync(join(extension, 'manifest.json'))) {
  console.error('No build in .output/chrome-mv3: run `npm run build` first.');
  process.exit(1);
}
if (!existsSync(browser)) {
  console.error(`No browser at ${browser}: install Chromium (bash scripts/setup.sh) or set RUNSOUND_CHROMIUM.`);
  process.exit(1);
}
const profile = mkdtempSync(join(tmpdir(), 'runsound-profile-'));
// Chrome derives an unpacked extension's id from its manifest key: SHA-256, first 32 hex digits, 0-f as a-p.
const { key } = JSON.parse(readFileSync(join(extension, 'manifest.json'), 'utf8'));
const id = [...createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32)]
  .map((digit) => String.fromCharCode(97 + parseInt(digit, 16)))
  .join('');
console.log(`RunSound ${id} loaded from ${extension}\nProfile: ${profile}\nPlanner: chrome-extension://${id}/popup.html`);
const child = spawn(
  browser,
  [
    `--user-data-dir=${profile}`,
    `--disable-extensions-except=${extension}`,
    `--load-extension=${extension}`,
    '--no-first-run',
    '--no-default-browser-check',
    // Chromium refuses to run as root without this (as in containers and CI).
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ...process.argv.slice(2),
    'https://www.strava.com/dashboard',
    `chrome-extension://${id}/popup.html`,
  ],
  { stdio: 'inherit' },
);
child.on('exit', (code) => process.exit(code ?? 0));
