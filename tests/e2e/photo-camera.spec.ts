/**
 * The camera reads what a phone photographs: each `camera-photo-N` project plays one photo of the
 * bench corpus's middle bucket (tilted, in perspective, blurred, unevenly lit, noisy, JPEG; made
 * by qrencode and ImageMagick, see tools/bench/photo-corpus.ts) as Chromium's fake camera. The
 * time from the scanner opening to the verdict is recorded as an annotation; the bench report
 * quotes it (timings are never asserted here).
 */
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { pasteBox } from './support/app';
import { cameraState, openVerify, spyOnCamera } from './support/scan';
import { cameraFixture } from './support/camera-fixtures';

test('a photographed label shown to the camera is read, and the camera let go', { tag: '@photo-camera' }, async ({ page }, testInfo) => {
  const scene = testInfo.project.name.replace('camera-', '') as `photo-${number}`;
  await spyOnCamera(page);
  await openVerify(page);
  const started = Date.now();
  await page.getByRole('button', { name: 'Scan QR code' }).click();
  // The box holds what was scanned less trailing line breaks (a request file's text ends in one).
  await expect(pasteBox(page)).toHaveValue(readFileSync(cameraFixture(scene, 'txt'), 'utf8').trimEnd());
  testInfo.annotations.push({ type: 'scanner open → code read', description: `${Date.now() - started} ms` });
  await expect(page.getByText('Scanned QR code')).toBeVisible();
  expect(await cameraState(page)).toMatchObject({ opened: 1, live: 0 });
});
