/**
 * "Show as QR": a genuine license file becomes an animated code after the user agrees to show a
 * readable license key; play/pause and Escape work from the keyboard; a cache entry has it too.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { pasteBox, verdictAnnouncement } from './support/app';
import { seriousViolations } from './support/axe';
import { openVerify } from './support/scan';
import { issue } from './support/ur-scenes';

const shown = (page: Page) => page.getByRole('dialog', { name: /as QR/ });
const animated = (page: Page) => shown(page).getByRole('img', { name: /Animated QR code/ });

test('a license file is shown as an animated code, only once the user agrees', async ({ page }) => {
  await openVerify(page);
  await pasteBox(page).fill(await issue(['license-file']));
  await expect(verdictAnnouncement(page)).toContainText(/^Valid license file, genuine/);
  await page.getByRole('button', { name: 'Show as QR' }).click();
  await expect(shown(page).getByRole('alert')).toContainText('license key in readable form');
  await expect(animated(page)).toHaveCount(0);
  await shown(page).getByRole('button', { name: 'Show it anyway' }).click();
  await expect(animated(page)).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // The parts change while playing and stand still when paused.
  const code = shown(page).locator('.code');
  const first = await code.getAttribute('data-part');
  await expect.poll(() => code.getAttribute('data-part')).not.toBe(first);
  const pause = shown(page).getByRole('button', { name: 'Pause' });
  await pause.focus();
  await page.keyboard.press('Enter');
  await expect(shown(page).getByRole('button', { name: 'Play' })).toHaveAttribute('aria-pressed', 'true');
  const paused = await code.getAttribute('data-part');
  await page.waitForTimeout(500);
  expect(await code.getAttribute('data-part')).toBe(paused);
  await page.keyboard.press('Escape');
  await expect(shown(page)).toBeHidden();
});

/** Records in the app's cache store (typed input is remembered once typing has stopped). */
const cachedCount = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('offline-verifier');
        open.onerror = () => resolve(0);
        open.onsuccess = () => {
          const count = open.result.transaction('cache').objectStore('cache').count();
          count.onsuccess = () => resolve(count.result);
        };
      })
  );

test('a cache entry can be shown as QR', async ({ page }) => {
  await openVerify(page);
  await pasteBox(page).fill(await issue(['keygen-response']));
  await expect(verdictAnnouncement(page)).toContainText(/^Valid cached validation response, genuine/);
  await expect.poll(() => cachedCount(page), { timeout: 10_000 }).toBe(1);
  await page.goto('/cache');
  await page.getByRole('button', { name: 'Show as QR this cached validation response' }).click();
  await shown(page).getByRole('button', { name: 'Show it anyway' }).click();
  await expect(animated(page)).toBeVisible();
  await expect(shown(page)).toContainText(/parts, 15 a second/);
});
