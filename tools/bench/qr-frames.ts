/**
 * Synthetic camera frames of a QR code, the same in Node and in the bench page (no `node:`
 * imports): the recipe of the spec's building-block-costs item 3, with the code held inside
 * the scanner's aim square as the scanner asks. Seeded, so every run and runtime sees the same
 * pixels.
 */
import QRCode from 'qrcode';
import { aimRegion } from '../../src/lib/scan/aim';
import type { Frame } from '../../src/lib/scan/decoder';

export const FRAME_CLASSES = ['clean', 'blurred', 'noisy', 'rotated', 'low-contrast', 'inverted'] as const;
export type FrameClass = (typeof FRAME_CLASSES)[number];

export interface FrameSpec {
  text: string;
  width: number;
  height: number;
  frameClass: FrameClass;
  seed: number;
}

/** mulberry32: small, fast and good enough for test pixels. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A license-key-like payload of exactly `length` characters (byte mode, like real keys). */
export function syntheticPayload(length: number, seed: number): string {
  const random = prng(seed);
  let text = 'LK1.';
  while (text.length < length) text += B64URL[Math.floor(random() * 64)];
  return text;
}

/** Separable [1,2,1]/4 blur, in place; each pass is a Gaussian of σ≈0.7 px. */
function blur(plane: Float32Array, width: number, height: number, passes: number): void {
  const tmp = new Float32Array(plane.length);
  for (let pass = 0; pass < passes; pass++) {
    for (let y = 0; y < height; y++) {
      const row = y * width;
      for (let x = 0; x < width; x++) {
        const left = plane[row + Math.max(0, x - 1)]!;
        const right = plane[row + Math.min(width - 1, x + 1)]!;
        tmp[row + x] = (left + 2 * plane[row + x]! + right) / 4;
      }
    }
    for (let y = 0; y < height; y++) {
      const up = Math.max(0, y - 1) * width;
      const down = Math.min(height - 1, y + 1) * width;
      for (let x = 0; x < width; x++)
        plane[y * width + x] = (tmp[up + x]! + 2 * tmp[y * width + x]! + tmp[down + x]!) / 4;
    }
  }
}

/** Textured grey 110±40: random values on a coarse grid, bilinearly interpolated. */
function background(width: number, height: number, random: () => number): Float32Array {
  const cell = 24;
  const gw = Math.ceil(width / cell) + 2;
  const gh = Math.ceil(height / cell) + 2;
  const grid = Float32Array.from({ length: gw * gh }, () => 70 + 80 * random());
  const plane = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const gy = y / cell;
    const y0 = Math.floor(gy);
    const fy = gy - y0;
    for (let x = 0; x < width; x++) {
      const gx = x / cell;
      const x0 = Math.floor(gx);
      const fx = gx - x0;
      const a = grid[y0 * gw + x0]! * (1 - fx) + grid[y0 * gw + x0 + 1]! * fx;
      const b = grid[(y0 + 1) * gw + x0]! * (1 - fx) + grid[(y0 + 1) * gw + x0 + 1]! * fx;
      plane[y * width + x] = a * (1 - fy) + b * fy;
    }
  }
  return plane;
}

interface Look {
  dark: number;
  light: number;
  /** Degrees, either way. */
  rotation: [number, number];
  blurPasses: number;
  /** σ of the noise added before the blur (sensor noise, correlated by demosaicing). */
  preNoise: number;
  /** σ of per-channel noise added last. */
  postNoise: number;
}

const LOOKS: Record<FrameClass, Look> = {
  clean: { dark: 40, light: 215, rotation: [0, 0], blurPasses: 0, preNoise: 0, postNoise: 0 },
  blurred: { dark: 40, light: 215, rotation: [0, 0], blurPasses: 3, preNoise: 0, postNoise: 2 },
  noisy: { dark: 40, light: 215, rotation: [0, 0], blurPasses: 2, preNoise: 16, postNoise: 3 },
  rotated: { dark: 40, light: 215, rotation: [4, 12], blurPasses: 1, preNoise: 0, postNoise: 2 },
  'low-contrast': { dark: 100, light: 160, rotation: [0, 0], blurPasses: 1, preNoise: 0, postNoise: 3 },
  inverted: { dark: 215, light: 40, rotation: [0, 0], blurPasses: 1, preNoise: 0, postNoise: 2 }
};

/**
 * One frame: the code (with its 4-module quiet zone) spans 65–95 % of the aim square, turned and
 * shifted at random but with every module inside the square, over a textured background, lit
 * unevenly, anti-aliased (2×2 samples per pixel), then blurred and noised as its class says.
 */
export function synthFrame(spec: FrameSpec): Frame {
  const { width, height } = spec;
  const look = LOOKS[spec.frameClass];
  const random = prng(spec.seed);
  const modules = QRCode.create(spec.text, { errorCorrectionLevel: 'M' }).modules;
  const size = modules.size;
  const total = size + 8;

  const aim = aimRegion(width, height);
  const degrees = look.rotation[0] + (look.rotation[1] - look.rotation[0]) * random();
  const angle = ((random() < 0.5 ? -1 : 1) * degrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // The turned symbol's bounding box must stay inside the aim square.
  const turn = Math.abs(cos) + Math.abs(sin);
  const side = (aim.width * (0.65 + 0.3 * random())) / turn;
  const modulePx = side / total;
  const slack = Math.max(0, (aim.width - size * modulePx * turn) / 2);
  const cx = aim.x + aim.width / 2 + (random() * 2 - 1) * slack * 0.9;
  const cy = aim.y + aim.height / 2 + (random() * 2 - 1) * slack * 0.9;

  const plane = background(width, height, random);
  const half = total / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let inside = 0;
      for (let s = 0; s < 4; s++) {
        const px = x + (s & 1 ? 0.75 : 0.25) - cx;
        const py = y + (s & 2 ? 0.75 : 0.25) - cy;
        const u = (px * cos + py * sin) / modulePx + half;
        const v = (-px * sin + py * cos) / modulePx + half;
        if (u < 0 || v < 0 || u >= total || v >= total) continue;
        inside++;
        const mu = Math.floor(u) - 4;
        const mv = Math.floor(v) - 4;
        const isDark = mu >= 0 && mv >= 0 && mu < size && mv < size && modules.data[mv * size + mu] === 1;
        sum += isDark ? look.dark : look.light;
      }
      if (inside) {
        const i = y * width + x;
        plane[i] = (sum + (4 - inside) * plane[i]!) / 4;
      }
    }
  }

  const noise = gaussian(random);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      plane[i] = plane[i]! * (0.8 + (0.3 * x) / width - (0.1 * y) / height) + look.preNoise * noise();
    }
  }
  blur(plane, width, height, look.blurPasses);

  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < plane.length; i++) {
    const g = plane[i]!;
    const n = look.postNoise;
    data[i * 4] = 1.03 * g + (n && n * noise());
    data[i * 4 + 1] = g + (n && n * noise());
    data[i * 4 + 2] = 0.92 * g + (n && n * noise());
    data[i * 4 + 3] = 255;
  }
  return { data, width, height };
}
