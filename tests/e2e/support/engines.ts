/**
 * End-to-end tests the `firefox` project leaves out, each with its reason; `npm test` prints them.
 * No imports of project files: playwright.config.ts and tools/test-all.ts load this.
 *
 * CHROMIUM_ONLY: the test needs something only Chromium gives Playwright (CDP, Chromium's error
 * texts, events Firefox ESR 153 does not send over WebDriver BiDi). Where the app's behaviour
 * matters in the other engines, tests/webkit/ or the vitest browser project covers it there.
 */
const CDP = 'uses a Chrome DevTools Protocol session';

export const CHROMIUM_ONLY: Record<string, string> = {
  '2,000 fast scans: no upward trend in heap, DOM nodes or listeners, verdicts as quick at the end': `${CDP} (heap, DOM and listener counts)`,
  'a verdict counts down, sounds, and clears itself after the configured seconds; history is off':
    "its tones need the user activation a scanner's trusted keystrokes give (sent over CDP); keydowns dispatched in the page, Firefox's wedge scans, give none",
  'the manifest makes the app installable, with every icon in place': `${CDP} (Chromium's installability check)`,
  'the egress recorder sees a request to another origin':
    'a refused request to another origin is not reported over BiDi',
  'after one visit, every route loads offline and a pasted key verifies':
    "setOffline does not stop Firefox's service worker fetching, and responses do not say they came from it (tests/webkit/ stops the server instead)",
  'offline: compose, download, both signatures verify, the QR carries the file, and the .lic answer is matched':
    "setOffline does not stop Firefox's service worker fetching, so the test could not show Compose works offline (the other Compose tests run in Firefox)",
  'without the service worker the offline reload fails (the offline test is real)':
    "expects Chromium's ERR_INTERNET_DISCONNECTED",
  'the page refuses eval and WebAssembly, and still verifies a key':
    "Firefox logs the refused eval and WebAssembly (which the test itself attempts) as console errors, which the test counts as the app's"
};

const escape = (title: string) => title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches every test the firefox project leaves out (Playwright greps the title path). */
export const NOT_IN_FIREFOX = new RegExp(Object.keys(CHROMIUM_ONLY).map(escape).join('|'));
