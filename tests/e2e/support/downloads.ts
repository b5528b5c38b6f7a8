/** Files the app saves, caught in the page by tests/support/download-recorder.ts. */
import { expect, type Page } from '@playwright/test';
import { downloadCount, readDownload, recordDownloads } from '../../support/download-recorder';

/** Before the app loads: starts recording what the page saves. */
export async function catchDownloads(page: Page): Promise<void> {
  await page.addInitScript(recordDownloads);
}

/** Runs `action` and returns the one file the page saved because of it: its name and bytes. */
export async function savedFile(
  page: Page,
  action: () => Promise<unknown>
): Promise<{ fileName: string; content: Buffer }> {
  const before = await page.evaluate(downloadCount);
  await action();
  await expect
    .poll(() => page.evaluate(downloadCount), { message: 'a file saved through a download link' })
    .toBe(before + 1);
  const { fileName, base64 } = (await page.evaluate(readDownload, before))!;
  return { fileName, content: Buffer.from(base64, 'base64') };
}
