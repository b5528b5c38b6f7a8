/**
 * Files the app saves, caught in the page: the app saves by clicking an `<a download>` whose href
 * is an object URL of a Blob, so an init script records the link's file name and that Blob. Every
 * engine can do this; Playwright's own download event is not sent by Firefox ESR over BiDi.
 * The browser's own download is not started: Firefox would save into the home folder and open its
 * downloads panel, which takes the focus from the page for the rest of the test.
 */
import { expect, type Page } from '@playwright/test';

interface Caught {
  fileName: string;
  href: string;
  blob?: Blob;
}
type Recorder = Window & { caughtDownloads: Caught[] };

/** Before the app loads: remembers the Blob behind each object URL and each download link clicked. */
export async function catchDownloads(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const blobs = new Map<string, Blob>();
    const caught: Caught[] = [];
    (window as unknown as Recorder).caughtDownloads = caught;
    const createObjectURL = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (object: Blob | MediaSource) => {
      const url = createObjectURL(object);
      if (object instanceof Blob) blobs.set(url, object);
      return url;
    };
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      if (!this.hasAttribute('download')) return click.call(this);
      caught.push({ fileName: this.download, href: this.href, blob: blobs.get(this.href) });
    };
  });
}

/** Runs `action` and returns the one file the page saved because of it: its name and bytes. */
export async function savedFile(
  page: Page,
  action: () => Promise<unknown>
): Promise<{ fileName: string; content: Buffer }> {
  const count = () => page.evaluate(() => (window as unknown as Recorder).caughtDownloads.length);
  const before = await count();
  await action();
  await expect.poll(count, { message: 'a file saved through a download link' }).toBe(before + 1);
  const { fileName, base64 } = await page.evaluate(async (index) => {
    const file = (window as unknown as Recorder).caughtDownloads[index]!;
    // A link to something other than an object URL of this page (a data: URL, say) is read as the browser would.
    const blob = file.blob ?? (await (await fetch(file.href)).blob());
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
    return { fileName: file.fileName, base64: btoa(binary) };
  }, before);
  return { fileName, content: Buffer.from(base64, 'base64') };
}
