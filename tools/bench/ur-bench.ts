/**
 * Animated codes: from the first camera frame the decoder gets to the verdict on screen, for a
 * 2.7 KB, 6.5 KB and 16 KB file shown at the app's part size and frame rate, with 0, 20 and 40 %
 * of the frames lost (a lost frame is a blank picture for its whole frame time, as when a
 * reflection hides the screen), next to the theoretical minimum: bytes ÷ part capacity ÷ frame
 * rate, every frame read and every part new. Chromium plays each sequence as its fake camera.
 *   npm run bench (all tables), or npx tsx tools/bench/ur-bench.ts [--quick] [--fps=N] [--part-bytes=N] (this one)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { serveBuild } from '../../tests/e2e/support/static-server';
import { sequenceY4m, type ModuleGrid } from '../../tests/e2e/support/y4m';
import { issueCommand } from '../cli/issue';
import { codeModules } from '../cli/qr';
import { FRAMES_PER_SECOND, PART_BYTES, frameTexts } from '../../src/lib/core/ur/show';
import { freePort } from './batch-bench';
import { demoLicenseFacts, keyDataset } from '../issuer/datasets';
import { mintSignedKey } from '../issuer/signed-key';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DATA = path.join(ROOT, '.bench/ur');
/** How long a transfer may take before the row counts as failed. */
const GIVE_UP_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface UrRow {
  file: string;
  bytes: number;
  dropped: number;
  fps: number;
  partBytes: number;
  /** First frame to the decoder → verdict on screen. */
  seconds: number;
  minimumSeconds: number;
  ratio: number;
  error?: string;
}

const BLANK: ModuleGrid = { size: 21, dark: () => false };

async function issue(args: string[]): Promise<string> {
  const lines: string[] = [];
  await issueCommand(args, (line) => lines.push(line));
  return lines.join('\n');
}

function signedKeyOfAbout(bytes: number): string {
  const now = Date.now();
  const facts = demoLicenseFacts({
    created: new Date(now - DAY_MS).toISOString(),
    expiry: new Date(now + 365 * DAY_MS).toISOString()
  });
  const dataset = JSON.parse(keyDataset(facts)) as Record<string, unknown>;
  const features: string[] = [];
  let key = '';
  while (key.length < bytes) {
    features.push(`FEATURE_${features.length + 1}`);
    key = mintSignedKey({ algorithm: 'ed25519', dataset: JSON.stringify({ ...dataset, metadata: { features } }) });
  }
  return key;
}

/** Frame i is lost when the running count of lost frames steps up there: evenly spread, no luck. */
const lost = (i: number, share: number) => Math.floor((i + 1) * share) > Math.floor(i * share);

export interface UrOptions {
  quick: boolean;
  progress: (line: string) => void;
  /** Other than the app's, to choose them: `--fps=N`, `--part-bytes=N`. */
  fps?: number;
  partBytes?: number;
}

