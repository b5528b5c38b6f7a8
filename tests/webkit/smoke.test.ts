/**
 * End-to-end smoke tests in WebKit (the engine of Safari on iPhones), which Playwright cannot drive
 * on Linux: WebKitGTK's MiniBrowser through WebKitWebDriver and WebdriverIO (tools/webkit.ts),
 * against the production build (`npm run build` first). One browser session, in order; the last
 * test stops the server to show the app works offline after the visits before it.
 */
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { remote } from 'webdriverio';
import { WEBKIT_CAPABILITIES, WEBKIT_DRIVER_PORTS, webkitConnection } from '../../tools/webkit';
import { mintResponse, responseEnvelope } from '../../tools/issuer/keygen-response';
import { validSignedKey } from '../e2e/support/samples';
import { forgedSignedKey, qrPng } from '../e2e/support/scan';
import { serveBuild, sidePort, type BuildServer } from '../e2e/support/static-server';
import { readDownload, recordDownloads } from '../support/download-recorder';

const PORT = sidePort(11);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const FILES = path.resolve('test-results/webkit/files');
/** What config/demo.json gives the composer. */
const DEMO = { productCode: 'demoapp', sharedKey: 'demo-shared-key' };

let server: BuildServer;
let browser: WebdriverIO.Browser;

beforeAll(async () => {
  if (!existsSync('build/index.html')) throw new Error('There is no build to test: run `npm run build` first.');
  mkdirSync(FILES, { recursive: true });
  server = await serveBuild({ port: PORT });
  serving = true;
  browser = await remote({
    ...webkitConnection(WEBKIT_DRIVER_PORTS.e2e),
    logLevel: 'warn',
    capabilities: WEBKIT_CAPABILITIES
  });
});
let serving = false;
afterAll(async () => {
  await browser?.deleteSession();
  if (serving) await server.close();
});

/** Opens a screen and waits until it is interactive (the layout's mount runs last and sets the brand colour). */
async function open(route: string): Promise<void> {
  await browser.url(ORIGIN + route);
  await browser.waitUntil(
    () => browser.execute(() => document.documentElement.style.getPropertyValue('--brand') !== ''),
    {
      timeoutMsg: `${route} did not come alive`
    }
  );
}

/** Waits until the Verify screen announces a verdict containing `text`; returns the announcement. */
async function announced(text: string, timeout = 15_000): Promise<string> {
  // The announcement is for screen readers: its text, not what WebDriver calls visible.
  const read = () =>
    browser.execute(() => document.querySelector('section[aria-label="Result"] [role="status"]')?.textContent ?? '');
  let last = '';
  await browser.waitUntil(async () => (last = await read()).includes(text), {
    timeout,
    timeoutMsg: `no "${text}" announced (last: "${last}")`
  });
  return last;
}

/** A file for a file input; WebKitWebDriver sends the path, the page sees a chosen file. */
async function choose(inputId: string, name: string, content: string | Buffer): Promise<void> {
  const file = path.join(FILES, name);
  writeFileSync(file, content);
  // The app's inputs are hidden behind their buttons; a person picks through the button's chooser.
  await browser.execute((id) => ((document.getElementById(id) as HTMLInputElement).hidden = false), inputId);
  await browser.$(`#${inputId}`).setValue(file);
}

/** How many records the app's cache store holds (runs in the page). */
function storedCount(): Promise<number> {
  return new Promise((resolve) => {
    const request = indexedDB.open('offline-verifier');
    request.onerror = () => resolve(0);
    request.onsuccess = () => {
      const db = request.result;
      const count = db.transaction('cache').objectStore('cache').count();
      count.onsuccess = () => {
        db.close();
        resolve(count.result);
      };
    };
  });
}

test('paste: a genuine key is valid and a forged one is not', async () => {
  await open('/');
  await browser.$('#artifact').setValue(validSignedKey());
  expect(await announced('Valid license key, genuine')).toContain('signed by demo-ed25519');
  await browser.$('#artifact').setValue(forgedSignedKey());
  await announced('Not genuine license key');
});

test('Open file verifies a key in a file', async () => {
  await open('/');
  await choose('open-file', 'license.lic', validSignedKey());
  await announced('Valid license key, genuine');
});

test('a photo of a QR code gives its verdict', async () => {
  await open('/');
  const key = validSignedKey();
  await choose('scan-photo', 'label.png', await qrPng(key));
  await announced('Valid license key, genuine');
  expect(await browser.$('#artifact').getValue()).toBe(key);
});

