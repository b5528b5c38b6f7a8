/**
 * Animated codes (UR parts) through Chromium's fake camera, one project per video (see
 * playwright.config.ts): a license file as the app's own "Show as QR" shows it, a 16 KB machine
 * file as `cli qr show` draws it, each also with every third frame missing, and two transfers
 * interleaved with a damaged copy of every part of one of them.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { pasteBox, verdictAnnouncement } from './support/app';
import { openVerify, spyOnCamera } from './support/scan';
import { cameraFixture, type CameraScene } from './support/camera-fixtures';

const scanner = (page: Page) => page.getByRole('dialog', { name: 'Scan a QR code' });

async function scan(page: Page): Promise<void> {
  test.setTimeout(60_000);
  await spyOnCamera(page);
  await openVerify(page);
  await page.getByRole('button', { name: 'Scan QR code' }).click();
}

for (const scene of ['ur-license', 'ur-license-drop', 'ur-machine', 'ur-machine-drop'] satisfies CameraScene[]) {
  test(
    `${scene}: the parts are collected with progress shown, and the file verifies`,
    { tag: `@${scene}` },
    async ({ page }) => {
      await scan(page);
      await expect(scanner(page).getByRole('status')).toContainText(/\d+ % — keep the code in view/, {
        timeout: 20_000
      });
      await expect(scanner(page).getByRole('progressbar', { name: 'Animated code received' })).toBeVisible();
      await expect(verdictAnnouncement(page)).toContainText(/^Valid (license|machine) file, genuine/, {
        timeout: 30_000
      });
      await expect(scanner(page)).toBeHidden();
      await expect(pasteBox(page)).toHaveValue(readFileSync(cameraFixture(scene, 'txt'), 'utf8').trim());
    }
  );
}

test(
  'ur-mixed: two transfers interleaved and damaged parts give one whole, genuine file, never a mix',
  { tag: '@ur-mixed' },
  async ({ page }) => {
    await scan(page);
    await expect(verdictAnnouncement(page)).toContainText(/^Valid (license|machine) file, genuine/, {
      timeout: 30_000
    });
    const files = (JSON.parse(readFileSync(cameraFixture('ur-mixed', 'txt'), 'utf8')) as string[]).map((file) =>
      file.trim()
    );
    expect(files).toContain(await pasteBox(page).inputValue());
  }
);
