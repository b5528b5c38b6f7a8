/**
 * The validation cache end to end, against the production build: a verified response is cached,
 * survives an offline reload with the right time left, is reported tampered when its stored entry
 * is edited, reads as clock-tampered when the clock goes behind the time floor, and expires (and
 * purges) once its lifetime is over; History lists checks with keys masked. Time is Playwright's
 * fixed page clock.
 */
import { seriousViolations } from './support/axe';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { pasteBox, verdictAnnouncement, waitForServiceWorker } from './support/app';
import { validSignedKey } from './support/samples';
import { mintResponse, responseEnvelope } from '../../tools/issuer/keygen-response';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** "Now" for these tests: a whole second, so signed HTTP dates (whole seconds) give exact spans. */
const T = Math.floor(Date.now() / 1000) * 1000;

/** A validate-key response Keygen signed `hoursAgo` before T; cached, it is good for 7 days from then. */
const responseSigned = (hoursAgo: number) =>
  responseEnvelope(mintResponse({ algorithm: 'ed25519', date: T - hoursAgo * HOUR }));

const cachedEntries = (page: Page) => page.getByRole('list', { name: 'Cached results' }).getByRole('listitem');

/** How many records a store of the app's database holds. */
function storedCount(page: Page, store = 'cache'): Promise<number> {
  return page.evaluate(
    (store) =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('offline-verifier');
        // Not created yet: leave that to the app, and count nothing.
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => resolve(0);
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction(store).objectStore(store).count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
        };
      }),
    store
  );
}

/** Verifies `text` on the Verify screen and waits until the app has cached it. */
async function verifyAndCache(page: Page, text: string) {
  await page.goto('/');
  await pasteBox(page).fill(text);
  await expect(verdictAnnouncement(page)).toContainText('Valid cached validation response, genuine');
  await expect.poll(() => storedCount(page), { timeout: 10_000 }).toBe(1);
}

test.beforeEach(async ({ page }) => {
  await page.clock.setFixedTime(T);
});

test('a cached response is shown offline with its time left; an edited entry is reported tampered', async ({
  page,
  context
}) => {
  await page.goto('/');
  await waitForServiceWorker(page);
  await verifyAndCache(page, responseSigned(1));

  await context.setOffline(true);
  await page.goto('/cache');
  await expect(cachedEntries(page)).toHaveCount(1);
  const entry = cachedEntries(page).first();
  await expect(entry.getByRole('heading')).toHaveText('Valid');
  await expect(entry).toContainText('Cached validation response');
  // Signed an hour before now; a cached response counts for 7 days from its signed Date.
  await expect(entry.locator('.lifetime')).toHaveText('6 days 23 hours left');

  // Someone pushes the stored expiry out by a month, by hand.
  await page.evaluate(
    (month) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('offline-verifier');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const store = db.transaction('cache', 'readwrite').objectStore('cache');
          const all = store.getAll();
          all.onsuccess = () => {
            const record = all.result[0] as { expiresAt: number };
            record.expiresAt += month;
            const put = store.put(record);
            put.onsuccess = () => {
              db.close();
              resolve();
            };
            put.onerror = () => reject(put.error);
          };
        };
      }),
    30 * DAY
  );
  await page.reload();
  const alert = page.getByRole('alert').filter({ hasText: 'Tampered entries removed' });
  await expect(alert).toContainText('Cached validation response');
  await expect(alert).toContainText('The stored expiry does not match what the signed artifact says.');
  await expect(cachedEntries(page)).toHaveCount(0);
  expect(await storedCount(page)).toBe(0);
});

test('a clock set back behind the time floor is clock-tampered; past its lifetime the entry expires and is purged', async ({
  page
}) => {
  // Signed 3 hours ago: on its own it would still verify with the clock 2 hours back.
  const response = responseSigned(3);
  await verifyAndCache(page, response);

  await page.clock.setFixedTime(T - 2 * HOUR);
  await page.goto('/cache');
  await expect(cachedEntries(page).first().getByRole('heading')).toHaveText('Clock set back');
  await page.goto('/');
  await pasteBox(page).fill(response);
  await expect(verdictAnnouncement(page)).toContainText('Clock set back');
  await expect(verdictAnnouncement(page)).toContainText('a time already verified on this device');

  await page.clock.setFixedTime(T + 8 * DAY);
  await page.goto('/cache');
  const entry = cachedEntries(page).first();
  await expect(entry.getByRole('heading')).toHaveText('Expired');
  await expect(entry.locator('.lifetime')).toHaveText('Expired 1 day 3 hours ago');
  await page.getByRole('button', { name: 'Purge expired (1)' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Purged' })).toHaveText('Purged 1 expired entry.');
  await expect(cachedEntries(page)).toHaveCount(0);
  expect(await storedCount(page)).toBe(0);
});

test('history lists each check with its key masked, filters by status, and clears', async ({ page }) => {
  const key = validSignedKey();
  const forged = key.slice(0, 20) + (key[20] === 'A' ? 'B' : 'A') + key.slice(21);
  await page.goto('/');
  for (const [i, text, words] of [
    [1, key, 'Valid license key'],
    [2, forged, 'Not genuine license key']
  ] as const) {
    await pasteBox(page).fill(text);
    await expect(verdictAnnouncement(page)).toContainText(words);
    // Typed input is recorded once typing has stopped for a moment.
    await expect.poll(() => storedCount(page, 'history'), { timeout: 10_000 }).toBe(i);
  }

  await page.goto('/history');
  const checks = page.getByRole('list', { name: 'Checks, newest first' }).getByRole('listitem');
  await expect(checks).toHaveCount(2);
  await expect(checks.nth(0)).toContainText('Not genuine');
  await expect(checks.nth(1)).toContainText('Valid');
  await expect(checks.nth(1)).toContainText(`key ${key.slice(0, 4)}`);
  expect(await page.locator('main').innerText()).not.toContain(key.slice(0, 40));

  await page.getByLabel('Show').selectOption({ label: 'Valid' });
  await expect(checks).toHaveCount(1);
  await page.getByLabel('Show').selectOption({ label: 'Every result' });
  await expect(checks).toHaveCount(2);

  await page.getByRole('button', { name: 'Clear history' }).click();
  await page.getByRole('button', { name: 'Yes, clear' }).click();
  await expect(page.getByText('No checks yet')).toBeVisible();
  expect(await storedCount(page, 'history')).toBe(0);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe: no serious or critical violation on Cache and History (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await verifyAndCache(page, responseSigned(1));
    await page.goto('/cache');
    await expect(cachedEntries(page).first().getByRole('heading')).toHaveText('Valid');
    expect(await seriousViolations(page), 'Cache, valid entry').toEqual([]);

    await page.clock.setFixedTime(T + 8 * DAY);
    await page.goto('/cache');
    await expect(cachedEntries(page).first().getByRole('heading')).toHaveText('Expired');
    expect(await seriousViolations(page), 'Cache, expired entry').toEqual([]);

    await page.goto('/history');
    await expect(page.getByRole('list', { name: 'Checks, newest first' }).getByRole('listitem')).toHaveCount(1);
    expect(await seriousViolations(page), 'History').toEqual([]);
  });
}
