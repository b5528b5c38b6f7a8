/**
 * The photo corpus of `npm run bench`: phone-like photos of QR codes, made from a seed by tools
 * independent of the app (Debian's `qrencode` draws the code, ImageMagick puts it on a label at an
 * angle, in perspective, blurred, unevenly lit, noisy and JPEG-compressed), at a camera's 1280×960
 * and a phone's 4032×3024, in four difficulty buckets. ZBar (`zbarimg`) reads each photo at full
 * size and from a ≤ 2048 px copy: the reference column. Photos are written to .bench/photos/ once
 * per recipe (the file name holds the recipe's hash) and reused.
 *
 * Debian packages: qrencode, imagemagick, zbar-tools (`apt-get install qrencode imagemagick zbar-tools`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from './qr-frames';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
export const PHOTO_DIR = path.join(ROOT, '.bench/photos');

/** The Debian tools the corpus needs: the program, its package, and what it does here. */
export const PHOTO_TOOLS = [
  { program: 'qrencode', pkg: 'qrencode', role: 'draws the QR codes' },
  { program: 'convert', pkg: 'imagemagick', role: 'turns them into photos' },
  { program: 'zbarimg', pkg: 'zbar-tools', role: 'the ZBar reference column' }
] as const;

/** Debian's binaries by absolute path, so nothing else on PATH stands in for them. */
const BIN: Record<(typeof PHOTO_TOOLS)[number]['program'], string> = {
  qrencode: '/usr/bin/qrencode',
  convert: '/usr/bin/convert',
  zbarimg: '/usr/bin/zbarimg'
};

/** The tools that are not installed, as one plain sentence, or null when all are. */
export function missingPhotoTools(): string | null {
  const missing = PHOTO_TOOLS.filter((tool) => !existsSync(BIN[tool.program]));
  if (missing.length === 0) return null;
  return (
    `The photo bench needs ${missing.map((t) => `${t.program} (${t.role})`).join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} not installed. ` +
    `Install ${missing.length > 1 ? 'them' : 'it'} with: apt-get install ${missing.map((t) => t.pkg).join(' ')}`
  );
}

export const BUCKETS = ['easy', 'mild', 'medium', 'hard'] as const;
export type Bucket = (typeof BUCKETS)[number];

export const PHOTO_SIZES = [
  { width: 1280, height: 960 },
  { width: 4032, height: 3024 }
] as const;

/** Photos per bucket and size. */
export const PHOTOS_PER_CELL = 5;

/**
 * How hard each bucket is. `codeShare`: the code's side over the picture's shorter side; `tilt`:
 * degrees of rotation; `skew`: perspective, each corner moved by up to this share of the code's
 * side; `blur`: Gaussian σ in modules; `light`: the darkest corner's brightness; `noise`:
 * ImageMagick's Gaussian noise attenuation; `quality`: JPEG quality.
 */
interface Look {
  codeShare: [number, number];
  tilt: [number, number];
  skew: number;
  blur: number;
  light: number;
  noise: number;
  quality: number;
}

const LOOKS: Record<Bucket, Look> = {
  easy: { codeShare: [0.45, 0.55], tilt: [0, 5], skew: 0.02, blur: 0.1, light: 0.9, noise: 0.2, quality: 90 },
  mild: { codeShare: [0.4, 0.5], tilt: [5, 12], skew: 0.04, blur: 0.2, light: 0.75, noise: 0.4, quality: 80 },
  medium: { codeShare: [0.36, 0.46], tilt: [10, 18], skew: 0.05, blur: 0.25, light: 0.6, noise: 0.55, quality: 72 },
  hard: { codeShare: [0.3, 0.4], tilt: [15, 25], skew: 0.08, blur: 0.35, light: 0.45, noise: 0.85, quality: 60 }
};

export interface Photo {
  /** The file name in PHOTO_DIR, e.g. `medium-1280x960-2-1a2b3c4d.jpg`. */
  name: string;
  bucket: Bucket;
  width: number;
  height: number;
  /** The payload's name in photo-payloads.json, and its text: what a correct decode returns. */
  payload: string;
  text: string;
  /** Where the code's centre is in the photo, in its pixels. */
  center: { x: number; y: number };
}

/** Realistic payloads, minted once by the demo issuer (tools/issuer) and kept, so the corpus is stable. */
function payloads(): Array<{ name: string; text: string }> {
  return JSON.parse(readFileSync(path.join(HERE, 'photo-payloads.json'), 'utf8')) as Array<{
    name: string;
    text: string;
  }>;
}

/** The corpus the plan was chosen on; any other seed makes photos it has never seen. */
export const PHOTO_SEED = 13;

