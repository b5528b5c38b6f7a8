import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { aimRegion, AIM_FRACTION, centredSquare } from './aim';
import {
  adaptiveThreshold,
  cameraWay,
  CAMERA_ROTATION,
  decodeFrame,
  decodeGray,
  grayOf,
  PIPELINE,
  type DecodeStep,
  type Frame
} from './decoder';
import { synthFrame, syntheticPayload } from '../../../tools/bench/qr-frames';
import { demoLicenseFacts, keyDataset } from '../../../tools/issuer/datasets';
import { mintSignedKey } from '../../../tools/issuer/signed-key';

/** A white frame with `text`'s code drawn crisp, its top-left module at (x, y). */
function paint(
  text: string,
  frame: { width: number; height: number },
  at: { x: number; y: number; modulePx: number }
): Frame {
  const { size, data: modules } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const data = new Uint8ClampedArray(frame.width * frame.height * 4).fill(255);
  for (let y = 0; y < frame.height; y++) {
    for (let x = 0; x < frame.width; x++) {
      const mu = Math.floor((x - at.x) / at.modulePx);
      const mv = Math.floor((y - at.y) / at.modulePx);
      if (mu >= 0 && mv >= 0 && mu < size && mv < size && modules[mv * size + mu] === 1)
        data.fill(0, (y * frame.width + x) * 4, (y * frame.width + x) * 4 + 3);
    }
  }
  return { data, width: frame.width, height: frame.height };
}

// A fixed license id: the demo default is random, and each id draws another code, so a step that
// misses one picture in a few made this test fail at random.
const KEY = mintSignedKey({
  algorithm: 'ed25519',
  dataset: keyDataset(demoLicenseFacts({ licenseId: '0b7e51c2-93d4-4f6a-8e21-5c9a7d3f1b60' }))
});

describe('decodeFrame', () => {
  it('reads a signed key held in the aim square of a 720p camera frame, byte for byte', () => {
    const frame = synthFrame({ text: KEY, width: 1280, height: 720, frameClass: 'clean', seed: 7 });
    expect(decodeFrame(frame, { region: aimRegion(1280, 720) })).toBe(KEY);
  });

  it('reads light-on-dark and turned codes', () => {
    const text = syntheticPayload(300, 3);
    for (const frameClass of ['inverted', 'rotated'] as const) {
      const frame = synthFrame({ text, width: 1280, height: 720, frameClass, seed: 11 });
      expect(decodeFrame(frame, { region: aimRegion(1280, 720) }), frameClass).toBe(text);
    }
    // zxing alone reads only dark-on-light: the inverted step is what reads this one.
    const inverted = synthFrame({ text, width: 1280, height: 720, frameClass: 'inverted', seed: 11 });
    expect(decodeFrame(inverted, { region: aimRegion(1280, 720), steps: ['zxing'] })).toBeNull();
    expect(decodeFrame(inverted, { region: aimRegion(1280, 720), steps: ['zxing-inverted'] })).toBe(text);
  });

  it('keeps non-ASCII text intact (UTF-8 byte mode)', () => {
    const text = 'Licensee: Zoë Müller — ✓ 東京';
    expect(decodeFrame(paint(text, { width: 400, height: 400 }, { x: 60, y: 60, modulePx: 6 }))).toBe(text);
  });

  it('looks only inside the region it is given', () => {
    const frame = paint('key/outside-the-aim-square', { width: 1280, height: 720 }, { x: 20, y: 20, modulePx: 6 });
    expect(decodeFrame(frame)).toBe('key/outside-the-aim-square');
    expect(decodeFrame(frame, { region: aimRegion(1280, 720) })).toBeNull();
  });

  it('tries the next size when a small code in a big picture is lost by downscaling', () => {
    // About 1 px per module at 640 px: unreadable; at full size 3.2 px per module.
    const text = syntheticPayload(300, 5);
    const photo = paint(text, { width: 1920, height: 1440 }, { x: 800, y: 600, modulePx: 3.2 });
    expect(decodeFrame(photo, { maxSides: [640] })).toBeNull();
    expect(decodeFrame(photo, { maxSides: [640, 1920] })).toBe(text);
  });

  it('returns null, without throwing, for frames with no code and for tiny frames', () => {
    const noise = new Uint8ClampedArray(320 * 240 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 2654435761) >>> 24));
    expect(decodeFrame({ data: noise, width: 320, height: 240 })).toBeNull();
    expect(decodeFrame({ data: new Uint8ClampedArray(640 * 480 * 4), width: 640, height: 480 })).toBeNull();
    expect(decodeFrame({ data: new Uint8ClampedArray(4 * 4 * 4), width: 4, height: 4 })).toBeNull();
  });

  it('clips a region to the frame', () => {
    const frame = paint('key/near-the-edge', { width: 400, height: 300 }, { x: 250, y: 150, modulePx: 5 });
    expect(decodeFrame(frame, { region: { x: 200, y: 100, width: 400, height: 400 } })).toBe('key/near-the-edge');
    expect(decodeFrame(frame, { region: { x: 500, y: 0, width: 100, height: 100 } })).toBeNull();
  });

  it('reads a clean code with every step, byte for byte', () => {
    const frame = synthFrame({ text: KEY, width: 640, height: 480, frameClass: 'clean', seed: 7 });
    const gray = grayOf(frame, { x: 0, y: 0, width: 640, height: 480 }, 1);
    const steps: DecodeStep[] = ['zxing', 'zxing-global', 'zxing-adaptive', 'jsqr', 'jsqr-dark', 'qr', 'qr-adaptive'];
    for (const step of steps) expect(decodeGray(gray, step), step).toBe(KEY);
    expect(decodeGray(gray, 'zxing-inverted')).toBeNull();
  });
});

