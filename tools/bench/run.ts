/**
 * `npm run bench [-- --quick] [-- --only=node|chromium]`: prints the tables and writes
 * .bench/results.json. Exits 1 when a row could not be measured.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMarkdown, runBench, type Runtime } from './bench';
import { formatDecoderMarkdown, runDecoderBench } from './decoders';
import { formatBatchMarkdown, runBatchBench } from './batch-bench';
import { WORST_CASE_BOUND_MS } from './worst-cases';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function parseArgs(argv: string[]): { quick: boolean; runtimes: Runtime[] } {
  let quick = false;
  let runtimes: Runtime[] = ['node', 'chromium'];
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg === '--only=node' || arg === '--only=chromium') runtimes = [arg.slice('--only='.length) as Runtime];
    else throw new Error(`unknown argument ${arg}; use --quick and/or --only=node|chromium`);
  }
  return { quick, runtimes };
}

const started = performance.now();
const options = parseArgs(process.argv.slice(2));
const results = await runBench({ ...options, progress: (line) => console.error(line) });
const decoders = await runDecoderBench({ ...options, progress: (line) => console.error(line) });
const batch = await runBatchBench({ ...options, progress: (line) => console.error(line) });
const out = path.join(ROOT, '.bench');
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'results.json'), JSON.stringify({ ...results, decoders, batch }, null, 2) + '\n');
console.log(formatMarkdown(results));
console.log(formatDecoderMarkdown(decoders));
console.log(formatBatchMarkdown(batch));
console.error(`bench took ${((performance.now() - started) / 1000).toFixed(0)} s; results in .bench/results.json`);
// A row that could not be measured, or a worst-case input over its bound, fails the run loudly.
const worstOver = results.runtimes.some((r) => r.worst.some((w) => w.ms > WORST_CASE_BOUND_MS));
if (worstOver || results.runtimes.some((r) => r.rows.some((row) => row.error) || r.cache?.error) || batch.some((row) => row.error)) process.exitCode = 1;
