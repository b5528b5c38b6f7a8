/**
 * Records what the app's own "Show as QR" shows for a 6.5 KB license file, frame by frame (the
 * modules of each SVG it draws), as the fake-camera videos of the `ur-license` scenes. Runs as the
 * `ur-capture` project, which the cameras that play those videos depend on.
 */
import { writeFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { pasteBox, verdictAnnouncement } from './support/app';
import { openVerify } from './support/scan';
import { cameraFixture } from './support/camera-fixtures';
import { gridFromSvg, sequenceY4m } from './support/y4m';
import { issue, withoutEveryThird } from './support/ur-scenes';
import { FRAMES_PER_SECOND } from '../../src/lib/core/ur/show';

test('record the animated code the app shows for a license file', async ({ page }) => {
  test.setTimeout(90_000);
  const license = await issue(['license-file']);
  expect(license.length).toBeGreaterThan(6000);
  await openVerify(page);
  await pasteBox(page).fill(license);
  await expect(verdictAnnouncement(page)).toContainText(/Valid .*genuine/);
  await page.getByRole('button', { name: 'Show as QR' }).click();
  const shown = page.getByRole('dialog', { name: /as QR/ });
  // Its license key is readable in it: the app asks first.
  await shown.getByRole('button', { name: 'Show it anyway' }).click();
  await expect(shown.getByRole('img', { name: /Animated QR code/ })).toBeVisible();

  // Every frame the app draws, in the order drawn (a busy page may skip a part, as a real screen
  // would), until it has shown three times the parts a receiver needs.
  const frames = await page.evaluate(async () => {
    const shown: Array<{ part: string; path: string; size: number }> = [];
    const code = document.querySelector('dialog .code')!;
    return new Promise<typeof shown>((resolve) => {
      const record = () => {
        const part = code.getAttribute('data-part') ?? '';
        const match = /^UR:BYTES\/(\d+)-(\d+)\//.exec(part);
        const svg = code.querySelector('svg');
        if (!match || !svg || shown.at(-1)?.part === part) return;
        shown.push({
          part,
          path: svg.querySelector('path')!.getAttribute('d')!,
          size: Number(svg.getAttribute('viewBox')!.split(' ')[2])
        });
        if (shown.length >= 3 * Number(match[2])) {
          observer.disconnect();
          resolve(shown);
        }
      };
      const observer = new MutationObserver(record);
      observer.observe(code, { attributes: true, subtree: true, childList: true });
      record();
    });
  });
  // One transfer throughout, its parts in the order the app numbers them.
  const numbers = frames.map(
    (frame) => /^UR:BYTES\/(\d+)-(\d+)\//.exec(frame.part)!.slice(1).map(Number) as [number, number]
  );
  expect(new Set(numbers.map(([, length]) => length)).size).toBe(1);
  expect(numbers.every(([seqNum], i) => i === 0 || seqNum > numbers[i - 1]![0])).toBe(true);
  const grids = frames.map((frame) => gridFromSvg(frame.path, frame.size));
  writeFileSync(cameraFixture('ur-license'), sequenceY4m(grids, FRAMES_PER_SECOND));
  writeFileSync(cameraFixture('ur-license-drop'), sequenceY4m(withoutEveryThird(grids), FRAMES_PER_SECOND));
  for (const scene of ['ur-license', 'ur-license-drop'] as const) writeFileSync(cameraFixture(scene, 'txt'), license);
});
