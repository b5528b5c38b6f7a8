/**
 * Fake-camera fixtures: Chromium plays a `.y4m` file as the camera (looping it), so a QR code of a
 * minted key becomes a live picture. The file is written straight from the code's modules (no
 * ffmpeg), crisp, centred in the scanner's aim square. The files must exist before the browser
 * launches, so camera-setup.ts (Playwright's globalSetup) writes them.
 */
import { writeFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import QRCode from 'qrcode';
import { aimRegion } from '../../../src/lib/scan/aim';
import { cameraFixture, type CameraScene } from './camera-fixtures';

/** One 4:2:0 frame of `text`'s QR code, black on white (video levels 16/235), at whole pixels per module. */
export function qrY4m(text: string, width = 1280, height = 720): Buffer {
  const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const aim = aimRegion(width, height);
  const modulePx = Math.floor((aim.width * 0.9) / (size + 8));
  if (modulePx < 3)
    throw new Error(`a ${size}-module code does not fit a ${width}×${height} aim square at 3 px per module`);
  const left = Math.round((width - size * modulePx) / 2);
  const top = Math.round((height - size * modulePx) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let y = 0; y < size * modulePx; y++) {
    for (let x = 0; x < size * modulePx; x++) {
      if (data[Math.floor(y / modulePx) * size + Math.floor(x / modulePx)] === 1)
        luma[(top + y) * width + left + x] = 16;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), luma, chroma]);
}

export function writeCameraScene(scene: CameraScene, text: string): void {
  writeFileSync(cameraFixture(scene), qrY4m(text));
  writeFileSync(cameraFixture(scene, 'txt'), text);
}

/**
 * One 720p 4:2:0 frame of a JPEG photo, cut around `center` (the code held in the middle, as the
 * scanner asks; rows or columns past the photo's edge repeat its edge): its luma at video levels
 * and neutral chroma (the corpus's labels are grey on grey paper; the decoders read luma only).
 */
export function photoY4m(photo: Buffer, center: { x: number; y: number }, width = 1280, height = 720): Buffer {
  const image = jpeg.decode(photo, { useTArray: true, formatAsRGBA: true });
  const left = Math.round(center.x - width / 2);
  const top = Math.round(center.y - height / 2);
  const luma = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.max(0, top + y));
    for (let x = 0; x < width; x++) {
      const i = (sy * image.width + Math.min(image.width - 1, Math.max(0, left + x))) * 4;
      luma[y * width + x] =
        16 +
        Math.round((219 * (0.299 * image.data[i]! + 0.587 * image.data[i + 1]! + 0.114 * image.data[i + 2]!)) / 255);
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), luma, chroma]);
}

/** A code as modules, quiet zone included: what a frame of an animated code shows. */
export interface ModuleGrid {
  size: number;
  dark: (x: number, y: number) => boolean;
}

/** The modules of the app's own QR SVG (QrCode.svelte): one `M x y h w v1 h -w z` run per dark stretch. */
export function gridFromSvg(path: string, size: number): ModuleGrid {
  const dark = new Uint8Array(size * size);
  for (const [, x, y, w] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let i = 0; i < Number(w); i++) dark[Number(y) * size + Number(x) + i] = 1;
  }
  return { size, dark: (x, y) => dark[y * size + x] === 1 };
}

/**
 * The frames of an animated code as a camera would see a screen held in the aim square: each
 * frame's code 90 % of the square at whole pixels per module, `fps` frames a second, 640×480
 * (Chromium loops the file, so it plays like the app's endless animation).
 */
export function sequenceY4m(frames: readonly ModuleGrid[], fps: number, width = 640, height = 480): Buffer {
  const aim = aimRegion(width, height);
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`)];
  for (const grid of frames) {
    const modulePx = Math.floor((aim.width * 0.9) / grid.size);
    if (modulePx < 3)
      throw new Error(`a ${grid.size}-module code does not fit a ${width}×${height} aim square at 3 px per module`);
    const left = Math.round((width - grid.size * modulePx) / 2);
    const top = Math.round((height - grid.size * modulePx) / 2);
    const luma = Buffer.alloc(width * height, 235);
    for (let y = 0; y < grid.size * modulePx; y++) {
      for (let x = 0; x < grid.size * modulePx; x++) {
        if (grid.dark(Math.floor(x / modulePx), Math.floor(y / modulePx))) luma[(top + y) * width + left + x] = 16;
      }
    }
    parts.push(Buffer.from('FRAME\n'), luma, chroma);
  }
  return Buffer.concat(parts);
}

/** The modules of a PNG of a code drawn at `modulePx` pixels per module (what `cli qr show` writes). */
export function gridFromPng(pixels: { data: Uint8Array; width: number }, modulePx: number): ModuleGrid {
  const size = pixels.width / modulePx;
  const at = (x: number, y: number) =>
    ((y * modulePx + (modulePx >> 1)) * pixels.width + x * modulePx + (modulePx >> 1)) * 4;
  return { size, dark: (x, y) => pixels.data[at(x, y)]! < 128 };
}
