/**
 * The photo measurement, run in the Chromium bench page (bundled by photos.ts): every candidate
 * pipeline reads every photo of the corpus from its JPEG bytes, as "Scan from photo" does, the
 * candidates interleaved photo by photo so load on the machine hits them alike. A second table
 * times single steps (one size, one binarizer and decoder) on already scaled pixels: what the
 * chosen plan's order is made from.
 */
import { decodeFrame, decodeGray, PIPELINE, type DecodeStep } from '../../src/lib/scan/decoder';
import { grayAt, openPhoto, PHOTO_BUDGET_MS, PHOTO_PLAN, readPhoto } from '../../src/lib/scan/photo';
import { STEP_NAMES } from './decoder-suite';

export interface PhotoCase {
  name: string;
  bucket: string;
  width: number;
  height: number;
  text: string;
}

export interface PhotoOutcome {
  ok: boolean;
  ms: number;
}

/** Per candidate, per photo name. */
export type PhotoOutcomes = Record<string, Record<string, PhotoOutcome>>;

export const CHOSEN_PHOTO = `chosen: ${PHOTO_PLAN.length}-step plan, ${PHOTO_BUDGET_MS} ms budget`;
export const BEFORE_PHOTO = 'app before: ≤ 2048 px, 640/1280/2048, zxing → zxing inverted → jsQR';

let canvas: OffscreenCanvas | undefined;

/** RGBA of `image` at ≤ `side` px, as the app before this plan took it (a photo is opaque: no fill). */
async function pixelsAt(image: ImageBitmap, side: number): Promise<ImageData> {
  const scale = Math.min(1, side / Math.max(image.width, image.height));
  const width = Math.round(image.width * scale);
  const height = Math.round(image.height * scale);
  const scaled =
    scale < 1
      ? await createImageBitmap(image, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' })
      : image;
  if (canvas?.width !== width || canvas.height !== height) canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(scaled, 0, 0);
  if (scaled !== image) scaled.close();
  return context.getImageData(0, 0, width, height);
}

const single = (side: number, step: DecodeStep) => (photo: Blob) => readPhoto(photo, [{ side, step }], Infinity);

export const PHOTO_CANDIDATES: Record<string, (photo: Blob) => Promise<string | null>> = {
  // What "Scan from photo" did before this plan: one ≤ 2048 px copy, then three sizes of it.
  [BEFORE_PHOTO]: async (photo) => {
    const image = await openPhoto(photo);
    const pixels = await pixelsAt(image, 2048);
    image.close();
    return decodeFrame(pixels, { maxSides: [640, 1280, 2048], steps: PIPELINE });
  },
  'jsQR, ≤ 2048 px': single(2048, 'jsqr'),
  'qr, ≤ 2048 px': single(2048, 'qr'),
  'qr, ≤ 1024 px': single(1024, 'qr'),
  'zxing, ≤ 2048 px': single(2048, 'zxing'),
  'zxing, ≤ 1024 px': single(1024, 'zxing'),
  'adaptive threshold + zxing, ≤ 1024 px': single(1024, 'zxing-adaptive'),
  'adaptive threshold + qr, ≤ 1024 px': single(1024, 'qr-adaptive'),
  [CHOSEN_PHOTO]: (photo) => readPhoto(photo)
};

export const STEP_SIDES = [640, 1024, 1600, 2048] as const;
export const STEP_KINDS: readonly DecodeStep[] = [
  'zxing',
  'zxing-global',
  'zxing-adaptive',
  'zxing-inverted',
  'jsqr',
  'qr',
  'qr-adaptive'
];

export interface PhotoSuiteResult {
  outcomes: PhotoOutcomes;
  /** Single steps, keyed `side step`, per photo name. */
  steps: PhotoOutcomes;
  /** Median ms to scale a photo to each side and read its pixels, keyed by side. */
  scaleMs: Record<string, number>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export async function runPhotoSuite(
  cases: PhotoCase[],
  withSteps: boolean,
  progress: (line: string) => void
): Promise<PhotoSuiteResult> {
  const names = Object.keys(PHOTO_CANDIDATES);
  const outcomes: PhotoOutcomes = Object.fromEntries(names.map((n) => [n, {}]));
  const steps: PhotoOutcomes = {};
  const scaleTimes = new Map<number, number[]>();
  // Warm-up: the JIT, and the decoders' lazily built tables.
  const warm = await (await fetch(`/photos/${cases[0]!.name}`)).blob();
  for (const candidate of Object.values(PHOTO_CANDIDATES)) await candidate(warm);

  for (const [index, photo] of cases.entries()) {
    const blob = await (await fetch(`/photos/${photo.name}`)).blob();
    const order = names.map((_, i) => names[(i + index) % names.length]!);
    for (const name of order) {
      const started = performance.now();
      const text = await PHOTO_CANDIDATES[name]!(blob);
      outcomes[name]![photo.name] = { ok: text === photo.text, ms: performance.now() - started };
    }
    if (withSteps) {
      const image = await openPhoto(blob);
      for (const side of STEP_SIDES) {
        const started = performance.now();
        const gray = await grayAt(image, side);
        scaleTimes.set(side, [...(scaleTimes.get(side) ?? []), performance.now() - started]);
        for (const step of STEP_KINDS) {
          const key = `${side} ${step}`;
          const t0 = performance.now();
          const text = decodeGray(gray, step);
          (steps[key] ??= {})[photo.name] = { ok: text === photo.text, ms: performance.now() - t0 };
        }
      }
      image.close();
    }
    progress(`photos: ${photo.name} done`);
  }
  return { outcomes, steps, scaleMs: Object.fromEntries([...scaleTimes].map(([side, ms]) => [side, median(ms)])) };
}

export { STEP_NAMES };
