/**
 * The page's handle on the decoder worker: pictures go over without a copy (transferred), texts
 * come back. Decoding never runs on the main thread, so the page stays responsive while scanning.
 */
import type { DecodeReply, DecodeRequest } from './decoder.worker';

export interface DecodeImageOptions {
  /** Look only inside the aim square (a live frame); otherwise the whole picture (a photo). */
  aim?: boolean;
  /** As in `decodeFrame`; live frames use its default. */
  maxSides?: readonly number[];
}

export interface FrameDecoder {
  /**
   * The text of the QR code in `image`, or null. The image is transferred and closed: it is
   * unusable afterwards.
   */
  decode(image: ImageBitmap | VideoFrame, options?: DecodeImageOptions): Promise<string | null>;
  /** Ends the worker; pending decodes reject. */
  close(): void;
}

export function startFrameDecoder(): FrameDecoder {
  const worker = new Worker(new URL('./decoder.worker.ts', import.meta.url), { type: 'module', name: 'qr-decoder' });
  const pending = new Map<number, { resolve: (text: string | null) => void; reject: (error: Error) => void }>();
  let nextId = 0;

  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.addEventListener('message', (event: MessageEvent<DecodeReply>) => {
    const reply = event.data;
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.error !== undefined) waiting?.reject(new Error(reply.error));
    else waiting?.resolve(reply.text);
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    failAll(new Error(`The QR decoder stopped: ${event.message || 'it could not start'}.`));
  });

  return {
    decode(image, options = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const request: DecodeRequest = { id, image, aim: options.aim ?? false, ...(options.maxSides ? { maxSides: [...options.maxSides] } : {}) };
        worker.postMessage(request, [image]);
      });
    },
    close() {
      worker.terminate();
      failAll(new Error('The QR decoder was closed.'));
    }
  };
}