/** The ImageMagick arguments that make one photo from a 1-pixel-per-module code `code.png`. */
function recipe(
  look: Look,
  size: { width: number; height: number },
  modules: number,
  random: () => number
): { args: string[]; center: { x: number; y: number } } {
  // A phone's 12 MP hold less detail than their pixel count: the scene is drawn at half size and
  // scaled up, which is also four times quicker to make.
  const drawScale = Math.max(size.width, size.height) > 2048 ? 0.5 : 1;
  const width = Math.round(size.width * drawScale);
  const height = Math.round(size.height * drawScale);
  const between = ([a, b]: [number, number]) => a + (b - a) * random();
  const side = Math.min(width, height) * between(look.codeShare);
  const modulePx = side / modules;
  // The code near the middle, as someone aiming a phone holds it, within 6 % either way.
  const cx = width / 2 + (random() - 0.5) * 0.12 * width;
  const cy = height / 2 + (random() - 0.5) * 0.12 * height;
  const angle = (between(look.tilt) * (random() < 0.5 ? -1 : 1) * Math.PI) / 180;
  const corners = [
    [-1, -1],
    [1, -1],
    [1, 1],
    [-1, 1]
  ].map(([sx, sy]) => {
    const x = (sx! * side) / 2 + (random() - 0.5) * 2 * look.skew * side;
    const y = (sy! * side) / 2 + (random() - 0.5) * 2 * look.skew * side;
    return [cx + x * Math.cos(angle) - y * Math.sin(angle), cy + x * Math.sin(angle) + y * Math.cos(angle)];
  });
  const src = [
    [0, 0],
    [modules, 0],
    [modules, modules],
    [0, modules]
  ];
  const pairs = src
    .map(([x, y], i) => `${x},${y} ${corners[i]![0]!.toFixed(1)},${corners[i]![1]!.toFixed(1)}`)
    .join('  ');
  // Light falls off from one corner to the opposite one.
  const lit = random() < 0.5 ? [0, 0, width, height] : [width, 0, 0, height];
  const paper = Math.round(200 + 30 * random());
  const args = [
    '-size',
    `${width}x${height}`,
    `xc:rgb(${paper},${paper - 6},${paper - 14})`,
    '(',
    'code.png',
    '-alpha',
    'set',
    '-virtual-pixel',
    'transparent',
    '-filter',
    'point',
    '-define',
    `distort:viewport=${width}x${height}+0+0`,
    '-distort',
    'Perspective',
    pairs,
    ')',
    '-compose',
    'over',
    '-composite',
    '-blur',
    `0x${Math.max(0.3, look.blur * modulePx).toFixed(2)}`,
    '(',
    '-size',
    `${width}x${height}`,
    'xc:',
    '-sparse-color',
    'Barycentric',
    `${lit[0]},${lit[1]} gray(100%) ${lit[2]},${lit[3]} gray(${Math.round(look.light * 100)}%)`,
    ')',
    '-compose',
    'multiply',
    '-composite',
    ...(drawScale === 1 ? [] : ['-resize', `${size.width}x${size.height}!`]),
    '-seed',
    String(Math.floor(random() * 1e9)),
    '-attenuate',
    String(look.noise),
    '+noise',
    'Gaussian',
    '-quality',
    String(look.quality),
    '-sampling-factor',
    '4:2:0'
  ];
  return { args, center: { x: Math.round(cx / drawScale), y: Math.round(cy / drawScale) } };
}

/** The corpus (or the photos `wanted` keeps), each made where missing. */
export function photoCorpus(
  progress: (line: string) => void = () => {},
  wanted: (photo: Photo) => boolean = () => true,
  seed = PHOTO_SEED
): Photo[] {
  const texts = payloads();
  const random = prng(seed);
  const photos: Photo[] = [];
  const work = path.join(PHOTO_DIR, 'work');
  let made = 0;
  for (const bucket of BUCKETS) {
    for (const size of PHOTO_SIZES) {
      for (let n = 0; n < PHOTOS_PER_CELL; n++) {
        const payload = texts[(made++ * 3 + n) % texts.length]!;
        // Draw every random number even for cached photos, so each photo's recipe stays its own.
        const modules = qrModules(payload.text, work);
        const { args, center } = recipe(LOOKS[bucket], size, modules, random);
        const hash = createHash('sha256')
          .update(JSON.stringify([payload.text, args]))
          .digest('hex')
          .slice(0, 8);
        const name = `${bucket}-${size.width}x${size.height}-${n}-${hash}.jpg`;
        const photo: Photo = { name, bucket, ...size, payload: payload.name, text: payload.text, center };
        if (!wanted(photo)) continue;
        photos.push(photo);
        const file = path.join(PHOTO_DIR, name);
        if (existsSync(file)) continue;
        progress(`photos: making ${name}`);
        execFileSync(BIN.qrencode, ['-l', 'M', '-s', '1', '-m', '4', '-8', '-o', path.join(work, 'code.png')], {
          input: payload.text
        });
        execFileSync(BIN.convert, [...args, `${file}.part.jpg`], { cwd: work });
        renameSync(`${file}.part.jpg`, file);
      }
    }
  }
  rmSync(work, { recursive: true, force: true });
  return photos;
}

