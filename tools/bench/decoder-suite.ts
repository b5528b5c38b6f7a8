/**
 * The QR decoder measurement, run verbatim in Node and in the Chromium bench page (no `node:`
 * imports): every candidate decodes the same synthetic frames, interleaved frame by frame so load
 * on the machine hits them alike. Reported: median ms per frame at each size (all classes and
 * payloads), and the share of frames read correctly per class (both sizes and payloads).
 */
import jsQR from 'jsqr';
import { aimRegion, centredSquare } from '../../src/lib/scan/aim';
import {
  CAMERA_ROTATION,
  decodeFrame,
  decodeLuma,
  PIPELINE,
  type DecodeOptions,
  type DecodeStep,
  type Frame
} from '../../src/lib/scan/decoder';
import { frameLuma } from '../../src/lib/scan/luma';
import { FRAME_CLASSES, synthFrame, syntheticPayload, type FrameClass } from './qr-frames';

export const FRAME_SIZES = [
  { width: 640, height: 480 },
  { width: 1280, height: 720 }
] as const;

/** Payload lengths: a typical signed key (version 13 at level M) and a long license (version 24). */
export const PAYLOAD_LENGTHS = [300, 900] as const;

export const STEP_NAMES: Record<DecodeStep, string> = {
  zxing: 'zxing',
  'zxing-global': 'zxing global histogram',
  'zxing-adaptive': 'adaptive threshold + zxing',
  'zxing-inverted': 'zxing inverted',
  jsqr: 'jsQR',
  'jsqr-dark': 'jsQR dark-only',
  qr: 'qr',
  'qr-adaptive': 'adaptive threshold + qr'
};
const describe = (steps: readonly DecodeStep[]) => steps.map((step) => STEP_NAMES[step]).join(' → ');

export const CHOSEN = `chosen: aim crop ≤ 640 px, ${describe(PIPELINE)}`;
export const PLAIN_JSQR = 'jsQR, full frame';

type Candidate = (frame: Frame) => string | null;

/** Through the app's own decodeFrame, so every row differs from the chosen one only where it says. */
const viaPipeline =
  (steps: readonly DecodeStep[], options: { aim: boolean; maxSide?: number }): Candidate =>
  (frame) => {
    const decodeOptions: DecodeOptions = { steps, maxSides: [options.maxSide ?? Infinity] };
    if (options.aim) decodeOptions.region = aimRegion(frame.width, frame.height);
    return decodeFrame(frame, decodeOptions);
  };

export const CANDIDATES: Record<string, Candidate> = {
  // The library as documented, on the camera's RGBA: the baseline of the targets.
  [PLAIN_JSQR]: (frame) =>
    jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'attemptBoth' })?.data ?? null,
  'zxing, full frame': viaPipeline(['zxing'], { aim: false }),
  'jsQR, aim crop': viaPipeline(['jsqr'], { aim: true }),
  'zxing, aim crop': viaPipeline(['zxing'], { aim: true }),
  [`aim crop, ${describe(['zxing', 'jsqr'])}`]: viaPipeline(['zxing', 'jsqr'], { aim: true }),
  [`aim crop, ${describe(['zxing', 'zxing-inverted', 'jsqr-dark'])}`]: viaPipeline(
    ['zxing', 'zxing-inverted', 'jsqr-dark'],
    { aim: true }
  ),
  [`aim crop ≤ 320 px, ${describe(PIPELINE)}`]: viaPipeline(PIPELINE, { aim: true, maxSide: 320 }),
  // Exactly what the scanner runs on its first frame (and every third after it).
  [CHOSEN]: (frame) => decodeFrame(frame, { region: aimRegion(frame.width, frame.height) }),
  // The scanner's other ways, on the frames in between.
  ...Object.fromEntries(
    CAMERA_ROTATION.slice(1).map(({ reach, ...way }, n): [string, Candidate] => [
      `camera way ${n + 2}: centre ${Math.round(reach * 100)} % ≤ ${way.maxSides?.[0]} px, ${describe(way.steps ?? PIPELINE)}`,
      (frame) => decodeFrame(frame, { ...way, region: centredSquare(frame.width, frame.height, reach) })
    ])
  )
};

export interface SuiteOptions {
  /** Frames per class, payload and size. */
  framesPerClass: number;
  /** Timed decodes of each frame per candidate; the median over all of them is reported. */
  repetitions: number;
}

export const FULL_SUITE: SuiteOptions = { framesPerClass: 8, repetitions: 2 };
export const QUICK_SUITE: SuiteOptions = { framesPerClass: 1, repetitions: 1 };

export interface DecoderRow {
  decoder: string;
  /** Median ms per frame, keyed `640x480`, `1280x720`. */
  medianMs: Record<string, number>;
  /** Share of frames read exactly, per class. */
  success: Record<FrameClass, number>;
  overall: number;
}

