// Launches Debian's Chromium headless through playwright-core (no browser download: it cannot be fetched here).
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { HostSetupError } from './hostError';

export function chromiumExecutable(): string {
  const executable = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executable)) {
    throw new HostSetupError(
      `Chromium was not found at ${executable}; the code-server test host drives it to load the VS Code workbench.`,
      'apt-get install -y chromium   (or set CHROMIUM_PATH to a Chromium/Chrome executable)',
    );
  }
  return executable;
}

// async, so a missing executable is a rejection the caller's cleanup sees, never a synchronous throw that skips it.
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutable(),
    headless: true,
    // As root in a container Chromium needs --no-sandbox; the rest keeps it off a network it cannot reach.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}
