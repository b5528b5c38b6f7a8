/**
 * The camera reads what a phone photographs: each `camera-photo-N` project plays one photo of the
 * bench corpus's middle bucket (tilted, in perspective, blurred, unevenly lit, noisy, JPEG; made
 * by qrencode and ImageMagick, see tools/bench/photo-corpus.ts) as Chromium's fake camera. The
 * time from the first frame sent to the decoder to the read is recorded as an annotation for the
 * report (timings are never asserted here).
 */
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { pasteBox } from './support/app';
import { cameraState, msToRead, openVerify, spyOnCamera } from './support/scan';
import { cameraFixture } from './support/camera-fixtures';

test(
  'a photographed label shown to the camera is read, and the camera let go',
  { tag: '@photo-camera' },
  async ({ page }, testInfo) => {
    const scene = testInfo.project.name.replace('camera-', '') as `photo-${number}`;
    await spyOnCamera(page);
    await openVerify(page);
    await page.getByRole('button', { name: 'Scan QR code' }).click();
    // The box holds what was scanned less trailing line breaks (a request file's text ends in one).
    const text = readFileSync(cameraFixture(scene, 'txt'), 'utf8').trimEnd();
    testInfo.annotations.push({ type: 'first frame → code read', description: `${await msToRead(page, text)} ms` });
    await expect(pasteBox(page)).toHaveValue(text);
    await expect(page.getByText('Scanned QR code')).toBeVisible();
    expect(await cameraState(page)).toMatchObject({ opened: 1, live: 0 });
  }
);
