/**
 * The photo table of `npm run bench`: the corpus of photo-corpus.ts read by each candidate
 * pipeline in Debian's Chromium (photo-suite.ts) next to ZBar on the same files: success per
 * difficulty bucket and median ms per photo at each size. Needs the Debian tools listed in
 * photo-corpus.ts; without them the table says which to install.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { bundlePageScript, listenOnLoopback } from './chromium';
import {
  BUCKETS,
  missingPhotoTools,
  PHOTO_DIR,
  PHOTO_SEED,
  PHOTO_SIZES,
  photoCorpus,
  zbarColumn,
  type Photo,
  type ZbarResult
} from './photo-corpus';
import {
  BEFORE_PHOTO,
  CHOSEN_PHOTO,
  STEP_KINDS,
  STEP_NAMES,
  STEP_SIDES,
  type PhotoOutcomes,
  type PhotoSuiteResult
} from './photo-suite';

export interface PhotoBenchResults {
  seed?: number;
  chromium?: string;
  photos: Photo[];
  zbar: Record<string, ZbarResult>;
  suite?: PhotoSuiteResult;
  /** Why there is no table: a missing tool, in a plain sentence. */
  missing?: string;
}

function serve(js: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = req.url ?? '';
    if (url === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><meta charset="utf-8"><title>photo bench</title><link rel="icon" href="data:,"><script src="/photos.js"></script>'
      );
    } else if (url === '/photos.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      res.end(js);
    } else if (/^\/photos\/[\w.-]+\.jpg$/.test(url)) {
      res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Cache-Control': 'no-store' });
      res.end(readFileSync(path.join(PHOTO_DIR, url.slice('/photos/'.length))));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  return listenOnLoopback(server);
}

export async function runPhotoBench(options: {
  quick: boolean;
  seed?: number;
  progress?: (line: string) => void;
}): Promise<PhotoBenchResults> {
  const progress = options.progress ?? (() => {});
  const missing = missingPhotoTools();
  if (missing) return { photos: [], zbar: {}, missing };
  // Quick: the first photo of each bucket and size.
  const seed = options.seed ?? PHOTO_SEED;
  const photos = photoCorpus(
    progress,
    options.quick ? (p) => p.name.includes(`-${p.width}x${p.height}-0-`) : undefined,
    seed
  );
  const zbar = zbarColumn(photos, progress);
  const script = await bundlePageScript(
    "import { runPhotoSuite } from './photo-suite'; globalThis.photoBench = { runPhotoSuite };"
  );
  const { server, origin } = await serve(script);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => progress(message.text()));
    await page.goto(`${origin}/`);
    const cases = photos.map(({ name, bucket, width, height, text }) => ({ name, bucket, width, height, text }));
    const suite = await page.evaluate(
      ([cases, withSteps]) =>
        (
          globalThis as unknown as { photoBench: { runPhotoSuite: typeof import('./photo-suite').runPhotoSuite } }
        ).photoBench.runPhotoSuite(cases, withSteps, (line) => console.log(line)),
      [cases, !options.quick] as const
    );
    return { seed, chromium: browser.version(), photos, zbar, suite };
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

const ms = (x: number) => (!Number.isFinite(x) ? '—' : x >= 100 ? Math.round(x).toString() : x.toPrecision(2));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Reads per bucket ("3/10"), overall, and median ms per size, for one column of outcomes. */
function row(label: string, photos: Photo[], outcome: (p: Photo) => { ok: boolean; ms: number } | undefined): string[] {
  const cells = [label];
  for (const bucket of BUCKETS) {
    const inBucket = photos.filter((p) => p.bucket === bucket);
    cells.push(`${inBucket.filter((p) => outcome(p)?.ok).length}/${inBucket.length}`);
  }
  cells.push(`**${photos.filter((p) => outcome(p)?.ok).length}/${photos.length}**`);
  for (const size of PHOTO_SIZES) {
    cells.push(ms(median(photos.filter((p) => p.width === size.width).map((p) => outcome(p)?.ms ?? NaN))));
  }
  return cells;
}

const sizeHeads = PHOTO_SIZES.map((s) => `${s.width}×${s.height} ms`);
export const PHOTO_TABLE_HEADER = `| pipeline | ${BUCKETS.join(' | ')} | overall | ${sizeHeads.join(' | ')} |`;

