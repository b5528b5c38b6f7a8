/**
 * Scanning a photo or an image file: the browser decodes the image (off the main thread), it is
 * capped at `PHOTO_MAX_SIDE`, and the worker tries it at several sizes, since a photo's code may
 * be small in a large picture or large and noisy.
 */
import type { FrameDecoder } from './frame-decoder';

/** Bigger photos are scaled down first: a code that needs more pixels than this is unreadable anyway. */
export const PHOTO_MAX_SIDE = 2048;

/** Sizes tried in order, smallest (fastest, noise averaged away) first. */
export const PHOTO_SIDES = [640, 1280, PHOTO_MAX_SIDE] as const;

export class PhotoError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'PhotoError';
  }
}

/** The text of the QR code in the image `file`, or null when none can be read. */
export async function decodePhoto(file: Blob, decoder: FrameDecoder): Promise<string | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch (error) {
    throw new PhotoError('This file is not an image this browser can open. Choose a photo (JPEG, PNG, WebP) of the QR code.', error);
  }
  const scale = PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height);
  if (scale < 1) {
    const full = bitmap;
    bitmap = await createImageBitmap(full, {
      resizeWidth: Math.round(full.width * scale),
      resizeHeight: Math.round(full.height * scale),
      resizeQuality: 'high'
    });
    full.close();
  }
  return decoder.decode(bitmap, { maxSides: PHOTO_SIDES });
}
