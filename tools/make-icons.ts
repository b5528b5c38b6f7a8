/**
 * Draws the app icons (a shield with a check mark) procedurally and writes them under static/icons/:
 * an SVG, 192 and 512 px PNGs, a 512 px maskable PNG whose glyph stays inside the safe zone (the
 * centred circle of radius 40 %), and a 180 px apple-touch-icon. No image library: the PNGs are
 * encoded here with node:zlib. Run once after changing the design: `npx tsx tools/make-icons.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const OUT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../static/icons');

type Rgb = readonly [number, number, number];
type Point = readonly [number, number];

const BRAND: Rgb = [0x0b, 0x5c, 0xad];
const WHITE: Rgb = [0xff, 0xff, 0xff];

/** The glyph in a unit square: a shield outline as cubic Béziers, and a check mark polyline. */
const SHIELD_START: Point = [0.5, 0.06];
const SHIELD_CURVES: ReadonlyArray<readonly [Point, Point, Point]> = [
  [
    [0.62, 0.14],
    [0.74, 0.17],
    [0.87, 0.18]
  ],
  [
    [0.87, 0.4],
    [0.87, 0.4],
    [0.87, 0.46]
  ],
  [
    [0.86, 0.7],
    [0.7, 0.86],
    [0.5, 0.95]
  ],
  [
    [0.3, 0.86],
    [0.14, 0.7],
    [0.13, 0.46]
  ],
  [
    [0.13, 0.4],
    [0.13, 0.4],
    [0.13, 0.18]
  ],
  [
    [0.26, 0.17],
    [0.38, 0.14],
    [0.5, 0.06]
  ]
];
const CHECK: readonly Point[] = [
  [0.31, 0.5],
  [0.44, 0.63],
  [0.7, 0.36]
];
const CHECK_WIDTH = 0.085;

interface Design {
  /** Fills the whole square (maskable, apple-touch) or leaves it transparent. */
  background: Rgb | null;
  shield: Rgb;
  check: Rgb;
  /** Glyph transform: unit coordinates → fraction of the icon. */
  scale: number;
  offset: Point;
}

function cubic(p0: Point, p1: Point, p2: Point, p3: Point, t: number): Point {
  const u = 1 - t;
  const a = u * u * u,
    b = 3 * u * u * t,
    c = 3 * u * t * t,
    d = t * t * t;
  return [a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]];
}

function shieldPolygon(): Point[] {
  const points: Point[] = [];
  let from = SHIELD_START;
  for (const [c1, c2, to] of SHIELD_CURVES) {
    for (let i = 1; i <= 32; i++) points.push(cubic(from, c1, c2, to, i / 32));
    from = to;
  }
  return points;
}

const SHIELD = shieldPolygon();

function insidePolygon(polygon: readonly Point[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function distanceToSegment(x: number, y: number, [ax, ay]: Point, [bx, by]: Point): number {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}

function onCheck(x: number, y: number): boolean {
  for (let i = 1; i < CHECK.length; i++) {
    if (distanceToSegment(x, y, CHECK[i - 1]!, CHECK[i]!) <= CHECK_WIDTH / 2) return true;
  }
  return false;
}

/** RGBA pixels, 4×4 supersampled so edges are smooth. */
function render(size: number, design: Design): Uint8Array {
  const SAMPLES = 4;
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = ((px + (sx + 0.5) / SAMPLES) / size - design.offset[0]) / design.scale;
          const y = ((py + (sy + 0.5) / SAMPLES) / size - design.offset[1]) / design.scale;
          const colour = insidePolygon(SHIELD, x, y)
            ? onCheck(x, y)
              ? design.check
              : design.shield
            : design.background;
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 255;
        }
      }
      const n = SAMPLES * SAMPLES;
      const i = (py * size + px) * 4;
      // Colour is averaged over covered samples only (straight alpha), coverage goes to alpha.
      const covered = a / 255;
      pixels[i] = covered ? Math.round(r / covered) : 0;
      pixels[i + 1] = covered ? Math.round(g / covered) : 0;
      pixels[i + 2] = covered ? Math.round(b / covered) : 0;
      pixels[i + 3] = Math.round(a / n);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** PNG: 8-bit RGBA, no interlace, filter type 0 on every row. */
function encodePng(size: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) raw.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0))
  ]);
}

/** Scale and centre the glyph so every point lies within `radius` of the icon's centre. */
function fitInCircle(radius: number): Pick<Design, 'scale' | 'offset'> {
  const [cx, cy] = [0.5, (Math.min(...SHIELD.map((p) => p[1])) + Math.max(...SHIELD.map((p) => p[1]))) / 2];
  const reach = Math.max(...SHIELD.map(([x, y]) => Math.hypot(x - cx, y - cy)));
  const scale = radius / reach;
  return { scale, offset: [0.5 - cx * scale, 0.5 - cy * scale] };
}

const hex = (c: Rgb) => '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');
const n = (v: number) => Number(v.toFixed(4));

function svg(): string {
  const d =
    `M${SHIELD_START.map(n).join(' ')}` +
    SHIELD_CURVES.map((curve) => 'C' + curve.map((p) => p.map(n).join(' ')).join(' ')).join('') +
    'Z';
  const check = 'M' + CHECK.map((p) => p.map(n).join(' ')).join('L');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" width="512" height="512">` +
    `<path d="${d}" fill="${hex(BRAND)}"/>` +
    `<path d="${check}" fill="none" stroke="${hex(WHITE)}" stroke-width="${CHECK_WIDTH}" stroke-linecap="round" stroke-linejoin="round"/>` +
    `</svg>\n`
  );
}

const ANY: Design = { background: null, shield: BRAND, check: WHITE, scale: 1, offset: [0, 0] };
// Maskable: the platform may crop to any shape that contains the centred circle of radius 0.4.
const MASKABLE: Design = { background: BRAND, shield: WHITE, check: BRAND, ...fitInCircle(0.36) };
// iOS fills transparency with black and rounds the corners itself: opaque, with some margin.
const APPLE: Design = { background: BRAND, shield: WHITE, check: BRAND, ...fitInCircle(0.4) };

mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(path.join(OUT_DIR, 'icon.svg'), svg());
for (const [name, size, design] of [
  ['icon-192.png', 192, ANY],
  ['icon-512.png', 512, ANY],
  ['icon-maskable-512.png', 512, MASKABLE],
  ['apple-touch-icon.png', 180, APPLE]
] as const) {
  writeFileSync(path.join(OUT_DIR, name), encodePng(size, render(size, design)));
  console.log(`static/icons/${name}`);
}