export async function runUrBench(options: UrOptions): Promise<UrRow[]> {
  const fps = options.fps ?? FRAMES_PER_SECOND;
  const partBytes = options.partBytes ?? PART_BYTES;
  mkdirSync(DATA, { recursive: true });
  const files = [
    // 2 KB: a signed key whose dataset lists features (a LicenseSpring .lic would need its request on the device).
    { file: 'signed key with features', text: signedKeyOfAbout(2048) },
    { file: 'license file', text: await issue(['license-file']) },
    {
      file: 'machine file, 8 entitlements',
      text: await issue([
        'machine-file',
        ...Array.from({ length: 8 }, (_, i) => ['--entitlement', `FEATURE_${i + 1}`]).flat()
      ])
    }
  ];
  const drops = options.quick ? [0.2] : [0, 0.2, 0.4];
  if (!existsSync(path.join(ROOT, 'build/index.html'))) {
    options.progress('ur bench: building the app (no build/ yet)');
    if (spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' }).status !== 0)
      throw new Error('`npm run build` failed; the app cannot be measured');
  }
  const server = await serveBuild({ root: path.join(ROOT, 'build'), port: await freePort() });
  const rows: UrRow[] = [];
  try {
    for (const { file, text } of files) {
      const bytes = new TextEncoder().encode(text);
      // Four loops' worth of parts: enough that 40 % lost still completes within one play of the file.
      const grids = (await frameTexts(bytes, 4 * Math.ceil(bytes.length / partBytes), partBytes)).map(codeModules);
      for (const dropped of drops) {
        const video = path.join(DATA, `${bytes.length}-${dropped}-${partBytes}-${fps}.y4m`);
        writeFileSync(
          video,
          sequenceY4m(
            grids.map((grid, i) => (lost(i, dropped) ? BLANK : grid)),
            fps
          )
        );
        options.progress(`ur bench: ${file} (${bytes.length} B), ${dropped * 100} % lost`);
        const row: UrRow = {
          file,
          bytes: bytes.length,
          dropped,
          fps,
          partBytes,
          seconds: NaN,
          minimumSeconds: bytes.length / partBytes / fps,
          ratio: NaN
        };
        const browser = await chromium.launch({
          executablePath: CHROMIUM_PATH,
          headless: true,
          args: [
            ...CHROMIUM_ARGS,
            '--use-fake-device-for-media-stream',
            '--use-fake-ui-for-media-stream',
            `--use-file-for-fake-video-capture=${video}`
          ]
        });
        try {
          const page = await browser.newPage();
          await page.addInitScript(() => {
            const spy = { firstFrameAt: undefined as number | undefined };
            (window as unknown as { urSpy: typeof spy }).urSpy = spy;
            const post = Worker.prototype.postMessage;
            Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker['postMessage']>) {
              if ((args[0] as { image?: unknown } | null)?.image) spy.firstFrameAt ??= performance.now();
              return post.apply(this, args);
            } as Worker['postMessage'];
          });
          await page.goto(`${server.origin}/`);
          await page.waitForFunction(() => document.documentElement.style.getPropertyValue('--brand') !== '');
          await page.getByRole('button', { name: 'Scan QR code' }).click();
          // Polled every animation frame; the moment it is seen, in the page's clock.
          const verdictAt = await page
            .waitForFunction(
              () =>
                /^Valid /.test(document.querySelector('[aria-label="Result"] [role="status"]')?.textContent ?? '') &&
                performance.now(),
              null,
              {
                polling: 'raf',
                timeout: GIVE_UP_MS
              }
            )
            .then((handle) => handle.jsonValue() as Promise<number>)
            .catch(() => null);
          const firstFrameAt = await page.evaluate(
            () => (window as unknown as { urSpy: { firstFrameAt?: number } }).urSpy.firstFrameAt
          );
          if (verdictAt === null || firstFrameAt === undefined)
            row.error = `no valid verdict within ${GIVE_UP_MS / 1000} s`;
          else {
            row.seconds = (verdictAt - firstFrameAt) / 1000;
            row.ratio = row.seconds / row.minimumSeconds;
          }
        } catch (err) {
          row.error = err instanceof Error ? err.message : String(err);
        } finally {
          await browser.close();
        }
        rows.push(row);
      }
    }
  } finally {
    await server.close();
  }
  return rows;
}

export function formatUrMarkdown(rows: UrRow[]): string {
  const lines = [
    `### Animated QR codes: first camera frame → verdict (Chromium fake camera, ${rows[0]?.fps ?? FRAMES_PER_SECOND} parts/s, ${rows[0]?.partBytes ?? PART_BYTES} bytes a part)`,
    '',
    'Minimum: bytes ÷ part capacity ÷ frame rate (every frame read, every part new). Lost frames are blank for their frame time.',
    `Machine: ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at the end of these rows. Target: 6.5 KB with 20 % lost ≤ 4 s.`,
    '',
    '| file | bytes | frames lost | first frame → verdict | minimum | ratio |',
    '|---|--:|--:|--:|--:|--:|'
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.file} | ${r.bytes.toLocaleString('en-US')} | ${Math.round(r.dropped * 100)} % | ${Number.isFinite(r.seconds) ? `${r.seconds.toFixed(2)} s` : '—'} | ${r.minimumSeconds.toFixed(2)} s | ${Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : '—'} |`
    );
  }
  const failed = rows.filter((r) => r.error);
  if (failed.length)
    lines.push('', ...failed.map((r) => `- **${r.file}, ${Math.round(r.dropped * 100)} % lost**: ${r.error}`));
  return lines.join('\n');
}

// `npx tsx tools/bench/ur-bench.ts [--quick]`: this table alone.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const number = (name: string) => {
    const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
    return arg ? Number(arg.slice(name.length + 3)) : undefined;
  };
  const rows = await runUrBench({
    quick: process.argv.includes('--quick'),
    progress: (line) => console.error(line),
    ...(number('fps') ? { fps: number('fps')! } : {}),
    ...(number('part-bytes') ? { partBytes: number('part-bytes')! } : {})
  });
  console.log(formatUrMarkdown(rows));
  if (rows.some((row) => row.error)) process.exitCode = 1;
}
