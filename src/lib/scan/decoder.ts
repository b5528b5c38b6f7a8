/**
 * QR decoding of one frame, in plain JS (no WebAssembly, no DOM): the camera worker, photo scans
 * (photo.ts), the bench and the tests all run these steps. A live frame's first way was chosen by
 * `npm run bench` (tools/bench/decoders.ts): crop to the aim square, box-downscale only when the
 * crop is larger than `MAX_FRAME_SIDE`, then the `PIPELINE` steps in turn on the same pixels.
 * zxing is several times faster where it succeeds; jsQR succeeds more often on small modules, so
 * it comes last. The frames in between are read the other `CAMERA_ROTATION` ways.
 */
import jsQR from 'jsqr';
import { decodeQR } from 'qr/decode.js';
import {
  BinaryBitmap,
  DecodeHintType,
  GlobalHistogramBinarizer,
  HybridBinarizer,
  QRCodeReader,
  RGBLuminanceSource
} from './zxing';
import { AIM_FRACTION, type Region } from './aim';

/** RGBA pixels, row by row, as in `ImageData`. */
export interface Frame {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/**
 * One decoding attempt. `zxing` binarizes with zxing's hybrid (local blocks) binarizer,
 * `zxing-global` with its global histogram (better on blur, worse on uneven light),
 * `zxing-adaptive` with a wide local-mean threshold (uneven light and noise at once);
 * `zxing-inverted` reads light-on-dark codes (zxing reads only dark-on-light); `jsqr` tries both
 * polarities, `jsqr-dark` only dark-on-light (half the cost when nothing is found); `qr` is
 * paulmillr's decoder with its own pyramid and binarizer, `qr-adaptive` the same on the adaptive
 * threshold's black and white.
 */
export type DecodeStep =
  'zxing' | 'zxing-global' | 'zxing-adaptive' | 'zxing-inverted' | 'jsqr' | 'jsqr-dark' | 'qr' | 'qr-adaptive';

/** The steps every frame goes through until one reads a code; the bench compares alternatives. */
export const PIPELINE: readonly DecodeStep[] = ['zxing', 'zxing-inverted', 'jsqr'];

/** Live frames are decoded at most this many pixels on a side (the aim crop of 720p fits as is). */
export const MAX_FRAME_SIDE = 640;

export interface DecodeOptions {
  /** The part of the frame to look in; the whole frame by default. */
  region?: Region;
  /**
   * Sizes to try, each the longest side the region is box-downscaled to at most: a small code
   * needs every pixel, a large noisy one reads better averaged.
   */
  maxSides?: readonly number[];
  steps?: readonly DecodeStep[];
}

/** One byte of luma per pixel. */
export interface Gray {
  luma: Uint8ClampedArray;
  width: number;
  height: number;
}

/** zxing's own luma weights (HTMLCanvasElementLuminanceSource), averaged over `factor`² pixels. */
export function grayOf(frame: Frame, region: Region, factor: number): Gray {
  const width = Math.floor(region.width / factor);
  const height = Math.floor(region.height / factor);
  const luma = new Uint8ClampedArray(width * height);
  const { data } = frame;
  const stride = frame.width * 4;
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let row = (region.y + y * factor) * stride + (region.x + x * factor) * 4;
      for (let dy = 0; dy < factor; dy++, row += stride) {
        for (let i = row, end = row + factor * 4; i < end; i += 4) {
          sum += 306 * data[i]! + 601 * data[i + 1]! + 117 * data[i + 2]!;
        }
      }
      luma[y * width + x] = (sum / area + 0x200) >> 10;
    }
  }
  return { luma, width, height };
}

const HINTS = new Map<number, unknown>([[DecodeHintType.CHARACTER_SET, 'UTF-8']]);
const reader = new QRCodeReader();

