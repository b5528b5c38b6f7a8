/**
 * Debian's Chromium, launched the same way by every tool that drives a browser here (vitest's
 * browser project, Playwright, the bench). No tool may download a browser of its own.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// No browser-initiated traffic (updates, sync, field trials): the tests assert zero egress, and
// this machine's closed network would refuse it anyway.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic'
];