/** The chosen plan against the issue's targets. */
export function photoVerdict(results: PhotoBenchResults): string[] {
  const { photos, zbar, suite } = results;
  if (!suite) return [];
  const chosen = suite.outcomes[CHOSEN_PHOTO]!;
  const reads = (ok: (p: Photo) => boolean, bucket?: string) =>
    photos.filter((p) => (!bucket || p.bucket === bucket) && ok(p)).length;
  const zFull = (p: Photo) => zbar[p.name]!.full;
  const zScaled = (p: Photo) => zbar[p.name]!.scaled;
  const mine = (p: Photo) => chosen[p.name]!.ok;
  const best = Math.max(reads(zFull), reads(zScaled));
  const lines = [
    `overall: chosen ${reads(mine)}/${photos.length}, ZBar's best ${best}/${photos.length} (target ≥: ${reads(mine) >= best ? 'met' : 'NOT met'})`
  ];
  const buckets = BUCKETS.slice(0, -1).map((b) => {
    const zb = Math.max(reads(zFull, b), reads(zScaled, b));
    return `${b} ${reads(mine, b)} vs ${zb}${reads(mine, b) >= zb ? '' : ' (NOT met)'}`;
  });
  lines.push(`per bucket but the hardest, chosen vs ZBar's best: ${buckets.join(', ')}`);
  const big = photos.filter((p) => p.width === 4032);
  const readMs = big.filter(mine).map((p) => chosen[p.name]!.ms);
  const missMs = photos.filter((p) => !mine(p)).map((p) => chosen[p.name]!.ms);
  lines.push(
    `12 MP photo read: median ${ms(median(readMs))} ms over ${readMs.length} (target ≤ 500 ms: ${median(readMs) <= 500 ? 'met' : 'NOT met'})`
  );
  if (missMs.length)
    lines.push(
      `unread photo to "no QR code": at most ${ms(Math.max(...missMs))} ms over ${missMs.length} (target ≤ 2000 ms: ${Math.max(...missMs) <= 2000 ? 'met' : 'NOT met'})`
    );
  return lines;
}

function stepTable(photos: Photo[], steps: PhotoOutcomes, scaleMs: Record<string, number>): string[] {
  const lines = [
    '| step | ' + BUCKETS.join(' | ') + ' | overall | median ms |',
    `|---|${BUCKETS.map(() => '--:|').join('')}--:|--:|`
  ];
  for (const side of STEP_SIDES) {
    for (const step of STEP_KINDS) {
      const column = steps[`${side} ${step}`] ?? {};
      const cells = row(`≤ ${side} px, ${STEP_NAMES[step]}`, photos, (p) => column[p.name]);
      const allMs = photos.map((p) => column[p.name]?.ms ?? NaN);
      lines.push(`| ${[...cells.slice(0, BUCKETS.length + 2), ms(median(allMs))].join(' | ')} |`);
    }
  }
  lines.push(
    '',
    `Scaling a photo to ≤ ${STEP_SIDES.join(' / ')} px and reading its pixels: median ${STEP_SIDES.map((s) => ms(scaleMs[s] ?? NaN)).join(' / ')} ms.`
  );
  return lines;
}

export function formatPhotoMarkdown(results: PhotoBenchResults, quick: boolean): string {
  const lines = [
    '## Photos of QR codes' + (quick ? ' (quick: one photo per bucket and size, not for comparison)' : ''),
    ''
  ];
  if (results.missing) return [...lines, results.missing].join('\n');
  const { photos, zbar, suite } = results;
  const seed = results.seed ?? PHOTO_SEED;
  lines.push(
    `${photos.length} photos (tools/bench/photo-corpus.ts: qrencode + ImageMagick from seed ${seed}${seed === PHOTO_SEED ? ', the corpus the plan was chosen on' : ', photos the plan was not chosen on'}; demo-issuer payloads), ${BUCKETS.join(' / ')} buckets,`,
    `${PHOTO_SIZES.map((s) => `${s.width}×${s.height}`).join(' and ')}. Cells: photos read exactly; ms: median per photo from its JPEG bytes to the text`,
    `(Chromium ${results.chromium}; ZBar: one zbarimg process per photo, start-up included).`,
    '',
    PHOTO_TABLE_HEADER,
    `|---|${BUCKETS.map(() => '--:|').join('')}--:|${PHOTO_SIZES.map(() => '--:|').join('')}`
  );
  lines.push(
    `| ${row('ZBar, full size', photos, (p) => ({ ok: zbar[p.name]!.full, ms: zbar[p.name]!.fullMs })).join(' | ')} |`
  );
  lines.push(
    `| ${row('ZBar, ≤ 2048 px copy', photos, (p) => ({ ok: zbar[p.name]!.scaled, ms: zbar[p.name]!.scaledMs })).join(' | ')} |`
  );
  for (const [name, column] of Object.entries(suite!.outcomes)) {
    const label = name === CHOSEN_PHOTO ? `**${name}**` : name === BEFORE_PHOTO ? `${name} (baseline)` : name;
    lines.push(`| ${row(label, photos, (p) => column[p.name]).join(' | ')} |`);
  }
  lines.push('', ...photoVerdict(results).map((l) => `- ${l}`));
  if (Object.keys(suite!.steps).length)
    lines.push(
      '',
      '### Single steps on scaled pixels (what the plan is ordered by)',
      '',
      ...stepTable(photos, suite!.steps, suite!.scaleMs)
    );
  return lines.join('\n');
}
