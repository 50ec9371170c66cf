// Headless Debian Chromium driven by playwright-core (no browser download). The flags keep
// Chromium off the network: on these machines its background connections are refused.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { ciStrict } from './peers.js';

export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser | null> {
  if (!existsSync(CHROMIUM)) {
    if (ciStrict)
      throw new Error(
        'Chromium peer missing under CI=true: run `bash scripts/test-peers.sh` as root',
      );
    return null;
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
