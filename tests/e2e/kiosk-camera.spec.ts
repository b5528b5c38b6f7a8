/**
 * The kiosk's always-on camera, with Chromium's fake camera showing the QR code of a valid key (the
 * `kiosk-camera` project). Runs on the kiosk build of kiosk.spec.ts: a 3-second reset.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  KIOSK_BUILD,
  KIOSK_RESET_SECONDS,
  SCREENS,
  buildKioskApp,
  kioskReady,
  kioskVerdict,
  screenshot,
  setVisibility,
  spyOnTones,
  wedgeScan
} from './support/kiosk';
import { validSignedKey } from './support/samples';
import { cameraState, spyOnCamera } from './support/scan';
import { cameraFixture } from './support/camera-fixtures';
import { serveBuild, sidePort, type BuildServer } from './support/static-server';

const PORT = sidePort(9);
let server: BuildServer;
test.use({ baseURL: `http://127.0.0.1:${PORT}` });
test.beforeAll(async () => {
  test.setTimeout(180_000);
  buildKioskApp();
  server = await serveBuild({ root: KIOSK_BUILD, port: PORT });
});
test.afterAll(async () => {
  await server?.close();
});

test.beforeEach(async ({ page }) => {
  await spyOnCamera(page);
});

/**
 * Waits until `count` more frames have gone to the decoder: the camera is being read. Counted, not
 * timed: on a loaded machine the first frame of a reopened camera can take well over a second.
 */
async function expectFramesRead(page: Page, count: number): Promise<void> {
  const before = (await cameraState(page)).framesPosted;
  await expect
    .poll(async () => (await cameraState(page)).framesPosted - before, { timeout: 15_000 })
    .toBeGreaterThanOrEqual(count);
}

test(
  'a code held up to the camera shows its verdict once, which clears after the configured seconds',
  { tag: '@kiosk-camera' },
  async ({ page }) => {
    expect(readFileSync(cameraFixture('valid', 'txt'), 'utf8')).toMatch(/^key\//);
    await page.goto('/kiosk');
    const verdict = kioskVerdict(page);
    await expect(verdict.locator('.status')).toHaveText('Valid');
    await expect(verdict).toContainText('technician@example.com');

    await expect(verdict).toBeHidden({ timeout: (KIOSK_RESET_SECONDS + 2) * 1000 });
    await expect(kioskReady(page)).toBeVisible();
    await expect(page.getByText('Hold its QR code up to the camera')).toBeVisible();
    // The code is still in view and still read, but it was already checked: no verdict again.
    await expectFramesRead(page, 4);
    await expect(verdict).toBeHidden();
    expect(await cameraState(page)).toMatchObject({ opened: 1, live: 1 });
  }
);

test('the camera comes back by itself after it is disconnected', { tag: '@kiosk-camera' }, async ({ page }) => {
  await page.goto('/kiosk');
  await expect.poll(async () => (await cameraState(page)).live).toBe(1);

  // Unplugged: the track ends (a stopped track fires no event by itself, so the test sends it).
  await page.evaluate(() => {
    const spy = (window as unknown as { cameraSpy: { streams: MediaStream[] } }).cameraSpy;
    for (const track of spy.streams.flatMap((stream) => stream.getTracks())) {
      track.stop();
      track.dispatchEvent(new Event('ended'));
    }
  });
  await expect.poll(() => cameraState(page)).toMatchObject({ opened: 2, live: 1 });
  // The old track is stopped, so every frame from here on comes from the reopened camera.
  await expectFramesRead(page, 4);
});

test(
  'the camera stops while the page is hidden and starts again when it is back',
  { tag: '@kiosk-camera' },
  async ({ page }) => {
    await page.goto('/kiosk');
    await expect.poll(async () => (await cameraState(page)).live).toBe(1);
    await setVisibility(page, 'hidden');
    await expect.poll(async () => (await cameraState(page)).live).toBe(0);
    await setVisibility(page, 'visible');
    await expect.poll(() => cameraState(page)).toMatchObject({ opened: 2, live: 1 });
  }
);

for (const screen of SCREENS) {
  test(
    `screenshot of the ready screen with a live camera at ${screen.width}×${screen.height}`,
    { tag: '@kiosk-camera' },
    async ({ page }) => {
      await page.setViewportSize({ width: screen.width, height: screen.height });
      await page.goto('/kiosk');
      await expect(kioskVerdict(page)).toBeVisible();
      await expect(kioskVerdict(page)).toBeHidden({ timeout: (KIOSK_RESET_SECONDS + 2) * 1000 });
      await expect(page.locator('video')).toBeVisible();
      await screenshot(page, `kiosk-ready-camera-${screen.name}`);
    }
  );
}

test(
  'an animated code is collected with progress, and the countdown waits for it',
  { tag: '@kiosk-ur' },
  async ({ page }) => {
    test.setTimeout(90_000);
    const notes = await spyOnTones(page);
    await page.goto('/kiosk');
    await expect(kioskReady(page)).toBeVisible();
    const receiving = page.getByRole('status').filter({ hasText: /\d+ % — keep the code in view/ });
    await expect(receiving).toBeVisible({ timeout: 20_000 });
    // A visitor's key scanned meanwhile: its verdict stays past the 3-second reset while parts arrive.
    await wedgeScan(page, validSignedKey());
    const verdict = kioskVerdict(page);
    await expect(verdict.locator('.status')).toHaveText('Valid');
    await expect.poll(async () => (await notes()).length).toBeGreaterThan(0);
    const keyNotes = (await notes()).length;
    await page.waitForTimeout((KIOSK_RESET_SECONDS + 1) * 1000);
    await expect(receiving).toBeVisible();
    await expect(verdict).toBeVisible();
    // Then the machine file completes and is verified: a second verdict, with its own chime.
    await expect(receiving).toBeHidden({ timeout: 40_000 });
    await expect(verdict.locator('.status')).toHaveText('Valid');
    await expect.poll(async () => (await notes()).length).toBeGreaterThan(keyNotes);
  }
);
