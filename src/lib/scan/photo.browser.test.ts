import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { PhotoError } from './image';
import { readPhoto } from './photo';

/** A JPEG of `text`'s code, turned by `degrees`, on a grey `width`×`height` picture. */
async function photoOf(text: string, width: number, height: number, degrees = 0): Promise<Blob> {
  const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#b4b0a8';
  context.fillRect(0, 0, width, height);
  const modulePx = Math.floor((Math.min(width, height) * 0.45) / (size + 8));
  context.translate(width / 2, height / 2);
  context.rotate((degrees * Math.PI) / 180);
  context.fillStyle = '#fff';
  context.fillRect(
    (-(size + 8) * modulePx) / 2,
    (-(size + 8) * modulePx) / 2,
    (size + 8) * modulePx,
    (size + 8) * modulePx
  );
  context.fillStyle = '#111';
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      if (data[y * size + x])
        context.fillRect((x - size / 2) * modulePx, (y - size / 2) * modulePx, modulePx, modulePx);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
}

const KEY = 'key/' + 'A1b2C3d4'.repeat(40);

describe('readPhoto', () => {
  it("reads a phone-sized photo's code byte for byte", async () => {
    expect(await readPhoto(await photoOf(KEY, 4032, 3024, 12))).toBe(KEY);
  });

  it('returns null for a picture without a code', async () => {
    const canvas = new OffscreenCanvas(1280, 960);
    canvas.getContext('2d')!.fillRect(100, 100, 300, 300);
    expect(await readPhoto(await canvas.convertToBlob({ type: 'image/png' }))).toBeNull();
  });

  it('starts no step once the budget is spent', async () => {
    const photo = await photoOf(KEY, 1280, 960);
    expect(await readPhoto(photo, [{ side: 1024, step: 'zxing' }])).toBe(KEY);
    expect(await readPhoto(photo, [{ side: 1024, step: 'zxing' }], -1)).toBeNull();
  });

  it('says plainly when the file is no image', async () => {
    const error = await readPhoto(new Blob(['not an image'], { type: 'image/png' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PhotoError);
    expect((error as Error).message).toMatch(/^This file is not an image this browser can open/);
  });
});
