/**
 * `npm run bench [-- --quick] [-- --only=node|chromium] [-- --batch|--verdicts|--latency|--camera] [-- --photo-seed=N]`:
 * prints the tables and writes .bench/results.json (`--batch`: the batch table alone, to .bench/batch.json;
 * `--verdicts`: the verdict table with its bulk row and worst cases alone, to .bench/verdicts.json; `--latency`: the
 * latency section alone, to .bench/latency.json; `--camera`: of it only the camera frame → verdict rows and the route
 * sizes). `--photo-seed` makes the photo corpus from another seed: photos the
 * photo plan was not chosen on. Exits 1 when a row could not be measured.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMarkdown, runBench, type Runtime } from './bench';
import { formatDecoderMarkdown, runDecoderBench } from './decoders';
import { formatBatchMarkdown, runBatchBench } from './batch-bench';
import { formatPhotoMarkdown, runPhotoBench } from './photos';
import { formatUrMarkdown, runUrBench } from './ur-bench';
import { WORST_CASE_BOUND_MS } from './worst-cases';
import { formatLatencyMarkdown, runLatencyBench, type LatencyResult } from './latency';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function parseArgs(argv: string[]): {
  quick: boolean;
  runtimes: Runtime[];
  batchOnly: boolean;
  verdictsOnly: boolean;
  latencyOnly: boolean;
  cameraOnly: boolean;
  seed?: number;
} {
  let quick = false;
  let batchOnly = false;
  let verdictsOnly = false;
  let latencyOnly = false;
  let cameraOnly = false;
  let runtimes: Runtime[] = ['node', 'chromium'];
  let seed: number | undefined;
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg === '--batch') batchOnly = true;
    else if (arg === '--verdicts') verdictsOnly = true;
    else if (arg === '--latency') latencyOnly = true;
    else if (arg === '--camera') latencyOnly = cameraOnly = true;
    else if (arg === '--only=node' || arg === '--only=chromium') runtimes = [arg.slice('--only='.length) as Runtime];
    else if (/^--photo-seed=\d{1,9}$/.test(arg)) seed = Number(arg.slice('--photo-seed='.length));
    else
      throw new Error(
        `unknown argument ${arg}; use --quick, --only=node|chromium, --batch, --verdicts, --latency or --camera and/or --photo-seed=N`
      );
  }
  if ([batchOnly, verdictsOnly, latencyOnly].filter(Boolean).length > 1)
    throw new Error('--batch, --verdicts and --latency (or --camera) each run one table; give one of them');
  return { quick, runtimes, batchOnly, verdictsOnly, latencyOnly, cameraOnly, ...(seed === undefined ? {} : { seed }) };
}

/** Over the verify route's budget, or a row that could not be measured; says which. */
function latencyFailed(latency: LatencyResult): boolean {
  if (latency.overBudget)
    console.error(
      `FAIL: the verify route loads ${latency.routes.find((r) => r.route === '/')?.gzipBytes ?? '?'} bytes of JavaScript (gzip), over its budget`
    );
  return latency.overBudget || latency.coldOpen.some((c) => c.error) || latency.camera.error !== undefined;
}

const started = performance.now();
const options = parseArgs(process.argv.slice(2));
const out = path.join(ROOT, '.bench');
mkdirSync(out, { recursive: true });
if (options.batchOnly) {
  // The batch table alone: its rows take minutes, and a pool change needs only them measured.
  const batch = await runBatchBench({ ...options, progress: (line) => console.error(line) });
  writeFileSync(path.join(out, 'batch.json'), JSON.stringify(batch, null, 2) + '\n');
  console.log(formatBatchMarkdown(batch));
  console.error(`bench took ${((performance.now() - started) / 1000).toFixed(0)} s; results in .bench/batch.json`);
  if (batch.some((row) => row.error)) process.exitCode = 1;
  process.exit();
}
if (options.latencyOnly) {
  // What a technician waits for, alone: a change to start-up or scanning needs only these rows measured.
  const latency = await runLatencyBench({ ...options, progress: (line) => console.error(line) });
  writeFileSync(path.join(out, 'latency.json'), JSON.stringify(latency, null, 2) + '\n');
  console.log(formatLatencyMarkdown(latency));
  console.error(`bench took ${((performance.now() - started) / 1000).toFixed(0)} s; results in .bench/latency.json`);
  if (latencyFailed(latency)) process.exitCode = 1;
  process.exit();
}
const results = await runBench({ ...options, progress: (line) => console.error(line) });
if (options.verdictsOnly) {
  // The verdict table alone: a change to the per-verdict path needs only its ratios measured.
  writeFileSync(path.join(out, 'verdicts.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(formatMarkdown(results));
  console.error(`bench took ${((performance.now() - started) / 1000).toFixed(0)} s; results in .bench/verdicts.json`);
  const failed = results.runtimes.some(
    (r) => r.rows.some((row) => row.error) || r.cache?.error || r.worst.some((w) => w.ms > WORST_CASE_BOUND_MS)
  );
  if (failed) process.exitCode = 1;
  process.exit();
}
const decoders = await runDecoderBench({ ...options, progress: (line) => console.error(line) });
const batch = await runBatchBench({ ...options, progress: (line) => console.error(line) });
// Photos are read in Chromium only: that is where "Scan from photo" runs.
const photos = options.runtimes.includes('chromium')
  ? await runPhotoBench({ ...options, progress: (line) => console.error(line) })
  : undefined;
// Animated codes are scanned by the app's camera: Chromium only.
const ur = options.runtimes.includes('chromium')
  ? await runUrBench({ quick: options.quick, progress: (line) => console.error(line) })
  : undefined;
// What a technician waits for: the production build's initial JavaScript and its offline cold open.
const latency = options.runtimes.includes('chromium')
  ? await runLatencyBench({ ...options, progress: (line) => console.error(line) })
  : undefined;
writeFileSync(
  path.join(out, 'results.json'),
  JSON.stringify({ ...results, decoders, batch, photos, ur, latency }, null, 2) + '\n'
);
console.log(formatMarkdown(results));
console.log(formatDecoderMarkdown(decoders));
console.log(formatBatchMarkdown(batch));
if (photos) console.log(formatPhotoMarkdown(photos, options.quick));
if (ur) console.log(formatUrMarkdown(ur));
if (latency) console.log(formatLatencyMarkdown(latency));
console.error(`bench took ${((performance.now() - started) / 1000).toFixed(0)} s; results in .bench/results.json`);
// A row that could not be measured, a worst-case input over its bound, a missing photo tool or a
// verify route over its JavaScript budget fails the run loudly.
const worstOver = results.runtimes.some((r) => r.worst.some((w) => w.ms > WORST_CASE_BOUND_MS));
const unmeasured =
  results.runtimes.some((r) => r.rows.some((row) => row.error) || r.cache?.error) ||
  batch.some((row) => row.error) ||
  !!ur?.some((row) => row.error);
if (worstOver || unmeasured || photos?.missing || (latency !== undefined && latencyFailed(latency)))
  process.exitCode = 1;
