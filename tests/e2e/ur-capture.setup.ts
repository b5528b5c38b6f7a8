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

  // Every frame the app draws, until it has shown each part number up to three times the parts needed.
  const frames = await page.evaluate(async () => {
    const seen = new Map<number, { path: string; size: number }>();
    const code = document.querySelector('dialog .code')!;
    return new Promise<Array<{ seqNum: number; path: string; size: number }>>((resolve) => {
      const record = () => {
        const part = code.getAttribute('data-part') ?? '';
        const match = /^UR:BYTES\/(\d+)-(\d+)\//.exec(part);
        const svg = code.querySelector('svg');
        if (!match || !svg) return;
        seen.set(Number(match[1]), { path: svg.querySelector('path')!.getAttribute('d')!, size: Number(svg.getAttribute('viewBox')!.split(' ')[2]) });
        if (seen.size >= 3 * Number(match[2])) {
          observer.disconnect();
          resolve([...seen].sort((a, b) => a[0] - b[0]).map(([seqNum, frame]) => ({ seqNum, ...frame })));
        }
      };
      const observer = new MutationObserver(record);
      observer.observe(code, { attributes: true, subtree: true, childList: true });
      record();
    });
  });
  // Consecutive part numbers from 1: no frame was missed while recording.
  expect(frames.map((f) => f.seqNum)).toEqual(frames.map((_, i) => i + 1));
  const grids = frames.map((frame) => gridFromSvg(frame.path, frame.size));
  writeFileSync(cameraFixture('ur-license'), sequenceY4m(grids, FRAMES_PER_SECOND));
  writeFileSync(cameraFixture('ur-license-drop'), sequenceY4m(withoutEveryThird(grids), FRAMES_PER_SECOND));
  for (const scene of ['ur-license', 'ur-license-drop'] as const) writeFileSync(cameraFixture(scene, 'txt'), license);
});