export interface SuiteResult {
  frames: number;
  rows: DecoderRow[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export function runDecoderSuite(options: SuiteOptions, progress: (line: string) => void = () => {}): SuiteResult {
  const names = Object.keys(CANDIDATES);
  const times = new Map(names.map((name) => [name, new Map<string, number[]>()]));
  const hits = new Map(names.map((name) => [name, new Map<FrameClass, { ok: number; of: number }>()]));

  // Warm-up: the JIT, and zxing's and jsQR's lazily built tables.
  const warm = synthFrame({
    text: syntheticPayload(300, 999),
    width: 640,
    height: 480,
    frameClass: 'clean',
    seed: 999
  });
  for (const candidate of Object.values(CANDIDATES)) for (let i = 0; i < 3; i++) candidate(warm);

  let frames = 0;
  for (const size of FRAME_SIZES) {
    const sizeKey = `${size.width}x${size.height}`;
    for (const frameClass of FRAME_CLASSES) {
      for (const length of PAYLOAD_LENGTHS) {
        for (let n = 0; n < options.framesPerClass; n++) {
          const seed = 1 + n + 100 * length + size.width;
          const text = syntheticPayload(length, seed);
          const frame = synthFrame({ text, ...size, frameClass, seed });
          frames++;
          for (let rep = 0; rep < options.repetitions; rep++) {
            // A different order each time, so no candidate always runs right after the same one.
            const order = names.map((_, i) => names[(i + frames + rep) % names.length]!);
            for (const name of order) {
              const started = performance.now();
              const decoded = CANDIDATES[name]!(frame);
              const ms = performance.now() - started;
              const bySize = times.get(name)!;
              bySize.set(sizeKey, [...(bySize.get(sizeKey) ?? []), ms]);
              if (rep === 0) {
                const byClass = hits.get(name)!;
                const tally = byClass.get(frameClass) ?? { ok: 0, of: 0 };
                byClass.set(frameClass, { ok: tally.ok + (decoded === text ? 1 : 0), of: tally.of + 1 });
              }
            }
          }
        }
      }
      progress(`decoders: ${sizeKey} ${frameClass} done`);
    }
  }

  const rows = names.map((decoder): DecoderRow => {
    const byClass = hits.get(decoder)!;
    const success = Object.fromEntries(
      FRAME_CLASSES.map((c) => [c, (byClass.get(c)?.ok ?? 0) / (byClass.get(c)?.of ?? 1)])
    ) as Record<FrameClass, number>;
    const all = [...byClass.values()];
    return {
      decoder,
      medianMs: Object.fromEntries([...times.get(decoder)!].map(([key, ms]) => [key, median(ms)])),
      success,
      overall: all.reduce((sum, t) => sum + t.ok, 0) / all.reduce((sum, t) => sum + t.of, 0)
    };
  });
  return { frames, rows };
}

/** The RGBA frame as a camera delivers it: I420, limited-range BT.601 luma, neutral chroma. */
function i420Of(frame: { data: Uint8ClampedArray; width: number; height: number }): Uint8Array {
  const { data, width, height } = frame;
  const out = new Uint8Array(width * height * 1.5).fill(128);
  for (let i = 0, p = 0; i < width * height; i++, p += 4)
    out[i] = Math.round(16 + (65.481 * data[p]! + 128.553 * data[p + 1]! + 24.966 * data[p + 2]!) / 255);
  return out;
}

export interface FrameGrab {
  /** An RGBA frame drawn to an OffscreenCanvas, cropped to the aim square and read back: the fallback. */
  drawMs: number;
  /** An I420 frame (what cameras give): the aim square's luma plane copied out (`frameLuma`). */
  lumaMs: number;
  /** The luma read that way decodes to the frame's payload. */
  lumaDecodes: boolean;
}

/**
 * Chromium only: what the live path pays besides decoding for one 720p frame, in the two ways the
 * worker reads a frame. Median of 25 each.
 */
export async function measureFrameGrab(): Promise<FrameGrab | undefined> {
  if (typeof OffscreenCanvas === 'undefined' || typeof VideoFrame === 'undefined') return undefined;
  const text = syntheticPayload(300, 1);
  const frame = synthFrame({ text, width: 1280, height: 720, frameClass: 'clean', seed: 1 });
  const source = await createImageBitmap(new ImageData(new Uint8ClampedArray(frame.data), frame.width, frame.height));
  const aim = aimRegion(frame.width, frame.height);
  const context = new OffscreenCanvas(aim.width, aim.height).getContext('2d', { willReadFrequently: true });
  if (!context) return undefined;
  const draw: number[] = [];
  for (let i = 0; i < 25; i++) {
    const started = performance.now();
    const picture = new VideoFrame(source, { timestamp: i });
    context.drawImage(picture, aim.x, aim.y, aim.width, aim.height, 0, 0, aim.width, aim.height);
    context.getImageData(0, 0, aim.width, aim.height);
    picture.close();
    draw.push(performance.now() - started);
  }
  source.close();
  const i420 = i420Of(frame);
  const luma: number[] = [];
  let lumaDecodes = false;
  for (let i = 0; i < 25; i++) {
    const picture = new VideoFrame(i420, {
      format: 'I420',
      codedWidth: frame.width,
      codedHeight: frame.height,
      timestamp: i
    });
    const started = performance.now();
    const gray = await frameLuma(picture, aim);
    luma.push(performance.now() - started);
    picture.close();
    if (i === 0 && gray) lumaDecodes = decodeLuma(gray) === text;
  }
  return { drawMs: median(draw), lumaMs: median(luma), lumaDecodes };
}