function zxing(
  luma: Uint8ClampedArray,
  width: number,
  height: number,
  binarizer: 'hybrid' | 'global' = 'hybrid'
): string | null {
  try {
    const source = new RGBLuminanceSource(luma, width, height);
    const bits = binarizer === 'hybrid' ? new HybridBinarizer(source) : new GlobalHistogramBinarizer(source);
    return reader.decode(new BinaryBitmap(bits), HINTS).getText() || null;
  } catch {
    // zxing reports "no code here" by throwing, and a damaged symbol can trip its internal
    // index checks; either way this frame holds no readable code.
    return null;
  } finally {
    reader.reset();
  }
}

function jsqr(gray: Gray, inversionAttempts: 'attemptBoth' | 'dontInvert'): string | null {
  const rgba = new Uint8ClampedArray(gray.luma.length * 4);
  for (let i = 0, j = 0; i < gray.luma.length; i++, j += 4) {
    const v = gray.luma[i]!;
    rgba[j] = rgba[j + 1] = rgba[j + 2] = v;
    rgba[j + 3] = 255;
  }
  // Always pass the option: jsQR 1.4 writes the options of each call into its shared defaults.
  return jsQR(rgba, gray.width, gray.height, { inversionAttempts })?.data || null;
}

/**
 * Black where a pixel is darker than 72 % of the mean of its neighbourhood (a square half the
 * picture's shorter side, from an integral image: linear time), white elsewhere. Far wider than
 * zxing's 8-pixel blocks, so a shadow across the code does not flip modules; the low ratio keeps
 * blurred, noisy dark modules from swallowing their light neighbours (tuned on the bench's photos).
 */
export function adaptiveThreshold(gray: Gray): Uint8ClampedArray {
  const { luma, width, height } = gray;
  const sums = new Float64Array((width + 1) * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += luma[y * width + x]!;
      sums[(y + 1) * (width + 1) + x + 1] = sums[y * (width + 1) + x + 1]! + row;
    }
  }
  const half = Math.max(7, Math.round(Math.min(width, height) / 4));
  const out = new Uint8ClampedArray(luma.length);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - half);
    const y1 = Math.min(height, y + half + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - half);
      const x1 = Math.min(width, x + half + 1);
      const sum =
        sums[y1 * (width + 1) + x1]! -
        sums[y0 * (width + 1) + x1]! -
        sums[y1 * (width + 1) + x0]! +
        sums[y0 * (width + 1) + x0]!;
      out[y * width + x] = luma[y * width + x]! * (y1 - y0) * (x1 - x0) < sum * 0.72 ? 0 : 255;
    }
  }
  return out;
}

function qr(gray: Gray): string | null {
  try {
    // A tight luma plane is the Y plane of I420; the chroma it would carry is never read.
    return decodeQR({ data: gray.luma, width: gray.width, height: gray.height }, { format: 'I420' }) || null;
  } catch {
    // Like zxing, qr throws when there is no readable code.
    return null;
  }
}

function run(step: DecodeStep, gray: Gray): string | null {
  switch (step) {
    case 'zxing':
      return zxing(gray.luma, gray.width, gray.height);
    case 'zxing-global':
      return zxing(gray.luma, gray.width, gray.height, 'global');
    case 'zxing-adaptive':
      return zxing(adaptiveThreshold(gray), gray.width, gray.height, 'global');
    case 'qr':
      return qr(gray);
    case 'qr-adaptive':
      return qr({ ...gray, luma: adaptiveThreshold(gray) });
    case 'zxing-inverted':
      return zxing(
        gray.luma.map((v) => 255 - v),
        gray.width,
        gray.height
      );
    case 'jsqr':
      return jsqr(gray, 'attemptBoth');
    case 'jsqr-dark':
      return jsqr(gray, 'dontInvert');
  }
}

/** One way of reading a live frame: where to look (`reach`: a centred square's share of the frame's shorter side) and how. */
export interface CameraWay extends Omit<DecodeOptions, 'region'> {
  reach: number;
}

