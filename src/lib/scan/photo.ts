/**
 * Reading a photo, in the decoder worker (and the bench page): the browser decodes the file, then
 * this tries `PHOTO_PLAN` in turn, each step on a copy scaled by `createImageBitmap` (a phone's
 * 12 MP are rarely the best size to read: a ≤ 1024 px copy averages noise away and is decoded
 * ten times faster), until one reads the code exactly or `PHOTO_BUDGET_MS` has passed. The plan is chosen by `npm run bench`
 * (tools/bench/photos.ts) on photos made by independent tools, against ZBar.
 */
import { decodeGray, grayOf, type DecodeStep, type Gray } from './decoder';
import { PhotoError } from './image';

/** The file decoded by the browser; PhotoError when it is no image the browser can open. */
export async function openPhoto(photo: Blob): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(photo);
  } catch (error) {
    throw new PhotoError(
      'This file is not an image this browser can open. Choose a photo (JPEG, PNG, WebP) of the QR code.',
      error
    );
  }
}

/** One try: the photo scaled so its longer side is at most `side` px (never up), read by `step`. */
export interface PhotoAttempt {
  readonly side: number;
  readonly step: DecodeStep;
}

/**
 * The steps, in order: greedily, the step that reads the most photos the earlier ones missed per
 * millisecond (the bench's single-step table). A wide adaptive threshold under paulmillr's `qr`
 * reads most; zxing's global histogram and `qr` on grey pixels add the rest; the tail covers what
 * the corpus has none of (light-on-dark codes, codes that fill the picture).
 */
export const PHOTO_PLAN: readonly PhotoAttempt[] = [
  { side: 1024, step: 'qr-adaptive' },
  { side: 1024, step: 'zxing-global' },
  { side: 1024, step: 'qr' },
  { side: 1600, step: 'qr-adaptive' },
  { side: 2048, step: 'qr-adaptive' },
  { side: 1600, step: 'zxing-global' },
  { side: 1024, step: 'zxing-adaptive' },
  { side: 1024, step: 'zxing' },
  { side: 1024, step: 'zxing-inverted' },
  { side: 640, step: 'qr-adaptive' },
  { side: 2048, step: 'qr' }
];

/** No new step starts after this long (decoding the file included), so "no code" comes within 2 s. */
export const PHOTO_BUDGET_MS = 1200;

let canvas: OffscreenCanvas | undefined;

/** The luma of `image` scaled to at most `side` px on its longer side. */
export async function grayAt(image: ImageBitmap, side: number): Promise<Gray> {
  const scale = Math.min(1, side / Math.max(image.width, image.height));
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const scaled =
    scale < 1
      ? await createImageBitmap(image, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' })
      : image;
  try {
    if (canvas?.width !== width || canvas.height !== height) canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('This browser cannot read image pixels in a worker.');
    // White under the picture: a transparent PNG's background reads as paper, and nothing of the
    // previous photo on this canvas shows through.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
    // Drawn to size: a browser that ignores resizeWidth still gets the whole picture, scaled here.
    context.drawImage(scaled, 0, 0, width, height);
    return grayOf(context.getImageData(0, 0, width, height), { x: 0, y: 0, width, height }, 1);
  } finally {
    if (scaled !== image) scaled.close();
  }
}

/**
 * The text of the QR code in the image file `photo`, or null when none is read within the budget.
 * Runs in the decoder worker (and in the bench page); throws PhotoError when it is no image.
 */
export async function readPhoto(
  photo: Blob,
  plan: readonly PhotoAttempt[] = PHOTO_PLAN,
  budgetMs = PHOTO_BUDGET_MS
): Promise<string | null> {
  const started = performance.now();
  const image = await openPhoto(photo);
  try {
    const grays = new Map<number, Gray>();
    for (const { side, step } of plan) {
      if (performance.now() - started > budgetMs) return null;
      const key = Math.min(side, Math.max(image.width, image.height));
      let gray = grays.get(key);
      if (!gray) grays.set(key, (gray = await grayAt(image, key)));
      const text = decodeGray(gray, step);
      if (text !== null) return text;
    }
    return null;
  } finally {
    image.close();
  }
}
