/**
 * Debian's Chromium driven by playwright-core (a test tool's own browser download cannot work
 * here). One browser per suite, a fresh context per test; screenshots go to a temp directory
 * (or BROWSER_ARTIFACTS_DIR) kept after the run.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Playwright refuses --user-data-dir with launch(): it gives every launch a fresh temporary
 * profile of its own, which is what the flag was for.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return browser;
}

let artifacts: string | undefined;
/** Where screenshots are saved; printed once so a developer (or CI) can find them. */
export function artifactsDirectory(): string {
  if (!artifacts) {
    artifacts = process.env.BROWSER_ARTIFACTS_DIR ?? mkdtempSync(path.join(tmpdir(), 'reseau-browser-'));
    mkdirSync(artifacts, { recursive: true });
    process.stdout.write(`      screenshots: ${artifacts}\n`);
  }
  return artifacts;
}

/** The tab must be built first (npm run build:tab): the server serves dist/tab. */
export function assertTabBuilt(): void {
  const index = path.resolve(__dirname, '../../dist/tab/index.html');
  if (!existsSync(index)) throw new Error(`The tab is not built (${index} is missing): run npm run build:tab first.`);
}
