/**
 * The QR decoder table of `npm run bench`: each candidate decoder and the chosen pipeline
 * (src/lib/scan/decoder.ts) on the same synthetic frames, in Node and in Chromium (the PWA's
 * runtime, whose numbers decide). The Chromium half bundles decoder-suite.ts into a blank page.
 */
import { chromium } from 'playwright-core';
import { FRAME_CLASSES } from './qr-frames';
import {
  CHOSEN,
  FRAME_SIZES,
  FULL_SUITE,
  PAYLOAD_LENGTHS,
  PLAIN_JSQR,
  QUICK_SUITE,
  runDecoderSuite,
  type FrameGrab,
  type measureFrameGrab,
  type SuiteOptions,
  type SuiteResult
} from './decoder-suite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { bundlePageScript } from './chromium';

export type DecoderRuntime = 'node' | 'chromium';

export interface DecoderRuntimeResult extends SuiteResult {
  runtime: DecoderRuntime;
  version: string;
  /** Chromium: ms to turn a 720p frame's aim square into decoder input, both ways (not in the decode times). */
  frameGrab?: FrameGrab;
}

export interface DecoderBenchResults {
  quick: boolean;
  options: SuiteOptions;
  runtimes: DecoderRuntimeResult[];
}

interface PageApi {
  runDecoderSuite: typeof runDecoderSuite;
  measureFrameGrab: typeof measureFrameGrab;
}

async function runInChromium(options: SuiteOptions, progress: (line: string) => void): Promise<DecoderRuntimeResult> {
  const script = await bundlePageScript(
    "import { runDecoderSuite, measureFrameGrab } from './decoder-suite'; globalThis.decoderBench = { runDecoderSuite, measureFrameGrab };"
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => progress(message.text()));
    await page.addScriptTag({ content: script });
    const result = await page.evaluate(async (opts) => {
      const api = (globalThis as unknown as { decoderBench: PageApi }).decoderBench;
      const suite = api.runDecoderSuite(opts, (line) => console.log(line));
      const frameGrab = await api.measureFrameGrab();
      return { ...suite, ...(frameGrab ? { frameGrab } : {}) };
    }, options);
    return { runtime: 'chromium', version: browser.version(), ...result };
  } finally {
    await browser.close();
  }
}

export async function runDecoderBench(options: {
  quick: boolean;
  runtimes: DecoderRuntime[];
  progress?: (line: string) => void;
}): Promise<DecoderBenchResults> {
  const progress = options.progress ?? (() => {});
  const suite = options.quick ? QUICK_SUITE : FULL_SUITE;
  const runtimes: DecoderRuntimeResult[] = [];
  for (const runtime of options.runtimes) {
    const tagged = (line: string) => progress(`${runtime}: ${line}`);
    if (runtime === 'node') runtimes.push({ runtime, version: process.version, ...runDecoderSuite(suite, tagged) });
    else runtimes.push(await runInChromium(suite, tagged));
  }
  return { quick: options.quick, options: suite, runtimes };
}

const ms = (x: number | undefined) =>
  x === undefined || !Number.isFinite(x) ? '—' : x >= 100 ? Math.round(x).toString() : x.toPrecision(3);
const pct = (x: number) => `${Math.round(x * 100)} %`;

export const DECODER_TABLE_HEADER = `| decoder | ${FRAME_SIZES.map((s) => `${s.width}×${s.height} ms`).join(' | ')} | ${FRAME_CLASSES.join(' | ')} | overall |`;

/** The chosen pipeline against plain jsQR on full 720p frames: the targets of the scanning issue. */
export function decoderVerdict(result: SuiteResult): string {
  const chosen = result.rows.find((row) => row.decoder === CHOSEN);
  const plain = result.rows.find((row) => row.decoder === PLAIN_JSQR);
  if (!chosen || !plain) return 'the chosen pipeline or plain jsQR is missing';
  const key = '1280x720';
  const speedup = plain.medianMs[key]! / chosen.medianMs[key]!;
  return (
    `chosen pipeline vs plain jsQR at 1280×720: ${speedup.toFixed(1)}× faster (target ≥ 4×: ${speedup >= 4 ? 'met' : 'NOT met'}), ` +
    `success ${pct(chosen.overall)} vs ${pct(plain.overall)} (target ≥: ${chosen.overall >= plain.overall ? 'met' : 'NOT met'})`
  );
}

export function formatDecoderRuntime(r: DecoderRuntimeResult): string {
  const title = r.runtime === 'node' ? `Node ${r.version}` : `Chromium ${r.version}`;
  const lines = [
    `### QR decoders, ${title} (${r.frames} frames)`,
    '',
    DECODER_TABLE_HEADER,
    `|---|${FRAME_SIZES.map(() => '--:|').join('')}${FRAME_CLASSES.map(() => '--:|').join('')}--:|`
  ];
  for (const row of r.rows) {
    const cells = [
      row.decoder === CHOSEN ? `**${row.decoder}**` : row.decoder,
      ...FRAME_SIZES.map((s) => ms(row.medianMs[`${s.width}x${s.height}`])),
      ...FRAME_CLASSES.map((c) => pct(row.success[c])),
      pct(row.overall)
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push('', `- ${decoderVerdict(r)}`);
  if (r.frameGrab) {
    const g = r.frameGrab;
    lines.push(
      `- not in the times above, 720p frame → decoder input (the aim square, in the decoder worker): ${ms(g.lumaMs)} ms copying the luma plane out of an I420 frame, as cameras deliver them${g.lumaDecodes ? '' : ' — ITS LUMA DID NOT DECODE'}; ${ms(g.drawMs)} ms drawing an RGBA frame and reading its pixels back (the fallback for other formats)`
    );
  }
  return lines.join('\n');
}

export function formatDecoderMarkdown(results: DecoderBenchResults): string {
  const { framesPerClass, repetitions } = results.options;
  return [
    `## QR decoding${results.quick ? ' (quick: one frame per class, not for comparison)' : ''}`,
    '',
    `Synthetic camera frames (tools/bench/qr-frames.ts): ${framesPerClass} per class × ${PAYLOAD_LENGTHS.join(' and ')}-character payloads × ${FRAME_SIZES.map((s) => `${s.width}×${s.height}`).join(' and ')},`,
    'the code inside the aim square (80 % of the shorter side). Median ms per decode over every frame of that size (all classes,',
    `${repetitions} timed decode${repetitions > 1 ? 's' : ''} each, interleaved); success = the exact payload came back, per class over both sizes and payloads.`,
    '',
    ...results.runtimes.flatMap((r) => [formatDecoderRuntime(r), ''])
  ].join('\n');
}
