/**
 * Files the app saves, caught in the page: the app saves by clicking an `<a download>` whose href
 * is an object URL of a Blob, so the recorder keeps the link's file name and that Blob. Every
 * engine can do this; Playwright's own download event is not sent by Firefox ESR over BiDi, and
 * WebdriverIO has none. The browser's own download is not started: Firefox would save into the
 * home folder and open its downloads panel, which takes the focus from the page.
 * Each function runs in the page (Playwright's `addInitScript`/`evaluate`, WebdriverIO's
 * `execute`), so each stands alone: no imports, no closures.
 */

/** What the page saved, as plain JSON: its name and its bytes in base64. */
export interface SavedInPage {
  fileName: string;
  base64: string;
}

interface Caught {
  fileName: string;
  href: string;
  blob?: Blob;
}
type Recorder = Window & { caughtDownloads: Caught[] };

/** Remembers the Blob behind each object URL and each download link clicked from now on. */
export function recordDownloads(): void {
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
}

/** How many files the page has saved since `recordDownloads`. */
export function downloadCount(): number {
  return (window as unknown as Recorder).caughtDownloads.length;
}

/** The `index`th file saved, or null while there is none. */
export async function readDownload(index: number): Promise<SavedInPage | null> {
  const file = (window as unknown as Recorder).caughtDownloads[index];
  if (!file) return null;
  // A link to something other than an object URL of this page (a data: URL, say) is read as the browser would.
  const blob = file.blob ?? (await (await fetch(file.href)).blob());
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return { fileName: file.fileName, base64: btoa(binary) };
}
