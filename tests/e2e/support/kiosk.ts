/**
 * Shared by the kiosk specs: a second build of the app whose config starts in kiosk mode (PIN exit,
 * a 3-second reset, history off), scanner input, a spy on the Screen Wake Lock API, and screenshots.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const KIOSK_DIR = path.join(ROOT, 'test-results/kiosk');
export const KIOSK_BUILD = path.join(KIOSK_DIR, 'build');
export const KIOSK_PIN = '24680';
export const KIOSK_RESET_SECONDS = 3;

/** The demo config, starting in kiosk mode, with a PIN exit and without history. */
function kioskConfig(): string {
  const demo = JSON.parse(readFileSync(path.join(ROOT, 'config/demo.json'), 'utf8')) as Record<string, unknown>;
  const config = {
    ...demo,
    $comment: 'Written by tests/e2e/support/kiosk.ts: the demo config in kiosk mode.',
    history: { enabled: false },
    kiosk: {
      startInKiosk: true,
      resetSeconds: KIOSK_RESET_SECONDS,
      exit: { method: 'pin', pin: KIOSK_PIN },
      sound: true
    }
  };
  return JSON.stringify(config, null, 2) + '\n';
}

/** The newest modification time of everything a build is made from. */
function newestSource(): number {
  let newest = 0;
  const visit = (entry: string) => {
    const stat = statSync(entry);
    if (stat.isDirectory()) for (const child of readdirSync(entry)) visit(path.join(entry, child));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of [
    'src',
    'static',
    'config',
    'tools',
    'svelte.config.js',
    'vite.config.ts',
    'package.json',
    path.join(KIOSK_DIR, 'config.json')
  ]) {
    const full = path.resolve(ROOT, entry);
    if (existsSync(full)) visit(full);
  }
  return newest;
}

/**
 * Builds the kiosk variant into test-results/kiosk/build (BUILD_DIR, see svelte.config.js), unless
 * a build newer than every source is already there. Takes about half a minute on two cores.
 */
export function buildKioskApp(): string {
  mkdirSync(KIOSK_DIR, { recursive: true });
  const configFile = path.join(KIOSK_DIR, 'config.json');
  const config = kioskConfig();
  if (!existsSync(configFile) || readFileSync(configFile, 'utf8') !== config) writeFileSync(configFile, config);
  const stamp = path.join(KIOSK_BUILD, 'kiosk.html');
  if (existsSync(stamp) && statSync(stamp).mtimeMs > newestSource()) return KIOSK_BUILD;
  execFileSync('npx', ['vite', 'build'], {
    cwd: ROOT,
    env: { ...process.env, VERIFIER_CONFIG: configFile, BUILD_DIR: KIOSK_BUILD },
    stdio: 'pipe'
  });
  return KIOSK_BUILD;
}

/** Milliseconds between a scanner's keystrokes, as its hardware stamps them. */
const WEDGE_GAP_MS = 4;

/**
 * A keyboard-wedge scanner: the code's keystrokes, then Enter, 4 ms apart as a scanner's hardware
 * stamps them (typed one by one through the test driver, the times would be when a busy test
 * machine got round to each key). In Chromium, trusted key events carrying those times, over CDP.
 * Elsewhere (no CDP; Playwright's keyboard over BiDi is far slower than a scanner), keydowns
 * dispatched in the page 4 ms apart by its own clock: the same window listener and detector read
 * them, only not trusted, which the app does not ask.
 */
export async function wedgeScan(page: Page, code: string): Promise<void> {
  if (page.context().browser()?.browserType().name() !== 'chromium') {
    await page.evaluate(
      async ({ code, gap }) => {
        for (const key of [...code, 'Enter']) {
          (document.activeElement ?? document.body).dispatchEvent(
            new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })
          );
          await new Promise((resolve) => setTimeout(resolve, gap));
        }
      },
      { code, gap: WEDGE_GAP_MS }
    );
    return;
  }
  const cdp = await page.context().newCDPSession(page);
  const start = Date.now() / 1000;
  const sent: Promise<unknown>[] = [];
  [...code, 'Enter'].forEach((key, i) => {
    const timestamp = start + (i * WEDGE_GAP_MS) / 1000;
    const enter = key === 'Enter';
    const event = enter ? { key, code: 'Enter', text: '\r', windowsVirtualKeyCode: 13 } : { key, text: key };
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', timestamp, ...event }));
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', timestamp, ...event }));
  });
  await Promise.all(sent);
  await cdp.detach();
}

export const kioskVerdict = (page: Page): Locator => page.getByRole('region', { name: 'Verdict' });
/** The ready screen, once the scanner listens (the prerendered page shows it a moment before). */
export const kioskReady = (page: Page): Locator => page.locator('[data-armed="true"]').getByText('Scan your license');

/** Before the app loads: a Screen Wake Lock API that records its requests and can release a lock. */
export async function spyOnWakeLock(page: Page): Promise<void> {
  await page.addInitScript(() => {
    class Sentinel extends EventTarget {
      readonly type = 'screen';
      released = false;
      async release() {
        if (this.released) return;
        this.released = true;
        this.dispatchEvent(new Event('release'));
      }
    }
    const spy = { requests: [] as string[], sentinels: [] as Sentinel[] };
    (window as unknown as { wakeLockSpy: typeof spy }).wakeLockSpy = spy;
    Object.defineProperty(navigator, 'wakeLock', {
      configurable: true,
      value: {
        request: async (type: string) => {
          spy.requests.push(type);
          const sentinel = new Sentinel();
          spy.sentinels.push(sentinel);
          return sentinel;
        }
      }
    });
  });
}

/** Before the app loads: count the notes the kiosk plays (WebAudio oscillators started). */
export async function spyOnTones(page: Page): Promise<() => Promise<number[]>> {
  await page.addInitScript(() => {
    const notes: number[] = [];
    (window as unknown as { notes: number[] }).notes = notes;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: Parameters<OscillatorNode['start']>) {
      notes.push(this.frequency.value);
      return start.apply(this, args);
    };
  });
  return () => page.evaluate(() => (window as unknown as { notes: number[] }).notes);
}

interface WakeLockSpy {
  requests: string[];
  sentinels: Array<{ released: boolean; release(): Promise<void> }>;
}

/** Requests made so far and how many locks are held now. */
export function wakeLockState(page: Page): Promise<{ requests: string[]; held: number }> {
  return page.evaluate(() => {
    const spy = (window as unknown as { wakeLockSpy: WakeLockSpy }).wakeLockSpy;
    return { requests: [...spy.requests], held: spy.sentinels.filter((s) => !s.released).length };
  });
}

/** The browser lets go of the lock (as it does when the page is hidden or the battery is low). */
export function releaseWakeLock(page: Page): Promise<void> {
  return page.evaluate(async () => {
    const spy = (window as unknown as { wakeLockSpy: WakeLockSpy }).wakeLockSpy;
    // Only the locks held now: the app asks for a new one as soon as this one goes.
    for (const sentinel of [...spy.sentinels]) await sentinel.release();
  });
}

/** Pretends the page was hidden or shown again (another app, the screen locked). */
export function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  return page.evaluate((value) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => value });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

export const ARTIFACTS = path.join(ROOT, 'tests/e2e/.artifacts');

export const SCREENS = [
  { name: 'landscape', width: 1920, height: 1080 },
  { name: 'portrait', width: 1080, height: 1920 }
] as const;

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

export function writeArtifact(name: string, text: string): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(path.join(ARTIFACTS, name), text);
}