test('the camera reads a QR code (a canvas stream of it stands in for the camera)', async () => {
  await open('/');
  const key = validSignedKey();
  const png = (await qrPng(key)).toString('base64');
  // WebKit's mock camera shows a test pattern; the same swap works in every engine.
  await browser.execute(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = 1280;
    canvas.height = 720;
    const context = canvas.getContext('2d')!;
    // The code fills most of the aim square (the middle 80% of the frame's height), as held up.
    const side = 540;
    context.imageSmoothingEnabled = false;
    const draw = () => {
      context.fillStyle = '#fff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, (canvas.width - side) / 2, (canvas.height - side) / 2, side, side);
    };
    draw();
    setInterval(draw, 100);
    navigator.mediaDevices.getUserMedia = async () => canvas.captureStream(10);
  }, png);
  await browser.$('button=Scan QR code').click();
  // Every frame is decoded in pure JS here (WebKit has no BarcodeDetector): slow on a busy machine.
  await announced('Valid license key, genuine', 45_000);
  expect(await browser.$('#artifact').getValue()).toBe(key);
});

test('a verified response is cached, and read back re-verified on the Cache screen', async () => {
  await open('/');
  // The keys verified above are cached too.
  const before = await browser.execute(storedCount);
  await browser
    .$('#artifact')
    .setValue(responseEnvelope(mintResponse({ algorithm: 'ed25519', date: Date.now() - 3_600_000 })));
  await announced('Valid cached validation response, genuine');
  await browser.waitUntil(async () => (await browser.execute(storedCount)) > before, {
    timeout: 15_000,
    timeoutMsg: 'the response was not cached'
  });
  await open('/cache');
  const entry = browser.$('[aria-label="Cached results"]').$('.//li[contains(., "Cached validation response")]');
  await entry.waitForExist({ timeout: 15_000 });
  expect(await entry.$('h2, h3').getText()).toBe('Valid');
  expect(await entry.getText()).toContain('technician@example.com');
});

test('compose a request and download it: both signatures check with the demo shared key', async () => {
  await open('/compose');
  await browser.$('#compose-license-key').setValue('DEMO-7Q2F-K9XW-4MZT');
  await browser.$('button*=Use this browser').click();
  await browser.waitUntil(async () => /^[0-9a-f]{64}$/.test(await browser.$('#compose-hardware-id').getValue()));
  await browser.$('button=Compose request').click();
  await browser.execute(recordDownloads);
  await browser.$('button*=Download ').click();
  const downloaded = await browser.waitUntil(() => browser.execute(readDownload, 0), {
    timeoutMsg: `nothing was downloaded (${await browser.execute(() => document.querySelector('section[aria-label="Composed request"]')?.textContent)})`
  });
  expect(downloaded!.fileName).toBe('ls_activation.req');
  // The file is itself base64 of the request's JSON.
  const file = Buffer.from(downloaded!.base64, 'base64').toString('utf8');
  const json = Buffer.from(file, 'base64').toString('utf8');
  const match = /^\{"request":(.*),"signature":"([0-9a-f]{64})"\}$/.exec(json);
  expect(match).not.toBeNull();
  const inner = JSON.parse(match![1]!) as Record<string, unknown>;
  expect(inner).toMatchObject({ request: 'activation', product: DEMO.productCode, license_key: 'DEMO-7Q2F-K9XW-4MZT' });
  expect(createHmac('sha256', DEMO.sharedKey).update(match![1]!, 'utf8').digest('hex')).toBe(match![2]);
});

test('About says plainly that this browser cannot promise to keep stored data (no storage persistence)', async () => {
  await open('/about');
  const stored = browser.$('[data-persistence]');
  await browser.waitUntil(async () => (await stored.getAttribute('data-persistence')) !== null);
  expect(await browser.execute(() => typeof navigator.storage?.persist)).toBe('undefined');
  expect(await stored.getText()).toBe(
    'This browser cannot promise to keep them: it may clear the cache, history and time floor when space runs low.'
  );
});

test('after the visits above, the app loads and verifies with the server gone', async () => {
  await open('/');
  await browser.waitUntil(() => browser.execute(() => navigator.serviceWorker?.controller != null), {
    timeout: 20_000,
    timeoutMsg: 'no service worker'
  });
  await server.close();
  serving = false;
  for (const route of ['/', '/about', '/compose', '/cache']) {
    await open(route);
    expect(await browser.$('h1').isDisplayed()).toBe(true);
  }
  await open('/');
  await browser.$('#artifact').setValue(validSignedKey());
  await announced('Valid license key, genuine');
});
