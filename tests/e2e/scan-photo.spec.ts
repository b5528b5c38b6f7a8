/**
 * "Scan from photo" with a phone's 12 MP photos: read or not, the page never freezes, since the
 * file goes to the decoder worker untouched. (How fast: `npm run bench`, the photo table.)
 */
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { pasteBox, verdictAnnouncement } from './support/app';
import { validSignedKey } from './support/samples';
import { openVerify } from './support/scan';

/**
 * A 4032×3024 JPEG, drawn by a blank page of the browser: grey paper and, given `text`, its QR code
 * on a white label, turned 10°, filling 45 % of the shorter side.
 */
async function phonePhoto(browser: Browser, text?: string): Promise<Buffer> {
  const modules = text
    ? (await import('qrcode')).default.create(text, { errorCorrectionLevel: 'M' }).modules
    : undefined;
  const maker = await browser.newPage();
  const base64 = await maker.evaluate(
    async (code) => {
      const canvas = new OffscreenCanvas(4032, 3024);
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#b8b3aa';
      context.fillRect(0, 0, 4032, 3024);
      if (code) {
        const px = Math.floor((3024 * 0.45) / (code.size + 8));
        context.translate(2016, 1512);
        context.rotate(Math.PI / 18);
        context.fillStyle = '#fff';
        context.fillRect(
          (-(code.size + 8) * px) / 2,
          (-(code.size + 8) * px) / 2,
          (code.size + 8) * px,
          (code.size + 8) * px
        );
        context.fillStyle = '#161616';
        for (let y = 0; y < code.size; y++)
          for (let x = 0; x < code.size; x++)
            if (code.data[y * code.size + x])
              context.fillRect((x - code.size / 2) * px, (y - code.size / 2) * px, px, px);
      }
      const bytes = new Uint8Array(
        await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 })).arrayBuffer()
      );
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    },
    modules ? { size: modules.size, data: Array.from(modules.data) } : undefined
  );
  await maker.close();
  return Buffer.from(base64, 'base64');
}

/** Starts recording the page's long tasks (main thread busy for more than 50 ms). */
async function watchLongTasks(page: Page): Promise<() => Promise<unknown[]>> {
  await page.evaluate(() => {
    const long: Array<{ start: number; duration: number }> = [];
    (window as unknown as { longTasks: typeof long }).longTasks = long;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        long.push({ start: Math.round(entry.startTime), duration: Math.round(entry.duration) });
    }).observe({ type: 'longtask' });
  });
  return () => page.evaluate(() => (window as unknown as { longTasks: unknown[] }).longTasks);
}

/**
 * Chooses the photo from a file on disk, as a person does: given a buffer instead, Playwright
 * would rebuild the file in the page's own JavaScript, a long task of its own.
 */
async function scanPhoto(page: Page, file: string, buffer: Buffer): Promise<void> {
  writeFileSync(file, buffer);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Scan from photo' }).click();
  await (await chooser).setFiles(file);
}

test('a 12 MP photo of a key is read without one long task on the page', async ({ page, browser }, testInfo) => {
  const key = validSignedKey();
  const photo = await phonePhoto(browser, key);
  await openVerify(page);
  const longTasks = await watchLongTasks(page);
  await scanPhoto(page, testInfo.outputPath('IMG_0412.jpg'), photo);
  await expect(verdictAnnouncement(page)).toContainText('Valid license key, genuine');
  await expect(pasteBox(page)).toHaveValue(key);
  expect(await longTasks()).toEqual([]);
});

test('a 12 MP photo without a code gets the plain sentence, without one long task on the page', async ({
  page,
  browser
}, testInfo) => {
  const photo = await phonePhoto(browser);
  await openVerify(page);
  const longTasks = await watchLongTasks(page);
  await scanPhoto(page, testInfo.outputPath('IMG_0413.jpg'), photo);
  await expect(verdictAnnouncement(page)).toHaveText(/^No QR code could be read in IMG_0413\.jpg/);
  expect(await longTasks()).toEqual([]);
});