const moduleCache = new Map<string, number>();

/** The side of `text`'s code in modules, quiet zone included, as qrencode draws it. */
function qrModules(text: string, work: string): number {
  const known = moduleCache.get(text);
  if (known !== undefined) return known;
  mkdirSync(work, { recursive: true });
  const svg = execFileSync(BIN.qrencode, ['-l', 'M', '-s', '1', '-m', '4', '-8', '-t', 'SVG', '-o', '-'], {
    input: text
  }).toString();
  const side = Number(/viewBox="0 0 (\d+)/.exec(svg)?.[1]);
  if (!Number.isFinite(side) || side < 29) throw new Error(`qrencode drew no code for ${text.slice(0, 20)}…`);
  moduleCache.set(text, side);
  return side;
}

export interface ZbarResult {
  /** Read exactly at full size. */
  full: boolean;
  /** Read exactly from a copy scaled to at most 2048 px (ImageMagick, Lanczos). */
  scaled: boolean;
  fullMs: number;
  scaledMs: number;
}

function zbarRead(file: string, text: string): { ok: boolean; ms: number } {
  const started = performance.now();
  const run = spawnSync(BIN.zbarimg, ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 24
  });
  const ms = performance.now() - started;
  // zbarimg prints each code followed by a newline; one code per photo here.
  return { ok: run.status === 0 && run.stdout.replace(/\n$/, '') === text, ms };
}

/** ZBar on every photo, full size and from a ≤ 2048 px copy. Cached next to the photos. */
export function zbarColumn(photos: Photo[], progress: (line: string) => void = () => {}): Record<string, ZbarResult> {
  const cacheFile = path.join(PHOTO_DIR, 'zbar.json');
  const cache = existsSync(cacheFile)
    ? (JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, ZbarResult>)
    : {};
  const version = execFileSync(BIN.zbarimg, ['--version'], { encoding: 'utf8' }).trim();
  const results: Record<string, ZbarResult> = {};
  for (const photo of photos) {
    const key = `${version} ${photo.name}`;
    if (cache[key]) {
      results[photo.name] = cache[key];
      continue;
    }
    const file = path.join(PHOTO_DIR, photo.name);
    const full = zbarRead(file, photo.text);
    let scaled = full;
    if (Math.max(photo.width, photo.height) > 2048) {
      const copy = path.join(PHOTO_DIR, 'zbar-2048.png');
      execFileSync(BIN.convert, [file, '-resize', '2048x2048>', copy]);
      scaled = zbarRead(copy, photo.text);
      rmSync(copy);
    }
    results[photo.name] = cache[key] = { full: full.ok, scaled: scaled.ok, fullMs: full.ms, scaledMs: scaled.ms };
    progress(`photos: zbar ${photo.name} ${full.ok ? 'read' : 'missed'} / ${scaled.ok ? 'read' : 'missed'}`);
  }
  writeFileSync(cacheFile, JSON.stringify(cache, null, 1) + '\n');
  return results;
}

/** The fake-camera fixtures of tests/e2e/photo-camera.spec.ts: the middle bucket at the camera's size. */
function writeCameraPhotos(photos: Photo[]): void {
  const dir = path.join(ROOT, 'tests/e2e/photos');
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir)) rmSync(path.join(dir, old));
  const chosen = photos.filter((p) => p.bucket === 'medium' && p.width === PHOTO_SIZES[0].width);
  for (const photo of chosen) copyFileSync(path.join(PHOTO_DIR, photo.name), path.join(dir, photo.name));
  writeFileSync(
    path.join(dir, 'photos.json'),
    JSON.stringify(
      chosen.map((p) => ({ file: p.name, text: p.text, center: p.center })),
      null,
      1
    ) + '\n'
  );
}

// `tsx tools/bench/photo-corpus.ts [--camera-fixtures]`: make the corpus, print ZBar's reads per
// bucket, and with the flag refresh the fake-camera photos of the e2e tests.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const missing = missingPhotoTools();
  if (missing) {
    console.error(missing);
    process.exit(1);
  }
  const photos = photoCorpus(console.error);
  const zbar = zbarColumn(photos, console.error);
  for (const bucket of BUCKETS) {
    const inBucket = photos.filter((p) => p.bucket === bucket);
    console.log(
      `${bucket}: ZBar reads ${inBucket.filter((p) => zbar[p.name]!.full).length} at full size, ${inBucket.filter((p) => zbar[p.name]!.scaled).length} at ≤ 2048 px, of ${inBucket.length}`
    );
  }
  if (process.argv.includes('--camera-fixtures')) writeCameraPhotos(photos);
}
