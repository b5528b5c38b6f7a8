/**
 * The camera side of scanning: open the rear camera, switch cameras, the torch, stopping, handing
 * frames to the decoder worker, and what went wrong in words a technician can act on.
 */
import { aimRegion } from './aim';
import type { FrameDecoder } from './frame-decoder';

/** Why there is no picture: each has its own guidance, and every one offers paste and photo. */
export type CameraProblem = 'denied' | 'absent' | 'in-use' | 'unavailable';

/** getUserMedia's errors, by name, as the problem the user has. */
export function cameraProblem(error: unknown): CameraProblem {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError':
      return 'absent';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'in-use';
    default:
      return 'unavailable';
  }
}

export class CameraError extends Error {
  readonly problem: CameraProblem;
  constructor(problem: CameraProblem, cause?: unknown) {
    super(`camera ${problem}`, { cause });
    this.name = 'CameraError';
    this.problem = problem;
  }
}

/**
 * The rear camera (or `deviceId`), 720p if it has it: the aim square of a 720p frame is decoded
 * without downscaling. "Rear" is a preference, so a laptop's only camera still opens.
 */
export async function openCamera(deviceId?: string): Promise<MediaStream> {
  // Missing on insecure origins and in some embedded browsers.
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraError('unavailable');
  const video: MediaTrackConstraints = {
    ...(deviceId ? { deviceId: { exact: deviceId } } : { facingMode: { ideal: 'environment' } }),
    width: { ideal: 1280 },
    height: { ideal: 720 }
  };
  try {
    return await navigator.mediaDevices.getUserMedia({ video, audio: false });
  } catch (error) {
    throw new CameraError(cameraProblem(error), error);
  }
}

export function stopCamera(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** Video inputs; their ids are usable once the user has allowed one camera. */
export async function listCameras(): Promise<MediaDeviceInfo[]> {
  const devices = (await navigator.mediaDevices?.enumerateDevices()) ?? [];
  return devices.filter((device) => device.kind === 'videoinput' && device.deviceId !== '');
}

/** The camera after `current` in the list, round and round. */
export function nextCamera(cameras: readonly MediaDeviceInfo[], current: string | undefined): string | undefined {
  const at = cameras.findIndex((camera) => camera.deviceId === current);
  return cameras[(at + 1) % cameras.length]?.deviceId;
}

// The torch is in browsers' image-capture constraints, not yet in TypeScript's DOM types.
type TorchCapabilities = MediaTrackCapabilities & { torch?: boolean };

export function hasTorch(track: MediaStreamTrack | undefined): boolean {
  return (track?.getCapabilities?.() as TorchCapabilities | undefined)?.torch === true;
}

export async function setTorch(track: MediaStreamTrack, on: boolean): Promise<void> {
  await track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
}

/** Waits for a picture the decoder has not had yet. */
interface FrameClock {
  /**
   * Resolves at once when `video` has shown a frame since the last call (it came while the last
   * one was being decoded), else on the next frame, or when the signal aborts.
   */
  fresh(): Promise<void>;
}

/**
 * Watches every frame `video` presents until `signal` aborts. Without it a scan that finished
 * decoding waited for the frame after the one already on screen: up to a frame's time (33 ms at
 * 30 fps) lost before a code that had just come into view was even looked at.
 */
function frameClock(video: HTMLVideoElement, signal: AbortSignal): FrameClock {
  if (!('requestVideoFrameCallback' in video)) {
    // No way to tell a new frame from the one decoded: take one per animation frame.
    return { fresh: () => new Promise((resolve) => untilAborted(signal, resolve, requestAnimationFrame)) };
  }
  let shown = 0;
  let taken = 0;
  let waiting: (() => void) | undefined;
  let callback = 0;
  const onFrame = () => {
    shown++;
    waiting?.();
    waiting = undefined;
    if (!signal.aborted) callback = video.requestVideoFrameCallback(onFrame);
  };
  callback = video.requestVideoFrameCallback(onFrame);
  signal.addEventListener('abort', () => video.cancelVideoFrameCallback(callback), { once: true });
  return {
    fresh() {
      if (shown > taken || signal.aborted) {
        taken = shown;
        return Promise.resolve();
      }
      return new Promise((resolve) =>
        untilAborted(
          signal,
          () => {
            taken = shown;
            resolve();
          },
          (done) => (waiting = done)
        )
      );
    }
  };
}

/** Calls `done` once: when `wait` calls it back, or when `signal` aborts. */
function untilAborted(signal: AbortSignal, done: () => void, wait: (callback: () => void) => void): void {
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    signal.removeEventListener('abort', once);
    done();
  };
  signal.addEventListener('abort', once);
  wait(once);
}

/**
 * The current picture, for the worker. A `VideoFrame` wraps it without a copy, so the main thread
 * does next to nothing and the worker crops it; `createImageBitmap` of a video copies the pixels
 * on the main thread (10–140 ms per frame in headless Chromium), so it is only the fallback for
 * browsers without WebCodecs, and crops to the aim square right away.
 */
async function grab(video: HTMLVideoElement): Promise<{ image: VideoFrame | ImageBitmap; aim: boolean }> {
  if (typeof VideoFrame !== 'undefined') return { image: new VideoFrame(video), aim: true };
  const aim = aimRegion(video.videoWidth, video.videoHeight);
  return { image: await createImageBitmap(video, aim.x, aim.y, aim.width, aim.height), aim: false };
}

/**
 * Decodes `video`'s frames until one holds a code, and returns its text; null once `signal`
 * aborts. One frame at a time: a slow device decodes fewer frames instead of queueing them, and
 * the newest frame is taken as soon as the last decode is done; each frame is read one of
 * `CAMERA_ROTATION`'s ways in turn (decoder.ts).
 */
export async function scanVideo(
  video: HTMLVideoElement,
  decoder: FrameDecoder,
  signal: AbortSignal
): Promise<string | null> {
  // The frames are watched until this scan ends (a code read, the caller's abort, a failed
  // decode), not until the caller's signal aborts: the kiosk scans again and again on one signal.
  const scan = new AbortController();
  const end = () => scan.abort();
  signal.addEventListener('abort', end, { once: true });
  const frames = frameClock(video, scan.signal);
  try {
    for (let attempt = 0; !signal.aborted;) {
      await frames.fresh();
      if (signal.aborted || video.videoWidth === 0 || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) continue;
      const { image, aim } = await grab(video);
      const text = await decoder.decode(image, { aim, attempt: attempt++ });
      if (text !== null && !signal.aborted) return text;
    }
    return null;
  } finally {
    signal.removeEventListener('abort', end);
    end();
  }
}

/**
 * Calls `hide` when the page is hidden or left (another app, a locked screen, bfcache) and `show`
 * when it is back. Returns the function that stops watching.
 */
export function watchVisibility(hide: () => void, show: () => void): () => void {
  const onVisibility = () => (document.visibilityState === 'hidden' ? hide() : show());
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) show();
  };
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', hide);
  window.addEventListener('pageshow', onPageShow);
  return () => {
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('pagehide', hide);
    window.removeEventListener('pageshow', onPageShow);
  };
}
