/** How the e2e tests find the app's pages and drive its Verify screen. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect } from '../fixtures';

/** Every prerendered page in build/, as a path: `index.html` → `/`, `about.html` → `/about`. */
export function builtRoutes(): string[] {
  const root = path.resolve('build');
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.html'))
    .map(
      (file) =>
        '/' +
        file
          .split(path.sep)
          .join('/')
          .replace(/(^|\/)index\.html$/, '')
          .replace(/\.html$/, '')
    )
    .sort();
}

export const pasteBox = (page: Page): Locator => page.getByLabel('Paste a license key or file');

/** The screen-reader announcement of the verdict, e.g. "Valid license key, genuine, signed by …". */
export const verdictAnnouncement = (page: Page): Locator =>
  page.getByRole('region', { name: 'Result' }).getByRole('status');

/** Types `text` into the Verify screen of the current page and expects a genuine, valid verdict. */
export async function pasteAndVerify(page: Page, text: string): Promise<void> {
  await pasteBox(page).fill(text);
  await expect(verdictAnnouncement(page)).toContainText('Valid license key, genuine');
}

/** Waits until a service worker controls the page, so it is served from the cache from now on. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 20_000 });
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
}
