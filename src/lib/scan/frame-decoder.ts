/**
 * The page's handle on the decoder worker: pictures go over without a copy (transferred), texts
 * come back. Decoding never runs on the main thread, so the page stays responsive while scanning.
 */
import type { DecodeReply, DecodeRequest } from './decoder.worker';
import { PhotoError } from './image';

export interface DecodeImageOptions {
  /** Look only inside the aim square (a live frame); otherwise the whole picture. */
  aim?: boolean;
  /** The how-many-th frame of this scan, from 0: consecutive frames are read different ways. */
  attempt?: number;
}

export interface FrameDecoder {
  /**
   * The text of the QR code in `image`, or null. The image is transferred and closed: it is
   * unusable afterwards.
   */
  decode(image: ImageBitmap | VideoFrame, options?: DecodeImageOptions): Promise<string | null>;
  /** The text of the QR code in an image file, or null; rejects with PhotoError when it is no image. */
  decodePhoto(photo: Blob): Promise<string | null>;
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
    if (reply.error !== undefined)
      waiting?.reject(reply.notImage ? new PhotoError(reply.error) : new Error(reply.error));
    else waiting?.resolve(reply.text);
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    failAll(new Error(`The QR decoder stopped: ${event.message || 'it could not start'}.`));
  });

  const send = (request: DecodeRequest, transfer: Transferable[]) =>
    new Promise<string | null>((resolve, reject) => {
      pending.set(request.id, { resolve, reject });
      worker.postMessage(request, transfer);
    });

  return {
    decode(image, options = {}) {
      return send({ id: nextId++, image, aim: options.aim ?? false, attempt: options.attempt ?? 0 }, [image]);
    },
    decodePhoto(photo) {
      // A Blob is passed by reference: no bytes are copied on the main thread.
      return send({ id: nextId++, photo }, []);
    },
    close() {
      worker.terminate();
      failAll(new Error('The QR decoder was closed.'));
    }
  };
}
