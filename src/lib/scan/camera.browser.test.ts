/**
 * The scan loop on a live video (a canvas stream stands in for the camera): one frame is decoded
 * at a time, and a scan that ends stops watching the video's frames, however often a screen scans
 * again on the same signal (the kiosk does after every read).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { scanVideo } from './camera';
import type { FrameDecoder } from './frame-decoder';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

async function liveVideo(): Promise<HTMLVideoElement> {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 240;
  const context = canvas.getContext('2d')!;
  let shade = 0;
  // A picture that keeps changing, so the stream keeps delivering frames.
  const timer = setInterval(() => {
    context.fillStyle = `rgb(${(shade = (shade + 7) % 256)}, 0, 0)`;
    context.fillRect(0, 0, canvas.width, canvas.height);
  }, 20);
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = canvas.captureStream(30);
  document.body.append(video);
  await video.play();
  cleanups.push(() => {
    clearInterval(timer);
    video.srcObject = null;
    video.remove();
  });
  return video;
}

/** Counts the frame callbacks requested on videos that have neither run nor been cancelled. */
function watchFrameCallbacks(): () => number {
  const proto = HTMLVideoElement.prototype;
  const { requestVideoFrameCallback: request, cancelVideoFrameCallback: cancel } = proto;
  const pending = new Set<number>();
  proto.requestVideoFrameCallback = function (this: HTMLVideoElement, callback) {
    const id: number = request.call(this, (...args) => {
      pending.delete(id);
      callback(...args);
    });
    pending.add(id);
    return id;
  };
  proto.cancelVideoFrameCallback = function (this: HTMLVideoElement, id) {
    pending.delete(id);
    cancel.call(this, id);
  };
  cleanups.push(() => Object.assign(proto, { requestVideoFrameCallback: request, cancelVideoFrameCallback: cancel }));
  return () => pending.size;
}

/** A decoder that answers `answers` in turn, each after a few milliseconds, and records overlaps. */
function fakeDecoder(answers: Array<string | null>): FrameDecoder & { decodes: number; overlapped: boolean } {
  let busy = false;
  const decoder = {
    decodes: 0,
    overlapped: false,
    async decode(image: ImageBitmap | VideoFrame) {
      if (busy) decoder.overlapped = true;
      busy = true;
      image.close();
      await new Promise((resolve) => setTimeout(resolve, 15));
      busy = false;
      return answers[decoder.decodes++ % answers.length] ?? null;
    },
    decodePhoto: async () => null,
    close() {}
  };
  return decoder;
}

describe('scanVideo', () => {
  it('decodes one frame at a time until one holds a code', async () => {
    const video = await liveVideo();
    const decoder = fakeDecoder([null, null, null, null, 'CODE']);
    expect(await scanVideo(video, decoder, new AbortController().signal)).toBe('CODE');
    expect(decoder.decodes).toBe(5);
    expect(decoder.overlapped).toBe(false);
  });

  it('stops watching the frames when a scan ends, however often it scans again on one signal', async () => {
    const video = await liveVideo();
    const pending = watchFrameCallbacks();
    const screen = new AbortController();
    for (let scan = 0; scan < 5; scan++) {
      expect(await scanVideo(video, fakeDecoder([null, 'CODE']), screen.signal)).toBe('CODE');
      expect(pending(), `frame callbacks left after scan ${scan + 1}`).toBe(0);
    }
  });

  it('returns null once its signal aborts', async () => {
    const video = await liveVideo();
    const pending = watchFrameCallbacks();
    const screen = new AbortController();
    const scanning = scanVideo(video, fakeDecoder([null]), screen.signal);
    setTimeout(() => screen.abort(), 100);
    expect(await scanning).toBeNull();
    expect(pending()).toBe(0);
  });
});
