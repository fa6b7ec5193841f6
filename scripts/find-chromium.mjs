// Locates the system Chromium/Chrome for the browser and end-to-end tests.
// No test tool downloads a browser of its own: the one installed on the machine is used.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/**
 * Flags for launching through playwright with `headless: true`. Playwright adds the headless
 * flag itself (it passes `--headless`, which is the new headless mode in current Chromium),
 * so it is not in this list; use CHROMIUM_CLI_ARGS when spawning Chromium directly.
 * `--no-sandbox` is needed when running as root (CI runs as root).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Flags for spawning the Chromium binary directly (e.g. `--screenshot`). */
export const CHROMIUM_CLI_ARGS = ['--headless=new', ...CHROMIUM_ARGS];

/** @returns {string} absolute path of a Chromium or Chrome executable */
export function findChromium() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const found = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  throw new Error(
    'No Chromium/Chrome was found' +
      (fromEnv ? ` (CHROME_PATH=${fromEnv} does not exist)` : '') +
      `. Looked in: ${CHROMIUM_CANDIDATES.join(', ')}. ` +
      'Set CHROME_PATH to a Chromium or Chrome executable, or on Debian/Ubuntu run `sudo apt-get install chromium`.',
  );
}

// Run directly, prints the path: node scripts/find-chromium.mjs
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  console.log(findChromium());
}
