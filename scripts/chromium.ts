/**
 * The Debian Chromium (`apt-get install chromium fonts-noto-cjk`; no browser is downloaded), driven by
 * playwright-core, for the console's browser tests and benchmark.
 */
import { chromium, type Browser } from 'playwright-core';

/** Where the browser is; `CHROMIUM_PATH` overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * No sandbox (tests run as root), and none of Chromium's own traffic (updates, sync, background
 * networking), which a closed network refuses.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts a headless Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
