/**
 * Debian's WebKitGTK (the engine of Safari), driven through WebKitWebDriver and WebdriverIO under
 * Xvfb: Playwright cannot launch WebKitGTK's MiniBrowser. Used by vitest's browser project and by
 * the WebKit end-to-end smoke tests (tests/webkit/).
 *
 * WebdriverIO's vitest provider always asks for `browserName: 'safari'`, which WebKitWebDriver only
 * grants when the browser binary it starts is named that: hence a `safari` symlink to MiniBrowser.
 * The provider also refuses headless mode for Safari, so Xvfb stands in for a screen.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';

export const WEBKIT_DRIVER_PATH = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
/**
 * One driver per vitest project that uses WebKit (a driver holds one session), beside the preview
 * server's port, so two checkouts never share one either.
 */
export const WEBKIT_DRIVER_PORTS = {
  browser: Number(process.env.PREVIEW_PORT ?? 4173) + 20,
  e2e: Number(process.env.PREVIEW_PORT ?? 4173) + 21
};

const SAFARI_LINK = path.resolve('test-results/webkit/safari');

/** A mock camera (WebKit's own test pattern) that needs no permission prompt. */
export const WEBKIT_CAPABILITIES = {
  browserName: 'safari',
  'webkitgtk:browserOptions': {
    binary: SAFARI_LINK,
    args: ['--automation', '--enable-media-stream=true', '--enable-mock-capture-devices=true']
  }
};

export const webkitConnection = (port: number) => ({ hostname: '127.0.0.1', port });

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Xvfb on a display it picks itself (-displayfd), so parallel runs never clash. */
function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe']
    });
    let out = '';
    xvfb.once('error', reject);
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready.`)));
    xvfb.stdio[3]!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.includes('\n')) return;
      // Nothing more comes; neither the pipe nor Xvfb should keep this process alive.
      xvfb.stdio[3]!.destroy();
      xvfb.unref();
      resolve({ display: `:${out.trim()}`, process: xvfb });
    });
  });
}

/**
 * Starts Xvfb (unless there is a screen) and WebKitWebDriver, both stopped when this process exits:
 * vitest ends a global setup before its browser provider closes the session on the driver.
 */
export async function startWebKitDriver(port: number): Promise<void> {
  for (const file of [WEBKIT_DRIVER_PATH, MINIBROWSER_PATH]) {
    if (!existsSync(file)) throw new Error(`${file} is missing (as root: apt-get install webkit2gtk-driver xvfb).`);
  }
  mkdirSync(path.dirname(SAFARI_LINK), { recursive: true });
  rmSync(SAFARI_LINK, { force: true });
  symlinkSync(MINIBROWSER_PATH, SAFARI_LINK);

  const xvfb = process.env.DISPLAY ? undefined : await startXvfb();
  const driver = spawn(WEBKIT_DRIVER_PATH, [`--port=${port}`], {
    stdio: 'ignore',
    env: { ...process.env, ...(xvfb ? { DISPLAY: xvfb.display } : {}) }
  });
  const kill = () => {
    driver.kill();
    xvfb?.process.kill();
  };
  driver.unref();
  process.once('exit', kill);
  for (let waited = 0; !(await listening(port)); waited += 100) {
    if (driver.exitCode !== null || waited > 15_000) {
      kill();
      throw new Error(`WebKitWebDriver did not start on port ${port}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
