/**
 * Scanning a photo or an image file, the page's side: the file goes to the decoder worker
 * untouched (no pixels on the main thread), which reads it with photo.ts. Kept apart from the
 * decoders so the page's bundle carries none of them.
 */
import type { FrameDecoder } from './frame-decoder';

export class PhotoError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'PhotoError';
  }
}

/** The text of the QR code in the image `file`, or null when none can be read; decoded in the worker. */
export function decodePhoto(file: Blob, decoder: FrameDecoder): Promise<string | null> {
  return decoder.decodePhoto(file);
}
