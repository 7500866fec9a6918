import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { root } from './e2e-harness.js';

/** Debian's Chromium (deploy/local/prerequisites.sh installs it for `npm test`); playwright-core downloads nothing. */
export const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

const flags = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(`no Chromium at ${chromiumPath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: chromiumPath, args: flags, headless: true });
}

/** Saves a screenshot of the page under .local/console/ (the README's copies live in docs/console/). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(root, '.local/console');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
