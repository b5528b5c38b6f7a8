/**
 * `cli qr show FILE`: the QR codes the app shows for a file, as PNG frames (one code when it fits,
 * else the animated UR sequence); `cli qr read IMAGE…`: the file back from pictures of its codes,
 * read with the app's own decoder and UR collector, in any order, with frames missing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { frameTexts } from '../../src/lib/core/ur/show';
import { decodeFrame, type Frame } from '../../src/lib/scan/decoder';
import { createCodeCollector } from '../../src/lib/scan/parts';
import { UsageError } from './usage';

export const QR_USAGE = `qr show [--out DIR] [--frames N] [--module-px N] FILE   PNG frames of the codes the app shows for FILE
       qr read IMAGE…                                       the file back from PNG/JPEG pictures of its codes (to stdout)`;

const QUIET_ZONE = 4;

/** A code as dark (1) / light (0) modules, with the quiet zone, at level L like the app's. */
export function codeModules(text: string): { size: number; dark: (x: number, y: number) => boolean } {
  const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'L' }).modules;
  const total = size + 2 * QUIET_ZONE;
  return {
    size: total,
    dark: (x, y) => {
      const mx = x - QUIET_ZONE;
      const my = y - QUIET_ZONE;
      return mx >= 0 && my >= 0 && mx < size && my < size && data[my * size + mx] === 1;
    }
  };
}

function png(text: string, modulePx: number): Buffer {
  const code = codeModules(text);
  const side = code.size * modulePx;
  const image = new PNG({ width: side, height: side, colorType: 0, inputColorType: 0, bitDepth: 8 });
  const pixels = Buffer.alloc(side * side, 255);
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++)
      if (code.dark(Math.floor(x / modulePx), Math.floor(y / modulePx))) pixels[y * side + x] = 0;
  image.data = pixels;
  return PNG.sync.write(image, { colorType: 0, inputColorType: 0 });
}

/** An image file's RGBA pixels: PNG or JPEG, told apart by their signatures. */
export function readImage(bytes: Buffer): Frame {
  if (bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) {
    const image = PNG.sync.read(bytes);
    return {
      data: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length),
      width: image.width,
      height: image.height
    };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    return { data: new Uint8ClampedArray(image.data.buffer), width: image.width, height: image.height };
  }
  throw new UsageError('only PNG and JPEG pictures can be read');
}

export async function qrCommand(
  args: string[],
  write: (line: string) => void,
  output: (bytes: Uint8Array) => void = (b) => process.stdout.write(b)
): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'show') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        out: { type: 'string', default: '.' },
        frames: { type: 'string' },
        'module-px': { type: 'string', default: '6' }
      }
    });
    if (positionals.length !== 1) throw new UsageError('qr show takes one FILE');
    const frames = values.frames === undefined ? undefined : Number(values.frames);
    const modulePx = Number(values['module-px']);
    if (frames !== undefined && !(Number.isInteger(frames) && frames > 0))
      throw new UsageError('--frames is a positive whole number');
    if (!(Number.isInteger(modulePx) && modulePx > 0 && modulePx <= 40))
      throw new UsageError('--module-px is a whole number from 1 to 40');
    const texts = await frameTexts(readFileSync(positionals[0]!), frames);
    mkdirSync(values.out, { recursive: true });
    for (const [i, text] of texts.entries()) {
      const file = path.join(values.out, `frame-${String(i + 1).padStart(4, '0')}.png`);
      writeFileSync(file, png(text, modulePx));
      write(file);
    }
    return 0;
  }
  if (action === 'read') {
    if (rest.length === 0) throw new UsageError('qr read takes one or more IMAGE files');
    const codes = createCodeCollector();
    // A plain code among the pictures is the answer only when no animated code completes.
    let plain: string | undefined;
    for (const file of rest) {
      const text = decodeFrame(readImage(readFileSync(file)), {
        maxSides: [640, 1024, 2048],
        steps: ['zxing', 'zxing-inverted', 'jsqr', 'qr']
      });
      if (text === null) {
        process.stderr.write(`${file}: no QR code read\n`);
        continue;
      }
      const outcome = await codes.accept(text);
      if (outcome.kind !== 'code') continue;
      if (outcome.transfer) {
        output(outcome.file);
        return 0;
      }
      plain ??= outcome.text;
    }
    if (plain !== undefined) {
      output(new TextEncoder().encode(plain));
      return 0;
    }
    process.stderr.write(
      codes.progress === null
        ? 'no file: no usable code in these pictures\n'
        : `incomplete: ${Math.floor(codes.progress * 100)} % of the file\n`
    );
    return 1;
  }
  throw new UsageError('qr show FILE, or qr read IMAGE…');
}
