/**
 * Debian's Firefox ESR, driven by Playwright over WebDriver BiDi (`channel: 'moz-firefox'`), the
 * same way by vitest's browser project and the end-to-end tests. patches/ makes playwright-core
 * treat the `emulation.*` commands ESR does not know yet as no-ops.
 */
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

// No browser-initiated traffic (updates, telemetry, captive-portal and connectivity checks): the
// tests assert zero egress, and this machine's closed network would refuse it anyway.
export const FIREFOX_PREFS: Record<string, string | number | boolean> = {
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'extensions.update.enabled': false,
  'browser.region.network.url': '',
  'browser.search.update': false,
  // A file chooser the test answers over BiDi (input.setFiles) is never closed, and Firefox opens no
  // second one for an input whose picker still runs: dismissed at once, every chooser opens (bug 1999693).
  'remote.bidi.dismiss_file_pickers.enabled': true
};

export const FIREFOX_LAUNCH = { channel: 'moz-firefox', executablePath: FIREFOX_PATH, firefoxUserPrefs: FIREFOX_PREFS };
