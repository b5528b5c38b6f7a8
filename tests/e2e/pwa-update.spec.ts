/**
 * The update flow against a server that can publish a new version: the prompt appears, Reload
 * switches to the new service worker and its cache, and data in IndexedDB survives.
 */
import { axeViolations } from './support/axe';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { waitForServiceWorker } from './support/app';
import { serveBuild, sidePort, type BuildServer } from './support/static-server';

const PORT = sidePort(7);
const PROBE_DB = 'ov-update-probe';

test.use({ baseURL: `http://127.0.0.1:${PORT}` });

let server: BuildServer;
test.beforeAll(async () => {
  server = await serveBuild({ port: PORT });
});
test.afterAll(async () => {
  await server?.close();
});

const cacheNames = (page: Page) => page.evaluate(() => caches.keys());

function writeProbe(page: Page, value: string): Promise<void> {
  return page.evaluate(
    ({ name, value }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name, 1);
        open.onupgradeneeded = () => open.result.createObjectStore('probe');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('probe', 'readwrite');
          tx.objectStore('probe').put(value, 'record');
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    { name: PROBE_DB, value }
  );
}

function readProbe(page: Page): Promise<unknown> {
  return page.evaluate(
    (name) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open(name, 1);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('probe').objectStore('probe').get('record');
          request.onsuccess = () => (open.result.close(), resolve(request.result));
          request.onerror = () => reject(request.error);
        };
      }),
    PROBE_DB
  );
}

test('a new version is offered, and Reload switches to it keeping IndexedDB', async ({ page }) => {
  await page.goto('/');
  await waitForServiceWorker(page);
  const oldVersion = server.version;
  expect(await cacheNames(page)).toEqual([`offline-verifier-${oldVersion}`]);
  await writeProbe(page, 'kept across the update');
  const prompt = page.getByRole('status').filter({ hasText: 'A new version is ready' });
  await expect(prompt).toHaveCount(0);

  const newVersion = server.bumpServiceWorker();
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));

  await expect(prompt).toBeVisible();
  expect(await axeViolations(page, { include: '.update-prompt' })).toEqual([]);

  // The page only changes when the user asks: mark this document, then reload through the prompt.
  await page.evaluate(() => ((window as Window & { beforeUpdate?: boolean }).beforeUpdate = true));
  const reloaded = page.waitForEvent('load');
  await prompt.getByRole('button', { name: 'Reload' }).press('Enter');
  await reloaded;

  expect(await page.evaluate(() => (window as Window & { beforeUpdate?: boolean }).beforeUpdate)).toBeUndefined();
  await waitForServiceWorker(page);
  await expect.poll(() => cacheNames(page)).toEqual([`offline-verifier-${newVersion}`]);
  await expect(prompt).toHaveCount(0);
  expect(await readProbe(page)).toBe('kept across the update');
});

test('a long-open page finds the new version itself, and Later keeps the running one', async ({ page }) => {
  await page.clock.install();
  await page.goto('/');
  await waitForServiceWorker(page);
  const running = server.version;
  server.bumpServiceWorker();

  const prompt = page.getByRole('status').filter({ hasText: 'A new version is ready' });
  await page.clock.fastForward('59:00');
  await page.waitForTimeout(1_000);
  await expect(prompt).toHaveCount(0);
  // The app checks for an update every hour, as a kiosk never navigates.
  await page.clock.fastForward('01:00');
  await expect(prompt).toBeVisible();

  await prompt.getByRole('button', { name: 'Later' }).click();
  await expect(prompt).toHaveCount(0);
  expect(await cacheNames(page)).toContain(`offline-verifier-${running}`);
  expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting != null))).toBe(
    true
  );
});
