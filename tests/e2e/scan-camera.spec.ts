/**
 * Scanning with Chromium's fake camera. Launch flags pick the picture, so each test runs only in
 * the project whose camera it needs (its tag; see playwright.config.ts): the QR code of a valid
 * key, of a forged one, Chromium's test pattern (no code at all), or a camera the browser denies.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { pasteBox, verdictAnnouncement } from './support/app';
import { validSignedKey } from './support/samples';
import { cameraState, openVerify, qrPng, spyOnCamera } from './support/scan';
import { cameraFixture } from './support/camera-fixtures';

const scanner = (page: Page) => page.getByRole('dialog', { name: 'Scan a QR code' });
const scanning = (page: Page) =>
  scanner(page).getByRole('status').filter({ hasText: 'Hold the QR code inside the square.' });

test.beforeEach(async ({ page }) => {
  await spyOnCamera(page);
  await openVerify(page);
  await page.getByRole('button', { name: 'Scan QR code' }).click();
});

test(
  'the QR code of a valid key gives a genuine verdict, and the camera is let go',
  { tag: '@valid-code' },
  async ({ page }) => {
    await expect(verdictAnnouncement(page)).toContainText('Valid license key, genuine');
    await expect(scanner(page)).toBeHidden();
    await expect(pasteBox(page)).toHaveValue(readFileSync(cameraFixture('valid', 'txt'), 'utf8'));
    await expect(page.getByText('Scanned QR code')).toBeVisible();
    expect(await cameraState(page)).toMatchObject({ opened: 1, live: 0 });
  }
);

test('the QR code of a forged key gives a not-genuine verdict', { tag: '@forged-code' }, async ({ page }) => {
  await expect(verdictAnnouncement(page)).toContainText('Not genuine license key');
  await expect(pasteBox(page)).toHaveValue(readFileSync(cameraFixture('forged', 'txt'), 'utf8'));
  expect(await cameraState(page)).toMatchObject({ opened: 1, live: 0 });
});

test('the main thread has no long task during a 10-second scan', { tag: '@no-code' }, async ({ page }) => {
  test.setTimeout(60_000);
  await expect(scanning(page)).toBeVisible();
  const started = await page.evaluate(() => {
    const long: Array<{ start: number; duration: number }> = [];
    (window as unknown as { longTasks: typeof long }).longTasks = long;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        long.push({ start: Math.round(entry.startTime), duration: Math.round(entry.duration) });
    }).observe({ type: 'longtask' });
    return performance.now();
  });
  const before = await cameraState(page);
  await page.waitForTimeout(10_000);
  const after = await cameraState(page);
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: unknown[] }).longTasks);

  expect(after.live, 'the camera ran the whole time').toBe(1);
  // Chromium's test pattern has no code, so every frame is decoded in full, in the worker.
  expect(after.framesPosted - before.framesPosted, 'frames sent to the decoder in 10 s').toBeGreaterThanOrEqual(20);
  expect(longTasks, `long tasks since ${Math.round(started)} ms`).toEqual([]);
  await expect(verdictAnnouncement(page)).toHaveText('');
});

test(
  'the camera stops when the page is hidden or the scanner closed, and restarts when the page is back',
  { tag: '@no-code' },
  async ({ page }) => {
    await expect(scanning(page)).toBeVisible();
    expect((await cameraState(page)).live).toBe(1);

    const setVisibility = (state: 'hidden' | 'visible') =>
      page.evaluate((value) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => value });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await setVisibility('hidden');
    await expect(scanner(page).getByRole('status')).toHaveText(
      'The camera is paused while the app is in the background.'
    );
    expect((await cameraState(page)).live).toBe(0);

    await setVisibility('visible');
    await expect(scanning(page)).toBeVisible();
    expect(await cameraState(page)).toMatchObject({ opened: 2, live: 1 });

    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));
    await expect.poll(async () => (await cameraState(page)).live).toBe(0);
    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })));
    await expect(scanning(page)).toBeVisible();

    await page.keyboard.press('Escape');
    await expect(scanner(page)).toBeHidden();
    expect((await cameraState(page)).live).toBe(0);
  }
);

test(
  'a denied camera explains what to do and leads on to paste or a photo',
  { tag: '@camera-denied' },
  async ({ page }) => {
    const guidance = scanner(page).getByRole('alert');
    await expect(guidance).toContainText('Camera access is blocked');
    await expect(guidance).toContainText('site settings');

    await guidance.getByRole('button', { name: 'Paste instead' }).click();
    await expect(scanner(page)).toBeHidden();
    await expect(pasteBox(page)).toBeFocused();

    await page.getByRole('button', { name: 'Scan QR code' }).click();
    const chooser = page.waitForEvent('filechooser');
    await scanner(page).getByRole('alert').getByRole('button', { name: 'Scan a photo' }).click();
    await (await chooser).setFiles({ name: 'label.png', mimeType: 'image/png', buffer: await qrPng(validSignedKey()) });
    await expect(verdictAnnouncement(page)).toContainText('Valid license key, genuine');
    expect((await cameraState(page)).live).toBe(0);
  }
);
