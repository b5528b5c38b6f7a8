/** Shared by the scanning specs: a forged key, QR images of any text, and a spy on the camera. */
import type { Page } from '@playwright/test';
import QRCode from 'qrcode';
import { validSignedKey } from './samples';

/** Opens the Verify screen and waits until it is interactive (the layout's mount runs last and sets the brand colour). */
export async function openVerify(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => document.documentElement.style.getPropertyValue('--brand') !== '');
}

/** A valid key with one character of its signature changed: well formed, not genuine. */
export function forgedSignedKey(): string {
  const key = validSignedKey();
  const at = key.length - 20;
  return key.slice(0, at) + (key[at] === 'A' ? 'B' : 'A') + key.slice(at + 1);
}

/**
 * A PNG of `text`'s QR code, 8 px per module. (qrcode's `width` option scales by a fraction and
 * rounds each module to 8 or 9 px; neither jsQR nor zxing reads such a picture at full size.)
 */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { errorCorrectionLevel: 'M', scale: 8, margin: 4 });
}

/**
 * Before the app loads: keep every camera stream the page opens and count the frames posted to
 * workers, so a test can see that scanning ran and that the camera was let go.
 */
export async function spyOnCamera(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const spy = { streams: [] as MediaStream[], framesPosted: 0, firstFrameAt: undefined as number | undefined };
    (window as unknown as { cameraSpy: typeof spy }).cameraSpy = spy;
    const media = navigator.mediaDevices;
    if (media) {
      const open = media.getUserMedia.bind(media);
      media.getUserMedia = async (constraints) => {
        const stream = await open(constraints);
        spy.streams.push(stream);
        return stream;
      };
    }
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker['postMessage']>) {
      if ((args[0] as { image?: unknown } | null)?.image) {
        spy.framesPosted++;
        spy.firstFrameAt ??= performance.now();
      }
      return post.apply(this, args);
    } as Worker['postMessage'];
  });
}

interface CameraSpy {
  streams: MediaStream[];
  framesPosted: number;
  /** performance.now() when the first frame went to the decoder. */
  firstFrameAt?: number;
}

/** Ms from the first frame sent to the decoder until the paste box holds `text`: the camera's time to a read. */
export async function msToRead(page: Page, text: string): Promise<number> {
  const handle = await page.waitForFunction(
    (expected) => {
      const box = document.querySelector<HTMLTextAreaElement>('textarea');
      const first = (window as unknown as { cameraSpy: CameraSpy }).cameraSpy.firstFrameAt;
      return box?.value === expected && first !== undefined ? performance.now() - first : false;
    },
    text,
    { polling: 'raf' }
  );
  return Math.round(Number(await handle.jsonValue()));
}

/** How many streams were opened, how many tracks are still live, and how many frames went to the decoder. */
export function cameraState(page: Page): Promise<{ opened: number; live: number; framesPosted: number }> {
  return page.evaluate(() => {
    const spy = (window as unknown as { cameraSpy: CameraSpy }).cameraSpy;
    const tracks = spy.streams.flatMap((stream) => stream.getTracks());
    return {
      opened: spy.streams.length,
      live: tracks.filter((track) => track.readyState === 'live').length,
      framesPosted: spy.framesPosted
    };
  });
}
