/**
 * The decoder worker: a picture in, the QR code's text (or null) out. The native `BarcodeDetector`
 * reads it where the browser has one; everywhere else the pure-JS pipeline of decoder.ts does,
 * with the same answer either way.
 */
import { aimRegion, type Region } from './aim';
import { decodeFrame } from './decoder';

export interface DecodeRequest {
  id: number;
  /** Transferred; closed here once read. */
  image: ImageBitmap | VideoFrame;
  /** Decode only the aim square of `image`, else all of it. */
  aim: boolean;
  maxSides?: number[];
}

export type DecodeReply = { id: number; text: string | null; error?: undefined } | { id: number; error: string };

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
  if (canvas?.width !== region.width || canvas.height !== region.height) canvas = new OffscreenCanvas(region.width, region.height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('This browser cannot read image pixels in a worker.');
  context.drawImage(image, region.x, region.y, region.width, region.height, 0, 0, region.width, region.height);
  return context.getImageData(0, 0, region.width, region.height);
}

async function decode({ image, aim, maxSides }: DecodeRequest): Promise<string | null> {
  const detector = await native;
  if (detector) return (await detector.detect(image))[0]?.rawValue ?? null;
  const width = 'displayWidth' in image ? image.displayWidth : image.width;
  const height = 'displayHeight' in image ? image.displayHeight : image.height;
  const region = aim ? aimRegion(width, height) : { x: 0, y: 0, width, height };
  return decodeFrame(pixels(image, region), maxSides ? { maxSides } : {});
}

self.addEventListener('message', async (event: MessageEvent<DecodeRequest>) => {
  const { id, image } = event.data;
  let reply: DecodeReply;
  try {
    reply = { id, text: await decode(event.data) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  } finally {
    image.close();
  }
  self.postMessage(reply);
});
