/**
 * Scanning without a camera: photos of QR codes, keyboard-wedge scanners, and the guidance when
 * the device has no camera (this project's browser has none). Camera scans are in
 * scan-camera.spec.ts.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { pasteBox, verdictAnnouncement } from './support/app';
import { wedgeScan } from './support/kiosk';
import { validSignedKey } from './support/samples';
import { forgedSignedKey, openVerify, qrPng } from './support/scan';

async function scanPhoto(page: Page, name: string, buffer: Buffer, mimeType = 'image/png'): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Scan from photo' }).click();
  await (await chooser).setFiles({ name, mimeType, buffer });
}

test.beforeEach(async ({ page }) => {
  await openVerify(page);
});

test.describe('a photo of a QR code', () => {
  test('of a valid key gives a genuine verdict', async ({ page }) => {
    const key = validSignedKey();
    await scanPhoto(page, 'label.png', await qrPng(key));
    await expect(verdictAnnouncement(page)).toContainText('Valid license key, genuine');
    await expect(pasteBox(page)).toHaveValue(key);
    await expect(page.getByText('QR code in label.png')).toBeVisible();
  });

  test('of a forged key gives a not-genuine verdict', async ({ page }) => {
    await scanPhoto(page, 'label.png', await qrPng(forgedSignedKey()));
    await expect(verdictAnnouncement(page)).toContainText('Not genuine license key');
  });

  test('of a link to this app verifies the key the link carries', async ({ page, baseURL }) => {
    const key = validSignedKey();
    await scanPhoto(page, 'device-sticker.png', await qrPng(`${baseURL}/#/v/${encodeURIComponent(key)}`));
    await expect(verdictAnnouncement(page)).toContainText('Valid license key, genuine');
    await expect(pasteBox(page)).toHaveValue(key);
  });

  test('without a code, or a file that is no image, says so', async ({ page }) => {
    await scanPhoto(page, 'icon.png', readFileSync('static/icons/icon-512.png'));
    await expect(verdictAnnouncement(page)).toHaveText(/^No QR code could be read in icon\.png/);
    await scanPhoto(page, 'notes.png', Buffer.from('not an image'));
    await expect(verdictAnnouncement(page)).toHaveText(/^This file is not an image this browser can open/);
  });
});

test.describe('a keyboard-wedge scanner', () => {
  test('typing a valid key in a burst ending in Enter gives a genuine verdict', async ({ page }) => {
    const key = validSignedKey();
    await wedgeScan(page, key);
    await expect(verdictAnnouncement(page)).toContainText('Valid license key, genuine');
    await expect(pasteBox(page)).toHaveValue(key);
    await expect(page.getByText('Keyboard-wedge scanner')).toBeVisible();
  });

  test('typing a forged key gives a not-genuine verdict', async ({ page }) => {
    await wedgeScan(page, forgedSignedKey());
    await expect(verdictAnnouncement(page)).toContainText('Not genuine license key');
  });

  test('a person typing on the page is not taken for a scanner', async ({ page }) => {
    await page.keyboard.type('hello there', { delay: 90 });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    await expect(verdictAnnouncement(page)).toHaveText('');
    await expect(pasteBox(page)).toHaveValue('');
  });
});

test('without a camera, the scanner says so and offers paste and a photo', async ({ page }) => {
  await page.getByRole('button', { name: 'Scan QR code' }).click();
  const scanner = page.getByRole('dialog', { name: 'Scan a QR code' });
  const guidance = scanner.getByRole('alert');
  await expect(guidance).toContainText('No camera found');
  await expect(guidance.getByRole('button', { name: 'Scan a photo' })).toBeVisible();
  await guidance.getByRole('button', { name: 'Paste instead' }).click();
  await expect(scanner).toBeHidden();
  await expect(pasteBox(page)).toBeFocused();
});