/**
 * Live frames, one way each, round and round: the first way is the one every frame had before
 * (the aim square, ≤ 640 px), so a clean code is read as fast as ever. The others are the photo
 * plan's best steps at the camera's own resolution (halving a 720p aim square loses small
 * modules), one of them on the whole height of the frame, since a code held at an angle tends to
 * poke out of the square; they read tilted, blurred, shaded and noisy codes (the bench's middle
 * bucket, tests/e2e/photo-camera.spec.ts) within one frame's budget. Each of them tries zxing
 * first: it reads a clean code in a few milliseconds and gives up on a hard one about as fast, so
 * a code that comes into view is read on the frame it arrives in, whichever way that frame has,
 * instead of after 20–40 ms of the slower steps or on the next frame.
 */
export const CAMERA_ROTATION: readonly CameraWay[] = [
  { reach: AIM_FRACTION, steps: PIPELINE },
  { reach: 1, maxSides: [1024], steps: ['zxing', 'qr-adaptive', 'zxing-global'] },
  { reach: AIM_FRACTION, maxSides: [1024], steps: ['zxing', 'zxing-adaptive', 'qr'] }
];

/** How the `attempt`-th frame of a scan is read. */
export function cameraWay(attempt: number): CameraWay {
  return CAMERA_ROTATION[attempt % CAMERA_ROTATION.length]!;
}

/** The part of `region` inside the frame, in whole pixels. */
function clip(region: Region, frame: Frame): Region {
  const x = Math.max(0, Math.floor(region.x));
  const y = Math.max(0, Math.floor(region.y));
  const width = Math.max(0, Math.min(frame.width, Math.floor(region.x + region.width)) - x);
  const height = Math.max(0, Math.min(frame.height, Math.floor(region.y + region.height)) - y);
  return { x, y, width, height };
}

/** The smallest QR code is 21 modules wide; fewer pixels cannot hold one. */
const MIN_SIDE = 21;

/** The text `step` reads in `gray`, or null. */
export function decodeGray(gray: Gray, step: DecodeStep): string | null {
  return gray.width < MIN_SIDE || gray.height < MIN_SIDE ? null : run(step, gray);
}

/** The text of the QR code in `frame`, or null when none can be read. */
export function decodeFrame(frame: Frame, options: DecodeOptions = {}): string | null {
  const region = clip(options.region ?? { x: 0, y: 0, width: frame.width, height: frame.height }, frame);
  return decodeSizes(Math.max(region.width, region.height), options, (factor) => grayOf(frame, region, factor));
}

/** The same for luma already read (a camera frame's Y plane), the whole of it. */
export function decodeLuma(gray: Gray, options: Omit<DecodeOptions, 'region'> = {}): string | null {
  return decodeSizes(Math.max(gray.width, gray.height), options, (factor) =>
    factor === 1 ? gray : shrink(gray, factor)
  );
}

function decodeSizes(
  side: number,
  options: Omit<DecodeOptions, 'region'>,
  grayAt: (factor: number) => Gray
): string | null {
  const factors = new Set((options.maxSides ?? [MAX_FRAME_SIDE]).map((max) => Math.max(1, Math.ceil(side / max))));
  for (const factor of factors) {
    const gray = grayAt(factor);
    if (gray.width < MIN_SIDE || gray.height < MIN_SIDE) continue;
    for (const step of options.steps ?? PIPELINE) {
      const text = run(step, gray);
      if (text !== null) return text;
    }
  }
  return null;
}

/** `gray` averaged over `factor`² pixels, as `grayOf` does for RGBA. */
function shrink(gray: Gray, factor: number): Gray {
  const width = Math.floor(gray.width / factor);
  const height = Math.floor(gray.height / factor);
  const luma = new Uint8ClampedArray(width * height);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0, row = y * factor * gray.width + x * factor; dy < factor; dy++, row += gray.width) {
        for (let i = row; i < row + factor; i++) sum += gray.luma[i]!;
      }
      luma[y * width + x] = Math.round(sum / area);
    }
  }
  return { luma, width, height };
}