describe('adaptiveThreshold', () => {
  it('keeps a code black on white under light that falls off across the picture', () => {
    // Dark modules on the bright side are lighter than light modules on the dark side: no single
    // threshold separates them, a local one does.
    const text = syntheticPayload(300, 9);
    const frame = paint(text, { width: 480, height: 480 }, { x: 60, y: 60, modulePx: 5 });
    for (let i = 0; i < frame.data.length; i += 4) {
      const light = 1 - (0.75 * ((i / 4) % 480)) / 480;
      for (let c = 0; c < 3; c++) frame.data[i + c] = 60 + frame.data[i + c]! * 0.75 * light;
    }
    const gray = grayOf(frame, { x: 0, y: 0, width: 480, height: 480 }, 1);
    expect(decodeGray(gray, 'zxing-global')).toBeNull();
    const binary = adaptiveThreshold(gray);
    expect(new Set(binary)).toEqual(new Set([0, 255]));
    expect(decodeGray({ ...gray, luma: binary }, 'zxing-global')).toBe(text);
  });
});

describe('the camera rotation', () => {
  it('reads the first frame as before, then goes round the other ways', () => {
    expect(cameraWay(0)).toEqual({ reach: AIM_FRACTION, steps: PIPELINE });
    expect(CAMERA_ROTATION.length).toBeGreaterThan(1);
    for (let n = 0; n < CAMERA_ROTATION.length; n++)
      expect(cameraWay(n + CAMERA_ROTATION.length)).toBe(CAMERA_ROTATION[n]);
  });

  it('reads a clean code in the aim square whichever way the frame comes', () => {
    const frame = synthFrame({ text: KEY, width: 1280, height: 720, frameClass: 'clean', seed: 7 });
    for (const [n, { reach, ...way }] of CAMERA_ROTATION.entries()) {
      expect(decodeFrame(frame, { ...way, region: centredSquare(1280, 720, reach) }), `way ${n}`).toBe(KEY);
    }
  });
});
