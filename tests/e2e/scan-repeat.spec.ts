/**
 * Scanning a code whose verdict is already on screen: the card stays as it is (not drawn again)
 * and history lists the code once; a different code replaces the card. The camera is a canvas
 * stream the test draws each code on (as tests/webkit does), so one page can scan two codes.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { pasteBox, verdictAnnouncement } from './support/app';
import { validSignedKey } from './support/samples';
import { openVerify, qrPng } from './support/scan';

/** Before the app loads: the camera is a 720p canvas showing whatever `showCode` drew last. */
async function canvasCamera(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 1280;
    canvas.height = 720;
    const context = canvas.getContext('2d')!;
    let code: HTMLImageElement | undefined;
    const draw = () => {
      context.fillStyle = '#fff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      // The code fills most of the aim square, as held up.
      const side = 540;
      context.imageSmoothingEnabled = false;
      if (code) context.drawImage(code, (canvas.width - side) / 2, (canvas.height - side) / 2, side, side);
    };
    setInterval(draw, 100);
    (window as unknown as { showCode: (png: string) => Promise<void> }).showCode = async (png) => {
      const image = new Image();
      image.src = `data:image/png;base64,${png}`;
      await image.decode();
      code = image;
      draw();
    };
    navigator.mediaDevices.getUserMedia = async () => canvas.captureStream(10);
  });
}

async function scan(page: Page, key: string): Promise<void> {
  const png = (await qrPng(key)).toString('base64');
  await page.evaluate((png) => (window as unknown as { showCode: (png: string) => Promise<void> }).showCode(png), png);
  await page.getByRole('button', { name: 'Scan QR code' }).click();
  await expect(page.getByRole('dialog', { name: 'Scan a QR code' })).toBeHidden();
  await expect(pasteBox(page)).toHaveValue(key);
  await expect(verdictAnnouncement(page)).toContainText('Valid license key, genuine');
}

/** The masked keys of the checks in history, oldest first. */
function historyKeys(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('offline-verifier');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('history')) return resolve([]);
          const all = db.transaction('history').objectStore('history').getAll();
          all.onsuccess = () => {
            db.close();
            resolve((all.result as Array<{ key?: string }>).map((entry) => entry.key ?? ''));
          };
          all.onerror = () => reject(all.error);
        };
      })
  );
}

test('scanning the code on screen again keeps its card and its one history entry; another code replaces it', async ({
  page
}) => {
  await canvasCamera(page);
  await openVerify(page);
  const first = validSignedKey();
  const second = validSignedKey();

  await scan(page, first);
  await expect.poll(() => historyKeys(page)).toHaveLength(1);
  const [firstEntry] = await historyKeys(page);

  // From here on: every verdict card put on screen, in order, and every verification that ended.
  await page.evaluate(() => {
    const seen = { drawn: [] as string[], ended: 0 };
    (window as unknown as { seen: typeof seen }).seen = seen;
    const result = document.querySelector('[aria-label="Result"]')!;
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'attributes' && result.getAttribute('aria-busy') === 'false') seen.ended++;
        for (const node of record.addedNodes)
          if (node instanceof HTMLElement && node.matches('article.verdict'))
            seen.drawn.push(document.querySelector<HTMLTextAreaElement>('#artifact')?.value ?? '');
      }
    }).observe(result, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
  });
  const seen = () => page.evaluate(() => (window as unknown as { seen: { drawn: string[]; ended: number } }).seen);

  await scan(page, first);
  await expect.poll(async () => (await seen()).ended, 'the repeat was verified').toBe(1);
  await scan(page, second);
  await expect.poll(async () => (await seen()).drawn).toContain(second);
  // One card drawn since the first scan: the second code's. The repeat was verified, not redrawn.
  expect((await seen()).drawn).toEqual([second]);
  // History: the first code once, then the second (a repeat's entry would have come before it).
  await expect.poll(() => historyKeys(page)).toHaveLength(2);
  const keys = await historyKeys(page);
  expect(keys[0]).toBe(firstEntry);
  expect(keys[1]).not.toBe(firstEntry);
});
