/**
 * The decoder worker: a camera frame or a photo file in, the QR code's text (or null) out. The
 * native `BarcodeDetector` reads it where the browser has one; everywhere else the pure-JS
 * pipelines of decoder.ts (frames) and image.ts (photos) do, with the same answer either way.
 */
import { centredSquare, type Region } from './aim';
import { cameraWay, decodeFrame, decodeLuma } from './decoder';
import { frameLuma } from './luma';
import { PhotoError } from './image';
import { openPhoto, readPhoto } from './photo';

export interface FrameRequest {
  id: number;
  /** Transferred; closed here once read. */
  image: ImageBitmap | VideoFrame;
  /** Decode only around the aim square of `image` (a live frame), else all of it. */
  aim: boolean;
  /** The how-many-th frame of this scan: consecutive frames try different sizes and binarizers. */
  attempt: number;
}

export interface PhotoRequest {
  id: number;
  /** The file as chosen: decoded here, off the main thread. */
  photo: Blob;
}

export type DecodeRequest = FrameRequest | PhotoRequest;

export type DecodeReply =
  { id: number; text: string | null; error?: undefined } | { id: number; error: string; notImage: boolean };

interface NativeDetector {
  detect(source: ImageBitmap | VideoFrame): Promise<Array<{ rawValue: string }>>;
}
interface NativeDetectorClass {
  new (options: { formats: string[] }): NativeDetector;
  getSupportedFormats(): Promise<string[]>;
}

async function nativeDetector(): Promise<NativeDetector | null> {
  const Detector = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (!Detector) return null;
  try {
    return (await Detector.getSupportedFormats()).includes('qr_code') ? new Detector({ formats: ['qr_code'] }) : null;
  } catch {
    return null;
  }
}

const native = nativeDetector();
let canvas: OffscreenCanvas | undefined;

/** The pixels of `region` of `image`, cropped by the canvas (a VideoFrame is never copied whole). */
function pixels(image: ImageBitmap | VideoFrame, region: Region): ImageData {
  if (canvas?.width !== region.width || canvas.height !== region.height)
    canvas = new OffscreenCanvas(region.width, region.height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('This browser cannot read image pixels in a worker.');
  context.drawImage(image, region.x, region.y, region.width, region.height, 0, 0, region.width, region.height);
  return context.getImageData(0, 0, region.width, region.height);
}

async function decodeImage({ image, aim, attempt }: FrameRequest): Promise<string | null> {
  const detector = await native;
  if (detector) return (await detector.detect(image))[0]?.rawValue ?? null;
  const width = 'displayWidth' in image ? image.displayWidth : image.width;
  const height = 'displayHeight' in image ? image.displayHeight : image.height;
  const { reach, ...way } = cameraWay(attempt);
  const region = aim ? centredSquare(width, height, reach) : { x: 0, y: 0, width, height };
  // A camera frame's own luma plane when it has one; drawn to RGBA only when it does not.
  const luma = 'format' in image ? await frameLuma(image, region) : undefined;
  return luma ? decodeLuma(luma, way) : decodeFrame(pixels(image, region), way);
}

async function decodePhoto(photo: Blob): Promise<string | null> {
  const detector = await native;
  if (!detector) return readPhoto(photo);
  const image = await openPhoto(photo);
  try {
    return (await detector.detect(image))[0]?.rawValue ?? null;
  } finally {
    image.close();
  }
}

self.addEventListener('message', async (event: MessageEvent<DecodeRequest>) => {
  const request = event.data;
  let reply: DecodeReply;
  try {
    reply = {
      id: request.id,
      text: 'photo' in request ? await decodePhoto(request.photo) : await decodeImage(request)
    };
  } catch (error) {
    reply = {
      id: request.id,
      error: error instanceof Error ? error.message : String(error),
      notImage: error instanceof PhotoError
    };
  } finally {
    if ('image' in request) request.image.close();
  }
  self.postMessage(reply);
});
