/**
 * QR decoding of one frame, in plain JS (no WebAssembly, no DOM): the camera worker, photo scans,
 * the bench and the tests all run this same function. The pipeline was chosen by `npm run bench`
 * (tools/bench/decoders.ts): crop to the aim square, box-downscale only when the crop is larger
 * than `MAX_FRAME_SIDE`, then the `PIPELINE` steps in turn on the same pixels. zxing is several
 * times faster where it succeeds; jsQR succeeds more often on small modules, so it comes last and
 * the pipeline reads at least what jsQR alone reads.
 */
import jsQR from 'jsqr';
import { BinaryBitmap, DecodeHintType, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from './zxing';
import type { Region } from './aim';

/** RGBA pixels, row by row, as in `ImageData`. */
export interface Frame {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/**
 * One decoding attempt. `zxing-inverted` reads light-on-dark codes (zxing reads only dark-on-light);
 * `jsqr` tries both polarities, `jsqr-dark` only dark-on-light (half the cost when nothing is found).
 */
export type DecodeStep = 'zxing' | 'zxing-inverted' | 'jsqr' | 'jsqr-dark';

/** The steps every frame goes through until one reads a code; the bench compares alternatives. */
export const PIPELINE: readonly DecodeStep[] = ['zxing', 'zxing-inverted', 'jsqr'];

/** Live frames are decoded at most this many pixels on a side (the aim crop of 720p fits as is). */
export const MAX_FRAME_SIDE = 640;

export interface DecodeOptions {
  /** The part of the frame to look in; the whole frame by default. */
  region?: Region;
  /**
   * Sizes to try, each the longest side the region is box-downscaled to at most. Photos try
   * several: a small code needs every pixel, a large noisy one reads better averaged.
   */
  maxSides?: readonly number[];
  steps?: readonly DecodeStep[];
}

interface Gray {
  luma: Uint8ClampedArray;
  width: number;
  height: number;
}

/** zxing's own luma weights (HTMLCanvasElementLuminanceSource), averaged over `factor`² pixels. */
function grayOf(frame: Frame, region: Region, factor: number): Gray {
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

function zxing(luma: Uint8ClampedArray, width: number, height: number): string | null {
  try {
    const source = new RGBLuminanceSource(luma, width, height);
    return reader.decode(new BinaryBitmap(new HybridBinarizer(source)), HINTS).getText() || null;
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

function run(step: DecodeStep, gray: Gray): string | null {
  switch (step) {
    case 'zxing':
      return zxing(gray.luma, gray.width, gray.height);
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

/** The text of the QR code in `frame`, or null when none can be read. */
export function decodeFrame(frame: Frame, options: DecodeOptions = {}): string | null {
  const region = clip(options.region ?? { x: 0, y: 0, width: frame.width, height: frame.height }, frame);
  const side = Math.max(region.width, region.height);
  const factors = new Set((options.maxSides ?? [MAX_FRAME_SIDE]).map((max) => Math.max(1, Math.ceil(side / max))));
  for (const factor of factors) {
    const gray = grayOf(frame, region, factor);
    if (gray.width < MIN_SIDE || gray.height < MIN_SIDE) continue;
    for (const step of options.steps ?? PIPELINE) {
      const text = run(step, gray);
      if (text !== null) return text;
    }
  }
  return null;
}
